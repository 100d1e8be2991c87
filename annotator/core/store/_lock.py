"""One writer per project: an OS advisory lock (flock) on a sidecar file `<project>.lock`.

The kernel drops the lock when its process ends, however it ends (SIGKILL, power cut), so a
crash never leaves a project locked. Readers take no lock: SQLite's WAL lets them read while
the writer writes. Within one process the lock is shared and counted (a window and its
background import both write; SQLite serialises them).

The sidecar, not the database, carries the lock, so it never mixes with SQLite's own fcntl
locks on the database file (closing any extra descriptor of that file would drop them). The
last holder removes the sidecar; one left by a killed process is reused. Where flock does not
exist (Windows) there is no lock: SQLite still keeps the file consistent.
"""

from __future__ import annotations

import errno
import os
import socket
import threading
from pathlib import Path

from annotator.core.errors import DiskFull, ProjectInUse, ProjectNotWritable

try:
    import fcntl
except ImportError:  # pragma: no cover - Windows
    fcntl = None

_held: dict[str, list] = {}  # real path of a project -> [descriptor, holders in this process]
_guard = threading.Lock()


def lock_path(path: Path) -> Path:
    return path.with_name(path.name + ".lock")


def acquire(path: Path) -> str:
    """Take the writer lock of the project at `path` and return the key to release it with.
    Raises ProjectInUse when another process holds it."""
    key = os.path.realpath(path)
    with _guard:
        if key in _held:
            _held[key][1] += 1
        else:
            _held[key] = [_lock(Path(key), path), 1]
    return key


def held_here(path: Path) -> bool:
    """Whether this process holds the writer lock of the project at `path`."""
    with _guard:
        return os.path.realpath(path) in _held


def release(key: str) -> None:
    with _guard:  # all of it: a thread acquiring meanwhile must not meet a half-freed lock
        entry = _held[key]
        entry[1] -= 1
        if entry[1]:
            return
        del _held[key]
        fd = entry[0]
        if fd is not None:
            try:
                os.unlink(lock_path(Path(key)))  # while still holding it: see _lock's check
            except OSError:
                pass
            os.close(fd)


def _lock(real: Path, shown: Path) -> int | None:
    if fcntl is None:  # pragma: no cover
        return None
    target = lock_path(real)
    while True:
        fd = _open(target, shown)
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            holder = _holder(fd)
            os.close(fd)
            raise ProjectInUse(shown, holder) from None
        try:
            current = os.stat(target)
        except FileNotFoundError:
            current = None
        if current is not None and os.path.samestat(os.fstat(fd), current):
            try:
                os.ftruncate(fd, 0)
                os.write(fd, f"{os.getpid()} {socket.gethostname()}\n".encode())
            except OSError:
                pass  # who holds it is only for the message; a full disk must not stop us
            return fd
        os.close(fd)  # the previous holder removed this file after we opened it: start again


def _open(target: Path, shown: Path) -> int:
    try:
        return os.open(target, os.O_RDWR | os.O_CREAT, 0o644)
    except PermissionError:
        if target.exists():  # another user's lock file: a read-only descriptor locks as well
            return os.open(target, os.O_RDONLY)
        raise ProjectNotWritable(f"{shown}: the folder {shown.parent} is read-only, so the "
                                 "project cannot be written there") from None
    except OSError as e:
        if e.errno == errno.EROFS:
            raise ProjectNotWritable(f"{shown}: the project is on a read-only disk") from None
        if e.errno in (errno.ENOSPC, errno.EDQUOT):
            raise DiskFull(f"{shown}: the disk is full; nothing was written") from None
        raise


def _holder(fd: int) -> str:
    try:
        pid, host = os.pread(fd, 200, 0).decode().split()
    except (OSError, ValueError):
        return ""
    return f"process {pid}" + ("" if host == socket.gethostname() else f" on {host}")
