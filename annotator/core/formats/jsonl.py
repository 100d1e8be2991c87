"""JSON Lines: our shape (DESIGN §5) in and out; Prodigy's and doccano's shapes in.

Reading checks every line and raises InvalidInput naming FILE:LINE on the first problem; the
importer runs it inside one transaction, so a bad line leaves the project as it was.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from itertools import groupby
from operator import itemgetter
from pathlib import Path
from typing import IO

import orjson

from annotator.core import jsontext
from annotator.core.errors import InvalidInput, brief
from annotator.core.formats import Record, RecordRelation, RecordSpan
from annotator.core import names
from annotator.core.models import SOURCES, STATUSES
from annotator.core.models import GOLD
from annotator.core.store.notes import check_note
from annotator.core.text import bom_encoding, check_text, decode, is_utf8, refuse_binary

# Prodigy's answers, as document statuses.
_ANSWERS = {"accept": "done", "reject": "skipped", "ignore": "skipped"}


# ------------------------------------------------------------------------- reading
def _lines(path: Path, encoding: str | None) -> Iterator[tuple[int, str]]:
    """Numbered lines, split on "\n" only (JSON strings may hold U+2028 and friends)."""
    try:
        f = path.open("rb")
    except OSError as e:
        raise InvalidInput(f"cannot read: {e.strerror}", str(path)) from None
    with f:
        head = f.read(8192)
        encoding = encoding or bom_encoding(head)
        if is_utf8(encoding):  # streamed, line by line
            refuse_binary(head, str(path), lineno=1)  # before a binary file's first "line"
            f.seek(0)
            for lineno, raw in enumerate(f, start=1):
                yield lineno, decode(raw, f"{path}:{lineno}", "utf-8")
        else:  # a multi-byte encoding cannot be split on a byte: decode it whole
            text = decode(head + f.read(), str(path), encoding)
            yield from enumerate(text.split("\n"), start=1)


def read(path: Path, encoding: str | None = None) -> Iterator[Record]:
    for lineno, line in _lines(path, encoding):
        where = f"{path}:{lineno}"
        if line.strip():
            try:
                data = jsontext.loads(line, where)
            except orjson.JSONDecodeError as e:
                if lineno == 1 and line.lstrip().startswith("[") and "depth" not in e.msg:
                    raise InvalidInput(_ARRAY, where) from None
                raise InvalidInput(f"not valid JSON ({e.msg})", where) from None
            if lineno == 1 and isinstance(data, list):
                raise InvalidInput(_ARRAY, where)
            yield parse(data, where)


_ARRAY = ("a JSON array, not JSON Lines: write one object per line (a Label Studio export "
          "must be named .json)")


def check_key(value: object, what: str, where: str) -> object:
    """An id that names a span: a string or a whole number."""
    if isinstance(value, bool) or not isinstance(value, (str, int)):
        raise InvalidInput(f"{what} must be a string or a whole number, not {brief(value)}", where)
    return value


def check_annotator(name: object, where: str) -> str | None:
    """An annotator's name, if given (names.check_annotator; whether a reserved layer may
    be written is the importer's to say)."""
    return None if name is None else names.check_annotator(name, where, reserved_ok=True)


def parse(data: object, where: str) -> Record:
    """One JSON object (ours, Prodigy's or doccano's shape) as a Record."""
    if not isinstance(data, dict):
        raise InvalidInput(f"each line must be a JSON object, not {type(data).__name__}", where)
    if "text" not in data:
        raise InvalidInput("no 'text' field", where)
    text = check_text(data["text"], where)
    meta = data.get("meta") or {}
    if not isinstance(meta, dict):
        raise InvalidInput("'meta' must be an object", where)
    uid = data.get("id", meta.get("id"))
    if uid is not None and (isinstance(uid, bool) or not isinstance(uid, (str, int))):
        raise InvalidInput("'id' must be a string or a whole number", where)
    title = data.get("title", meta.get("title"))
    if title is not None and (isinstance(title, bool) or not isinstance(title, (str, int, float))):
        raise InvalidInput(f"'title' must be a string, not {brief(title)}", where)
    annotator = check_annotator(data.get("annotator", data.get("_annotator_id")), where)
    answer = data.get("answer")
    status = data.get("status", _ANSWERS.get(answer) if isinstance(answer, str) else None)
    if status is not None and status not in STATUSES:
        raise InvalidInput(f"'status' must be one of {', '.join(STATUSES)}", where)
    record = Record(
        where=where, text=text, uid=None if uid is None else str(uid),
        title=None if title is None else str(title), meta=meta,
        annotator=annotator, status=status,
    )
    record.spans = _spans(data, text, where)
    record.relations = _relations(data, record.spans, where)
    if "notes" in data:
        record.notes = [_note(item, f"note {n}: ", where)
                        for n, item in enumerate(_list(data, "notes", where), start=1)]
    if "attrs" in data:
        record.attrs = check_attrs(data["attrs"], "'attrs'", where)
    return record


