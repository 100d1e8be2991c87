"""Label Studio: a JSON list of tasks (one per document, an annotation per annotator) and the
labelling config that reads it (written beside the export as FILE.config.xml).

What a task holds besides its text is kept: the other `data` fields go into the document's
`meta` (`id_field` names the one that is the document's id), every label of a region becomes
a span, a cancelled (skipped) annotation is a skipped document, a relation drawn right to left
is stored head to child as drawn, and a two-way ("bi") relation as one relation each way. The
annotator is the user's name or email when the export has it, else "user-ID".

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

from annotator.core import jsonarray, jsontext
from annotator.core.errors import InvalidInput, brief
from annotator.core.formats import Record, RecordRelation, RecordSpan
from annotator.core.formats.jsonl import check_annotator, check_attrs, check_key, \
    check_record
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
            # Attribute values: per-region choices (the region's id) and document choices.
            result += [{"id": f"s{s['id']}", "from_name": name, "to_name": "text",
                        "type": "choices",
                        "value": {"start": s["start"], "end": s["end"], "text": s["text"],
                                  "choices": [value]}}
                       for s in line["spans"] for name, value in s.get("attrs", {}).items()]
            result += [{"from_name": name, "to_name": "text", "type": "choices",
                        "value": {"choices": [value]}}
                       for name, value in line.get("attrs", {}).items()]
            result += [{"type": "relation", "from_id": f"s{r['head']}",
                        "to_id": f"s{r['child']}", "direction": "right",
                        "labels": [r["label"]]} for r in line["relations"]]
            annotations.append({"result": result, "annotator": line["annotator"],
                                "status": line["status"],
                                "was_cancelled": line["status"] == "skipped"})
        yield {"id": n, "data": {"text": first["text"], "uid": first["id"],
                                 "meta": first["meta"]},
               "annotations": annotations}


def _attr(value: str) -> str:
    """An XML attribute value, quoted (as xml.sax.saxutils.quoteattr, which would import
    urllib, http and ssl into every start of the app)."""
    escaped = escape(value, quote=True)
    return '"' + escaped.replace("\n", "&#10;").replace("\r", "&#13;").replace("\t", "&#9;") + '"'


def config(span_labels: list[tuple[str, str]], relation_labels: list[str],
           span_attributes: Iterable[tuple[str, tuple[str, ...], tuple[str, ...]]] = (),
           document_attributes: Iterable[tuple[str, tuple[str, ...]]] = ()) -> str:
    """The labelling config; `span_attributes`: (name, values, the labels that have it),
    shown per region when a span of those labels is selected; `document_attributes`:
    (name, values), one choice for the whole text."""
    labels = "\n".join(f"    <Label value={_attr(name)} background={_attr(color)}/>"
                       for name, color in span_labels)
    relations = "\n".join(f"    <Relation value={_attr(name)}/>" for name in relation_labels)
    choices = "".join(
        f"  <Choices name={_attr(name)} toName=\"text\" perRegion=\"true\" "
        f"visibleWhen=\"region-selected\" whenLabelValue={_attr(','.join(owners))}>\n"
        + "".join(f"    <Choice value={_attr(v)}/>\n" for v in values) + "  </Choices>\n"
        for name, values, owners in span_attributes)
    choices += "".join(
        f"  <Choices name={_attr(name)} toName=\"text\" choice=\"single\">\n"
        + "".join(f"    <Choice value={_attr(v)}/>\n" for v in values) + "  </Choices>\n"
        for name, values in document_attributes)
    return (f"<View>\n  <Relations>\n{relations}\n  </Relations>\n"
            f"  <Labels name=\"label\" toName=\"text\">\n{labels}\n  </Labels>\n"
            f"  <Text name=\"text\" value=\"$text\"/>\n{choices}</View>\n")


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


def _load(path: Path, encoding: str | None) -> object:
    where = str(path)
    try:
        raw = path.read_bytes()
    except OSError as e:
        raise InvalidInput(f"cannot read: {e.strerror}", where) from None
    text = decode(raw, where, encoding)
    try:
        return jsontext.loads(text, where)
    except orjson.JSONDecodeError as e:
        raise _not_json(e, where) from None
    except InvalidInput as e:  # a key given twice: say on which line
        found = jsontext.duplicate_key_line(text)
        raise InvalidInput(e.message, f"{where}:{found[0]}" if found else where) from None


def _not_json(e, where: str) -> InvalidInput:
    hint = ("; if it is JSON Lines (one object per line), name it .jsonl"
            if "after document" in e.msg else "")
    return InvalidInput(f"not valid JSON ({e.msg}){hint}", f"{where}:{e.lineno}")


def _tasks(path: Path, encoding: str | None) -> Iterator[object]:
    """The export's tasks one by one (memory stays flat in their number); a file that is
    not a JSON array is read whole, to say what is wrong with it."""
    try:
        yield from jsonarray.items(path, str(path), encoding)
    except jsonarray.SyntaxAt as e:
        raise _not_json(e, str(path)) from None
    except jsonarray.NotAnArray:
        data = _load(path, encoding)
        if not isinstance(data, list):
            raise InvalidInput("a Label Studio export is a JSON list of tasks",
                               str(path)) from None
        yield from data


def read(path: Path, encoding: str | None = None, offsets: str = "codepoints",
         id_field: str | None = None) -> Iterator[Record]:
    for n, task in enumerate(_tasks(path, encoding), start=1):
        here = f"{path}: task {n}"
        if not isinstance(task, dict) or not isinstance(task.get("data"), dict):
            raise InvalidInput("each task needs a 'data' object", here)
        fields = task["data"]
        if "text" not in fields:
            raise InvalidInput("no 'text' in the task's 'data'", here)
        text = check_text(fields["text"], here)
        if id_field is not None:
            if id_field not in fields:
                raise InvalidInput(f"no {brief(id_field)} in the task's 'data' (named by "
                                   "--id-field)", here)
            uid = fields[id_field]
        else:
            uid = fields.get("uid", task.get("id"))
        if uid is not None:
            uid = str(check_key(uid, f"the task's {brief(id_field or 'uid')} (or 'id')", here))
        # Our own export writes data {text, uid, meta}; every other field (and a "meta" or
        # "uid" that is not ours) is the user's, kept in meta.
        ours = {"text"}
        if isinstance(fields.get("meta"), dict):
            ours.add("meta")
        if id_field is None and "uid" in fields:
            ours.add("uid")
        meta = dict(fields["meta"]) if "meta" in ours else {}
        meta.update((k, v) for k, v in fields.items() if k not in ours)
        annotations = task.get("annotations") or []
        if not isinstance(annotations, list):
            raise InvalidInput("'annotations' must be a list", here)
        if not annotations:
            yield Record(here, text, uid, None, meta)
        for a, annotation in enumerate(annotations, start=1):
            yield _record(annotation, text, uid, meta, f"{here}, annotation {a}", offsets)


def _annotator(annotation: dict, where: str) -> str | None:
    """Our own export's name; else the user's email or name as the export gives it; else
    "user-ID" (an id alone is not a name a reviewer knows, and must not look like one)."""
    name = annotation.get("annotator")
    user = annotation.get("completed_by")
    if name is None and isinstance(user, dict):  # some versions write the user object
        name = user.get("email") or user.get("username")
        user = user.get("id")
    if name is None:
        shown = annotation.get("created_username")  # "email, id" in Label Studio's export
        if isinstance(shown, str) and shown.split(",")[0].strip():
            name = shown.split(",")[0].strip()
    if name is None and user is not None:
        if isinstance(user, bool) or not isinstance(user, (str, int)):
            raise InvalidInput(f"'completed_by' must be a user's name or id, not {brief(user)}",
                               where)
        name = f"user-{user}"
    if name is None:
        return None
    if not isinstance(name, str):
        raise InvalidInput(f"'annotator' must be a name, not {brief(name)}", where)
    return check_annotator(name, where)


def _relations(item: dict, m: int, where: str) -> list[RecordRelation]:
    labels = item.get("labels") or ["related"]
    if not isinstance(labels, list):
        raise InvalidInput(f"result {m}: a relation's 'labels' must be a list", where)
    head, child = (check_key(item.get(k), f"result {m}: '{k}'", where)
                   for k in ("from_id", "to_id"))
    direction = item.get("direction", "right")
    pairs = {"right": [(head, child)], "left": [(child, head)],
             "bi": [(head, child), (child, head)]}.get(direction)
    if pairs is None:
        raise InvalidInput(f"result {m}: 'direction' must be right, left or bi, not "
                           f"{brief(direction)}", where)
    return [RecordRelation(a, b, label) for label in labels for a, b in pairs]


def _record(annotation: dict, text: str, uid: str | None, meta: dict, where: str,
            offsets: str) -> Record:
    if not isinstance(annotation, dict) or not isinstance(annotation.get("result"), list):
        raise InvalidInput("an annotation needs a 'result' list", where)
    spans, relations, chosen = [], [], []
    for m, item in enumerate(annotation["result"], start=1):
        if not isinstance(item, dict):
            raise InvalidInput(f"result {m} must be an object", where)
        if item.get("type") == "relation":
            relations += _relations(item, m, where)
            continue
        value = item.get("value") or {}
        if not isinstance(value, dict):
            raise InvalidInput(f"result {m}: 'value' must be an object", where)
        if "choices" in value and "labels" not in value:
            chosen.append((m, item, value))
            continue
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
        # Every label of the region is a span; relations name the region, so they join the
        # span of its first label.
        for k, label in enumerate(x for i, x in enumerate(labels) if x not in labels[:i]):
            spans.append(RecordSpan(start, end, label, shown,
                                    key if k == 0 else ("#region", key, m, k)))
    if annotation.get("was_cancelled") is True:
        status = "skipped"  # the annotator pressed Skip
    elif annotation.get("status") in ("todo", "in_progress", "done", "skipped"):
        status = annotation["status"]
    else:
        status = "done"
    record = Record(where, text, uid, None, meta, _annotator(annotation, where), status,
                    spans, relations)
    _choices(record, chosen, where)
    return check_record(record)


def _choices(record: Record, chosen: list[tuple[int, dict, dict]], where: str) -> None:
    """Choices results as attribute values: one with a region's id is that region's (its
    first label's span), one without is the document's; the control's name is the
    attribute's. A choice of several values keeps the first (the others are counted)."""
    regions = {s.key: s for s in record.spans}
    for m, item, value in chosen:
        name, values = item.get("from_name"), value.get("choices")
        if not isinstance(values, list) or not values:
            raise InvalidInput(f"result {m}: 'choices' must be a list of values", where)
        check_attrs({name: values[0]}, f"result {m}", where)
        if len(values) > 1:
            record.counts["choices beyond the first"] = (
                record.counts.get("choices beyond the first", 0) + len(values) - 1)
        key = item.get("id")
        if key is not None and key in regions:
            span = regions[key]
            span.attrs = {**(span.attrs or {}), name: values[0]}
        elif "start" in value:
            raise InvalidInput(f"result {m}: a choice for region {brief(key)}, which is not "
                               "among the labelled regions", where)
        else:
            record.attrs[name] = values[0]
