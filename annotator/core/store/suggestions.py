"""Suggestions: what sources propose for a document, kept apart from every annotator's layer,
and the suggestions each annotator rejected (by extent and label, so a source run again does
not bring them back). Nothing here is counted, exported or compared as an annotation."""

from __future__ import annotations

import math

import orjson

from annotator.core.models import StoredLink, StoredSuggestion

_COLUMNS = 'id, doc_id, source, start, "end", label, score, attrs'


class SuggestionsMixin:
    def replace_suggestions(self, doc_id: int, source: str, proposal, known: set[str] | None
                            = None) -> tuple[int, int]:
        """Store what `source` proposes for a document (a suggest.Proposal), in place of what
        it proposed before. Suggestions outside the text, or with a span label the project
        does not have, are left out (their links too). Returns (stored, left out)."""
        length = self._length(doc_id)
        if known is None:
            known = {lb.name for lb in self.labels("span")}
        relations = {lb.name for lb in self.labels("relation")}
        with self.db.atomic():
            self.db.execute("DELETE FROM suggestions WHERE doc_id = ? AND source = ?",
                            [doc_id, source])
            ids: dict[int, int] = {}
            seen: dict[tuple[int, int, str], int] = {}
            for i, s in enumerate(proposal.spans):
                if not (isinstance(s.start, int) and isinstance(s.end, int)
                        and 0 <= s.start < s.end <= length and s.label in known):
                    continue
                key = (s.start, s.end, s.label)
                if key in seen:  # one source, the same span twice: one suggestion
                    ids[i] = seen[key]
                    continue
                score = float(s.score) if math.isfinite(s.score) else 1.0
                cur = self.db.execute(
                    'INSERT INTO suggestions (doc_id, source, start, "end", label, score, '
                    "attrs) VALUES (?, ?, ?, ?, ?, ?, ?)",
                    [doc_id, source, s.start, s.end, s.label, score,
                     orjson.dumps(dict(s.attrs)).decode()])
                ids[i] = seen[key] = cur.lastrowid
            links = {(ids[k.head], ids[k.child], k.label): k for k in proposal.links
                     if k.head in ids and k.child in ids and ids[k.head] != ids[k.child]
                     and k.label in relations}
            self.db.conn.executemany(
                "INSERT INTO suggested_links (doc_id, source, head_id, child_id, label, score) "
                "VALUES (?, ?, ?, ?, ?, ?)",
                [(doc_id, source, h, c, label, float(k.score))
                 for (h, c, label), k in links.items()])
        return len(seen), len(proposal.spans) - len(ids)

    def suggestions(self, doc_id: int, sources: set[str] | None = None
                    ) -> list[StoredSuggestion]:
        """A document's suggestions (of these sources), in reading order."""
        rows = self.db.execute(
            f"SELECT {_COLUMNS} FROM suggestions WHERE doc_id = ? "
            'ORDER BY start, "end" DESC, id', [doc_id])
        return [s for s in map(StoredSuggestion._make, rows)
                if sources is None or s.source in sources]

    def suggested_links(self, doc_id: int) -> list[StoredLink]:
        rows = self.db.execute(
            "SELECT id, doc_id, source, head_id, child_id, label, score FROM suggested_links "
            "WHERE doc_id = ? ORDER BY id", [doc_id])
        return list(map(StoredLink._make, rows))

    def suggestion_sources(self) -> list[str]:
        """The sources with suggestions stored in the project."""
        return [row[0] for row in self.db.execute(
            "SELECT DISTINCT source FROM suggestions ORDER BY source")]

    def suggestion_documents(self) -> list[int]:
        """Documents that have suggestions."""
        return [row[0] for row in self.db.execute(
            "SELECT DISTINCT doc_id FROM suggestions ORDER BY doc_id")]

    # ---------------------------------------------------------- rejections
    def suggestion_rejections(self, doc_id: int, annotator: str) -> set[tuple[int, int, str]]:
        return set(self.db.execute(
            'SELECT start, "end", label FROM suggestion_rejections WHERE doc_id = ? AND '
            "annotator = ?", [doc_id, annotator]).fetchall())

    def reject_suggestion(self, doc_id: int, annotator: str, start: int, end: int,
                          label: str) -> None:
        with self.db.atomic():
            self.db.execute(
                'INSERT INTO suggestion_rejections (doc_id, annotator, start, "end", label) '
                "VALUES (?, ?, ?, ?, ?) ON CONFLICT DO NOTHING",
                [doc_id, annotator, start, end, label])
            self._log(annotator, "reject_suggestion", doc_id, start=start, end=end, label=label)

    def unreject_suggestion(self, doc_id: int, annotator: str, start: int, end: int,
                            label: str, by: str) -> None:
        with self.db.atomic():
            self.db.execute(
                "DELETE FROM suggestion_rejections WHERE doc_id = ? AND annotator = ? AND "
                'start = ? AND "end" = ? AND label = ?', [doc_id, annotator, start, end, label])
            self._log(by, "unreject_suggestion", doc_id, start=start, end=end, label=label)
