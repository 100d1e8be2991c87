"""The project file on disk, looked at before (or without) opening it for work: its header, a
health check that writes nothing, the backup taken before a migration, and restoring it."""

from __future__ import annotations

import glob
import os
import sqlite3
from pathlib import Path

from annotator.core import schema
from annotator.core.errors import ProjectDamaged, ProjectError
from annotator.core.store import _lock

_SQLITE_MAGIC = b"SQLite format 3\x00"
# Projects up to this size get SQLite's quick_check when opened (about 0.1 s for 64 MB);
# larger ones are checked page by page as they are read.
CHECK_LIMIT = 64 << 20


def inspect(path: Path) -> int | None:
    """Look at an existing file's header without opening it as a database (so nothing, not
    even a -wal file, is written beside a file that is not ours). Returns its schema version,
    or None for an empty database that can become a project."""
    try:
        with path.open("rb") as f:
            header = f.read(100)
    except OSError as e:
        raise ProjectError(f"{path}: cannot read the file ({e.strerror})") from None
    if len(header) < 100 or not header.startswith(_SQLITE_MAGIC):
        raise ProjectError(f"{path}: not an annotator project (not a SQLite database)")
    return _identity(path, int.from_bytes(header[68:72], "big"),
                     int.from_bytes(header[60:64], "big"),
                     int.from_bytes(header[28:32], "big") <= 1)


def identify(conn: sqlite3.Connection, path: Path) -> int | None:
    """The same as `inspect`, asked through SQLite, which also reads the -wal (where the
    header of a project being written can be newer than in the file)."""
    app_id, version = (conn.execute(f"PRAGMA {name}").fetchone()[0]
                       for name in ("application_id", "user_version"))
    blank = conn.execute("SELECT count(*) FROM sqlite_master").fetchone()[0] == 0
    return _identity(path, app_id, version, blank)


def _identity(path: Path, app_id: int, version: int, blank: bool) -> int | None:
    if app_id != schema.APPLICATION_ID:
        if app_id == 0 and version == 0 and blank:
            return None
        raise ProjectError(f"{path}: a SQLite database, but not an annotator project")
    check_version(path, version)
    return version


def check_version(path: Path, version: int) -> None:
    if version > schema.SCHEMA_VERSION:
        raise ProjectError(
            f"{path}: made by a newer annotator (schema {version}; this version reads up to "
            f"{schema.SCHEMA_VERSION}). Update annotator to open it."
        )


def empty(path: Path) -> ProjectError:
    return ProjectError(f"{path}: an empty database, not an annotator project")


def side_file(path: Path, suffix: str) -> Path:
    return path.with_name(path.name + suffix)


def uri(path: Path, immutable: bool = False) -> str:
    return path.resolve().as_uri() + "?mode=ro" + ("&immutable=1" if immutable else "")


def check(conn: sqlite3.Connection, path: Path, backup: Path | None = None) -> None:
    """Refuse a damaged file: its schema must read, and a file up to CHECK_LIMIT must pass
    SQLite's quick_check."""
    try:
        conn.execute("SELECT count(*) FROM sqlite_master").fetchone()
        if path.stat().st_size <= CHECK_LIMIT:
            problems = [row[0] for row in conn.execute("PRAGMA quick_check(3)")]
            if problems != ["ok"]:
                raise ProjectDamaged(path, "; ".join(problems)[:200], backup)
    except sqlite3.DatabaseError as e:
        if (getattr(e, "sqlite_errorcode", None) or 0) & 0xFF not in (11, 26):  # corrupt, notadb
            raise  # busy, unreadable, disk errors: not damage (Store.open says what)
        raise ProjectDamaged(path, str(e), backup) from None
    except UnicodeDecodeError:  # a damaged schema: SQLite's message quotes its broken bytes
        raise ProjectDamaged(path, "its schema cannot be read", backup) from None


def probe(path: Path) -> int | None:
    """Check a project before anything opens it for writing, through a connection that
    writes nothing, not even a -wal or -shm file, so that a refused project is byte for byte
    untouched: it must be healthy, of a version we read, and have exactly our schema. Returns
    its schema version (None: an empty database that can become a project).

    Without a -wal the file alone is the project. With one, SQLite must read the -wal too:
    through its -shm opened read-only (a writer's, live or left by a killed one; SQLite keeps
    a private index when that one is stale), or, when there is no -shm, through a copy of the
    two in a private folder (a normal reader would create the -shm, and its closing could
    fold the -wal into the file)."""
    if not side_file(path, "-wal").exists():
        return _probe(uri(path, immutable=True), path)
    if _shm_indexes_wal(path):
        try:
            return _probe(uri(path) + "&readonly_shm=1", path)
        except sqlite3.OperationalError as e:
            if (getattr(e, "sqlite_errorcode", None) or 0) & 0xFF != _PROTOCOL:
                raise  # (a -shm SQLite cannot use read-only after all: read a copy)
    import shutil
    import tempfile

    with tempfile.TemporaryDirectory(prefix="annotator-probe-") as folder:
        copy = Path(folder) / path.name
        shutil.copyfile(path, copy)
        shutil.copyfile(side_file(path, "-wal"), side_file(copy, "-wal"))
        return _probe(uri(copy), path)


