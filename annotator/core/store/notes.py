"""Notes: an annotator's short remark on a span or a document, open or resolved."""

from __future__ import annotations

import re

from annotator.core.errors import InvalidInput
from annotator.core.models import NOTE_STATUSES, Note

_COLUMNS = "id, doc_id, annotator, span_id, text, status"
LONGEST = 2000  # characters: a note is a remark, not an essay
# Control characters other than tab and line breaks (NUL would even end the text for SQLite).
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


def check_note(text: object, status: object, where: str | None = None) -> str:
    """A note's text (stripped) if it is one; InvalidInput says why not."""
    if not isinstance(text, str) or not text.strip():
        raise InvalidInput("a note's text must be a non-empty string", where)
    if _CONTROL.search(text):
        raise InvalidInput("a note's text holds a control character", where)
    if len(text) > LONGEST:
        raise InvalidInput(f"a note is at most {LONGEST:,} characters", where)
    if status not in NOTE_STATUSES:
        raise InvalidInput(f"a note's status must be one of {', '.join(NOTE_STATUSES)}", where)
    return text.strip()


class NotesMixin:
    def notes(self, doc_id: int, annotator: str | None = None) -> list[Note]:
        """A document's notes (of one annotator), the document's own first, then by span."""
        sql = f"SELECT {_COLUMNS} FROM notes WHERE doc_id = ?"
        params: list = [doc_id]
        if annotator is not None:
            sql += " AND annotator = ?"
            params.append(annotator)
        rows = self.db.execute(sql + " ORDER BY span_id IS NOT NULL, span_id, id", params)
        return [Note(*row) for row in rows]

    def note_of(self, doc_id: int, annotator: str, span_id: int | None) -> Note | None:
        """The note on span `span_id` (None: the annotator's first note on the document)."""
        if span_id is not None:
            row = self._one(f"SELECT {_COLUMNS} FROM notes WHERE span_id = ?", [span_id])
        else:
            row = self._one(f"SELECT {_COLUMNS} FROM notes WHERE doc_id = ? AND annotator = ? "
                            "AND span_id IS NULL ORDER BY id", [doc_id, annotator])
        return Note(*row) if row else None

    def add_note(self, doc_id: int, annotator: str, span_id: int | None, text: str,
                 status: str = "open") -> Note:
        text = check_note(text, status)
        self._length(doc_id)
        if not annotator:
            raise InvalidInput("a note needs an annotator name")
        if span_id is not None:
            span = self.span(span_id)
            if (span.doc_id, span.annotator) != (doc_id, annotator):
                raise InvalidInput("a note on a span is its annotator's, on its document")
            if self.note_of(doc_id, annotator, span_id) is not None:
                raise InvalidInput("this span has a note already")
        with self.db.atomic():
            cur = self.db.execute(
                "INSERT INTO notes (doc_id, annotator, span_id, text, status) "
                "VALUES (?, ?, ?, ?, ?)", [doc_id, annotator, span_id, text, status])
            self._log(annotator, "add_note", doc_id, note=cur.lastrowid, span=span_id)
        return Note(cur.lastrowid, doc_id, annotator, span_id, text, status)

    def update_note(self, note_id: int, by: str, text: str, status: str) -> Note:
        text = check_note(text, status)
        with self.db.atomic():
            cur = self.db.execute(
                "UPDATE notes SET text = ?, status = ?, "
                "updated = strftime('%Y-%m-%dT%H:%M:%fZ', 'now') WHERE id = ?",
                [text, status, note_id])
            if not cur.rowcount:
                raise KeyError(note_id)
            row = self._one(f"SELECT {_COLUMNS} FROM notes WHERE id = ?", [note_id])
            self._log(by, "update_note", row[1], note=note_id, status=status)
        return Note(*row)

    def restore_note(self, note: Note, by: str) -> None:
        """Put a note back exactly as it was, id included (undo)."""
        with self.db.atomic():
            self.db.execute(f"INSERT INTO notes ({_COLUMNS}) VALUES (?, ?, ?, ?, ?, ?)",
                            list(note))
            self._log(by, "restore_note", note.doc_id, note=note.id)

    def delete_note(self, note_id: int, by: str) -> None:
        with self.db.atomic():
            row = self._one("SELECT doc_id FROM notes WHERE id = ?", [note_id])
            if row is None:
                raise KeyError(note_id)
            self.db.execute("DELETE FROM notes WHERE id = ?", [note_id])
            self._log(by, "delete_note", row[0], note=note_id)

    def has_notes(self) -> bool:
        return self._one("SELECT EXISTS (SELECT 1 FROM notes)")[0] == 1

    def note_counts(self) -> dict[str, int]:
        """{annotator: their notes, open and resolved} (the team's progress counts them)."""
        return dict(self.db.execute("SELECT annotator, count(*) FROM notes GROUP BY 1"))
