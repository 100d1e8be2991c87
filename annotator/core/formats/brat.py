"""brat standoff: a folder per annotator of DOC.txt + DOC.ann pairs, and annotation.conf.

Offsets are code points, as brat counts them. A span that crosses a line break is written as
fragments ("start end;start end"), since brat draws one fragment per line; reading joins
fragments back into one span from the first start to the last end.

brat events (`E1 Attribution:T4 Content:T3 Source:T1`) are read as relations from the trigger
span to each argument, labelled by event type and role (`Attribution.Source`: a role is often
also a span label, and a name is one label); the project remembers which span labels were
event types and which roles they take, and the export writes those relations back as events.
Attributes (`A1\tquote T3 direct`) are span attribute values (a binary attribute, given
no value, is "true"); the document's own attributes, which brat has no line for, go in
`DOC.meta.json`. Normalizations, notes and equivalences have no place in our model: they are
counted, so the import can say what it did not keep.

File names must stay one to one with ids and annotators, and brat's syntax separates fields by
spaces, so what the file names and the lines cannot carry (the exact id, annotator, title,
meta, status, and label names holding spaces) goes into `DOC.meta.json` beside each pair: brat
ignores it, our import reads it (brat_files.py).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from pathlib import Path

import orjson

from annotator.core.errors import InvalidInput, brief
from annotator.core.formats import Record, RecordRelation, RecordSpan
from annotator.core.filenames import Names
from annotator.core.formats.brat_files import read_bytes, read_sidecar, sidecar, sidecar_path
from annotator.core.formats.jsonl import check_attrs, check_record, check_span
from annotator.core.formats.others import check_one_word_names, one_word
from annotator.core.labels import check_name
from annotator.core.text import decode

_BREAK = re.compile(r"\r\n|[\r\n\u2028\u2029\x85]")
# What a line of a .ann file can be: text-bound, relation, event, attribute (A, M),
# normalization, equivalence (and # notes).
_KINDS = "TREAMN*"
# Lines our model has no place for: counted under these names.
_NOT_KEPT = {"N": "normalizations (N lines)", "*": "equivalences (* lines)",
             "#": "notes (# lines)"}
_ID = re.compile(r"[^\s\x00-\x1f\x7f-\x9f]+")
_NUMBERED_ROLE = re.compile(r"(.*\D)([2-9]|[1-9]\d+)")


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


# The project setting that keeps the event types met on import, each with its roles.
EVENTS_SETTING = "brat_events"


def remembered_events(store) -> dict[str, list[str]]:
    return orjson.loads(store.setting(EVENTS_SETTING) or "{}")


def remember_events(store, events: dict[str, set[str]]) -> None:
    known = remembered_events(store)
    for kind, roles in events.items():
        known[kind] = sorted(set(known.get(kind, [])) | roles)
    store.set_setting(EVENTS_SETTING, orjson.dumps(known).decode())


# ------------------------------------------------------------------------- writing
def role_label(kind: str, role: str) -> str:
    """The relation label of an event's argument."""
    return f"{kind}.{role}"


def write(lines: Iterable[dict], folder: Path, relation_labels: list[str],
          span_labels: list[str], events: dict[str, list[str]] | None = None,
          attributes: dict[str, tuple[tuple[str, ...], tuple[str, ...]]] | None = None) -> int:
    """`events`: event type (a span label) -> the roles it takes (see role_label);
    `attributes`: span attribute name -> (its values, the span labels that have it)."""
    events = {t: set(roles) for t, roles in (events or {}).items() if t in span_labels}
    written = check_one_word_names([*span_labels, *relation_labels], "brat")
    folder.mkdir(parents=True, exist_ok=True)
    annotators, documents = Names(reserved=["unannotated"]), Names()
    n = 0
    for line in lines:
        who = line["annotator"]
        sub = folder / ("unannotated" if who is None else annotators.name(who))
        sub.mkdir(exist_ok=True)
        name = documents.name(str(line["id"]))
        (sub / f"{name}.txt").write_bytes(line["text"].encode("utf-8"))
        ann, used = _ann_lines(line, written, events)
        (sub / f"{name}.ann").write_text("".join(a + "\n" for a in ann), encoding="utf-8")
        sidecar_path(sub / f"{name}.ann").write_bytes(
            sidecar(line, {one_word(x): x for x in used if one_word(x) != x}))
        n += 1
    (folder / "annotation.conf").write_text(
        _conf(span_labels, relation_labels, events, written, attributes or {}),
        encoding="utf-8")
    return n


