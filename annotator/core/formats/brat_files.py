"""The files of a brat export: names one to one with ids and annotators, and the `.meta.json`
beside each `.txt`/`.ann` pair that records what a file name and a brat line cannot carry.

A file name is the id itself where that is a safe name on every system; otherwise (a `/`, a
space, a leading dot, a long id, a name Windows keeps for a device such as `CON`, or a name
already given out, compared without case as macOS and Windows do) it is the safe form followed
by a short hash of the id (core/filenames.py). brat ignores the `.meta.json`;
our import reads it back, so ids, annotators, titles, meta, status and label names come back
exactly.
"""

from __future__ import annotations

from pathlib import Path

import orjson

from annotator.core import jsontext
from annotator.core.errors import InvalidInput, brief
from annotator.core.formats import Record
from annotator.core.formats.jsonl import check_annotator
from annotator.core.labels import check_name
from annotator.core.models import STATUSES

MARK = "annotator-brat"  # the key that says a .meta.json is ours


def read_bytes(path: Path) -> bytes:
    try:
        return path.read_bytes()
    except OSError as e:
        raise InvalidInput(f"cannot read: {e.strerror}", str(path)) from None


def sidecar_path(ann: Path) -> Path:
    return ann.with_name(ann.stem + ".meta.json")


def sidecar(line: dict, labels: dict[str, str]) -> bytes:
    """What our line holds that brat's files do not. `labels`: written name -> label name,
    for the names that had to change (a space is written as _)."""
    meta = dict(line["meta"])  # our line's meta holds the title: it has a field of its own
    title = meta.pop("title", None)
    data = {MARK: 1, "id": line["id"], "annotator": line["annotator"], "title": title,
            "meta": meta, "status": line["status"], "labels": labels}
    if line.get("attrs"):  # the document's attribute values: brat has no line for them
        data["attrs"] = line["attrs"]
    return jsontext.dumps(data, option=orjson.OPT_INDENT_2)


def read_sidecar(ann: Path, record: Record) -> dict[str, str]:
    """Fill `record` from the `.meta.json` beside `ann`, if there is one of ours; returns the
    written label names that stand for other names."""
    path = sidecar_path(ann)
    if not path.is_file():
        return {}
    where = str(path)
    try:
        data = jsontext.loads(read_bytes(path), where)
    except orjson.JSONDecodeError as e:
        raise InvalidInput(f"not valid JSON ({e.msg})", where) from None
    if not isinstance(data, dict) or data.get(MARK) != 1:
        return {}  # not written by us: the .ann alone says what there is
    uid, title, meta = data.get("id"), data.get("title"), data.get("meta", {})
    status, labels = data.get("status"), data.get("labels", {})
    if uid is not None and (isinstance(uid, bool) or not isinstance(uid, (str, int))):
        raise InvalidInput(f"'id' must be a string, not {brief(uid)}", where)
    if title is not None and not isinstance(title, str):
        raise InvalidInput(f"'title' must be a string, not {brief(title)}", where)
    if not isinstance(meta, dict):
        raise InvalidInput("'meta' must be an object", where)
    if status is not None and status not in STATUSES:
        raise InvalidInput(f"'status' must be one of {', '.join(STATUSES)}", where)
    if not isinstance(labels, dict):
        raise InvalidInput("'labels' must be an object", where)
    for written, name in labels.items():
        check_name(name, where)
    if "annotator" in data:
        record.annotator = check_annotator(data["annotator"], where)
    if uid is not None:
        record.uid = str(uid)
    record.title, record.meta, record.status = title, meta, status
    if "attrs" in data:
        from annotator.core.formats.jsonl import check_attrs

        record.attrs = check_attrs(data["attrs"], "'attrs'", where)
    return labels
