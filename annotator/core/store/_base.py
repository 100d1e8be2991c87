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
from annotator.core.errors import ProjectError, ProjectNeedsUpgrade, ProjectNotWritable
from annotator.core.labels import default_document_attributes, default_scheme
from annotator.core.store import _files, _lock
from annotator.core.store._connection import connect, user_error

class StoreBase:
    """Opening and closing; the mixins add the rest (see __init__.py)."""

    def __init__(self, db: Database, path: Path | None, created: bool, read_only: bool = False):
        self.db = db
        self.path = path
        self.created = created
        self.read_only = read_only
        self.backup: Path | None = None
        self._lock_key: str | None = None
        self._tidy = False
    # ------------------------------------------------------------------ opening
    @classmethod
    def open(cls, path: str | os.PathLike, *, create: bool = True,
             read_only: bool = False, checked: bool = False) -> "StoreBase":
        """Open (or create) a project for writing: one process at a time may (ProjectInUse
        otherwise). With `read_only`, open it for reading, also while another process writes;
        every write then raises OpenedReadOnly. A file that is not a project, is newer or is
        damaged is refused before anything is written, not even a -wal file beside it.
        `checked`: this process has the project open already, so its health was checked
        then (a second connection for reading in a thread need not read the file again)."""
        path = Path(path)
        if path.is_dir():
            raise ProjectError(f"{path}: is a folder, not a project file")
        wal = _files.side_file(path, "-wal").exists()  # someone has it open, or had
        size = path.stat().st_size if path.exists() else 0
        exists = size > 0 or (wal and path.exists())  # a new project may be all in its -wal
        if not exists and (not create or read_only):
            raise ProjectError(f"{path}: no such project")
        if not exists and not path.parent.is_dir():
            raise ProjectError(f"{path.parent}: no such folder")
        version = None
        try:
            if size:
                _files.inspect(path)  # not even SQLite: refused before SQLite looks at it
            if exists and not checked:
                # Everything is checked before any connection that could write exists.
                version = _files.probe(path)
                if version is None and (not create or read_only):
                    raise _files.empty(path)
            if read_only:
                return cls._open_read_only(path, wal)
            if exists and not os.access(path, os.W_OK):
                raise ProjectNotWritable(f"{path}: the project file is read-only")
            if exists:
                _files.one_name(path)
            key = _lock.acquire(path)
            try:
                store = cls._open_writer(path, version, create)
            except BaseException:
                _lock.release(key)
                raise
            store._lock_key = key
            return store
        except sqlite3.Error as e:
            raise user_error(e, path, read_only) or _open_error(path, e) from None

    @classmethod
    def _open_writer(cls, path: Path, version: int | None, create: bool) -> "StoreBase":
        backup = _files.backup(path, version) if version and version < schema.SCHEMA_VERSION \
            else None
        conn = connect(path, path)
        try:
            store = cls._setup(Database(conn), path, created=version is None)
        except BaseException:
            conn.close()
            raise
        store.backup = backup
        return store

    @classmethod
    def _open_read_only(cls, path: Path, wal: bool) -> "StoreBase":
        # Without a -wal, a file or folder we cannot write is one nobody writes to now: read
        # it as immutable, which needs (and makes) no -shm. Otherwise SQLite shares the -shm
        # with the writer, so the reader sees each edit once committed.
        immutable = not wal and not (os.access(path, os.W_OK)
                                     and os.access(path.parent, os.W_OK))
        conn = connect(_files.uri(path, immutable), path, read_only=True)
        try:
            conn.execute("PRAGMA query_only = ON")
            version = _files.identify(conn, path)
            if version is None:
                raise _files.empty(path)
            if version < schema.SCHEMA_VERSION:
                raise ProjectNeedsUpgrade(f"{path}: made by an older annotator (schema "
                                          f"{version}); open it once for writing to upgrade it")
            db = Database(conn)
            db.execute("PRAGMA foreign_keys = ON")
        except BaseException:
            conn.close()
            raise
        store = cls(db, path, created=False, read_only=True)
        store._tidy = not wal and not immutable
        return store

    @classmethod
    def memory(cls) -> "StoreBase":
        return cls._setup(Database(connect(":memory:", None)), None, created=True)

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
            store.set_document_attributes(default_document_attributes())
        return store

    closed = False

    def close(self) -> None:
        if self.closed:
            return
        self.db.close()
        self.closed = True
        if self._lock_key is not None:
            _lock.release(self._lock_key)
            self._lock_key = None
        elif self._tidy:
            _tidy(self.path)

    def stop_writing(self) -> None:
        """Refuse every write from now on (as if opened read-only), e.g. once damage is found."""
        self.db.execute("PRAGMA query_only = ON")
        self.read_only = self.db.conn.read_only = True

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


def _open_error(path: Path, error: sqlite3.Error) -> ProjectError:
    if isinstance(error, sqlite3.OperationalError):
        if "locked" in str(error) or "busy" in str(error):
            return ProjectError(f"{path}: the project is locked by another program; try again "
                                "when it has finished")
        return ProjectError(f"{path}: cannot open the project ({error})")
    return ProjectError(f"{path}: the project file is damaged ({error})")


def _tidy(path: Path) -> None:
    """After reading a project nobody was writing, remove the -wal and -shm files SQLite made
    for the reader (a read-only connection cannot): a connection that only reads does so when
    it closes, if no other process has the project open."""
    try:
        key = _lock.acquire(path)
    except (ProjectError, OSError):
        return  # a writer came meanwhile (the files are its now), or the folder is read-only
    try:
        conn = _files.untrusted(sqlite3.connect(path))
        try:
            conn.execute("PRAGMA user_version").fetchone()
        finally:
            conn.close()
    except sqlite3.Error:
        pass
    finally:
        _lock.release(key)
