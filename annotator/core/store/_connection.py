"""The project's SQLite connection, and what its errors mean to the user.

Every statement the store runs goes through `GuardedConnection.execute`/`executemany` (or a
cursor of it), which turns the SQLite errors a user can act on into our errors: a write to a
project opened read-only, a full disk, a damaged file. That is the one place a read-only store
refuses writes; SQLite itself refuses them (the file is opened with `mode=ro` and
`query_only`), so no write method needs its own check. Errors met later, while rows are
fetched, are translated by the CLI and the GUI with the same `user_error`.
"""

from __future__ import annotations

import sqlite3
from pathlib import Path

from annotator.core.errors import (
    AnnotatorError, DiskFull, OpenedReadOnly, ProjectDamaged, ProjectError, ProjectNotWritable,
)
from annotator.core.store._files import find_backup

_READONLY, _IOERR, _CORRUPT, _FULL, _NOTADB = 8, 10, 11, 13, 26
_LOW_SPACE = 1 << 20


def user_error(error: sqlite3.Error, path: Path | None, read_only: bool = False
               ) -> AnnotatorError | None:
    """Our error for a SQLite error the user can act on, or None (a bug, or busy/locked,
    which SQLite's callers handle themselves)."""
    code = getattr(error, "sqlite_errorcode", None)
    if code is None:  # raised by the sqlite3 module itself, not by SQLite
        return None
    primary = code & 0xFF
    where = path or "(in memory)"
    if primary == _FULL or (primary == _IOERR and path and _disk_nearly_full(path)):
        return DiskFull(f"{where}: the disk is full; nothing was written and the project is "
                        "as it was. Free some space and try again")
    if primary == _READONLY:
        if read_only:
            return OpenedReadOnly(f"{where}: the project is opened read-only; nothing was "
                                  "changed")
        return ProjectNotWritable(f"{where}: the project file cannot be written "
                                  f"({error}); nothing was changed")
    if primary in (_CORRUPT, _NOTADB):
        return ProjectDamaged(where, str(error), find_backup(path) if path else None)
    if primary == _IOERR:
        return ProjectError(f"{where}: the disk could not be read or written ({error}); is it "
                            "removed or failing?")
    return None


def _disk_nearly_full(path: Path) -> bool:
    try:
        import shutil

        return shutil.disk_usage(path.parent).free < _LOW_SPACE
    except OSError:
        return False


class GuardedConnection(sqlite3.Connection):
    """A sqlite3 connection whose statements raise our errors (see the module's text)."""

    project: Path | None = None
    read_only = False

    def _raise(self, error: sqlite3.Error):
        better = user_error(error, self.project, self.read_only)
        if better is None:
            raise error
        raise better from None

    def execute(self, *args):
        try:
            return super().execute(*args)
        except sqlite3.Error as e:
            self._raise(e)

    def executemany(self, *args):
        try:
            return super().executemany(*args)
        except sqlite3.Error as e:
            self._raise(e)

    def executescript(self, *args):
        try:
            return super().executescript(*args)
        except sqlite3.Error as e:
            self._raise(e)

    def commit(self):
        try:
            return super().commit()
        except sqlite3.Error as e:
            self._raise(e)

    def cursor(self, factory=None):
        return super().cursor(factory or GuardedCursor)


class GuardedCursor(sqlite3.Cursor):
    def execute(self, *args):
        try:
            return super().execute(*args)
        except sqlite3.Error as e:
            self.connection._raise(e)

    def executemany(self, *args):
        try:
            return super().executemany(*args)
        except sqlite3.Error as e:
            self.connection._raise(e)


def connect(target: str | Path, project: Path, read_only: bool = False) -> GuardedConnection:
    """`target` is the file, or a `file:` URI (read-only opening)."""
    conn = sqlite3.connect(target, timeout=5.0, check_same_thread=False,
                           uri=isinstance(target, str), factory=GuardedConnection)
    conn.project = project
    conn.read_only = read_only
    conn.execute("PRAGMA trusted_schema = OFF")  # see _files.untrusted
    return conn
