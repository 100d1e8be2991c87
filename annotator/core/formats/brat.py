"""brat standoff: a folder per annotator of DOC.txt + DOC.ann pairs, and annotation.conf.

Offsets are code points, as brat counts them. A span that crosses a line break is written as
fragments ("start end;start end"), since brat draws one fragment per line; reading joins
fragments back into one span from the first start to the last end.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from pathlib import Path

from annotator.core.errors import InvalidInput, brief
from annotator.core.formats import Record, RecordRelation, RecordSpan
from annotator.core.formats.jsonl import check_record, check_span
from annotator.core.labels import check_name
from annotator.core.text import decode

_BREAK = re.compile(r"\r\n|[\r\n\u2028\u2029\x85]")
_SAFE = re.compile(r"[^\w.\-]+")
# What a line of a .ann file can be: text-bound, relation, event, attribute (A, M),
# normalization, equivalence.
_KINDS = "TREAMN*"


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
            # A fragment may begin or end on a line break (see fragments): shown as a space,
            # since a break would end the .ann line.
            shown = " ".join(_BREAK.sub(" ", line["text"][s:e]) for s, e in parts)
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


def _bytes(path: Path) -> bytes:
    try:
        return path.read_bytes()
    except OSError as e:
        raise InvalidInput(f"cannot read: {e.strerror}", str(path)) from None


def _fragment(part: str) -> tuple[int, int]:
    start, end = part.split()  # exactly two numbers, else ValueError
    return int(start), int(end)


def read(ann: Path, root: Path, encoding: str | None = None) -> Iterator[Record]:
    """One .ann file and the .txt beside it; the annotator is the folder below `root`.

    Every T line is checked where it is (offsets, label, and its text against the document's),
    so that a message names its line; relations are checked once every T line is known."""
    txt = ann.with_suffix(".txt")
    if not txt.is_file():
        raise InvalidInput(f"no {txt.name} beside it", str(ann))
    # Our own brat export writes a document's text as it is, U+0000 included.
    text = decode(_bytes(txt), str(txt), encoding, binary_ok=True)
    rel_parent = ann.parent.relative_to(root) if ann.parent != root else None
    annotator = rel_parent.parts[0] if rel_parent else None
    spans, relations, keys = [], [], set()
    for lineno, raw in enumerate(decode(_bytes(ann), str(ann), encoding).split("\n"), 1):
        where = f"{ann}:{lineno}"
        if not raw.strip() or raw.startswith("#"):
            continue
        if raw[0] not in _KINDS:
            raise InvalidInput(f"not a brat standoff line: {brief(raw)}", where)
        fields = raw.split("\t", 2)
        try:
            if raw.startswith("T"):
                label, _, where_text = fields[1].partition(" ")
                parts = [_fragment(p) for p in where_text.split(";")]
                span = RecordSpan(parts[0][0], parts[-1][1], label, None, fields[0])
            elif raw.startswith("R"):
                label, arg1, arg2 = fields[1].split()
                relations.append((RecordRelation(arg1.split(":", 1)[1], arg2.split(":", 1)[1],
                                                 label), fields[0], where))
            # events, attributes, normalizations and notes are not part of our model: skipped
        except (IndexError, ValueError):
            raise InvalidInput(f"not a brat standoff line: {brief(raw)}", where) from None
        if raw.startswith("T"):
            if span.key in keys:
                raise InvalidInput(f"{brief(span.key)} is used by an earlier line", where)
            check_span(span, fields[0], text, where)
            check_name(label, where)
            shown = " ".join(text[s:e] for s, e in parts)
            if len(fields) > 2 and fields[2].split() != shown.split():
                raise InvalidInput(
                    f"{fields[0]}: its text {brief(fields[2])} is not the document's text at "
                    f"{where_text} ({brief(shown)})", where)
            keys.add(span.key)
            spans.append(span)
    for rel, rid, where in relations:
        for end in (rel.head, rel.child):
            if end not in keys:
                raise InvalidInput(f"{rid}: {brief(end)} is no T line of this file", where)
    if annotator == "unannotated":
        annotator = None
    yield check_record(Record(str(ann), text, ann.stem, None, {"source": txt.name},
                              annotator, None, spans, relations=[r for r, _, _ in relations]))
