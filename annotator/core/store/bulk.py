"""Many new documents at once, each with one annotator's spans and status (imports).

One `executemany` per table for a whole batch instead of a few statements per document: the
same rows, checks and history as `add_document` + `add_spans` + `set_status` would write.
"""

from __future__ import annotations

import sqlite3
from typing import NamedTuple

import orjson

from annotator.core.errors import InvalidInput, brief
from annotator.core.models import STATUSES
from annotator.core.store.documents import _meta_json
from annotator.core.text import check_text, title_of


class NewDocument(NamedTuple):
    text: str
    sha256: str
    uid: str | None  # None: named by its text's hash
    title: str | None
    meta: dict
    annotator: str | None
    spans: list[tuple[int, int, str]]
    status: str | None
    where: str | None
    sources: dict | None = None  # (start, end, label) -> source, where the file said


def check_offsets(spans, length: int, known: set[str], where: str | None = None) -> None:
    """Whole-number offsets inside the document, and labels the project has."""
    for start, end, label in spans:
        if type(start) is not int or type(end) is not int:  # bool is not an offset
            raise InvalidInput("span offsets must be whole numbers", where)
        if not 0 <= start < end <= length:
            raise InvalidInput(
                f"span [{start}, {end}) is outside the document (0 to {length}) or empty", where)
        if label not in known:
            raise InvalidInput(f"{brief(label)} is not a span label of this project", where)


class BulkMixin:
    def find_documents(self, keys: list[tuple[str | None, str]]) -> list[int | None]:
        """For each (uid, sha256): the id of the document already stored under that uid (the
        texts must then be equal) or, without a uid, with that text; None if there is none."""
        by_uid: dict[str, tuple[int, str]] = {}
        by_hash: dict[str, int] = {}
        uids = [uid for uid, _ in keys if uid is not None]
        hashes = [digest for uid, digest in keys if uid is None]
        for part in range(0, len(uids), 500):
            chunk = uids[part:part + 500]
            by_uid.update((uid, (i, h)) for uid, i, h in self.db.execute(
                f"SELECT uid, id, sha256 FROM documents WHERE uid IN ({_marks(chunk)})", chunk))
        for part in range(0, len(hashes), 500):
            chunk = hashes[part:part + 500]
            for digest, i in self.db.execute(
                    f"SELECT sha256, min(id) FROM documents WHERE sha256 IN ({_marks(chunk)}) "
                    "GROUP BY sha256", chunk):
                by_hash[digest] = i
        found: list[int | None] = []
        for uid, digest in keys:
            if uid is None:
                found.append(by_hash.get(digest))
            elif uid in by_uid:
                found.append(by_uid[uid][0] if by_uid[uid][1] == digest else -1)
            else:
                found.append(None)
        return found  # -1: the uid is taken by a different text (add_document says why)

    def add_new_documents(self, docs: list[NewDocument], known: set[str],
                          source: str = "imported") -> list[int]:
        """Insert documents known not to be in the project (see find_documents), with their
        spans, statuses and history rows. Returns their ids, in order."""
        rows, spans, statuses, history = [], [], [], []
        next_id = self._one("SELECT coalesce(max(id), 0) + 1 FROM documents")[0]
        now = self._one("SELECT strftime('%Y-%m-%dT%H:%M:%fZ', 'now')")[0]
        ids = []
        for doc_id, doc in enumerate(docs, start=next_id):
            check_text(doc.text, doc.where)
            check_offsets(doc.spans, len(doc.text), known, doc.where)
            if doc.status is not None and doc.status not in STATUSES:
                raise InvalidInput(f"status must be one of {', '.join(STATUSES)}, "
                                   f"not {doc.status!r}", doc.where)
            if doc.spans and not doc.annotator:
                raise InvalidInput("a span needs an annotator name", doc.where)
            title = doc.title if doc.title is not None else (
                doc.meta.get("title") or title_of(doc.text))
            uid = doc.sha256[:16] if doc.uid is None else doc.uid  # as add_document names it
            rows.append((doc_id, uid, str(title), doc.text, len(doc.text),
                         _meta_json(doc.meta, doc.where), doc.sha256, now))
            ids.append(doc_id)
            unique = dict.fromkeys(doc.spans)
            sources = doc.sources or {}
            spans += [(doc_id, doc.annotator, s, e, label, sources.get((s, e, label), source),
                       now, now) for s, e, label in unique]
            if unique:
                history.append((doc.annotator, "add_spans", doc_id, orjson.dumps(
                    {"count": len(unique), "source": source}).decode(), now))
            if doc.status and doc.annotator:  # a status needs someone it is the status of
                history.append((doc.annotator, "set_status", doc_id, orjson.dumps(
                    {"status": doc.status, "note": ""}).decode(), now))
            if doc.annotator:
                status = doc.status or ("in_progress" if unique else "todo")
                statuses.append((doc_id, doc.annotator, status, now))
        try:
            self._insert_new(rows, spans, statuses, history)
        except sqlite3.IntegrityError as e:  # find_documents should have kept this from happening
            where = f"{docs[0].where} to {docs[-1].where}" if docs else None
            raise InvalidInput(f"these documents clash with each other or the project ({e})",
                               where) from None
        return ids

    def _insert_new(self, rows, spans, statuses, history) -> None:
        with self.db.atomic():
            conn = self.db.conn
            conn.executemany("INSERT INTO documents (id, uid, title, text, length, meta, "
                             "sha256, created) VALUES (?, ?, ?, ?, ?, ?, ?, ?)", rows)
            conn.executemany('INSERT INTO spans (doc_id, annotator, start, "end", label, '
                             "source, created, updated) VALUES (?, ?, ?, ?, ?, ?, ?, ?)", spans)
            conn.executemany("INSERT INTO doc_status (doc_id, annotator, status, updated) "
                             "VALUES (?, ?, ?, ?)", statuses)
            conn.executemany("INSERT INTO history (annotator, action, doc_id, payload, at) "
                             "VALUES (?, ?, ?, ?, ?)", history)


def _marks(values: list) -> str:
    return ", ".join("?" * len(values))
