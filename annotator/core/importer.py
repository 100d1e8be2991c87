"""Import files into a project: all or nothing, in one transaction.

Which reader takes a file is decided by its name's ending (formats/registry.py); folders
are walked.
A document already in the project (same id, else same text) is not added again; its spans from
the file are added beside the ones already there (an identical span is not doubled).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from annotator.core.errors import InvalidInput, brief
from annotator.core.formats import Record
from annotator.core.formats.registry import READERS, ReadOptions, ending
from annotator.core.names import check_annotator
from annotator.core.store import Store
from annotator.core.store.bulk import NewDocument
from annotator.core.text import sha256
from annotator.core.wording import plural

DEFAULT_ANNOTATOR = "imported"


@dataclass
class ImportReport:
    files: int = 0
    documents_added: int = 0
    documents_existing: int = 0
    spans_added: int = 0
    relations_added: int = 0
    labels_added: list[str] = field(default_factory=list)
    counts: dict[str, int] = field(default_factory=dict)  # what readers mapped or dropped
    events: dict[str, set[str]] = field(default_factory=dict)  # brat event type -> roles
    seen_labels: set[str] = field(default_factory=set, repr=False)
    seen_values: set[tuple] = field(default_factory=set, repr=False)  # (label, name, value)
    # Documents from this id on were added by this import (to tell a duplicate id in the
    # files from one already in the project).
    first_new_id: int | None = field(default=None, repr=False)
    duplicates: str = ""  # "412 near duplicates of 97 stories (marked)"

    def summary(self) -> str:
        parts = [
            f"{plural(self.documents_added, 'document')} added",
            f"{self.documents_existing:,} already there",
            plural(self.spans_added, "span"),
            plural(self.relations_added, "relation"),
        ]
        text = f"Imported {plural(self.files, 'file')}: " + ", ".join(parts)
        if self.labels_added:
            text += f"; new labels: {', '.join(self.labels_added)}"
        counts = dict(self.counts)
        if "brat events" in counts:
            text += (f"; {counts.pop('brat events')} brat events mapped to "
                     f"{counts.pop('relations from brat events')} relations")
        if counts:
            text += "; not kept: " + ", ".join(f"{n} {what}" for what, n in counts.items())
        if self.duplicates:
            text += f"; {self.duplicates}"
        return text

    def note(self, record: Record) -> None:
        """Add what a reader mapped or dropped in `record` to the summary."""
        for what, n in record.counts.items():
            self.counts[what] = self.counts.get(what, 0) + n
        for kind, roles in record.events.items():
            self.events.setdefault(kind, set()).update(roles)


def _walked() -> str:
    names = [s for s, f in READERS.items() if f.walked]
    return ", ".join(names[:-1]) + " or " + names[-1]


def expand(paths: Iterable[str | Path]) -> list[tuple[Path, str, Path]]:
    """Files to read, each with its id (its path below the folder given, without the ending)
    and the folder given (brat: the annotator is the subfolder below it). A file that is the
    companion of another format's file beside it (brat's .txt beside a .ann) is part of that
    one, not a document of its own. Files of formats that are not walked (a Label Studio
    .json) are read only when named one by one."""
    companions = {f.companion: s for s, f in READERS.items() if f.companion}
    found: list[tuple[Path, str, Path]] = []
    for given in map(Path, paths):
        if given.is_dir():
            files = sorted(p for p in given.rglob("*")
                           if p.is_file() and ending(p) in READERS
                           and READERS[ending(p)].walked
                           and not (ending(p) in companions and p.with_suffix(
                               companions[ending(p)]).is_file()))
            if not files:
                raise InvalidInput(f"no {_walked()} files in this folder", str(given))
            found += [(p, p.relative_to(given).with_suffix("").as_posix(), given)
                      for p in files]
        elif given.is_file():
            if ending(given) not in READERS:
                raise InvalidInput(
                    f"unknown file type {given.suffix or '(none)'}; "
                    f"annotator reads {', '.join(sorted(READERS))}", str(given))
            found.append((given, given.stem, given.parent))
        else:
            raise InvalidInput("no such file or folder", str(given))
    return found


def records(files: list[tuple[Path, str, Path]], encoding: str | None = None,
            offsets: str = "codepoints", id_field: str | None = None,
            options: ReadOptions | None = None) -> Iterator[Record]:
    """The files' records in order; a run of files whose format reads many at once (web
    pages: extracted in worker processes) goes to it as one."""
    options = options or ReadOptions(encoding, offsets, id_field)
    run: list[tuple[Path, str, Path]] = []
    for path, uid, root in files:
        form = READERS[ending(path)]
        if run and READERS[ending(run[0][0])] is not form:
            yield from READERS[ending(run[0][0])].read_many(run, options)
            run = []
        if form.read_many is not None:
            run.append((path, uid, root))
        else:
            yield from form.read(path, uid, root, options)
    if run:
        yield from READERS[ending(run[0][0])].read_many(run, options)


def import_paths(
    store: Store, paths: Iterable[str | Path], *, annotator: str | None = None,
    encoding: str | None = None, progress: Callable[[int], None] | None = None,
    offsets: str = "codepoints", id_field: str | None = None,
    options: ReadOptions | None = None, duplicates: str | None = None,
) -> ImportReport:
    """Import the files at `paths`; `options` (if given) holds encoding, offsets and
    id_field too. `duplicates`: what a copy of another document (news/duplicates.py)
    becomes: "mark", "skip" or "keep"; None: web pages, crawls and tables are marked,
    other formats taken as they are (given, it applies to every format)."""
    from annotator.core.listing import columns_of
    from annotator.core.news.duplicates import AtImport

    files = expand(paths)
    options = options or ReadOptions(encoding, offsets, id_field)
    report = ImportReport(files=len(files))
    copies = AtImport(store, duplicates or "mark", every=duplicates is not None)
    columns: set[str] = set()  # the document list's news columns these documents fill
    batch: list[Record] = []
    with store.transaction():
        report.first_new_id = store.next_document_id()
        for n, record in enumerate(records(files, options=options), start=1):
            report.note(record)
            if record.skipped or not copies.keep(record):
                if progress:
                    progress(n)
                continue
            columns |= columns_of(record.meta)
            if record.relations or has_notes(record) or _has_values(record):
                # needs span ids: one at a time, in order
                add_batch(store, batch, annotator, report)
                add_record(store, record, annotator, report)
            else:
                batch.append(record)
                if len(batch) >= BATCH:
                    add_batch(store, batch, annotator, report)
            if progress:
                progress(n)
        add_batch(store, batch, annotator, report)
        report.duplicates = copies.summary()
        store.remember_columns(columns)
        if report.events:
            from annotator.core.formats import brat

            brat.remember_events(store, report.events)
    return report


BATCH = 500  # records stored with one executemany per table


def has_notes(record: Record) -> bool:
    return bool(record.notes) or any(s.note for s in record.spans)


def _has_values(record: Record) -> bool:
    """Whether the record gives attribute values (to its spans or to the document)."""
    return bool(record.attrs) or any(s.attrs for s in record.spans)


def _store_values(store: Store, record: Record, doc_id: int, name: str | None,
                  ids: dict, report: ImportReport) -> None:
    """The record's attribute values: the scheme declares any it lacks (as labels grow)."""
    for span in record.spans:
        for attr, value in (span.attrs or {}).items():
            _declare(store, span.label, attr, value, report)
        if span.attrs:
            store.set_span_attributes(ids[(span.start, span.end, span.label)], span.attrs,
                                      name)
    for attr, value in record.attrs.items():
        _declare(store, None, attr, value, report)
        store.set_document_value(doc_id, name, attr, value, name)