def _ann_lines(line: dict, written: dict[str, str], events: dict[str, set[str]]
               ) -> tuple[list[str], set[str]]:
    """The .ann lines of one document (T, then E, then R), and the names used (labels and
    roles)."""
    text = line["text"]
    ann, tid, used = [], {}, set()
    values = []
    for i, span in enumerate(line["spans"], start=1):
        parts = fragments(text, span["start"], span["end"])
        where = ";".join(f"{s} {e}" for s, e in parts)
        # A fragment may begin or end on a line break (see fragments): shown as a space,
        # since a break would end the .ann line.
        shown = " ".join(_BREAK.sub(" ", text[s:e]) for s, e in parts)
        ann.append(f"T{i}\t{written[span['label']]} {where}\t{shown}")
        tid[span["id"]] = f"T{i}"
        used.add(span["label"])
        for name, value in span.get("attrs", {}).items():
            values.append(f"A{len(values) + 1}\t{one_word(name)} T{i} {one_word(value)}")
            used.update((name, value))
    label_of = {s["id"]: s["label"] for s in line["spans"]}
    # Each span labelled with an event type is the trigger of one event.
    eid = {}
    for span in line["spans"]:
        if span["label"] in events:
            eid[span["id"]] = f"E{len(eid) + 1}"
    arguments: dict[int, list[dict]] = {s: [] for s in eid}
    plain = []
    for rel in line["relations"]:
        kind = label_of[rel["head"]]
        role = rel["label"][len(kind) + 1:]
        if (rel["head"] in eid and role in events[kind]
                and rel["label"] == role_label(kind, role)):
            arguments[rel["head"]].append((role, rel["child"]))
            used.add(role)
        else:
            plain.append(rel)
            used.add(rel["label"])
    for trigger, event in eid.items():
        fields, seen = [f"{written[label_of[trigger]]}:{tid[trigger]}"], {}
        for role, child in sorted(arguments[trigger], key=lambda a: a[0]):
            # brat numbers a repeated role: Theme, Theme2, Theme3
            seen[role] = seen.get(role, 0) + 1
            number = str(seen[role]) if seen[role] > 1 else ""
            fields.append(f"{one_word(role)}{number}:{eid.get(child, tid[child])}")
        ann.append(f"{event}\t{' '.join(fields)}")
    for i, rel in enumerate(plain, start=1):
        ann.append(f"R{i}\t{written[rel['label']]} Arg1:{tid[rel['head']]} "
                   f"Arg2:{tid[rel['child']]}")
    return ann + values, used


def _conf(span_labels: list[str], relation_labels: list[str], events: dict[str, set[str]],
          written: dict[str, str],
          attributes: dict[str, tuple[tuple[str, ...], tuple[str, ...]]]) -> str:
    entities = [written[x] for x in span_labels if x not in events]
    anything = "|".join(["<EVENT>", *entities]) if entities else "<EVENT>"
    conf = ["[entities]", *entities, "", "[relations]",
            *[f"{written[name]}\tArg1:<ENTITY>, Arg2:<ENTITY>" for name in relation_labels],
            "", "[events]",
            *[f"{written[t]}\t" + ", ".join(f"{one_word(r)}*:{anything}" for r in sorted(roles))
              if roles else written[t] for t, roles in sorted(events.items())],
            "", "[attributes]",
            *[f"{one_word(name)}\tArg:{'|'.join(written[x] for x in owners)}, "
              f"Value:{'|'.join(one_word(v) for v in values)}"
              for name, (values, owners) in attributes.items()], ""]
    return "\n".join(conf)


# ------------------------------------------------------------------------- reading
def _fragment(part: str) -> tuple[int, int]:
    start, end = part.split()  # exactly two numbers, else ValueError
    return int(start), int(end)


def _argument(field: str) -> tuple[str, str]:
    """`Role:T3` -> ("Role", "T3"); a role may hold a colon, an id may not."""
    role, colon, key = field.rpartition(":")
    if not colon or not role or not key:
        raise ValueError(field)
    return role, key


