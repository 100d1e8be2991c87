"""Per-annotator document status, and project figures."""

from __future__ import annotations

from annotator.core.errors import InvalidInput
from annotator.core.models import STATUSES


class StatusMixin:
    # ------------------------------------------------------------ status
    def status(self, doc_id: int, annotator: str) -> str:
        row = self._one(
            "SELECT status FROM doc_status WHERE doc_id = ? AND annotator = ?", [doc_id, annotator]
        )
        return row[0] if row else "todo"

    def status_note(self, doc_id: int, annotator: str) -> str:
        row = self._one(
            "SELECT note FROM doc_status WHERE doc_id = ? AND annotator = ?", [doc_id, annotator]
        )
        return row[0] if row else ""

    def set_status(self, doc_id: int, annotator: str, status: str, note: str = "") -> None:
        if status not in STATUSES:
            raise InvalidInput(f"status must be one of {', '.join(STATUSES)}, not {status!r}")
        self._length(doc_id)
        with self.db.atomic():
            self.db.execute(
                "INSERT INTO doc_status (doc_id, annotator, status, note) VALUES (?, ?, ?, ?) "
                "ON CONFLICT(doc_id, annotator) DO UPDATE SET status = excluded.status, "
                "note = excluded.note, updated = strftime('%Y-%m-%dT%H:%M:%fZ', 'now')",
                [doc_id, annotator, status, note],
            )
            self._log(annotator, "set_status", doc_id, status=status, note=note)

    def status_row(self, doc_id: int, annotator: str) -> tuple[str, str] | None:
        """The recorded (status, note), or None when none is recorded (an untouched
        document: 'todo', and not counted as the annotator's)."""
        return self._one("SELECT status, note FROM doc_status WHERE doc_id = ? AND "
                         "annotator = ?", [doc_id, annotator])

    def restore_status(self, doc_id: int, annotator: str, row: tuple[str, str] | None,
                       by: str) -> None:
        """Put back what `status_row` gave (undo): a status and note, or none at all."""
        if row is not None:
            self.set_status(doc_id, annotator, *row)
            return
        with self.db.atomic():
            self.db.execute("DELETE FROM doc_status WHERE doc_id = ? AND annotator = ?",
                            [doc_id, annotator])
            self._log(by, "clear_status", doc_id, owner=annotator)

    def mark_started(self, doc_id: int, annotator: str) -> None:
        """A span was made: a document to do is now in progress (done or skipped stay)."""
        self.db.execute(
            "INSERT INTO doc_status (doc_id, annotator, status) VALUES (?, ?, 'in_progress') "
            "ON CONFLICT(doc_id, annotator) DO UPDATE SET status = 'in_progress' "
            "WHERE status = 'todo'", [doc_id, annotator])

    def status_counts(self, annotator: str) -> dict[str, int]:
        """How many documents `annotator` has in each status (untouched ones are 'todo')."""
        counts = dict.fromkeys(STATUSES, 0)
        for status, n in self.db.execute(
            "SELECT status, count(*) FROM doc_status WHERE annotator = ? GROUP BY status",
            [annotator],
        ):
            counts[status] = n
        counts["todo"] = self.document_count() - sum(counts.values()) + counts["todo"]
        return counts

    def rejections(self, doc_id: int) -> list[tuple[int, int]]:
        rows = self.db.execute(
            'SELECT start, "end" FROM review_rejections WHERE doc_id = ? ORDER BY start',
            [doc_id])
        return [tuple(row) for row in rows]

    def add_rejection(self, doc_id: int, start: int, end: int, reviewer: str) -> None:
        with self.db.atomic():
            self.db.execute(
                'INSERT INTO review_rejections (doc_id, start, "end", reviewer) '
                "VALUES (?, ?, ?, ?) ON CONFLICT DO NOTHING", [doc_id, start, end, reviewer])
            self._log(reviewer, "reject", doc_id, start=start, end=end)

    def remove_rejection(self, doc_id: int, start: int, end: int, reviewer: str) -> None:
        with self.db.atomic():
            self.db.execute(
                'DELETE FROM review_rejections WHERE doc_id = ? AND start = ? AND "end" = ?',
                [doc_id, start, end])
            self._log(reviewer, "unreject", doc_id, start=start, end=end)

    def ensure_status(self, doc_id: int, annotator: str, status: str = "todo") -> None:
        """Record that `annotator` has this document, unless a status is already recorded."""
        self.db.execute(
            "INSERT INTO doc_status (doc_id, annotator, status) VALUES (?, ?, ?) "
            "ON CONFLICT(doc_id, annotator) DO NOTHING",
            [doc_id, annotator, status],
        )
    # ------------------------------------------------------------- stats
    def stats(self) -> dict:
        spans: dict[str, dict[str, int]] = {}
        for annotator, label, n in self.db.execute(
            "SELECT annotator, label, count(*) FROM spans GROUP BY annotator, label ORDER BY 1, 2"
        ):
            spans.setdefault(annotator, {})[label] = n
        statuses: dict[str, dict[str, int]] = {}
        for annotator, status, n in self.db.execute(
            "SELECT annotator, status, count(*) FROM doc_status GROUP BY 1, 2 ORDER BY 1, 2"
        ):
            statuses.setdefault(annotator, {})[status] = n
        return {
            "project": str(self.path) if self.path else None,
            "documents": self.document_count(),
            "labels": [lb.name for lb in self.labels()],
            "spans": spans,
            "relations": self._one("SELECT count(*) FROM relations")[0],
            "status": statuses,
        }