_PROTOCOL = 15
_WAL_MAGIC = (b"\x37\x7f\x06\x82", b"\x37\x7f\x06\x83")


def _shm_indexes_wal(path: Path) -> bool:
    """Whether the -shm beside the project indexes the -wal beside it (a valid -wal header
    whose salts the -shm's header holds). SQLite can read through a -shm opened read-only
    only then; a -shm of another -wal makes it retry for seconds before it gives up."""
    try:
        with side_file(path, "-wal").open("rb") as wal, side_file(path, "-shm").open("rb") as shm:
            wal_header, shm_header = wal.read(32), shm.read(48)
    except OSError:
        return False
    return (len(wal_header) == 32 and len(shm_header) == 48 and wal_header[:4] in _WAL_MAGIC
            and shm_header[32:40] == wal_header[16:24])


def _probe(target: str, path: Path) -> int | None:
    conn = untrusted(sqlite3.connect(target, uri=True))
    try:
        check(conn, path, find_backup(path))
        version = identify(conn, path)
        if version is not None:
            problem = schema.differences(conn, version)
            if problem:
                raise ProjectError(f"{path}: not a project as annotator makes it: {problem}, "
                                   "so it could run SQL of its own; refused, nothing was "
                                   "changed")
        return version
    finally:
        conn.close()


def untrusted(conn: sqlite3.Connection) -> sqlite3.Connection:
    """A connection that runs no function with side effects from the file's schema (a view,
    trigger, index or default of a crafted file): SQLite's trusted_schema off."""
    conn.execute("PRAGMA trusted_schema = OFF")
    return conn


def one_name(path: Path) -> None:
    """Refuse to write a project file that has other names (hard links): SQLite keeps the
    -wal, -shm and our lock per name, so two writers could each hold "the only" lock and
    their edits be lost or the file damaged."""
    links = path.stat().st_nlink
    if links > 1:
        raise ProjectError(
            f"{path}: the file has {links} names (hard links), and a project can be written "
            "safely through only one; make a copy instead (cp, not ln) and open that")


def backup(path: Path, version: int) -> Path:
    """A copy of the project taken before migrating it, beside it (never over an older one)."""
    target = _free_name(path.with_name(f"{path.name}.schema{version}"), ".bak")
    source = untrusted(sqlite3.connect(path))
    try:
        dest = untrusted(sqlite3.connect(target))
        with dest:
            source.backup(dest)
        dest.close()
    finally:
        source.close()
    return target


def _free_name(stem: Path, suffix: str) -> Path:
    """`stem+suffix`, else `stem.2+suffix`, `stem.3+suffix`...: a name not taken yet."""
    target, n = side_file(stem, suffix), 1
    while target.exists():
        n += 1
        target = side_file(stem, f".{n}{suffix}")
    return target


def find_backup(path: Path) -> Path | None:
    """The newest automatic backup beside the project (`NAME.schemaN.bak`, `NAME.schemaN.K.bak`)."""
    found = [p for p in path.parent.glob(glob.escape(path.name) + ".schema*.bak") if p.is_file()]
    return max(found, key=lambda p: p.stat().st_mtime_ns, default=None)


def restore_backup(path: str | os.PathLike, backup: Path | None = None) -> Path:
    """Put the newest automatic backup (or `backup`) in place of the project at `path`.

    Nothing is deleted: the current file, with its -wal and -shm if any, is kept beside it as
    `NAME.damaged` (`NAME.damaged.2`, ...), and the backup stays where it is. Returns where
    the old file was kept. Refused while another process has the project open for writing,
    and when the backup is not a healthy project itself.
    """
    path = Path(path)
    backup = backup or find_backup(path)
    if backup is None:
        raise ProjectError(f"{path}: there is no backup ({path.name}.schemaN.bak) beside it")
    try:
        inspect(backup)
        probe(backup)
    except ProjectError as e:
        raise ProjectError(f"{backup}: the backup cannot be used either ({e}); nothing was "
                           "changed") from None
    if _lock.held_here(path):  # (the lock is shared within a process: it would not refuse)
        raise ProjectError(f"{path}: it is open for writing here (this window, or an import it "
                           "runs); close it first, then restore its backup")
    key = _lock.acquire(path)
    try:
        import shutil

        staged = side_file(path, ".restoring")
        shutil.copyfile(backup, staged)  # a full disk fails here, before anything is moved
        with staged.open("rb+") as f:
            os.fsync(f.fileno())
        kept = _free_name(side_file(path, ".damaged"), "")
        if path.exists():
            os.rename(path, kept)
        for suffix in ("-wal", "-shm"):  # they belong to the old file, not to the backup
            if side_file(path, suffix).exists():
                os.rename(side_file(path, suffix), side_file(kept, suffix))
        os.replace(staged, path)
    finally:
        _lock.release(key)
    return kept
