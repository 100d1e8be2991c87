"""Label Studio: a JSON list of tasks (one per document, an annotation per annotator) and the
labelling config that reads it (written beside the export as FILE.config.xml).

Offsets are code points. Label Studio has written UTF-16 offsets in some versions: when a
file's span texts only match as UTF-16 units, the import says so and converts only when asked
(`offsets="utf16"`), never silently.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from itertools import groupby
from pathlib import Path
from xml.sax.saxutils import quoteattr

import orjson

from annotator.core.errors import InvalidInput
from annotator.core.formats import Record, RecordRelation, RecordSpan
from annotator.core.formats.jsonl import check_record
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


def config(span_labels: list[tuple[str, str]], relation_labels: list[str]) -> str:
    labels = "\n".join(f"    <Label value={quoteattr(name)} background={quoteattr(color)}/>"
                       for name, color in span_labels)
    relations = "\n".join(f"    <Relation value={quoteattr(name)}/>" for name in relation_labels)
    return (f"<View>\n  <Relations>\n{relations}\n  </Relations>\n"
            f"  <Labels name=\"label\" toName=\"text\">\n{labels}\n  </Labels>\n"
            "  <Text name=\"text\" value=\"$text\"/>\n</View>\n")


def _utf16_to_cp(text: str, offset: int) -> int:
    units = 0
    for i, ch in enumerate(text):
        if units >= offset:
            return i
        units += 2 if ord(ch) > 0xFFFF else 1
    return len(text)


def read(path: Path, encoding: str | None = None, offsets: str = "codepoints"
         ) -> Iterator[Record]:
    where = str(path)
    try:
        data = orjson.loads(decode(path.read_bytes(), where, encoding))
    except orjson.JSONDecodeError as e:
        raise InvalidInput(f"not valid JSON ({e.msg})", where) from None
    if not isinstance(data, list):
        raise InvalidInput("a Label Studio export is a JSON list of tasks", where)
    for n, task in enumerate(data, start=1):
        here = f"{path}: task {n}"
        if not isinstance(task, dict) or not isinstance(task.get("data"), dict):
            raise InvalidInput("each task needs a 'data' object", here)
        text = check_text(task["data"].get("text"), here)
        uid = task["data"].get("uid", task.get("id"))
        meta = task["data"].get("meta") if isinstance(task["data"].get("meta"), dict) else {}
        annotations = task.get("annotations") or []
        if not annotations:
            yield Record(here, text, None if uid is None else str(uid), None, meta)
        for a, annotation in enumerate(annotations, start=1):
            yield _record(annotation, text, uid, meta, f"{here}, annotation {a}", offsets)


def _record(annotation: dict, text: str, uid, meta: dict, where: str, offsets: str) -> Record:
    if not isinstance(annotation, dict) or not isinstance(annotation.get("result"), list):
        raise InvalidInput("an annotation needs a 'result' list", where)
    name = annotation.get("annotator") or annotation.get("completed_by")
    spans, relations = [], []
    for item in annotation["result"]:
        if not isinstance(item, dict):
            raise InvalidInput("each result must be an object", where)
        if item.get("type") == "relation":
            relations.append(RecordRelation(item.get("from_id"), item.get("to_id"),
                                            (item.get("labels") or ["related"])[0]))
            continue
        value = item.get("value") or {}
        start, end, labels = value.get("start"), value.get("end"), value.get("labels")
        if not isinstance(start, int) or not isinstance(end, int) or not labels:
            continue  # other control types (choices, ratings) are not spans
        if offsets == "utf16":
            start, end = _utf16_to_cp(text, start), _utf16_to_cp(text, end)
        shown = value.get("text")
        if shown is not None and text[start:end] != shown and offsets != "utf16":
            u_start, u_end = _utf16_to_cp(text, start), _utf16_to_cp(text, end)
            if text[u_start:u_end] == shown:
                raise InvalidInput(
                    f"span {item.get('id')!r}: these offsets count UTF-16 units (its text "
                    f"matches there, not at code points); import with --offsets utf16", where)
        spans.append(RecordSpan(start, end, labels[0], shown, item.get("id")))
    status = annotation.get("status") if annotation.get("status") in (
        "todo", "in_progress", "done", "skipped") else "done"
    return check_record(Record(where, text, None if uid is None else str(uid), None, meta,
                               None if name is None else str(name), status, spans, relations))
