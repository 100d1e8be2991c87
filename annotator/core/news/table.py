"""Tables from a scraper or a media database: CSV, TSV, or JSON Lines with their own field
names. One row is one document: `text_column` holds its text, `id_column` its id,
`title_column` its title; every other column goes into `meta`.

Errors name the file, the line and the column; the import is one transaction, so a broken
line imports nothing.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator
from pathlib import Path

import orjson

from annotator.core import jsontext
from annotator.core.errors import InvalidInput, brief
from annotator.core.formats import Record
from annotator.core.text import decode

TEXT_NAMES = ("text", "body", "content", "article", "maintext")  # tried when none is named
TITLE_NAMES = ("title", "headline")  # likewise for the title (a table dropped on the window)
csv.field_size_limit(1 << 30)  # an article is longer than csv's 128 KiB default allows


class Columns:
    """Which column is what, checked against a file's columns."""

    def __init__(self, text: str | None = None, uid: str | None = None,
                 title: str | None = None):
        self.text, self.uid, self.title = text, uid, title

    def check(self, names: list[str], where: str) -> str:
        """The text column's name (refused: a named column the file lacks)."""
        shown = ", ".join(map(repr, names)) or "none"
        for option, name in (("--text-column", self.text), ("--id-column", self.uid),
                             ("--title-column", self.title)):
            if name is not None and name not in names:
                raise InvalidInput(f"no column {name!r} ({option}); the columns are {shown}",
                                   where)
        if self.text is not None:
            return self.text
        for name in TEXT_NAMES:
            if name in names:
                return name
        raise InvalidInput(f"which column holds the text? Name it with --text-column (the "
                           f"columns are {shown})", where)

    def for_file(self, names: list[str]) -> Columns:
        """These columns, with a title column looked for among `names` when none is named."""
        title = self.title or next((n for n in TITLE_NAMES if n in names), None)
        return Columns(self.text, self.uid, title)

    def record(self, row: dict, text_column: str, where: str) -> Record:
        text = row.get(text_column)
        if text is None or text == "":
            raise InvalidInput(f"column {text_column!r} is empty (nothing to annotate)", where)
        if not isinstance(text, str):
            raise InvalidInput(f"column {text_column!r} must hold text, not {brief(text)}",
                               where)
        uid = title = None
        if self.uid is not None:
            uid = row.get(self.uid)
            if isinstance(uid, int) and not isinstance(uid, bool):
                uid = str(uid)
            if not isinstance(uid, str) or not uid:
                raise InvalidInput(f"column {self.uid!r} (the id) is empty or not text: "
                                   f"{brief(uid)}", where)
        if self.title is not None:
            title = row.get(self.title)
            if title is not None and not isinstance(title, str):
                raise InvalidInput(f"column {self.title!r} (the title) must be text, not "
                                   f"{brief(title)}", where)
            title = title or None
        used = {text_column, self.uid, self.title}
        meta = {k: v for k, v in row.items() if k not in used and v not in (None, "")}
        if title is not None:
            meta.setdefault("title", title)
        return Record(where=where, text=text, uid=uid, title=title, meta=meta)


def read_delimited(path: Path, columns: Columns, encoding: str | None = None,
                   delimiter: str = ",") -> Iterator[Record]:
    """A CSV (or, with a tab, TSV) file with a header line."""
    try:
        data = path.read_bytes()
    except OSError as e:
        raise InvalidInput(f"cannot read: {e.strerror}", str(path)) from None
    text = decode(data, str(path), encoding)
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter, strict=True)
    try:
        names = next(reader, None)
    except csv.Error as e:
        raise InvalidInput(f"not valid {_kind(delimiter)} ({e})", f"{path}:1") from None
    if not names:
        raise InvalidInput("the file is empty (no header line)", str(path))
    names = [n.strip() for n in names]
    doubled = {n for n in names if names.count(n) > 1}
    if doubled:
        raise InvalidInput(f"the header names {', '.join(map(repr, sorted(doubled)))} more "
                           "than once", f"{path}:1")
    text_column = columns.check(names, f"{path}:1")
    columns = columns.for_file(names)
    start = 2
    while True:
        try:
            fields = next(reader)
        except StopIteration:
            return
        except csv.Error as e:
            raise InvalidInput(f"not valid {_kind(delimiter)} ({e})",
                               f"{path}:{start}") from None
        where = f"{path}:{start}"
        start = reader.line_num + 1
        if not fields or fields == [""]:
            continue  # a blank line
        if len(fields) != len(names):
            raise InvalidInput(f"{len(fields)} fields, but the header names {len(names)} "
                               "columns (a quote left open, or a stray delimiter?)", where)
        yield columns.record(dict(zip(names, fields)), text_column, where)


def _kind(delimiter: str) -> str:
    return "TSV" if delimiter == "\t" else "CSV"


def read_jsonl(path: Path, columns: Columns, encoding: str | None = None
               ) -> Iterator[Record]:
    """JSON Lines whose objects name their fields their own way."""
    from annotator.core.formats.jsonl import _lines

    text_column = None
    for lineno, line in _lines(path, encoding):
        where = f"{path}:{lineno}"
        if not line.strip():
            continue
        try:
            data = jsontext.loads(line, where)
        except orjson.JSONDecodeError as e:
            raise InvalidInput(f"not valid JSON ({e.msg})", where) from None
        if not isinstance(data, dict):
            raise InvalidInput(f"each line must be a JSON object, not {brief(data)}", where)
        if text_column is None or text_column not in data:
            if columns.text is None and text_column is None:
                text_column = columns.check(list(data), where)
            else:
                text_column = columns.text or text_column
        missing = [c for c in (text_column, columns.uid) if c is not None and c not in data]
        if missing:
            raise InvalidInput(f"no field {missing[0]!r}; this line has "
                               f"{', '.join(map(repr, data)) or 'none'}", where)
        yield columns.record(data, text_column, where)