def _declare(store: Store, label: str | None, attr: str, value: str,
             report: ImportReport) -> None:
    if (label, attr, value) not in report.seen_values:
        store.ensure_attribute(label, attr, value)
        report.seen_values.add((label, attr, value))


def add_batch(store: Store, batch: list[Record], annotator: str | None,
              report: ImportReport) -> None:
    """Store records without relations (emptying `batch`), in file order: runs of new
    documents in bulk; one already in the project (or met earlier) as add_record does."""
    if not batch:
        return
    for record in batch:
        _ensure_labels(store, record, report)
    digests = [sha256(r.text) if isinstance(r.text, str) else "" for r in batch]
    found = store.find_documents([(r.uid, d) for r, d in zip(batch, digests)])
    run: list[NewDocument] = []
    seen_uids, seen_texts = set(), set()
    for record, digest, doc_id in zip(batch, digests, found):
        # Met earlier in the batch: the same id (a record without one is named by its text's
        # hash, as add_document names it), or, without an id, the same text.
        uid = record.uid if record.uid is not None else digest[:16]
        met = uid in seen_uids or (record.uid is None and digest in seen_texts)
        if doc_id is None and not met and isinstance(record.text, str) and record.text:
            run.append(NewDocument(
                record.text, digest, record.uid, record.title, dict(record.meta),
                _name(record, annotator), [(s.start, s.end, s.label) for s in record.spans],
                record.status, record.where, _sources(record)))
        else:  # finds a stored document (or refuses): never adds one, so `found` holds
            _add_new(store, run, report)
            add_record(store, record, annotator, report)
        seen_uids.add(uid)
        seen_texts.add(digest)
    _add_new(store, run, report)
    batch.clear()


def _add_new(store: Store, run: list[NewDocument], report: ImportReport) -> None:
    """Insert a run of new documents (emptying it)."""
    if run:
        store.add_new_documents(run, report.seen_labels)
        report.documents_added += len(run)
        report.spans_added += sum(len(set(doc.spans)) for doc in run)
        run.clear()


