"""The store's database handle: the part of sqlite-utils' `Database` the store uses, without
importing sqlite-utils, and sqlite-utils itself when more is needed.

Importing sqlite-utils costs ~55 ms and each `Database` it makes scans every installed
package for plugins: a quarter of `annotator export` on a small project, and of the window's
start. The store only runs SQL (`execute`, `atomic`, `conn`, `close`), so `Database` here does
that, with sqlite-utils 4.x's semantics (a write outside a transaction is committed at once;
`atomic` nests as savepoints). Migrations, and any other sqlite-utils method asked of it, use
the real one (`full`), imported then.

When pandas and numpy are installed, sqlite-utils imports both at import time, only so that its
insert helpers accept their types; we never insert through those helpers. That import is ~0.7 s
(measured: benchmarks/cold_start.py, `python -X importtime`). The two are hidden while
sqlite-utils loads and stay importable by anyone else afterwards.
"""

from __future__ import annotations

import itertools
import os
import re
import sqlite3
import sys
from collections.abc import Iterator
from contextlib import contextmanager

# sqlite-utils' transaction control words: a statement starting with one is not committed
# behind the caller's back.
_CONTROL = {"BEGIN", "COMMIT", "END", "ROLLBACK", "SAVEPOINT", "RELEASE"}
_FIRST_WORD = re.compile(r"(?:\s|;|\ufeff|--[^\n]*(?:\n|$)|/\*.*?(?:\*/|$))*([A-Za-z]*)",
                         re.DOTALL)
_savepoints = itertools.count(1)


class Database:
    """A connection with sqlite-utils' `execute` and `atomic`; anything else is asked of
    sqlite-utils' own Database on the same connection (imported then)."""

    def __init__(self, conn: sqlite3.Connection | str | os.PathLike):
        self.conn = conn if isinstance(conn, sqlite3.Connection) else sqlite3.connect(str(conn))
        self._full = None
        self.execute("PRAGMA recursive_triggers=on;")  # as sqlite-utils' Database does

    def execute(self, sql: str, parameters=None) -> sqlite3.Cursor:
        was_in_transaction = self.conn.in_transaction
        try:
            if parameters is not None:
                cursor = self.conn.execute(sql, parameters)
            else:
                cursor = self.conn.execute(sql)
        except Exception:
            if not was_in_transaction and self.conn.in_transaction:
                self.conn.execute("ROLLBACK")  # the implicit transaction the failure opened
            raise
        if (not was_in_transaction and self.conn.in_transaction and cursor.description is None
                and _FIRST_WORD.match(sql).group(1).upper() not in _CONTROL):
            self.conn.execute("COMMIT")  # a write outside a transaction is done at once
        return cursor

    @contextmanager
    def atomic(self) -> Iterator["Database"]:
        """A transaction; nested, a savepoint."""
        if self.conn.in_transaction:
            savepoint = f"annotator_{next(_savepoints)}"
            self.conn.execute(f"SAVEPOINT {savepoint};")
            try:
                yield self
            except BaseException:
                if self.conn.in_transaction:  # (a failure may have ended it already)
                    self.conn.execute(f"ROLLBACK TO SAVEPOINT {savepoint};")
                    self.conn.execute(f"RELEASE SAVEPOINT {savepoint};")
                raise
            else:
                self.conn.execute(f"RELEASE SAVEPOINT {savepoint};")
        else:
            self.conn.execute("BEGIN")
            try:
                yield self
            except BaseException:
                if self.conn.in_transaction:
                    self.conn.execute("ROLLBACK")
                raise
            else:
                try:
                    self.conn.execute("COMMIT")
                except BaseException:
                    if self.conn.in_transaction:
                        self.conn.execute("ROLLBACK")
                    raise

    def close(self) -> None:
        self.conn.close()

    def __getattr__(self, name: str):
        if name.startswith("__") or name == "_full":
            raise AttributeError(name)
        if self._full is None:
            self._full = full(self)
        return getattr(self._full, name)


def sqlite_utils():
    """The sqlite-utils package, imported without pandas and numpy (see above)."""
    if "sqlite_utils" in sys.modules:
        return sys.modules["sqlite_utils"]
    hidden = [name for name in ("pandas", "numpy") if name not in sys.modules]
    for name in hidden:
        sys.modules[name] = None  # `import pandas` now raises ImportError, as it expects
    try:
        import sqlite_utils
    finally:
        for name in hidden:
            if sys.modules.get(name, False) is None:
                del sys.modules[name]
    return sqlite_utils


def full(db):
    """sqlite-utils' own Database on `db`'s connection (`db` itself if it is one). Plugins of
    sqlite-utils are not run on a project's connection."""
    if not isinstance(db, Database):
        return db
    return sqlite_utils().Database(db.conn, execute_plugins=False)


__all__ = ["Database", "full", "sqlite_utils"]
