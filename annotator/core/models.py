"""The nouns of the product, as frozen dataclasses. Offsets are code points, `end` exclusive.

Span and Relation are NamedTuples instead: a document can hold thousands, read on every
edit, and tuples are made, compared and hashed in C (a 5,000-span document's spans load
several times faster than as dataclasses)."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import NamedTuple

STATUSES = ("todo", "in_progress", "done", "skipped")
SOURCES = ("manual", "imported", "suggested", "gold")
LABEL_KINDS = ("span", "relation")
NOTE_STATUSES = ("open", "resolved")
# The document list's filter for documents with an open note (anyone's), beside the statuses.
OPEN_NOTES = "open_notes"
# Annotator names that are not a person's: the adjudicated gold layer, and the suggestions
# (kept apart from every layer; the name is the one their export writes).
GOLD = "gold"
SUGGESTIONS = "suggestions"
RESERVED_LAYERS = (GOLD, SUGGESTIONS)


@dataclass(frozen=True)
class Document:
    id: int
    uid: str
    title: str
    text: str
    meta: dict = field(default_factory=dict, compare=False, hash=False)


@dataclass(frozen=True)
class DocumentSummary:
    """What a list of documents needs, without the text."""

    id: int
    uid: str
    title: str
    length: int


@dataclass(frozen=True)
class DocumentRow:
    """One line of an annotator's document list."""

    id: int
    uid: str
    title: str
    status: str
    spans: int
    outlet: str | None = None  # news: the site that published it (meta)
    date: str | None = None  # news: its publication date (meta)
    duplicate_of: str | None = None  # the uid of the document this one copies


@dataclass(frozen=True)
class Attribute:
    """A property a span of a label (or a document) may be given one value of: CLAIM's
    `quote` is direct, indirect or mixed."""

    name: str
    values: tuple[str, ...]


@dataclass(frozen=True)
class Label:
    """A span label, or a relation label. A relation label may say which span labels its head
    and its child take (SAID: SPEAKER, PERSON or ORG -> CLAIM); an empty side takes any."""

    name: str
    color: str
    key: str | None = None
    description: str = ""
    kind: str = "span"
    heads: tuple[str, ...] = ()
    children: tuple[str, ...] = ()
    attributes: tuple[Attribute, ...] = ()  # a span label's, in the order keys reach them

    def attribute(self, name: str) -> Attribute | None:
        return next((a for a in self.attributes if a.name == name), None)

    def fits(self, head_label: str, child_label: str) -> bool:
        """Whether a relation of this label may join a `head_label` span to a
        `child_label` span."""
        return ((not self.heads or head_label in self.heads)
                and (not self.children or child_label in self.children))

    @property
    def constrained(self) -> bool:
        return bool(self.heads or self.children)

    def rule(self) -> str:
        """The constraint as a person reads it: "SPEAKER/PERSON/ORG → CLAIM"."""
        return f"{'/'.join(self.heads) or 'any span'} → {'/'.join(self.children) or 'any span'}"


class Span(NamedTuple):
    id: int
    doc_id: int
    annotator: str
    start: int
    end: int
    label: str
    source: str = "manual"


class Relation(NamedTuple):
    id: int
    doc_id: int
    annotator: str
    head_span_id: int
    child_span_id: int
    label: str


class Note(NamedTuple):
    """An annotator's note on a span (`span_id`) or on the whole document (`span_id` None)."""

    id: int
    doc_id: int
    annotator: str
    span_id: int | None
    text: str
    status: str = "open"


class StoredSuggestion(NamedTuple):
    """A suggestion as the project keeps it: a proposed span of one source on one document.
    Never an annotation; accepting it makes a Span of the annotator's."""

    id: int
    doc_id: int
    source: str
    start: int
    end: int
    label: str
    score: float = 1.0
    attrs: str = "{}"  # JSON object of attribute values the source filled

    @property
    def key(self) -> tuple[int, int, str]:
        return self.start, self.end, self.label


class StoredLink(NamedTuple):
    """A suggested relation between two stored suggestions (by their ids)."""

    id: int
    doc_id: int
    source: str
    head_id: int
    child_id: int
    label: str
    score: float = 1.0