def _sources(record: Record) -> dict | None:
    """The spans' sources where the file names them (else they count as imported)."""
    named = {(s.start, s.end, s.label): s.source for s in record.spans if s.source}
    return named or None


def _runs_by_source(record: Record) -> list[tuple[str, list[tuple[int, int, str]]]]:
    """The spans in file order, in runs of one source (stored in that order, so that their
    ids, and what an export writes, follow the file)."""
    runs: list[tuple[str, list]] = []
    for s in record.spans:
        source = s.source or "imported"
        if not runs or runs[-1][0] != source:
            runs.append((source, []))
        runs[-1][1].append((s.start, s.end, s.label))
    return runs


def _name(record: Record, annotator: str | None, reserved_ok: bool = False) -> str | None:
    """Whose layer the record goes into, checked here for every format (a brat folder's
    name, a Label Studio user, `--annotator`): a reserved layer only in a merge."""
    name = annotator or record.annotator
    if (record.spans or record.relations) and not name:
        name = DEFAULT_ANNOTATOR
    if name is not None:
        check_annotator(name, record.where, reserved_ok=reserved_ok)
    return name


def _ensure_labels(store: Store, record: Record, report: ImportReport) -> None:
    """The record's span labels, added to the project if new (the scheme grows on import)."""
    for label in dict.fromkeys(s.label for s in record.spans).keys() - report.seen_labels:
        try:
            if store.ensure_label(label, "span"):
                report.labels_added.append(label)
        except InvalidInput as e:
            raise e.at(record.where) from None
        report.seen_labels.add(label)


def add_notes(store: Store, doc_id: int, name: str, record: Record, ids: dict) -> None:
    """The record's notes on the document and its spans (`ids`: span key -> stored id). A
    note already there is not doubled; a span's note from the file replaces its older one."""
    have = {(n.text, n.status) for n in store.notes(doc_id, name) if n.span_id is None}
    for note in record.notes:
        if (note["text"], note["status"]) not in have:
            store.add_note(doc_id, name, None, note["text"], note["status"])
            have.add((note["text"], note["status"]))
    for span in record.spans:
        if span.note:
            old = store.note_of(doc_id, name, ids[span.key])
            if old is None:
                store.add_note(doc_id, name, ids[span.key], span.note["text"],
                               span.note["status"])
            elif (old.text, old.status) != (span.note["text"], span.note["status"]):
                store.update_note(old.id, name, span.note["text"], span.note["status"])


def add_record(store: Store, record: Record, annotator: str | None,
               report: ImportReport, reserved_ok: bool = False) -> int:
    try:
        if not record.text:  # (a text of spaces is kept: texts are stored exactly)
            raise InvalidInput("the text is empty (nothing to annotate)")
        try:
            doc_id, created = store.add_document(
                record.text, uid=record.uid, title=record.title, meta=record.meta)
        except InvalidInput:
            found = (store.find_document(record.uid, record.text)
                     if record.uid is not None and report.first_new_id is not None else None)
            if found is not None and found >= report.first_new_id:
                raise InvalidInput(f"id {brief(record.uid)} is given to another text earlier "
                                   "in this import; ids must be unique") from None
            raise
        if created:
            report.documents_added += 1
        else:
            report.documents_existing += 1
        name = _name(record, annotator, reserved_ok)
        if record.attrs and not name:
            name = DEFAULT_ANNOTATOR  # a document's values are somebody's
        ids = {}
        by_position: dict = {}
        values = _has_values(record)
        if record.spans:
            _ensure_labels(store, record, report)
            want_ids = bool(record.relations) or has_notes(record) or values
            for source, spans in _runs_by_source(record):
                by_position, added = store.add_spans(
                    doc_id, name, spans, source=source, known=report.seen_labels,
                    want_ids=want_ids)
                report.spans_added += added
            if want_ids:
                ids = {s.key: by_position[(s.start, s.end, s.label)] for s in record.spans}
        if values:
            _store_values(store, record, doc_id, name, by_position, report)
        known = ({(r.head_span_id, r.child_span_id, r.label) for r in store.relations(doc_id)}
                 if record.relations else set())
        for rel in record.relations:
            if store.ensure_label(rel.label, "relation"):
                report.labels_added.append(rel.label)
            if (ids[rel.head], ids[rel.child], rel.label) not in known:
                store.add_relation(ids[rel.head], ids[rel.child], rel.label, name)
                report.relations_added += 1
        if has_notes(record):
            add_notes(store, doc_id, name or DEFAULT_ANNOTATOR, record,
                      {s.key: ids[s.key] for s in record.spans if s.note})
        # A note alone (no spans, nothing done) does not make the document the annotator's.
        note_only = (has_notes(record) and not record.spans
                     and record.status in (None, "todo"))
        if name and record.status and not note_only:
            store.set_status(doc_id, name, record.status)
        elif name and not note_only:
            store.ensure_status(doc_id, name)
        return doc_id
    except InvalidInput as e:
        raise e.at(record.where) from None