def _note(item: object, what: str, where: str) -> dict:
    """A note as we write it: {"text": "...", "status": "open" or "resolved"}."""
    if not isinstance(item, dict):
        raise InvalidInput(f"{what}a note must be an object with 'text' and 'status'", where)
    try:
        text = check_note(item.get("text"), item.get("status", "open"))
    except InvalidInput as e:
        raise InvalidInput(what + e.args[0], where) from None
    return {"text": text, "status": item.get("status", "open")}


def check_attrs(value: object, what: str, where: str) -> dict[str, str]:
    """Attribute values as a file gives them: {"quote": "direct"}, names and values one line."""
    if not isinstance(value, dict):
        raise InvalidInput(f"{what} must be an object of attribute names to values, not "
                           f"{brief(value)}", where)
    for name, v in value.items():
        names.check_line(name, f"{what}: an attribute name", where)
        names.check_line(v, f"{what}: the value of {brief(name)}", where)
    return dict(value)


def _spans(data: dict, text: str, where: str) -> list[RecordSpan]:
    spans: list[RecordSpan] = []
    if "spans" in data:  # ours and Prodigy's
        items = _list(data, "spans", where)
        for n, item in enumerate(items, start=1):
            if type(item) is dict and "id" not in item and "start" in item and "end" in item \
                    and "label" in item and "note" not in item and "attrs" not in item:
                spans.append(RecordSpan(item["start"], item["end"], item["label"],
                                        item.get("text"), ("#", n), _source(item)))
                continue
            if not isinstance(item, dict):
                raise InvalidInput(f"span {n} must be an object", where)
            spans.append(RecordSpan(
                _get(item, "start", n, where), _get(item, "end", n, where),
                _get(item, "label", n, where), item.get("text"),
                check_key(item["id"], f"span {n}: 'id'", where) if "id" in item else ("#", n),
                _source(item),
                _note(item["note"], f"span {n}: ", where) if "note" in item else None,
                check_attrs(item["attrs"], f"span {n}: 'attrs'", where) if "attrs" in item
                else None))
    elif "entities" in data:  # doccano, with relations
        for n, item in enumerate(_list(data, "entities", where), start=1):
            if not isinstance(item, dict):
                raise InvalidInput(f"entity {n} must be an object", where)
            spans.append(RecordSpan(
                _get(item, "start_offset", n, where), _get(item, "end_offset", n, where),
                _get(item, "label", n, where), None,
                check_key(item["id"], f"entity {n}: 'id'", where) if "id" in item else ("#", n)))
    elif "label" in data:  # doccano: [[start, end, "LABEL"], ...]
        for n, item in enumerate(_list(data, "label", where), start=1):
            if not (isinstance(item, list) and len(item) == 3):
                raise InvalidInput(
                    f"label {n} must be [start, end, \"LABEL\"] (document-level labels are "
                    "not supported)", where)
            spans.append(RecordSpan(item[0], item[1], item[2], None, ("#", n)))
    seen = set()
    for n, span in enumerate(spans, start=1):
        check_span(span, n, text, where)
        if span.key in seen:
            raise InvalidInput(f"span {n}: its id {brief(span.key)} is used by another span", where)
        seen.add(span.key)
    return spans


# What our `source` says about a span (models.SOURCES); any other value (Prodigy writes a
# model's name there) is another tool's word, and the span counts as imported.


def _source(item: dict) -> str | None:
    source = item.get("source")
    return source if source in SOURCES else None


def _utf16_hint(span: RecordSpan, text: str) -> str:
    """Say so when a span's text matches only if its offsets count UTF-16 units."""
    if not isinstance(span.text, str) or not 0 <= span.start < span.end:
        return ""
    units = text.encode("utf-16-le")[2 * span.start:2 * span.end]
    if units.decode("utf-16-le", "replace") != span.text:
        return ""
    return ("; these offsets count UTF-16 units (as some web tools do), not code points: "
            "convert them before importing")