def read(ann: Path, root: Path, encoding: str | None = None) -> Iterator[Record]:
    """One .ann file and the .txt beside it; the annotator is the folder below `root`, unless
    the `.meta.json` our export writes beside it says otherwise.

    Every T line is checked where it is (offsets, label, and its text against the document's),
    so that a message names its line; relations and events are checked once every T line is
    known."""
    txt = ann.with_suffix(".txt")
    if not txt.is_file():
        raise InvalidInput(f"no {txt.name} beside it", str(ann))
    # Our own brat export writes a document's text as it is, U+0000 included.
    text = decode(read_bytes(txt), str(txt), encoding, binary_ok=True)
    rel_parent = ann.parent.relative_to(root) if ann.parent != root else None
    annotator = rel_parent.parts[0] if rel_parent else None
    if annotator == "unannotated":
        annotator = None
    record = Record(str(ann), text, ann.stem, None, {"source": txt.name}, annotator)
    names = read_sidecar(ann, record)  # fills in what our export recorded
    spans, relations, events, keys, given = [], [], [], {}, []
    for lineno, raw in enumerate(decode(read_bytes(ann), str(ann), encoding).split("\n"), 1):
        where = f"{ann}:{lineno}"
        if not raw.strip():
            continue
        if raw[0] in _NOT_KEPT:
            record.counts[_NOT_KEPT[raw[0]]] = record.counts.get(_NOT_KEPT[raw[0]], 0) + 1
            continue
        if raw[0] not in _KINDS:
            raise InvalidInput(f"not a brat standoff line: {brief(raw)}", where)
        fields = raw.split("\t", 2)
        if not _ID.fullmatch(fields[0]):  # an id is named in messages: one plain word
            raise InvalidInput(f"not a brat standoff line: {brief(raw)}", where)
        try:
            if raw.startswith("T"):
                label, _, where_text = fields[1].partition(" ")
                label = names.get(label, label)
                parts = [_fragment(p) for p in where_text.split(";")]
                span = RecordSpan(parts[0][0], parts[-1][1], label, None, fields[0])
            elif raw[0] in "AM":  # attribute, target, value (none: a binary one)
                name, target, *value = fields[1].split()
                if len(value) > 1:
                    raise ValueError(raw)
                given.append((fields[0], names.get(name, name), target,
                              names.get(value[0], value[0]) if value else "true", where))
            elif raw.startswith("R"):
                label, arg1, arg2 = fields[1].split()
                relations.append((fields[0], names.get(label, label),
                                  [_argument(arg1)[1], _argument(arg2)[1]], where))
            else:  # E: the event type and its trigger, then role:argument pairs
                first, *rest = fields[1].split()
                events.append((fields[0], _argument(first), [_argument(a) for a in rest],
                               where))
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
                    f"{';'.join(f'{s} {e}' for s, e in parts)} ({brief(shown)})", where)
            keys[span.key] = label
            spans.append(span)
    record.spans = spans
    record.relations = _event_relations(events, keys, names, record)
    triggers = {eid: trigger for eid, (_, trigger), _, _ in events}
    for rid, label, ends, where in relations:
        ends = [triggers.get(end, end) for end in ends]  # an event stands for its trigger
        for end in ends:
            if end not in keys:
                raise InvalidInput(f"{rid}: {brief(end)} is no T line of this file", where)
        record.relations.append(RecordRelation(ends[0], ends[1], label))
    by_key = {span.key: span for span in spans}
    for aid, name, target, value, where in given:
        span = by_key.get(triggers.get(target, target))
        if span is None:
            raise InvalidInput(f"{aid}: {brief(target)} is no T line or event of this file",
                               where)
        span.attrs = {**(span.attrs or {}), **check_attrs({name: value}, aid, where)}
    yield check_record(record)


def _event_relations(events: list, keys: dict[str, str], names: dict[str, str],
                     record: Record) -> list[RecordRelation]:
    """Each event as relations from its trigger span to each argument, labelled by role (an
    argument that is an event stands for its trigger); notes the event types and roles."""
    triggers = {eid: trigger for eid, (_, trigger), _, _ in events}
    out, seen = [], set()
    for eid, (kind, trigger), arguments, where in events:
        kind = names.get(kind, kind)
        if trigger not in keys:
            raise InvalidInput(f"{eid}: its trigger {brief(trigger)} is no T line of this file",
                               where)
        if keys[trigger] != kind:
            raise InvalidInput(f"{eid}: its type {brief(kind)} is not its trigger's label "
                               f"{brief(keys[trigger])}", where)
        roles = record.events.setdefault(kind, set())
        given = {role for role, _ in arguments}
        for role, argument in arguments:
            numbered = _NUMBERED_ROLE.fullmatch(role)
            if numbered and numbered.group(1) in given:  # Theme2 is the second Theme
                role = numbered.group(1)
            role = names.get(role, role)
            check_name(role, where)
            argument = triggers.get(argument, argument)
            if argument not in keys:
                raise InvalidInput(f"{eid}: {brief(argument)} is no T line or event of this "
                                   "file", where)
            roles.add(role)
            if (trigger, argument, role) not in seen:
                seen.add((trigger, argument, role))
                out.append(RecordRelation(trigger, argument, role_label(kind, role)))
    if events:
        record.counts["brat events"] = len(events)
        record.counts["relations from brat events"] = len(out)
    return out
