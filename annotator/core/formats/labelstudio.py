"""Label Studio: a JSON list of tasks (one per document, an annotation per annotator) and the
labelling config that reads it (written beside the export as FILE.config.xml).

Offsets are code points. Label Studio has written UTF-16 offsets in some versions: when a
file's span texts only match as UTF-16 units, the import says so and converts only when asked
(`offsets="utf16"`), never silently.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from html import escape
from itertools import groupby
from pathlib import Path

import orjson

from annotator.core.errors import InvalidInput, brief
from annotator.core.formats import Record, RecordRelation, RecordSpan
from annotator.core.formats.jsonl import check_annotator, check_key, check_record
from annotator.core.text import check_text, decode


def tasks(lines: Iterable[dict]) -> Iterator[dict]:
    """One task per document, from our lines (consecutive per document)."""
    for n, (_, group) in enumerate(groupby(lines, key=lambda line: line["id"]), start=1):
        group = list(group)
        first = group[0]
        annotations = []
        for line in group:
            if line["annotator"] is None:
                continue
            result = [{"id": f"s{s['id']}", "from_name": "label", "to_name": "text",
                       "type": "labels",
                       "value": {"start": s["start"], "end": s["end"], "text": s["text"],
                                 "labels": [s["label"]]}} for s in line["spans"]]
            result += [{"type": "relation", "from_id": f"s{r['head']}",
                        "to_id": f"s{r['child']}", "direction": "right",
                        "labels": [r["label"]]} for r in line["relations"]]
            annotations.append({"result": result, "annotator": line["annotator"],
                                "status": line["status"]})
        yield {"id": n, "data": {"text": first["text"], "uid": first["id"],
                                 "meta": first["meta"]},
               "annotations": annotations}


def _attr(value: str) -> str:
    """An XML attribute value, quoted (as xml.sax.saxutils.quoteattr, which would import
    urllib, http and ssl into every start of the app)."""
    escaped = escape(value, quote=True)
    return '"' + escaped.replace("\n", "&#10;").replace("\r", "&#13;").replace("\t", "&#9;") + '"'


def config(span_labels: list[tuple[str, str]], relation_labels: list[str]) -> str:
    labels = "\n".join(f"    <Label value={_attr(name)} background={_attr(color)}/>"
                       for name, color in span_labels)
    relations = "\n".join(f"    <Relation value={_attr(name)}/>" for name in relation_labels)
    return (f"<View>\n  <Relations>\n{relations}\n  </Relations>\n"
            f"  <Labels name=\"label\" toName=\"text\">\n{labels}\n  </Labels>\n"
            "  <Text name=\"text\" value=\"$text\"/>\n</View>\n")


def _utf16_to_cp(text: str, offset: int) -> int | None:
    """The code point index of a UTF-16 offset; None when it is outside the text or falls
    inside a character (between the two halves of a surrogate pair)."""
    if offset < 0:
        return None
    units = 0
    for i, ch in enumerate(text):
        if units >= offset:
            return i if units == offset else None
        units += 2 if ord(ch) > 0xFFFF else 1
    return len(text) if units == offset else None


def read(path: Path, encoding: str | None = None, offsets: str = "codepoints"
         ) -> Iterator[Record]:
    where = str(path)
    try:
        raw = path.read_bytes()
    except OSError as e:
        raise InvalidInput(f"cannot read: {e.strerror}", where) from None
    try:
        data = orjson.loads(decode(raw, where, encoding))
    except orjson.JSONDecodeError as e:
        hint = ("; if it is JSON Lines (one object per line), name it .jsonl"
                if "after document" in e.msg else "")
        raise InvalidInput(f"not valid JSON ({e.msg}){hint}", f"{where}:{e.lineno}") from None
    if not isinstance(data, list):
        raise InvalidInput("a Label Studio export is a JSON list of tasks", where)
    for n, task in enumerate(data, start=1):
        here = f"{path}: task {n}"
        if not isinstance(task, dict) or not isinstance(task.get("data"), dict):
            raise InvalidInput("each task needs a 'data' object", here)
        if "text" not in task["data"]:
            raise InvalidInput("no 'text' in the task's 'data'", here)
        text = check_text(task["data"]["text"], here)
        uid = task["data"].get("uid", task.get("id"))
        if uid is not None:
            uid = str(check_key(uid, "the task's 'uid' (or 'id')", here))
        meta = task["data"].get("meta") if isinstance(task["data"].get("meta"), dict) else {}
        annotations = task.get("annotations") or []
        if not isinstance(annotations, list):
            raise InvalidInput("'annotations' must be a list", here)
        if not annotations:
            yield Record(here, text, uid, None, meta)
        for a, annotation in enumerate(annotations, start=1):
            yield _record(annotation, text, uid, meta, f"{here}, annotation {a}", offsets)


def _annotator(annotation: dict, where: str) -> str | None:
    name = annotation.get("annotator") or annotation.get("completed_by")
    if isinstance(name, dict):  # some versions write the user: {"id": 1, "email": ...}
        name = name.get("email") or name.get("id")
    if name is None:
        return None
    if isinstance(name, bool) or not isinstance(name, (str, int)):
        raise InvalidInput(f"'completed_by' must be a user's name or id, not {brief(name)}",
                           where)
    return check_annotator(str(name), where)


def _record(annotation: dict, text: str, uid: str | None, meta: dict, where: str,
            offsets: str) -> Record:
    if not isinstance(annotation, dict) or not isinstance(annotation.get("result"), list):
        raise InvalidInput("an annotation needs a 'result' list", where)
    spans, relations = [], []
    for m, item in enumerate(annotation["result"], start=1):
        if not isinstance(item, dict):
            raise InvalidInput(f"result {m} must be an object", where)
        if item.get("type") == "relation":
            labels = item.get("labels") or ["related"]
            if not isinstance(labels, list):
                raise InvalidInput(f"result {m}: a relation's 'labels' must be a list", where)
            head, child = (check_key(item.get(k), f"result {m}: '{k}'", where)
                           for k in ("from_id", "to_id"))
            relations.append(RecordRelation(head, child, labels[0]))
            continue
        value = item.get("value") or {}
        if not isinstance(value, dict):
            raise InvalidInput(f"result {m}: 'value' must be an object", where)
        if "labels" not in value:
            continue  # other control types (choices, ratings, text areas) are not spans
        start, end, labels = value.get("start"), value.get("end"), value.get("labels")
        if not isinstance(labels, list) or not labels:
            raise InvalidInput(f"result {m}: 'labels' must be a list of label names", where)
        key = item.get("id")
        if key is not None:
            check_key(key, f"result {m}: 'id'", where)
        shown = value.get("text")
        whole = all(isinstance(v, int) and not isinstance(v, bool) for v in (start, end))
        if whole and offsets == "utf16":
            start, end = _utf16_to_cp(text, start), _utf16_to_cp(text, end)
            if start is None or end is None:
                raise InvalidInput(f"result {m}: its UTF-16 offsets are outside the text or "
                                   "inside a character", where)
        elif whole and shown is not None and text[start:end] != shown:
            u_start, u_end = _utf16_to_cp(text, start), _utf16_to_cp(text, end)
            if None not in (u_start, u_end) and text[u_start:u_end] == shown:
                raise InvalidInput(
                    f"span {brief(key)}: these offsets count UTF-16 units (its text "
                    f"matches there, not at code points); import with --offsets utf16", where)
        spans.append(RecordSpan(start, end, labels[0], shown, key))
    status = annotation.get("status") if annotation.get("status") in (
        "todo", "in_progress", "done", "skipped") else "done"
    return check_record(Record(where, text, uid, None, meta, _annotator(annotation, where),
                               status, spans, relations))