def check_span(span: RecordSpan, n: int | str, text: str, where: str) -> None:
    start, end, label = span.start, span.end, span.label
    if (type(start) is int and type(end) is int and 0 <= start < end <= len(text)
            and type(label) is str and label.strip()
            and (span.text is None or text[start:end] == span.text)):
        return  # the common case, in one test; the checks below say what is wrong
    for name in ("start", "end"):
        value = getattr(span, name)
        if isinstance(value, bool) or not isinstance(value, int):
            raise InvalidInput(
                f"span {n}: '{name}' must be a whole number, not {brief(value)}", where)
    if not 0 <= span.start < span.end <= len(text):
        raise InvalidInput(
            f"span {n}: [{span.start}, {span.end}) is empty, reversed or outside the text "
            f"(length {len(text)}){_utf16_hint(span, text)}", where)
    if not isinstance(span.label, str) or not span.label.strip():
        raise InvalidInput(f"span {n}: 'label' must be a non-empty string", where)
    if span.text is not None and text[span.start:span.end] != span.text:
        hint = _utf16_hint(span, text)
        raise InvalidInput(
            f"span {n}: its 'text' {brief(span.text)} is not the text at "
            f"[{span.start}, {span.end}) "
            f"{brief(text[span.start:span.end])}{hint}", where)


def check_record(record: Record) -> Record:
    """The checks every reader's records get: offsets, labels, span texts, relation ends."""
    keys: set = set()
    for n, span in enumerate(record.spans, start=1):
        check_span(span, n, record.text, record.where)
        if span.key is not None and span.key in keys:
            raise InvalidInput(f"span {n}: its id {brief(span.key)} is used by another span",
                               record.where)
        keys.add(span.key)
    for n, rel in enumerate(record.relations, start=1):
        if rel.head not in keys or rel.child not in keys:
            raise InvalidInput(f"relation {n} names a span that is not there", record.where)
        if not isinstance(rel.label, str) or not rel.label.strip():
            raise InvalidInput(f"relation {n}: its label must be a non-empty string",
                               record.where)
    return record


def _relations(data: dict, spans: list[RecordSpan], where: str) -> list[RecordRelation]:
    if not data.get("relations"):
        return []
    keys = {span.key for span in spans}
    by_position = {(s.start, s.end, s.label): s.key for s in spans}
    relations = []
    for n, item in enumerate(_list(data, "relations", where), start=1):
        if not isinstance(item, dict):
            raise InvalidInput(f"relation {n} must be an object", where)
        if "head_span" in item:  # Prodigy: head/child are token indices; the spans say where
            head, child = (_position_key(item.get(k), by_position, n, where)
                           for k in ("head_span", "child_span"))
            label = item.get("label")
        else:
            if "from_id" in item:  # doccano
                head, child, label = item.get("from_id"), item.get("to_id"), item.get("type")
            else:
                head, child, label = item.get("head"), item.get("child"), item.get("label")
            for end_name, key in (("head", head), ("child", child)):
                if check_key(key, f"relation {n}: '{end_name}'", where) not in keys:
                    raise InvalidInput(f"relation {n}: its {end_name} {brief(key)} names no span",
                                       where)
        if not isinstance(label, str) or not label.strip():
            raise InvalidInput(f"relation {n}: 'label' must be a non-empty string", where)
        relations.append(RecordRelation(head, child, label))
    return relations


def _position_key(span: object, by_position: dict, n: int, where: str) -> object:
    if not isinstance(span, dict):
        raise InvalidInput(f"relation {n}: head_span and child_span must be objects", where)
    position = (span.get("start"), span.get("end"), span.get("label"))
    if not all(isinstance(v, (str, int)) for v in position) or position not in by_position:
        raise InvalidInput(f"relation {n}: its head_span or child_span is not among the spans",
                           where)
    return by_position[position]


def _list(data: dict, name: str, where: str) -> list:
    value = data[name]
    if not isinstance(value, list):
        raise InvalidInput(f"'{name}' must be a list", where)
    return value


def _get(item: dict, name: str, n: int, where: str) -> object:
    if name not in item:
        raise InvalidInput(f"span {n} has no '{name}'", where)
    return item[name]


