"""Reversible edits. The undo stack runs them; each `do`/`undo` is one committed transaction.

A command remembers what it needs to put things back exactly (a deleted span keeps its id and
its relations), so undo and redo can go back and forth any number of times.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from annotator.core.models import Note, Relation, Span
from annotator.core.store import Store
from annotator.core.wording import shorten


class Command:
    doc_id: int
    text: str = ""

    @property
    def span_ids(self) -> set[int] | None:
        """The spans doing or undoing this may add, change or remove; None: can't say."""
        return None

    def do(self, store: Store, by: str) -> None:
        raise NotImplementedError

    def undo(self, store: Store, by: str) -> None:
        raise NotImplementedError


@dataclass
class AddSpan(Command):
    doc_id: int
    annotator: str
    start: int
    end: int
    label: str
    snippet: str = ""
    span: Span | None = None
    source: str = "manual"
    status_before: tuple[str, str] | None = field(default=None, repr=False)

    @property
    def text(self) -> str:
        return f"Add {self.label} “{shorten(self.snippet, 24)}”"

    @property
    def span_ids(self) -> set[int] | None:
        return {self.span.id} if self.span is not None else None

    def do(self, store: Store, by: str) -> None:
        # A first span makes the document "in progress"; undo makes it what it was.
        self.status_before = store.status_row(self.doc_id, self.annotator)
        if self.span is None:
            self.span = store.add_span(self.doc_id, self.annotator, self.start, self.end,
                                       self.label, self.source)
        else:
            store.restore_span(self.span, by)

    def undo(self, store: Store, by: str) -> None:
        store.delete_span(self.span.id, by)
        store.restore_status(self.doc_id, self.annotator, self.status_before, by)


@dataclass
class DeleteSpan(Command):
    span: Span
    snippet: str = ""
    relations: list[Relation] = field(default_factory=list)
    note: Note | None = None  # the span's note goes with it, and comes back on undo
    attributes: dict[str, str] = field(default_factory=dict)

    @property
    def doc_id(self) -> int:
        return self.span.doc_id

    @property
    def text(self) -> str:
        return f"Delete {self.span.label} “{shorten(self.snippet, 24)}”"

    @property
    def span_ids(self) -> set[int]:
        return {self.span.id}

    def do(self, store: Store, by: str) -> None:
        self.relations = store.relations_of_span(self.span.id)
        self.note = store.note_of(self.span.doc_id, self.span.annotator, self.span.id)
        self.attributes = store.span_attributes(self.span.id)
        store.delete_span(self.span.id, by)

    def undo(self, store: Store, by: str) -> None:
        store.restore_span(self.span, by)
        for relation in self.relations:
            store.restore_relation(relation, by)
        if self.note is not None:
            store.restore_note(self.note, by)
        if self.attributes:
            store.set_span_attributes(self.span.id, self.attributes, by)


@dataclass
class ChangeSpan(Command):
    before: Span
    after: Span
    verb: str = "Change"
    attributes: dict[str, str] = field(default_factory=dict)  # its values before a relabel

    @property
    def doc_id(self) -> int:
        return self.before.doc_id

    @property
    def text(self) -> str:
        if self.before.label != self.after.label:
            return f"Relabel {self.before.label} as {self.after.label}"
        return f"{self.verb} {self.after.label}"

    @property
    def span_ids(self) -> set[int]:
        return {self.before.id}

    def _apply(self, store: Store, by: str, span: Span) -> None:
        store.update_span(span.id, by, start=span.start, end=span.end, label=span.label)

    def do(self, store: Store, by: str) -> None:
        self._apply(store, by, self.after)
        if self.before.label != self.after.label:  # values the new label has no use for go
            self.attributes = store.span_attributes(self.before.id)
            label = next((lb for lb in store.labels("span") if lb.name == self.after.label))
            store.set_span_attributes(self.before.id, {
                name: value for name, value in self.attributes.items()
                if (a := label.attribute(name)) is not None and value in a.values}, by)

    def undo(self, store: Store, by: str) -> None:
        self._apply(store, by, self.before)
        if self.attributes:
            store.set_span_attributes(self.before.id, self.attributes, by)


