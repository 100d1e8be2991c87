"""Bring several annotators' work into one project: from their project files or JSONL exports.

Documents are matched by id, else by text. Each (document, annotator) layer — spans, relations,
status — is added when the project has none for that pair, skipped when the project already
has exactly the same (so merging a source twice adds nothing), and otherwise reported as a
conflict: two sources claim the same annotator on the same document. `replace` takes the
incoming layer instead. All or nothing: one transaction.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from annotator.core import team
from annotator.core.errors import InvalidInput
from annotator.core.formats import Record, RecordRelation, RecordSpan, brat, jsonl
from annotator.core.importer import ImportReport, add_record
from annotator.core.models import GOLD, RESERVED_LAYERS
from annotator.core.project import open_for_reading
from annotator.core.store import Store
from annotator.core.wording import plural

_JSONL = (".jsonl", ".ndjson")
# Reserved layers a pack is given with its documents (not gold): they come from the project.
SHARED_LAYERS = tuple(name for name in RESERVED_LAYERS if name != GOLD)


@dataclass
class MergeReport(ImportReport):
    layers_added: int = 0
    layers_same: int = 0
    layers_replaced: int = 0
    others_in_packs: int = 0  # layers in a pack not its owner's: left out
    annotators: set[str] = field(default_factory=set)

    def summary(self) -> str:
        others = (f"; {plural(self.others_in_packs, 'layer')} of others in the pack left out"
                  if self.others_in_packs else "")
        return (f"Merged {plural(self.files, 'source')}: "
                f"{plural(self.documents_added, 'document')} added, "
                f"{plural(self.layers_added, 'annotator layer')} added, {self.layers_same:,} "
                f"already there, {self.layers_replaced:,} replaced; annotators: "
                f"{', '.join(sorted(self.annotators)) or 'none'}{others}")


def project_records(path: Path) -> Iterator[Record]:
    """Every (document, annotator) layer of another project, as Records."""
    with open_for_reading(path) as source:
        for doc in source.iter_documents():
            names = _with_notes(source, doc.id)
            if not names:
                yield Record(f"{path}: {doc.uid}", doc.text, doc.uid, doc.title, doc.meta)
            document_values = source.document_values_of(doc.id)
            for name in names:
                spans = source.spans(doc.id, name)
                notes = _note_objects(source.notes(doc.id, name))
                values = source.span_attributes_of(doc.id, name)
                yield Record(
                    f"{path}: {doc.uid}", doc.text, doc.uid, doc.title, doc.meta, name,
                    (source.status_row(doc.id, name) or (None,))[0],  # None: only a note
                    [RecordSpan(s.start, s.end, s.label, None, s.id, s.source,
                                note=notes.get(s.id), attrs=values.get(s.id)) for s in spans],
                    [RecordRelation(r.head_span_id, r.child_span_id, r.label)
                     for r in source.relations(doc.id, name)],
                    notes=notes.get(None, []), attrs=document_values.get(name, {}))


def _with_notes(store: Store, doc_id: int) -> list[str]:
    """The annotators with work on a document: spans, a status, or only a note."""
    return sorted(set(store.annotators(doc_id))
                  | {note.annotator for note in store.notes(doc_id)})


def _note_objects(notes: list) -> dict:
    """{span id: its note as {"text", "status"}}, and under None the document's own list."""
    out: dict = {}
    for note in notes:
        shown = {"text": note.text, "status": note.status}
        if note.span_id is None:
            out.setdefault(None, []).append(shown)
        else:
            out[note.span_id] = shown
    return out


def _layer(store: Store, doc_id: int, name: str) -> tuple:
    spans = store.spans(doc_id, name)
    key = {s.id: (s.start, s.end, s.label) for s in spans}
    relations = {(key[r.head_span_id], key[r.child_span_id], r.label)
                 for r in store.relations(doc_id, name)}
    notes = {(key.get(n.span_id), n.text, n.status) for n in store.notes(doc_id, name)}
    values = {(key[i], frozenset(v.items()))
              for i, v in store.span_attributes_of(doc_id, name).items()}
    return (set(key.values()), relations, notes, values,
            frozenset(store.document_values(doc_id, name).items()))


