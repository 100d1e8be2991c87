"""The project store: the ONLY module that speaks SQL. One SQLite file per project.

Every public method that changes data is one committed transaction (sqlite-utils `atomic`, which
nests as a savepoint inside a larger one such as an import). Offsets are checked on every write.
"""

from __future__ import annotations

import os
import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import orjson
from sqlite_utils import Database

from annotator.core import schema
from annotator.core.errors import InvalidInput, ProjectError
from annotator.core.labels import check_scheme, default_scheme, spare_color
from annotator.core.models import STATUSES, Document, DocumentSummary, Label, Relation, Span
from annotator.core.text import check_text, sha256, title_of

_SQLITE_MAGIC = b"SQLite format 3\x00"
_SPAN_COLUMNS = 'id, doc_id, annotator, start, "end", label, source'


def _inspect(path: Path) -> int | None:
    """Read-only look at an existing file. Returns its schema version (None: an empty database
    that can become a project); raises ProjectError for anything that is not our project."""
    with path.open("rb") as f:
        head = f.read(len(_SQLITE_MAGIC))
    if head != _SQLITE_MAGIC:
        raise ProjectError(f"{path}: not an annotator project (not a SQLite database)")
    try:
        conn = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True)
        try:
            app_id = conn.execute("PRAGMA application_id").fetchone()[0]
            version = conn.execute("PRAGMA user_version").fetchone()[0]
            tables = conn.execute("SELECT count(*) FROM sqlite_master").fetchone()[0]
        finally:
            conn.close()
    except sqlite3.DatabaseError as e:
        raise ProjectError(f"{path}: cannot be read as a project ({e})") from None
    if app_id != schema.APPLICATION_ID:
        if tables == 0:
            return None
        raise ProjectError(f"{path}: a SQLite database, but not an annotator project")
    if version > schema.SCHEMA_VERSION:
        raise ProjectError(
            f"{path}: made by a newer annotator (schema {version}; this version reads up to "
            f"{schema.SCHEMA_VERSION}). Update annotator to open it."
        )
    return version


def _backup(path: Path, version: int) -> Path:
    """A copy of the project taken before migrating it, beside it."""
    target = path.with_name(f"{path.name}.schema{version}.bak")
    source = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True)
    try:
        dest = sqlite3.connect(target)
        with dest:
            source.backup(dest)
        dest.close()
    finally:
        source.close()
    return target


