"""One writer per project: an OS lock on a sidecar file `<project>.lock` — flock on Linux and
macOS, a byte-range lock (msvcrt.locking) on Windows, behind `_try_lock` and `_unlock`.

The kernel drops the lock when its process ends, however it ends (SIGKILL, power cut), so a
crash never leaves a project locked. Readers take no lock: SQLite's WAL lets them read while
the writer writes. Within one process the lock is shared and counted (a window and its
background import both write; SQLite serialises them).

The sidecar, not the database, carries the lock, so it never mixes with SQLite's own fcntl
locks on the database file (closing any extra descriptor of that file would drop them). The
last holder removes the sidecar; one left by a killed process is reused. The sidecar also
names the holder (pid and host), for the message another writer gets.
"""

from __future__ import annotations

import errno
import os
import threading
from pathlib import Path

from annotator.core.errors import DiskFull, ProjectInUse, ProjectNotWritable

try:
    import fcntl
except ImportError:  # pragma: no cover - Windows
    fcntl = None
try:
    import msvcrt
except ImportError:  # Linux, macOS
    msvcrt = None

# Windows locks bytes, and a locked byte cannot even be read by another process: the lock
# sits on one byte past the holder's name (locking beyond the end of a file is allowed), so
# a second writer can still read who holds it.
WINDOWS_LOCK_BYTE = 4096

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
        if msvcrt is not None:  # Windows removes no open file: unlock, close, then remove
            _unlock(fd)
            os.close(fd)
            _remove(lock_path(Path(key)))  # (refused if another process opened it meanwhile)
        else:
            _remove(lock_path(Path(key)))  # while still holding it: see _lock's check
            os.close(fd)


def _remove(path: Path) -> None:
    try:
        os.unlink(path)
    except OSError:
        pass


def _try_lock(fd: int) -> bool:
    """Take the lock on the open sidecar `fd` without waiting; False if another process
    holds it."""
    if msvcrt is not None:
        os.lseek(fd, WINDOWS_LOCK_BYTE, os.SEEK_SET)
        try:
            msvcrt.locking(fd, msvcrt.LK_NBLCK, 1)
        except OSError:  # EACCES or EDEADLOCK: locked by another process
            return False
        return True
    try:
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except BlockingIOError:
        return False
    return True


def _unlock(fd: int) -> None:
    """Windows: give the byte back before closing (closing frees it too, but Windows says
    when it gets round to it). flock's lock goes with the descriptor."""
    if msvcrt is not None:
        os.lseek(fd, WINDOWS_LOCK_BYTE, os.SEEK_SET)
        try:
            msvcrt.locking(fd, msvcrt.LK_UNLCK, 1)
        except OSError:
            pass


def _lock(real: Path, shown: Path) -> int:
    target = lock_path(real)
    while True:
        fd = _open(target, shown)
        if not _try_lock(fd):
            holder = _holder(fd)
            os.close(fd)
            raise ProjectInUse(shown, holder)
        try:
            current = os.stat(target)
        except FileNotFoundError:
            current = None
        if current is not None and os.path.samestat(os.fstat(fd), current):
            try:
                os.ftruncate(fd, 0)
                os.lseek(fd, 0, os.SEEK_SET)
                os.write(fd, f"{os.getpid()} {_hostname()}\n".encode())
            except OSError:
                pass  # who holds it is only for the message; a full disk must not stop us
            return fd
        _unlock(fd)
        os.close(fd)  # the previous holder removed this file after we opened it: start again


def _open(target: Path, shown: Path) -> int:
    try:
        return os.open(target, os.O_RDWR | os.O_CREAT | getattr(os, "O_BINARY", 0), 0o644)
    except PermissionError:
        if target.exists():  # another user's lock file: a read-only descriptor locks as well
            return os.open(target, os.O_RDONLY | getattr(os, "O_BINARY", 0))
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
        os.lseek(fd, 0, os.SEEK_SET)  # (no os.pread on Windows)
        pid, host = os.read(fd, 200).decode().split()
    except (OSError, ValueError):
        return ""
    return f"process {pid}" + ("" if host == _hostname() else f" on {host}")


def _hostname() -> str:
    """This machine's name (os.uname where there is one: importing socket costs a command's
    start a few milliseconds)."""
    if hasattr(os, "uname"):
        return os.uname().nodename
    import socket

    return socket.gethostname()
