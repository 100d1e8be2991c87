"""Opening a project file safely, transactions, settings."""

from __future__ import annotations

import os
import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import orjson

from annotator.core import schema
from annotator.core._sqlite_utils import Database
from annotator.core.errors import ProjectError
from annotator.core.labels import default_scheme

_SQLITE_MAGIC = b"SQLite format 3\x00"


def _inspect(path: Path) -> int | None:
    """Look at an existing file's header without opening it as a database (so nothing, not
    even a -wal file, is written beside a file that is not ours). Returns its schema version,
    or None for an empty database that can become a project."""
    with path.open("rb") as f:
        header = f.read(100)
    if len(header) < 100 or not header.startswith(_SQLITE_MAGIC):
        raise ProjectError(f"{path}: not an annotator project (not a SQLite database)")
    version = int.from_bytes(header[60:64], "big")
    app_id = int.from_bytes(header[68:72], "big")
    pages = int.from_bytes(header[28:32], "big")
    if app_id != schema.APPLICATION_ID:
        if app_id == 0 and version == 0 and pages <= 1:
            return None
        raise ProjectError(f"{path}: a SQLite database, but not an annotator project")
    _check_version(path, version)
    return version


def _check_version(path: Path, version: int) -> None:
    if version > schema.SCHEMA_VERSION:
        raise ProjectError(
            f"{path}: made by a newer annotator (schema {version}; this version reads up to "
            f"{schema.SCHEMA_VERSION}). Update annotator to open it."
        )


def _backup(path: Path, version: int) -> Path:
    """A copy of the project taken before migrating it, beside it (never over an older one)."""
    target = path.with_name(f"{path.name}.schema{version}.bak")
    n = 1
    while target.exists():
        n += 1
        target = path.with_name(f"{path.name}.schema{version}.{n}.bak")
    source = sqlite3.connect(path)
    try:
        dest = sqlite3.connect(target)
        with dest:
            source.backup(dest)
        dest.close()
    finally:
        source.close()
    return target


class StoreBase:
    """Opening and closing; the mixins add the rest (see __init__.py)."""

    def __init__(self, db: Database, path: Path | None, created: bool):
        self.db = db
        self.path = path
        self.created = created
        self.backup: Path | None = None
    # ------------------------------------------------------------------ opening
    @classmethod
    def open(cls, path: str | os.PathLike, *, create: bool = True) -> "StoreBase":
        path = Path(path)
        if path.is_dir():
            raise ProjectError(f"{path}: is a folder, not a project file")
        exists = path.exists() and path.stat().st_size > 0
        if not exists and not create:
            raise ProjectError(f"{path}: no such project")
        version = _inspect(path) if exists else None
        if exists and version is None and not create:
            raise ProjectError(f"{path}: an empty database, not an annotator project")
        if exists and not os.access(path, os.W_OK):
            raise ProjectError(f"{path}: the project file is read-only")
        if not exists and not path.parent.is_dir():
            raise ProjectError(f"{path.parent}: no such folder")
        try:
            backup = _backup(path, version) if version and version < schema.SCHEMA_VERSION \
                else None
            conn = sqlite3.connect(path, timeout=5.0, check_same_thread=False)
            try:
                # The header can lag behind a -wal file left by a crash: ask again.
                _check_version(path, conn.execute("PRAGMA user_version").fetchone()[0])
                store = cls._setup(Database(conn), path, created=version is None)
            except BaseException:
                conn.close()
                raise
        except sqlite3.OperationalError as e:
            if "locked" in str(e) or "busy" in str(e):
                raise ProjectError(f"{path}: the project is locked by another program; try again "
                                   "when it has finished") from None
            raise ProjectError(f"{path}: cannot open the project ({e})") from None
        except sqlite3.DatabaseError as e:
            raise ProjectError(f"{path}: the project file is damaged ({e})") from None
        store.backup = backup
        return store

    @classmethod
    def memory(cls) -> "StoreBase":
        conn = sqlite3.connect(":memory:", check_same_thread=False)
        return cls._setup(Database(conn), None, created=True)

    @classmethod
    def _setup(cls, db: Database, path: Path | None, created: bool) -> "StoreBase":
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

    closed = False

    def close(self) -> None:
        self.db.close()
        self.closed = True

    def __enter__(self) -> "StoreBase":
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    @property
    def name(self) -> str:
        return self.path.stem if self.path else "(in memory)"

    @contextmanager
    def transaction(self) -> Iterator["StoreBase"]:
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
