"""Spans and relations; offsets are checked on every write."""

from __future__ import annotations

import bisect
import sqlite3
from itertools import islice
from operator import lt

import orjson

from annotator.core.errors import InvalidInput
from annotator.core.models import Relation, Span
from annotator.core.store.bulk import check_offsets

_SPAN_COLUMNS = 'id, doc_id, annotator, start, "end", label, source'
_RELATION_COLUMNS = "id, doc_id, annotator, head_span_id, child_span_id, label"


def _reading_order(span: Span) -> tuple[int, int, int]:
    """The order of `spans`: by start, outer (longer) first, then oldest first."""
    return span.start, -span.end, span.id


def _packed_order(span: list) -> tuple[int, int, int]:
    """The same order for a packed span [start, end, label, source, id]."""
    return span[0], -span[1], span[4]


def _in_reading_order(layer: list[list]) -> list[list]:
    """Packed spans sorted in reading order. SQLite hands them over in its index's order
    (by start, end, label), which is reading order when no two spans start together: that is
    checked (at C speed), never assumed."""
    starts = [span[0] for span in layer]
    if not all(map(lt, starts, islice(starts, 1, None))):  # (strictly rising: none together)
        layer.sort(key=_packed_order)
    return layer


class SpansMixin:
    # ------------------------------------------------------------- spans
    def _check_span(self, doc_id: int, annotator: str, start: int, end: int, label: str) -> None:
        length = self._length(doc_id)
        for value in (start, end):
            if isinstance(value, bool) or not isinstance(value, int):
                raise InvalidInput("span offsets must be whole numbers")
        if not 0 <= start < end <= length:
            raise InvalidInput(
                f"span [{start}, {end}) is outside the document (0 to {length}) or empty"
            )
        if not annotator:
            raise InvalidInput("a span needs an annotator name")
        self._check_label(label, "span")

    def add_span(
        self, doc_id: int, annotator: str, start: int, end: int, label: str,
        source: str = "manual",
    ) -> Span:
        """Store a span; returns it (an identical existing span is returned as it is)."""
        self._check_span(doc_id, annotator, start, end, label)
        with self.db.atomic():
            cur = self.db.execute(
                'INSERT INTO spans (doc_id, annotator, start, "end", label, source) '
                "VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT DO NOTHING",
                [doc_id, annotator, start, end, label, source],
            )
            if cur.rowcount:
                span = Span(cur.lastrowid, doc_id, annotator, start, end, label, source)
                self._log(annotator, "add_span", doc_id, span=span.id, start=start, end=end,
                          label=label)
                self.mark_started(doc_id, annotator)
                return span
        return self.find_span(doc_id, annotator, start, end, label)

    def add_spans(self, doc_id: int, annotator: str, spans: list[tuple[int, int, str]],
                  source: str = "imported", known: set[str] | None = None,
                  want_ids: bool = True) -> tuple[dict[tuple[int, int, str], int], int]:
        """Store many spans of one document at once (imports). Returns the id of every
        (start, end, label) of this annotator on the document (if `want_ids`), and how many
        were new. `known`: the span labels, if the caller has them already."""
        length = self._length(doc_id)
        if not annotator:
            raise InvalidInput("a span needs an annotator name")
        if known is None:
            known = {name for (name,) in self.db.execute(
                "SELECT name FROM labels WHERE kind = 'span'")}
        check_offsets(spans, length, known)
        with self.db.atomic():
            cur = self.db.conn.executemany(
                'INSERT INTO spans (doc_id, annotator, start, "end", label, source) '
                "VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT DO NOTHING",
                [(doc_id, annotator, s, e, lab, source) for s, e, lab in spans])
            added = max(cur.rowcount, 0)
            if added:
                self._log(annotator, "add_spans", doc_id, count=added, source=source)
                self.ensure_status(doc_id, annotator, "in_progress")
        if not want_ids:
            return {}, added
        ids = {(s, e, lab): i for i, s, e, lab in self.db.execute(
            'SELECT id, start, "end", label FROM spans WHERE doc_id = ? AND annotator = ?',
            [doc_id, annotator])}
        return ids, added

    def find_span(self, doc_id: int, annotator: str, start: int, end: int,
                  label: str) -> Span | None:
        row = self._one(
            f"SELECT {_SPAN_COLUMNS} FROM spans WHERE doc_id = ? AND annotator = ? "
            'AND start = ? AND "end" = ? AND label = ?',
            [doc_id, annotator, start, end, label],
        )
        return Span(*row) if row else None

    def restore_span(self, span: Span, by: str) -> None:
        """Put back a span exactly as it was, id included (undo of a delete, redo of an add)."""
        self._check_span(span.doc_id, span.annotator, span.start, span.end, span.label)
        with self.db.atomic():
            self.db.execute(
                f"INSERT INTO spans ({_SPAN_COLUMNS}) VALUES (?, ?, ?, ?, ?, ?, ?)",
                [span.id, span.doc_id, span.annotator, span.start, span.end, span.label,
                 span.source],
            )
            self.mark_started(span.doc_id, span.annotator)
            self._log(by, "restore_span", span.doc_id, span=span.id, start=span.start,
                      end=span.end, label=span.label)

    def update_span(self, span_id: int, by: str, *, start: int | None = None,
                    end: int | None = None, label: str | None = None) -> Span:
        """Move a span's boundaries or change its label; returns the span as it now is."""
        old = self.span(span_id)
        new = Span(old.id, old.doc_id, old.annotator,
                   old.start if start is None else start, old.end if end is None else end,
                   old.label if label is None else label, old.source)
        self._check_span(new.doc_id, new.annotator, new.start, new.end, new.label)
        try:
            with self.db.atomic():
                self.db.execute(
                    'UPDATE spans SET start = ?, "end" = ?, label = ?, '
                    "updated = strftime('%Y-%m-%dT%H:%M:%fZ', 'now') WHERE id = ?",
                    [new.start, new.end, new.label, span_id],
                )
                self._log(by, "update_span", new.doc_id, span=span_id, start=new.start,
                          end=new.end, label=new.label, was=[old.start, old.end, old.label])
        except sqlite3.IntegrityError:
            raise InvalidInput("an identical span is already there") from None
        return new

    def delete_span(self, span_id: int, by: str) -> None:
        """Delete a span and the relations that use it."""
        span = self.span(span_id)
        with self.db.atomic():
            self.db.execute("DELETE FROM spans WHERE id = ?", [span_id])
            self._log(by, "delete_span", span.doc_id, span=span_id, start=span.start,
                      end=span.end, label=span.label, owner=span.annotator)

    def clear_layer(self, doc_id: int, annotator: str) -> None:
        """Remove one annotator's spans, relations, notes and status on one document."""
        with self.db.atomic():
            self.db.execute("DELETE FROM notes WHERE doc_id = ? AND annotator = ?",
                            [doc_id, annotator])
            self.db.execute("DELETE FROM spans WHERE doc_id = ? AND annotator = ?",
                            [doc_id, annotator])
            self.db.execute("DELETE FROM doc_status WHERE doc_id = ? AND annotator = ?",
                            [doc_id, annotator])
            self.db.execute("DELETE FROM document_attributes WHERE doc_id = ? AND annotator = ?",
                            [doc_id, annotator])
            self._log(annotator, "clear_layer", doc_id)

    def span(self, span_id: int) -> Span:
        row = self._one(f"SELECT {_SPAN_COLUMNS} FROM spans WHERE id = ?", [span_id])
        if row is None:
            raise KeyError(span_id)
        return Span(*row)

    _spans_memo: tuple[tuple, list[Span]] | None = None

    def change_key(self) -> tuple[int, int]:
        """Changes whenever anything is written, by this connection or another."""
        conn = self.db.conn
        return conn.total_changes, conn.execute("PRAGMA data_version").fetchone()[0]

    def spans(self, doc_id: int, annotator: str | None = None) -> list[Span]:
        """A document's spans (of one annotator) in reading order, outer first.

        The editor asks on every caret move and edit; the last answer is kept while nothing
        was written since (change_key), and only outside a transaction, so a rollback cannot
        leave a stale answer. After an edit, `spans_changed` brings it up to date."""
        conn = self.db.conn
        key = (doc_id, annotator, *self.change_key())
        if self._spans_memo is not None and self._spans_memo[0] == key:
            return list(self._spans_memo[1])
        sql = f"SELECT {_SPAN_COLUMNS} FROM spans WHERE doc_id = ?"
        params: list = [doc_id]
        if annotator is not None:
            sql += " AND annotator = ?"
            params.append(annotator)
        rows = conn.execute(sql + ' ORDER BY start, "end" DESC, id', params)
        spans = list(map(Span._make, rows))
        self._spans_memo = None if conn.in_transaction else (key, spans)
        return list(spans)

    def spans_changed(self, span_ids: set[int] | None, since: tuple[int, int]) -> None:
        """An edit that started at change key `since` added, changed or removed only these
        spans (None: it cannot say): re-read just those into the kept answer of `spans`, so
        an edit on a document of thousands of spans does not read them all again."""
        memo, self._spans_memo = self._spans_memo, None
        if memo is None or span_ids is None or len(span_ids) > 500 or memo[0][2:] != since \
                or self.db.conn.in_transaction:  # (many spans: reading them all is as quick)
            return
        (doc_id, annotator, *_), spans = memo
        ids = list(span_ids)
        sql = f"SELECT {_SPAN_COLUMNS} FROM spans WHERE id IN ({', '.join('?' * len(ids))})"
        fresh = [span for span in map(Span._make, self.db.conn.execute(sql, ids))
                 if span.doc_id == doc_id and annotator in (None, span.annotator)]
        spans = [span for span in spans if span.id not in span_ids]
        for span in fresh:
            bisect.insort(spans, span, key=_reading_order)
        self._spans_memo = ((doc_id, annotator, *self.change_key()), spans)

    def annotators(self, doc_id: int | None = None) -> list[str]:
        """Annotators with spans or a status (on one document, or anywhere)."""
        where = "WHERE doc_id = ?" if doc_id is not None else ""
        params = [doc_id, doc_id] if doc_id is not None else []
        rows = self.db.execute(
            f"SELECT annotator FROM spans {where} UNION SELECT annotator FROM doc_status {where} "
            "ORDER BY 1", params,
        )
        return [row[0] for row in rows]

    def layer_rows(self, doc_id: int) -> tuple[list[tuple], list[tuple], dict[str, str]]:
        """Everything annotated on one document as plain rows: spans (annotator, id, start,
        end, label, source) in reading order, relations (annotator, head, child, label) in
        order of creation, and {annotator: status}."""
        layers, relations, statuses = self.layers_between(doc_id, doc_id)
        spans = [(name, span_id, start, end, label, source)
                 for _, name, layer in layers for start, end, label, source, span_id in layer]
        return (spans, [row[1:] for row in relations],
                {name: status for _, name, status in statuses})

    def layers_between(self, first: int, last: int) -> tuple[list, list[tuple], list[tuple]]:
        """What is annotated on the documents whose id is from `first` to `last`, in three
        queries (an export reads a batch of documents at a time), in document order:
        span layers (doc_id, annotator, [[start, end, label, source, id], ...] in reading
        order), relations (doc_id, annotator, head, child, label) in order of creation, and
        statuses (doc_id, annotator, status).

        SQLite packs each layer's spans as one JSON array, read back by orjson: a Python
        tuple per span row costs more than the rest of an export's work on it."""
        run = self.db.conn.execute  # (the plain connection: fewer Python calls per row)
        loads = orjson.loads
        layers = [(doc_id, name, _in_reading_order(loads(packed))) for doc_id, name, packed in run(
            'SELECT doc_id, annotator, json_group_array(json_array(start, "end", label, source, '
            "id)) FROM spans WHERE doc_id BETWEEN ? AND ? GROUP BY doc_id, annotator "
            "ORDER BY doc_id, annotator", (first, last))]
        relations = run("SELECT doc_id, annotator, head_span_id, child_span_id, label "
                        "FROM relations WHERE doc_id BETWEEN ? AND ? ORDER BY doc_id, id",
                        (first, last)).fetchall()
        statuses = run("SELECT doc_id, annotator, status FROM doc_status "
                       "WHERE doc_id BETWEEN ? AND ? ORDER BY doc_id",
                       (first, last)).fetchall()
        return layers, relations, statuses

    # --------------------------------------------------------- relations
    def add_relation(self, head_span_id: int, child_span_id: int, label: str,
                     annotator: str) -> Relation:
        head, child = self.span(head_span_id), self.span(child_span_id)
        if head.doc_id != child.doc_id or head.annotator != child.annotator:
            raise InvalidInput("a relation joins two spans of the same document and annotator")
        if head.id == child.id:
            raise InvalidInput("a relation joins two different spans")
        self._check_label(label, "relation")
        with self.db.atomic():
            cur = self.db.execute(
                "INSERT INTO relations (doc_id, annotator, head_span_id, child_span_id, label) "
                "VALUES (?, ?, ?, ?, ?) ON CONFLICT DO NOTHING",
                [head.doc_id, head.annotator, head.id, child.id, label],
            )
            if cur.rowcount:
                self._log(annotator, "add_relation", head.doc_id, relation=cur.lastrowid,
                          head=head.id, child=child.id, label=label)
        row = self._one(
            "SELECT id FROM relations WHERE head_span_id = ? AND child_span_id = ? AND label = ?",
            [head.id, child.id, label],
        )
        return Relation(row[0], head.doc_id, head.annotator, head.id, child.id, label)

    def restore_relation(self, relation: Relation, by: str) -> None:
        with self.db.atomic():
            self.db.execute(
                f"INSERT INTO relations ({_RELATION_COLUMNS}) VALUES (?, ?, ?, ?, ?, ?)",
                [relation.id, relation.doc_id, relation.annotator, relation.head_span_id,
                 relation.child_span_id, relation.label],
            )
            self._log(by, "restore_relation", relation.doc_id, relation=relation.id)

    def set_relation_label(self, relation_id: int, label: str, by: str) -> None:
        self._check_label(label, "relation")
        with self.db.atomic():
            cur = self.db.execute("UPDATE relations SET label = ? WHERE id = ?",
                                  [label, relation_id])
            if not cur.rowcount:
                raise KeyError(relation_id)
            self._log(by, "relabel_relation", None, relation=relation_id, label=label)

    def delete_relation(self, relation_id: int, by: str) -> None:
        with self.db.atomic():
            cur = self.db.execute("DELETE FROM relations WHERE id = ?", [relation_id])
            if not cur.rowcount:
                raise KeyError(relation_id)
            self._log(by, "delete_relation", None, relation=relation_id)

    def relations(self, doc_id: int, annotator: str | None = None) -> list[Relation]:
        sql = f"SELECT {_RELATION_COLUMNS} FROM relations WHERE doc_id = ?"
        params: list = [doc_id]
        if annotator is not None:
            sql += " AND annotator = ?"
            params.append(annotator)
        return [Relation(*row) for row in self.db.execute(sql + " ORDER BY id", params)]

    def relations_of_span(self, span_id: int) -> list[Relation]:
        rows = self.db.execute(
            f"SELECT {_RELATION_COLUMNS} FROM relations "
            "WHERE head_span_id = ? OR child_span_id = ? ORDER BY id", [span_id, span_id])
        return [Relation(*row) for row in rows]

    # ---------------------------------------------------- labelled strings
    def labelled_strings(self, annotators: list[str] | None = None,
                         leave_out: tuple[str, ...] = ()) -> list[tuple[str, str, int]]:
        """(string, label, how many spans) for every string labelled in the project: by
        `annotators` (None: anyone), never by the layers in `leave_out`. Each document's
        text is read once (cutting each span's string in SQL reads the text once per span)."""
        sql = 'SELECT doc_id, start, "end", label FROM spans'
        where, params = [], []
        if annotators is not None:
            where.append(f"annotator IN ({', '.join('?' * len(annotators))})")
            params += annotators
        if leave_out:
            where.append(f"annotator NOT IN ({', '.join('?' * len(leave_out))})")
            params += leave_out
        if where:
            sql += " WHERE " + " AND ".join(where)
        counts: dict[tuple[str, str], int] = {}
        doc_id, text = None, ""
        for row in self.db.execute(sql + " ORDER BY doc_id", params).fetchall():
            if row[0] != doc_id:
                doc_id = row[0]
                text = self._one("SELECT text FROM documents WHERE id = ?", [doc_id])[0]
            key = (text[row[1]:row[2]], row[3])
            counts[key] = counts.get(key, 0) + 1
        return [(string, label, n) for (string, label), n in counts.items()]