@dataclass
class SetSpanAttribute(Command):
    """Give a span a value of one of its attributes (None: take it away)."""

    span_ids = frozenset()  # the span's extent and label stay
    span: Span
    name: str
    value: str | None
    before: str | None = None

    @property
    def doc_id(self) -> int:
        return self.span.doc_id

    @property
    def text(self) -> str:
        return (f"Set {self.span.label} {self.name}: {self.value}" if self.value is not None
                else f"Clear {self.span.label} {self.name}")

    def do(self, store: Store, by: str) -> None:
        self.before = store.span_attributes(self.span.id).get(self.name)
        store.set_span_attribute(self.span.id, self.name, self.value, by)

    def undo(self, store: Store, by: str) -> None:
        store.set_span_attribute(self.span.id, self.name, self.before, by)


@dataclass
class SetDocumentAttribute(Command):
    """Give a document a value of one of its attributes in one layer (None: take it away)."""

    span_ids = frozenset()  # no span changes
    doc_id: int
    annotator: str
    name: str
    value: str | None
    before: str | None = None
    status_before: tuple[str, str] | None = field(default=None, repr=False)

    @property
    def text(self) -> str:
        return (f"Set document {self.name}: {self.value}" if self.value is not None
                else f"Clear document {self.name}")

    def do(self, store: Store, by: str) -> None:
        self.status_before = store.status_row(self.doc_id, self.annotator)
        self.before = store.document_values(self.doc_id, self.annotator).get(self.name)
        store.set_document_value(self.doc_id, self.annotator, self.name, self.value, by)

    def undo(self, store: Store, by: str) -> None:
        store.set_document_value(self.doc_id, self.annotator, self.name, self.before, by)
        store.restore_status(self.doc_id, self.annotator, self.status_before, by)


@dataclass
class CopySpanAttributes(Command):
    """Give `target`'s spans the values chosen for them: (start, end, label) -> values
    (accepting a version into gold brings its values along)."""

    span_ids = frozenset()  # no span changes
    doc_id: int
    target: str
    values: dict[tuple[int, int, str], dict[str, str]]
    before: dict[int, dict[str, str]] = field(default_factory=dict)

    @property
    def text(self) -> str:
        return "Copy attributes"

    def do(self, store: Store, by: str) -> None:
        self.before = {}
        for key, values in self.values.items():
            span = store.find_span(self.doc_id, self.target, *key)
            if span is not None:
                self.before[span.id] = store.span_attributes(span.id)
                store.set_span_attributes(span.id, values, by)

    def undo(self, store: Store, by: str) -> None:
        for span_id, values in self.before.items():
            store.set_span_attributes(span_id, values, by)


@dataclass
class AddRelation(Command):
    span_ids = frozenset()  # no span changes
    head: Span
    child: Span
    label: str
    relation: Relation | None = None

    @property
    def doc_id(self) -> int:
        return self.child.doc_id

    @property
    def text(self) -> str:
        return f"Link {self.child.label} to {self.head.label} ({self.label})"

    def do(self, store: Store, by: str) -> None:
        if self.relation is None:
            self.relation = store.add_relation(self.head.id, self.child.id, self.label, by)
        else:
            store.restore_relation(self.relation, by)

    def undo(self, store: Store, by: str) -> None:
        store.delete_relation(self.relation.id, by)


@dataclass
class ChangeRelation(Command):
    span_ids = frozenset()  # no span changes
    before: Relation
    after: Relation

    @property
    def doc_id(self) -> int:
        return self.before.doc_id

    @property
    def text(self) -> str:
        return f"Relabel {self.before.label} link as {self.after.label}"

    def do(self, store: Store, by: str) -> None:
        store.set_relation_label(self.before.id, self.after.label, by)

    def undo(self, store: Store, by: str) -> None:
        store.set_relation_label(self.before.id, self.before.label, by)


@dataclass
class DeleteRelation(Command):
    span_ids = frozenset()  # no span changes
    relation: Relation

    @property
    def doc_id(self) -> int:
        return self.relation.doc_id

    @property
    def text(self) -> str:
        return f"Remove {self.relation.label} link"

    def do(self, store: Store, by: str) -> None:
        store.delete_relation(self.relation.id, by)

    def undo(self, store: Store, by: str) -> None:
        store.restore_relation(self.relation, by)


@dataclass
class SetStatus(Command):
    span_ids = frozenset()  # no span changes
    doc_id: int
    annotator: str
    status: str
    note: str = ""
    before: tuple[str, str] | None = None  # None: no status was recorded

    @property
    def text(self) -> str:
        return {"done": "Mark done", "skipped": "Skip document"}.get(
            self.status, f"Mark {self.status.replace('_', ' ')}")

    def do(self, store: Store, by: str) -> None:
        self.before = store.status_row(self.doc_id, self.annotator)
        store.set_status(self.doc_id, self.annotator, self.status, self.note)

    def undo(self, store: Store, by: str) -> None:
        store.restore_status(self.doc_id, self.annotator, self.before, by)