def _incoming(record: Record) -> tuple:
    key = {s.key: (s.start, s.end, s.label) for s in record.spans}
    notes = {(key[s.key], s.note["text"], s.note["status"]) for s in record.spans if s.note}
    notes |= {(None, n["text"], n["status"]) for n in record.notes}
    return (set(key.values()),
            {(key[r.head], key[r.child], r.label) for r in record.relations}, notes,
            {(key[s.key], frozenset(s.attrs.items())) for s in record.spans if s.attrs},
            frozenset(record.attrs.items()))


def merge_paths(store: Store, sources: Iterable[str | Path], *, replace: bool = False
                ) -> MergeReport:
    sources = [Path(p) for p in sources]
    for path in sources:
        if not path.is_file():
            raise InvalidInput("no such file", str(path))
        if store.path and path.resolve() == store.path.resolve():
            raise InvalidInput("that is the project itself", str(path))
    from annotator.core.listing import columns_of

    report = MergeReport(files=len(sources))
    columns: set[str] = set()  # the document list's news columns these documents fill
    with store.transaction():
        for path in sources:
            is_jsonl = path.suffix.lower() in _JSONL
            # A pack is where its owner works: their newer work there replaces the older.
            owner = None if is_jsonl else team.check_pack(store, path)
            records = jsonl.read(path) if is_jsonl else project_records(path)
            for record in records:
                if owner is not None and record.annotator not in (None, owner):
                    # a pack brings back its owner's work: not gold, nor another name's
                    # (the suggestions it was given are the project's already)
                    report.others_in_packs += record.annotator not in SHARED_LAYERS
                    continue
                _merge_record(store, record,
                              replace or (owner is not None and record.annotator == owner),
                              report)
                columns |= columns_of(record.meta)
            if not is_jsonl:
                _carry_constraints(store, path, report)
                if owner is not None:
                    _carry_rejections(store, path, owner)
                team.pack_returned(store, path)
        store.remember_columns(columns)
    return report


def _carry_constraints(store: Store, path: Path, report: MergeReport) -> None:
    """A relation label this merge brought in from a project keeps that project's heads and
    children, its attributes' values add to ours, and the project's brat event types add to
    ours (JSONL carries no scheme: its relation labels join any pair)."""
    with open_for_reading(path) as source:
        for label in source.labels("relation"):
            if label.constrained and label.name in report.labels_added:
                store.constrain_relation(label.name, label.heads, label.children)
        # the attributes its scheme declares join ours (values in use came with the data)
        ours = {lb.name for lb in store.labels("span")}
        for label in source.labels("span"):
            for a in label.attributes if label.name in ours else ():
                for value in a.values:
                    store.ensure_attribute(label.name, a.name, value)
        for a in source.document_attributes():
            for value in a.values:
                store.ensure_attribute(None, a.name, value)
        # brat event types and their roles (relations named Type.Role) go with it, so a
        # brat export of the merged project writes events again
        events = brat.remembered_events(source)
        if events:
            brat.remember_events(store, {kind: set(roles) for kind, roles in events.items()})


def _carry_rejections(store: Store, path: Path, owner: str) -> None:
    """The suggestions a pack's owner rejected there are theirs in the project too (the pack
    began with their rejections, so its set replaces ours on each of its documents)."""
    with open_for_reading(path) as source:
        for doc in source.iter_documents():
            here = store.find_document(doc.uid, doc.text)
            if here is None:
                continue
            theirs = source.suggestion_rejections(doc.id, owner)
            ours = store.suggestion_rejections(here, owner)
            for key in sorted(theirs - ours):
                store.reject_suggestion(here, owner, *key)
            for key in sorted(ours - theirs):
                store.unreject_suggestion(here, owner, *key, owner)


def _merge_record(store: Store, record: Record, replace: bool, report: MergeReport) -> None:
    name = record.annotator
    if not name:
        add_record(store, record, None, report, reserved_ok=True)
        return
    report.annotators.add(name)
    existing = store.find_document(record.uid, record.text)
    has_layer = existing is not None and name in _with_notes(store, existing)
    if has_layer:
        if _layer(store, existing, name) == _incoming(record) and (
                record.status in (None, store.status(existing, name))):
            report.layers_same += 1
            return
        if not replace:
            raise InvalidInput(
                f"{name}'s work on document {record.uid or existing!r} differs from what the "
                "project already has (two sources claim this annotator); merge with --replace "
                "to take this source's version", record.where)
        store.clear_layer(existing, name)
        report.layers_replaced += 1
    else:
        report.layers_added += 1
    add_record(store, record, None, report, reserved_ok=True)  # a reviewer's gold travels