# ------------------------------------------------------------------------- writing
def lines(store, annotator: str | None = None, status: str | None = None) -> Iterator[dict]:
    """Our JSONL, one object per document and annotator, streamed a batch of documents at
    a time (three queries a batch; memory stays flat).

    With `annotator`, every document gets a line for that annotator (status 'todo' and no spans
    where they did nothing). Without, a line per annotator who touched the document, and one
    line with annotator null for a document nobody touched, so that nothing is left out.
    """
    any_notes = store.has_notes()  # (most projects have none: no query per document then)
    any_values = store.has_attribute_values()  # (likewise)
    for docs in store.document_batches():
        layer_rows, relation_rows, status_rows = store.layers_between(docs[0].id, docs[-1].id)
        layers_of = _by_document(layer_rows)
        relations_of = _by_document(relation_rows)
        statuses_of = _by_document(status_rows)
        for doc in docs:
            rows = layers_of.get(doc.id, ())
            spans, relations = _layers(rows, relations_of.get(doc.id, ()), doc.text)
            statuses = {name: value for _, name, value in statuses_of.get(doc.id, ())}
            notes = _notes(store, doc.id, rows) if any_notes else {}
            if any_values:
                spans = _with_values(spans, rows, store.span_attributes_of(doc.id))
                document_values = store.document_values_of(doc.id)
            else:
                document_values = {}
            names = ([annotator] if annotator is not None
                     else sorted(spans.keys() | statuses.keys() | notes.keys()) or [None])
            meta = {"title": doc.title, **doc.meta}
            for name in names:
                doc_status = statuses.get(name, "todo")
                if status is not None and doc_status != status:
                    continue
                layer = spans.get(name, [])
                if name == GOLD:  # which annotators had exactly each span
                    agreed = _agreed_by(spans)
                    layer = [{**span, "agreed_by": agreed.get(
                        (span["start"], span["end"], span["label"]), [])} for span in layer]
                on_spans, on_document = notes.get(name, ({}, []))
                if on_spans:
                    layer = [{**span, "note": on_spans[span["id"]]} if span["id"] in on_spans
                             else span for span in layer]
                line = {
                    "id": doc.uid,
                    "text": doc.text,
                    "meta": meta if len(names) == 1 else dict(meta),
                    "annotator": name,
                    "status": doc_status,
                    "spans": layer,
                    "relations": relations.get(name, []),
                }
                if document_values.get(name):  # written only when given: older lines stay
                    line["attrs"] = document_values[name]
                if on_document:  # written only where there are notes: other lines stay as they were
                    line["notes"] = on_document
                yield line


def _with_values(spans: dict[str, list[dict]], layer_rows, values: dict[int, dict]
                 ) -> dict[str, list[dict]]:
    """The spans with their attribute values ("attrs", after "source"), where they have any;
    `values` is by span row id."""
    if not values:
        return spans
    row_ids = {name: [span[4] for span in layer] for _, name, layer in layer_rows}
    return {name: [{**span, "attrs": values[row_id]} if row_id in values else span
                   for span, row_id in zip(layer, row_ids[name])]
            for name, layer in spans.items()}


def _notes(store, doc_id: int, layer_rows) -> dict[str, tuple]:
    """Each annotator's notes on one document: {span's place in the line: note} and the
    document's own notes, as {"text", "status"} objects."""
    place = {span[4]: n for _, _, layer in layer_rows
             for n, span in enumerate(layer, start=1)}  # row id -> place
    out: dict[str, tuple[dict, list]] = {}
    for note in store.notes(doc_id):
        on_spans, on_document = out.setdefault(note.annotator, ({}, []))
        shown = {"text": note.text, "status": note.status}
        if note.span_id is None:
            on_document.append(shown)
        elif note.span_id in place:
            on_spans[place[note.span_id]] = shown
    return out


def _by_document(rows: list[tuple]) -> dict[int, list[tuple]]:
    """Rows that start with their doc_id (in document order), by document."""
    return {doc_id: list(group) for doc_id, group in groupby(rows, itemgetter(0))}


def _layers(layer_rows, relation_rows, text: str) -> tuple[dict, dict]:
    """A document's spans and relations as our JSON objects, each by annotator. A span's id
    in the file is its place in the line (1, 2, … in reading order), not the project's row
    id: the same work exports to the same bytes from any project that holds it."""
    spans = {name: [{"id": n, "start": start, "end": end, "label": label,
                     "text": text[start:end], "source": source}
                    for n, (start, end, label, source, _) in enumerate(layer, start=1)]
             for _, name, layer in layer_rows}
    relations: dict[str, list[dict]] = {}
    if relation_rows:
        number = {span[4]: n for _, _, layer in layer_rows
                  for n, span in enumerate(layer, start=1)}
        for _, name, head, child, label in relation_rows:
            relations.setdefault(name, []).append(
                {"head": number[head], "child": number[child], "label": label})
    return spans, relations


def _agreed_by(spans: dict[str, list[dict]]) -> dict[tuple, list[str]]:
    """For each (start, end, label): the annotators (not gold) who have exactly that span."""
    out: dict[tuple, list[str]] = {}
    for name in sorted(spans):
        if name != GOLD:
            for key in dict.fromkeys((s["start"], s["end"], s["label"]) for s in spans[name]):
                out.setdefault(key, []).append(name)
    return out


def write(store, out: IO[bytes], annotator: str | None = None,
          status: str | None = None, progress: Callable[[int], None] | None = None) -> int:
    """Write our JSONL to a binary stream; returns the number of lines. `progress` is called
    with the number of lines written so far (it may raise Cancelled to stop)."""
    n = 0
    dumps, newline = jsontext.dumps, orjson.OPT_APPEND_NEWLINE
    for n, obj in enumerate(lines(store, annotator, status), start=1):
        out.write(dumps(obj, newline))
        if progress:
            progress(n)
    return n