class Store:
    """A project. Use `Store.open(path)` or `Store.memory()`; close() when done."""

    def __init__(self, db: Database, path: Path | None, created: bool):
        self.db = db
        self.path = path
        self.created = created
        self.backup: Path | None = None

    # ------------------------------------------------------------------ opening
    @classmethod
    def open(cls, path: str | os.PathLike, *, create: bool = True) -> "Store":
        path = Path(path)
        if path.is_dir():
            raise ProjectError(f"{path}: is a folder, not a project file")
        exists = path.exists() and path.stat().st_size > 0
        if not exists and not create:
            raise ProjectError(f"{path}: no such project")
        version = _inspect(path) if exists else None
        if exists and not os.access(path, os.W_OK):
            raise ProjectError(f"{path}: the project file is read-only")
        if not exists and not path.parent.is_dir():
            raise ProjectError(f"{path.parent}: no such folder")
        backup = _backup(path, version) if version and version < schema.SCHEMA_VERSION else None
        try:
            conn = sqlite3.connect(path, timeout=5.0, check_same_thread=False)
            store = cls._setup(Database(conn), path, created=version is None)
        except sqlite3.OperationalError as e:
            raise ProjectError(f"{path}: cannot open the project ({e})") from None
        store.backup = backup
        return store

    @classmethod
    def memory(cls) -> "Store":
        conn = sqlite3.connect(":memory:", check_same_thread=False)
        return cls._setup(Database(conn), None, created=True)

    @classmethod
    def _setup(cls, db: Database, path: Path | None, created: bool) -> "Store":
        db.execute("PRAGMA foreign_keys = ON")
        if path is not None:
            db.execute("PRAGMA journal_mode = WAL")
            db.execute("PRAGMA synchronous = NORMAL")
        if schema.pending(db):
            schema.migrate(db)
        store = cls(db, path, created)
        if created and not store.labels():
            store.set_labels(default_scheme())
        return store

    def close(self) -> None:
        self.db.close()

    def __enter__(self) -> "Store":
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    @property
    def name(self) -> str:
        return self.path.stem if self.path else "(in memory)"

    @contextmanager
    def transaction(self) -> Iterator["Store"]:
        """Group several edits into one commit (nests as a savepoint)."""
        with self.db.atomic():
            yield self

    def _log(self, annotator: str, action: str, doc_id: int | None, **payload) -> None:
        self.db.execute(
            "INSERT INTO history (annotator, action, doc_id, payload) VALUES (?, ?, ?, ?)",
            [annotator, action, doc_id, orjson.dumps(payload).decode()],
        )

    def _one(self, sql: str, params=()) -> tuple | None:
        return self.db.execute(sql, params).fetchone()

    # ---------------------------------------------------------------- settings
    def setting(self, key: str, default: str | None = None) -> str | None:
        row = self._one("SELECT value FROM project WHERE key = ?", [key])
        return row[0] if row else default

    def set_setting(self, key: str, value: str) -> None:
        with self.db.atomic():
            self.db.execute(
                "INSERT INTO project (key, value) VALUES (?, ?) "
                "ON CONFLICT(key) DO UPDATE SET value = excluded.value",
                [key, value],
            )

    # --------------------------------------------------------------- documents
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
                        f"document {uid!r} is already in the project with a different text", where
                    )
                return row[0], False
        else:
            row = self._one("SELECT id FROM documents WHERE sha256 = ? LIMIT 1", [digest])
            if row:
                return row[0], False
            uid = digest[:16]
        meta = dict(meta or {})
        title = title if title is not None else meta.get("title") or title_of(text)
        with self.db.atomic():
            cur = self.db.execute(
                "INSERT INTO documents (uid, title, text, length, meta, sha256) "
                "VALUES (?, ?, ?, ?, ?, ?)",
                [uid, str(title), text, len(text), orjson.dumps(meta).decode(), digest],
            )
        return cur.lastrowid, True

    def document(self, doc_id: int) -> Document:
        row = self._one("SELECT id, uid, title, text, meta FROM documents WHERE id = ?", [doc_id])
        if row is None:
            raise KeyError(doc_id)
        return Document(row[0], row[1], row[2], row[3], orjson.loads(row[4]))

    def documents(self) -> list[DocumentSummary]:
        """Every document, without its text, in project order."""
        rows = self.db.execute("SELECT id, uid, title, length FROM documents ORDER BY id")
        return [DocumentSummary(*row) for row in rows]

    def iter_documents(self) -> Iterator[Document]:
        """Every document with its text, streamed (memory stays flat)."""
        cur = self.db.conn.cursor()
        cur.execute("SELECT id, uid, title, text, meta FROM documents ORDER BY id")
        for row in cur:
            yield Document(row[0], row[1], row[2], row[3], orjson.loads(row[4]))

    def document_count(self) -> int:
        return self._one("SELECT count(*) FROM documents")[0]

    def _length(self, doc_id: int) -> int:
        row = self._one("SELECT length FROM documents WHERE id = ?", [doc_id])
        if row is None:
            raise InvalidInput(f"no document with id {doc_id}")
        return row[0]

    # ------------------------------------------------------------------ labels
    def labels(self, kind: str | None = None) -> list[Label]:
        sql = "SELECT name, color, key, description, kind FROM labels"
        params: list = []
        if kind:
            sql += " WHERE kind = ?"
            params.append(kind)
        return [Label(*row) for row in self.db.execute(sql + " ORDER BY position, name", params)]

    def set_labels(self, labels: list[Label]) -> None:
        """Replace the scheme. Refused when spans or relations use a label it leaves out."""
        check_scheme(labels)
        names = {lb.name for lb in labels}
        used = self.db.execute(
            "SELECT label, count(*) FROM spans GROUP BY label UNION ALL "
            "SELECT label, count(*) FROM relations GROUP BY label"
        ).fetchall()
        missing = [(name, n) for name, n in used if name not in names]
        if missing:
            listed = ", ".join(f"{name} ({n} in use)" for name, n in missing)
            raise InvalidInput(f"the new scheme leaves out labels that are in use: {listed}")
        with self.db.atomic():
            self.db.execute("DELETE FROM labels")
            self.db.conn.executemany(
                "INSERT INTO labels (name, color, key, description, kind, position) "
                "VALUES (?, ?, ?, ?, ?, ?)",
                [(lb.name, lb.color, lb.key, lb.description, lb.kind, i)
                 for i, lb in enumerate(labels)],
            )

    def ensure_label(self, name: str, kind: str = "span") -> bool:
        """Add a label met in imported data; True if it was new."""
        row = self._one("SELECT kind FROM labels WHERE name = ?", [name])
        if row:
            if row[0] != kind:
                raise InvalidInput(f"label {name!r} is a {row[0]} label, used here as a {kind} label")
            return False
        if not isinstance(name, str) or not name.strip():
            raise InvalidInput("a label must be a non-empty string")
        position, count = self._one("SELECT coalesce(max(position), -1) + 1, count(*) FROM labels")
        with self.db.atomic():
            self.db.execute(
                "INSERT INTO labels (name, color, kind, position) VALUES (?, ?, ?, ?)",
                [name, spare_color(count), kind, position],
            )
        return True

    def _check_label(self, name: str, kind: str) -> None:
        row = self._one("SELECT kind FROM labels WHERE name = ?", [name])
        if row is None or row[0] != kind:
            raise InvalidInput(f"{name!r} is not a {kind} label of this project")

    # ------------------------------------------------------------------- spans
    def add_span(
        self, doc_id: int, annotator: str, start: int, end: int, label: str,
        source: str = "manual",
    ) -> Span:
        """Store a span; returns it (an identical existing span is returned as it is)."""
        length = self._length(doc_id)
        if not (isinstance(start, int) and isinstance(end, int)) or isinstance(start, bool):
            raise InvalidInput("span offsets must be whole numbers")
        if not 0 <= start < end <= length:
            raise InvalidInput(
                f"span [{start}, {end}) is outside the document (0 to {length}) or empty"
            )
        if not annotator:
            raise InvalidInput("a span needs an annotator name")
        self._check_label(label, "span")
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
                self.ensure_status(doc_id, annotator, "in_progress")  # a first span
                return span
        row = self._one(
            f"SELECT {_SPAN_COLUMNS} FROM spans WHERE doc_id = ? AND annotator = ? "
            'AND start = ? AND "end" = ? AND label = ?',
            [doc_id, annotator, start, end, label],
        )
        return Span(*row)

    def delete_span(self, span_id: int, annotator: str) -> None:
        span = self.span(span_id)
        with self.db.atomic():
            self.db.execute("DELETE FROM spans WHERE id = ?", [span_id])
            self._log(annotator, "delete_span", span.doc_id, span=span_id, start=span.start,
                      end=span.end, label=span.label, owner=span.annotator)

    def span(self, span_id: int) -> Span:
        row = self._one(f"SELECT {_SPAN_COLUMNS} FROM spans WHERE id = ?", [span_id])
        if row is None:
            raise KeyError(span_id)
        return Span(*row)

    def spans(self, doc_id: int, annotator: str | None = None) -> list[Span]:
        sql = f"SELECT {_SPAN_COLUMNS} FROM spans WHERE doc_id = ?"
        params: list = [doc_id]
        if annotator is not None:
            sql += " AND annotator = ?"
            params.append(annotator)
        rows = self.db.execute(sql + ' ORDER BY start, "end" DESC, id', params)
        return [Span(*row) for row in rows]

    def annotators(self, doc_id: int | None = None) -> list[str]:
        """Annotators with spans or a status (on one document, or anywhere)."""
        where = "WHERE doc_id = ?" if doc_id is not None else ""
        params = [doc_id, doc_id] if doc_id is not None else []
        rows = self.db.execute(
            f"SELECT annotator FROM spans {where} UNION SELECT annotator FROM doc_status {where} "
            "ORDER BY 1", params,
        )
        return [row[0] for row in rows]

    # --------------------------------------------------------------- relations
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

    def relations(self, doc_id: int, annotator: str | None = None) -> list[Relation]:
        sql = ("SELECT id, doc_id, annotator, head_span_id, child_span_id, label "
               "FROM relations WHERE doc_id = ?")
        params: list = [doc_id]
        if annotator is not None:
            sql += " AND annotator = ?"
            params.append(annotator)
        return [Relation(*row) for row in self.db.execute(sql + " ORDER BY id", params)]

    # ------------------------------------------------------------------ status
    def status(self, doc_id: int, annotator: str) -> str:
        row = self._one(
            "SELECT status FROM doc_status WHERE doc_id = ? AND annotator = ?", [doc_id, annotator]
        )
        return row[0] if row else "todo"

    def set_status(self, doc_id: int, annotator: str, status: str) -> None:
        if status not in STATUSES:
            raise InvalidInput(f"status must be one of {', '.join(STATUSES)}, not {status!r}")
        self._length(doc_id)
        with self.db.atomic():
            self.db.execute(
                "INSERT INTO doc_status (doc_id, annotator, status) VALUES (?, ?, ?) "
                "ON CONFLICT(doc_id, annotator) DO UPDATE SET status = excluded.status, "
                "updated = strftime('%Y-%m-%dT%H:%M:%fZ', 'now')",
                [doc_id, annotator, status],
            )
            self._log(annotator, "set_status", doc_id, status=status)

    def ensure_status(self, doc_id: int, annotator: str, status: str = "todo") -> None:
        """Record that `annotator` has this document, unless a status is already recorded."""
        self.db.execute(
            "INSERT INTO doc_status (doc_id, annotator, status) VALUES (?, ?, ?) "
            "ON CONFLICT(doc_id, annotator) DO NOTHING",
            [doc_id, annotator, status],
        )

    # ------------------------------------------------------------------- stats
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

