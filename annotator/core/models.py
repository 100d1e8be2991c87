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
# Annotator names that are not a person's: the adjudicated gold layer.
GOLD = "gold"
RESERVED_LAYERS = (GOLD,)


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


@dataclass(frozen=True)
class Label:
    name: str
    color: str
    key: str | None = None
    description: str = ""
    kind: str = "span"


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
