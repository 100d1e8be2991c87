"""One module per file format; registry.py lists them all (name, endings, reader, writer,
what each loses). Readers yield `Record`s; writers take our JSONL lines."""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass
class RecordSpan:
    start: int
    end: int
    label: str
    text: str | None = None  # the span's text as the file gives it, checked against the document
    key: object = None  # the file's own id for the span, which its relations name
    source: str | None = None  # where the span came from, if the file says (else "imported")
    note: dict | None = None  # the annotator's note on it: {"text", "status"}
    attrs: dict[str, str] | None = None  # its attributes' values (CLAIM quote: direct)


@dataclass
class RecordRelation:
    head: object  # a RecordSpan key
    child: object
    label: str


@dataclass
class Record:
    """One document as read from a file, with what one annotator did on it."""

    where: str  # FILE:LINE (or FILE) for messages
    text: str
    uid: str | None = None
    title: str | None = None
    meta: dict = field(default_factory=dict)
    annotator: str | None = None
    status: str | None = None
    spans: list[RecordSpan] = field(default_factory=list)
    relations: list[RecordRelation] = field(default_factory=list)
    notes: list[dict] = field(default_factory=list)  # on the document: {"text", "status"}
    attrs: dict[str, str] = field(default_factory=dict)  # the document's attributes' values
    # What the reader mapped or could not keep, by what it is (e.g. "notes (# lines)": 2),
    # for the import summary.
    counts: dict[str, int] = field(default_factory=dict)
    # brat events read as relations: event type (a span label) -> its roles (relation labels).
    events: dict[str, set[str]] = field(default_factory=dict)
    # Not a document: a page without article text, passed over (its counts still count).
    skipped: bool = False
    # News coming in (web pages, crawls, tables) is checked for copies of other documents:
    # its readers give each record the fingerprint finding them needs (news/duplicates.py),
    # made where the text was extracted (a worker process). Other formats' records (an
    # export read back) are taken as they are.
    fingerprint: object = None