@dataclass
class SetNote(Command):
    """Write, change, resolve or (with no text) remove the note on a span or a document."""

    span_ids = frozenset()  # no span changes
    doc_id: int
    annotator: str
    span_id: int | None  # None: the document's note
    words: str  # the note's text; "" removes the note
    status: str = "open"
    what: str = "the document"  # what the note is on, for the Edit menu
    before: Note | None = None
    after: Note | None = None

    @property
    def text(self) -> str:
        if not self.words:
            return f"Remove note on {self.what}"
        if self.before is not None and self.before.status != self.status:
            return f"{'Resolve' if self.status == 'resolved' else 'Reopen'} note on {self.what}"
        return f"Note on {self.what}"

    def do(self, store: Store, by: str) -> None:
        self.before = store.note_of(self.doc_id, self.annotator, self.span_id)
        if self.before is None:
            if self.after is not None:  # redo: the same note, id and all
                store.restore_note(self.after, by)
            else:
                self.after = store.add_note(self.doc_id, self.annotator, self.span_id,
                                            self.words, self.status)
        elif self.words:
            self.after = store.update_note(self.before.id, by, self.words, self.status)
        else:
            store.delete_note(self.before.id, by)
            self.after = None

    def undo(self, store: Store, by: str) -> None:
        if self.before is None:
            store.delete_note(self.after.id, by)
        elif self.after is None:
            store.restore_note(self.before, by)
        else:
            store.update_note(self.before.id, by, self.before.text, self.before.status)


@dataclass
class Reject(Command):
    """A reviewer's decision that a stretch of the document has nothing in the gold layer."""

    span_ids = frozenset()  # no span changes
    doc_id: int
    start: int
    end: int

    @property
    def text(self) -> str:
        return "Reject"

    def do(self, store: Store, by: str) -> None:
        store.add_rejection(self.doc_id, self.start, self.end, by)

    def undo(self, store: Store, by: str) -> None:
        store.remove_rejection(self.doc_id, self.start, self.end, by)


@dataclass
class CopyRelations(Command):
    """Give `target`'s layer the relations other annotators drew between spans that `target`
    now has too (same start, end and label), where one end is a span just `accepted`:
    accepting a claim and its speaker into gold brings their link along (and a link the
    reviewer deleted does not come back when something else is accepted)."""

    span_ids = frozenset()  # no span changes
    doc_id: int
    target: str
    accepted: set[tuple[int, int, str]]  # (start, end, label): only links touching these
    added: list[int] = field(default_factory=list)

    @property
    def text(self) -> str:
        return "Copy relations"

    def do(self, store: Store, by: str) -> None:
        spans = {s.id: s for s in store.spans(self.doc_id)}
        mine = {(s.start, s.end, s.label): s.id for s in spans.values()
                if s.annotator == self.target}
        relations = store.relations(self.doc_id)
        have = {(r.head_span_id, r.child_span_id, r.label) for r in relations
                if r.annotator == self.target}
        self.added = []
        for r in relations:
            head, child = spans[r.head_span_id], spans[r.child_span_id]
            key = (mine.get((head.start, head.end, head.label)),
                   mine.get((child.start, child.end, child.label)), r.label)
            touches = {(head.start, head.end, head.label),
                       (child.start, child.end, child.label)} & self.accepted
            if r.annotator != self.target and touches and None not in key and key not in have:
                have.add(key)
                self.added.append(store.add_relation(*key, by).id)

    def undo(self, store: Store, by: str) -> None:
        for relation_id in self.added:
            store.delete_relation(relation_id, by)


@dataclass
class Batch(Command):
    """Several commands done and undone as one (e.g. accepting a version of two spans)."""

    name: str
    commands: list[Command]

    @property
    def doc_id(self) -> int:
        return self.commands[0].doc_id

    @property
    def text(self) -> str:
        return self.name

    @property
    def span_ids(self) -> set[int] | None:
        parts = [command.span_ids for command in self.commands]
        return None if None in parts else set().union(*parts)

    def do(self, store: Store, by: str) -> None:
        for command in self.commands:
            command.do(store, by)

    def undo(self, store: Store, by: str) -> None:
        for command in reversed(self.commands):
            command.undo(store, by)
