"""Documents: added once (matched by id, else by text), read whole or as summaries."""

from __future__ import annotations

import sqlite3

from collections.abc import Iterator

import orjson

from annotator.core import jsontext
from annotator.core.errors import InvalidInput, brief
from annotator.core.models import (OPEN_NOTES, STATUSES, Document, DocumentRow,
                                   DocumentSummary)
from annotator.core.text import check_text, sha256, title_of


class DocumentsMixin:
    # --------------------------------------------------------- documents
    def add_document(
        self, text: str, *, uid: str | None = None, title: str | None = None,
        meta: dict | None = None, where: str | None = None,
    ) -> tuple[int, bool]:
        """Add a document, or find the one already there. Returns (doc_id, created).

        A document is the same as a stored one when its uid matches (the texts must then be
        equal) or, with no uid given, when its text is identical.
        """
        check_text(text, where)
        digest = sha256(text)
        if uid is not None:
            row = self._one("SELECT id, sha256 FROM documents WHERE uid = ?", [uid])
            if row:
                if row[1] != digest:
                    raise InvalidInput(
                        f"document {brief(uid)} is already in the project with a different "
                        "text", where
                    )
                return row[0], False
        else:
            row = self._one("SELECT id FROM documents WHERE sha256 = ? LIMIT 1", [digest])
            if row:
                return row[0], False
            uid = digest[:16]
        meta = dict(meta or {})
        title = title if title is not None else meta.get("title") or title_of(text)
        try:
            with self.db.atomic():
                cur = self.db.execute(
                    "INSERT INTO documents (uid, title, text, length, meta, sha256) "
                    "VALUES (?, ?, ?, ?, ?, ?)",
                    [uid, str(title), text, len(text), _meta_json(meta, where), digest],
                )
        except sqlite3.IntegrityError:  # only a derived id can clash here
            raise InvalidInput(f"the id {uid!r} made from this text's hash is taken by another "
                               "document; give this one an id", where) from None
        return cur.lastrowid, True

    def find_document(self, uid: str | None, text: str) -> int | None:
        """The id of the stored document with this uid (else with this text), if any."""
        if uid is not None:
            row = self._one("SELECT id FROM documents WHERE uid = ?", [uid])
        else:
            row = self._one("SELECT id FROM documents WHERE sha256 = ? LIMIT 1", [sha256(text)])
        return row[0] if row else None

    def document(self, doc_id: int) -> Document:
        row = self._one("SELECT id, uid, title, text, meta FROM documents WHERE id = ?", [doc_id])
        if row is None:
            raise KeyError(doc_id)
        return Document(row[0], row[1], row[2], row[3], jsontext.loads(row[4]))

    def documents(self) -> list[DocumentSummary]:
        """Every document, without its text, in project order."""
        rows = self.db.execute("SELECT id, uid, title, length FROM documents ORDER BY id")
        return [DocumentSummary(*row) for row in rows]

    def iter_documents(self) -> Iterator[Document]:
        """Every document with its text, streamed (memory stays flat)."""
        for batch in self.document_batches():
            yield from batch

    def document_batches(self, size: int = 256) -> Iterator[list[Document]]:
        """Every document with its text, `size` at a time in id order (memory stays flat)."""
        cur = self.db.conn.cursor()
        cur.execute("SELECT id, uid, title, text, meta FROM documents ORDER BY id")
        loads = jsontext.loads
        while rows := cur.fetchmany(size):
            yield [Document(row[0], row[1], row[2], row[3], {} if row[4] == "{}" else
                            loads(row[4])) for row in rows]

    def next_document_id(self) -> int:
        """The id the next document added will get at the least (ids only grow)."""
        return self._one("SELECT coalesce(max(id), 0) + 1 FROM documents")[0]

    def document_count(self) -> int:
        return self._one("SELECT count(*) FROM documents")[0]

    def _length(self, doc_id: int) -> int:
        row = self._one("SELECT length FROM documents WHERE id = ?", [doc_id])
        if row is None:
            raise InvalidInput(f"no document with id {doc_id}")
        return row[0]

    # ------------------------------------------------------ document list
    def document_ids(self, annotator: str, status: str | None = None,
                     search: str | None = None, *, meta: tuple[str, str] | None = None,
                     hide_duplicates: bool = False, order: str | None = None,
                     descending: bool = False) -> list[int]:
        """Ids of the documents in list order, filtered by `annotator`'s status and a search
        over titles and texts (case-insensitive for ASCII, as SQLite's LIKE); `meta`
        (field, value): only those whose meta field holds value; `hide_duplicates`: not the
        ones marked as copies of another; `order`: a listing.ORDERS column, else project
        order."""
        from annotator.core.store import listing

        sql = ("SELECT d.id FROM documents d LEFT JOIN doc_status s "
               "ON s.doc_id = d.id AND s.annotator = ?")
        where, params = [], [annotator]
        if meta is not None:
            sql_part, key = listing.holds(meta[0])
            where.append(sql_part)
            params += [*key, listing.like(meta[1])]
        if hide_duplicates:
            where.append(f"{listing.meta_value('duplicate_of')} IS NULL")
        if status == OPEN_NOTES:  # a filter beside the statuses: anyone's open note
            where.append("d.id IN (SELECT doc_id FROM notes WHERE status = 'open')")
        elif status is not None:
            if status not in STATUSES:
                raise InvalidInput(f"status must be one of {', '.join(STATUSES)}")
            where.append("coalesce(s.status, 'todo') = ?")
            params.append(status)
        if search:
            pattern = listing.like(search)
            where.append("(d.title LIKE ? ESCAPE '\\' OR d.text LIKE ? ESCAPE '\\')")
            params += [pattern, pattern]
        if where:
            sql += " WHERE " + " AND ".join(where)
        return [row[0] for row in self.db.execute(
            sql + listing.order_by(order, descending), params)]

    def meta_shown(self) -> dict[str, bool]:
        """Which of the list's news columns the documents fill: outlet, date, duplicate (as
        imports remembered them: reading every meta would cost a 100,000-document project
        half a second at each opening)."""
        from annotator.core import listing

        known = set(orjson.loads(self.setting(listing.COLUMNS_SETTING) or "[]"))
        return {name: name in known for name in listing.COLUMNS}

    def remember_columns(self, columns: set[str]) -> None:
        """Documents filling these list columns were added."""
        from annotator.core import listing

        known = set(orjson.loads(self.setting(listing.COLUMNS_SETTING) or "[]"))
        if not columns <= known:
            self.set_setting(listing.COLUMNS_SETTING,
                             orjson.dumps(sorted(known | columns)).decode())

    def document_rows(self, ids: list[int], annotator: str) -> list[DocumentRow]:
        """The list lines of these documents (any number; read in one query per 500)."""
        from annotator.core.store import listing

        out: dict[int, DocumentRow] = {}
        for i in range(0, len(ids), 500):
            chunk = ids[i:i + 500]
            marks = ",".join("?" * len(chunk))
            rows = self.db.execute(
                "SELECT d.id, d.uid, d.title, coalesce(s.status, 'todo'), "
                "(SELECT count(*) FROM spans p WHERE p.doc_id = d.id AND p.annotator = ?), "
                f"{listing.OUTLET}, {listing.DATE}, {listing.meta_value('duplicate_of')} "
                "FROM documents d LEFT JOIN doc_status s ON s.doc_id = d.id AND s.annotator = ? "
                f"WHERE d.id IN ({marks})", [annotator, annotator, *chunk])
            out.update((row[0], DocumentRow(*row)) for row in rows)
        return [out[i] for i in ids if i in out]


def _meta_json(meta: dict, where: str | None) -> str:
    try:
        return jsontext.dumps(meta).decode()
    except orjson.JSONEncodeError as e:  # nested deeper than orjson writes (255 levels)
        raise InvalidInput(f"'meta' cannot be stored ({e})", where) from None
