"""brat standoff: a folder per annotator of DOC.txt + DOC.ann pairs, and annotation.conf.

Offsets are code points, as brat counts them. A span that crosses a line break is written as
fragments ("start end;start end"), since brat draws one fragment per line; reading joins
fragments back into one span from the first start to the last end.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from pathlib import Path

from annotator.core.errors import InvalidInput
from annotator.core.formats import Record, RecordRelation, RecordSpan
from annotator.core.formats.jsonl import check_record
from annotator.core.text import decode

_BREAK = re.compile(r"\r\n|[\r\n\u2028\u2029\x85]")
_SAFE = re.compile(r"[^\w.\-]+")


def safe_name(text: str) -> str:
    return _SAFE.sub("_", text).strip("._") or "document"


def fragments(text: str, start: int, end: int) -> list[tuple[int, int]]:
    out, position = [], start
    for m in _BREAK.finditer(text, start, end):
        if m.start() > position:
            out.append((position, m.start()))
        position = m.end()
    if position < end:
        out.append((position, end))
    if not out:
        return [(start, end)]
    # The outer edges stay exactly the span's, so reading (first start, last end) is exact
    # even for a span that begins or ends on a line break.
    out[0] = (start, out[0][1])
    out[-1] = (out[-1][0], end)
    return out


def write(lines: Iterable[dict], folder: Path, relation_labels: list[str],
          span_labels: list[str]) -> int:
    folder.mkdir(parents=True, exist_ok=True)
    n = 0
    for line in lines:
        sub = folder / safe_name(line["annotator"] or "unannotated")
        sub.mkdir(exist_ok=True)
        name = safe_name(str(line["id"]))
        (sub / f"{name}.txt").write_bytes(line["text"].encode("utf-8"))
        ann, tid = [], {}
        for i, span in enumerate(line["spans"], start=1):
            parts = fragments(line["text"], span["start"], span["end"])
            where = ";".join(f"{s} {e}" for s, e in parts)
            shown = " ".join(line["text"][s:e] for s, e in parts)
            ann.append(f"T{i}\t{span['label']} {where}\t{shown}")
            tid[span["id"]] = f"T{i}"
        for i, rel in enumerate(line["relations"], start=1):
            ann.append(f"R{i}\t{rel['label']} Arg1:{tid[rel['head']]} Arg2:{tid[rel['child']]}")
        (sub / f"{name}.ann").write_text("".join(a + "\n" for a in ann), encoding="utf-8")
        n += 1
    conf = ["[entities]", *span_labels, "", "[relations]",
            *[f"{name}\tArg1:<ENTITY>, Arg2:<ENTITY>" for name in relation_labels],
            "", "[events]", "", "[attributes]", ""]
    (folder / "annotation.conf").write_text("\n".join(conf), encoding="utf-8")
    return n


def read(ann: Path, root: Path, encoding: str | None = None) -> Iterator[Record]:
    """One .ann file and the .txt beside it; the annotator is the folder below `root`."""
    txt = ann.with_suffix(".txt")
    if not txt.is_file():
        raise InvalidInput(f"no {txt.name} beside it", str(ann))
    text = decode(txt.read_bytes(), str(txt), encoding)
    rel_parent = ann.parent.relative_to(root) if ann.parent != root else None
    annotator = rel_parent.parts[0] if rel_parent else None
    spans, relations = [], []
    for lineno, raw in enumerate(decode(ann.read_bytes(), str(ann), encoding).split("\n"), 1):
        where = f"{ann}:{lineno}"
        if not raw.strip() or raw.startswith("#"):
            continue
        fields = raw.split("\t")
        try:
            if raw.startswith("T"):
                label, _, where_text = fields[1].partition(" ")
                parts = [tuple(map(int, p.split())) for p in where_text.split(";")]
                start, end = parts[0][0], parts[-1][1]
                spans.append(RecordSpan(start, end, label, None, fields[0]))
            elif raw.startswith("R"):
                label, arg1, arg2 = fields[1].split()
                relations.append(RecordRelation(arg1.split(":", 1)[1], arg2.split(":", 1)[1],
                                                label))
            # events, attributes and notes are not part of our model: skipped
        except (IndexError, ValueError):
            raise InvalidInput(f"not a brat standoff line: {raw[:60]!r}", where) from None
    if annotator == "unannotated":
        annotator = None
    yield check_record(Record(str(ann), text, ann.stem, None, {"source": txt.name},
                              annotator, None, spans, relations))
