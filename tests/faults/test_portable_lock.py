"""The one-writer lock's Windows branch (msvcrt.locking, a byte-range lock), run here on Linux
against POSIX byte-range locks (lockf), which behave as Windows' do between processes: one
holder, freed when the holder dies. The same semantics as flock's tests in test_sharing.py:
a second writer is refused and told who holds it, a kill frees it, one process shares it."""

import os
import signal
import subprocess
import sys

import pytest

from annotator.core.errors import ProjectInUse
from annotator.core.store import Store, _lock

# msvcrt's locking(fd, mode, nbytes): from the descriptor's position, nbytes locked or not.
FAKE_MSVCRT = r"""
import errno, fcntl, os

class msvcrt:
    LK_UNLCK, LK_NBLCK = 0, 2
    calls = []

    @staticmethod
    def locking(fd, mode, nbytes):
        start = os.lseek(fd, 0, os.SEEK_CUR)
        msvcrt.calls.append((mode, start, nbytes))
        command = fcntl.LOCK_UN if mode == msvcrt.LK_UNLCK else fcntl.LOCK_EX | fcntl.LOCK_NB
        try:
            fcntl.lockf(fd, command, nbytes, start, os.SEEK_SET)
        except BlockingIOError:
            raise PermissionError(errno.EACCES, "Permission denied") from None
"""
namespace: dict = {}
exec(FAKE_MSVCRT, namespace)
FakeMsvcrt = namespace["msvcrt"]

HOLDER = FAKE_MSVCRT + r"""
import sys
from annotator.core.store import Store, _lock
_lock.msvcrt, _lock.fcntl = msvcrt, None
store = Store.open(sys.argv[1])
store.add_document("Yin said no to Xi.", uid="held")
print("ready", flush=True)
sys.stdin.read()
"""


@pytest.fixture
def windows(monkeypatch):
    """This process locks as on Windows."""
    FakeMsvcrt.calls.clear()
    monkeypatch.setattr(_lock, "msvcrt", FakeMsvcrt)
    monkeypatch.setattr(_lock, "fcntl", None)
    return FakeMsvcrt


def test_windows_branch_refuses_a_second_writer_names_it_and_a_kill_frees_it(project,
                                                                             windows):
    holder = subprocess.Popen([sys.executable, "-c", HOLDER, str(project)],
                              stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)
    try:
        assert holder.stdout.readline() == "ready\n"
        with pytest.raises(ProjectInUse, match=rf"\(process {holder.pid}\)"):
            Store.open(project)  # the holder's name is read beside its locked byte
    finally:
        holder.send_signal(signal.SIGKILL)
        holder.communicate()
    with Store.open(project) as store:  # freed with the process that held it
        assert store.document_count() == 1
    # the lock was one byte past the holder's name, and given back before the file went
    assert (FakeMsvcrt.LK_NBLCK, _lock.WINDOWS_LOCK_BYTE, 1) in windows.calls
    assert windows.calls[-1] == (FakeMsvcrt.LK_UNLCK, _lock.WINDOWS_LOCK_BYTE, 1)
    assert not project.with_name("test.annotator.lock").exists()


def test_windows_branch_is_shared_within_a_process(project, windows):
    first = Store.open(project)
    second = Store.open(project)  # the window and its background import
    lock = project.with_name("test.annotator.lock")
    assert lock.read_text().split()[0] == str(os.getpid())
    assert len([c for c in windows.calls if c[0] == FakeMsvcrt.LK_NBLCK]) == 1
    first.close()
    second.add_document("still writing", uid="x")
    assert lock.exists()
    second.close()
    assert not lock.exists()


def test_the_holders_name_fits_before_the_locked_byte():
    name = f"{2**22} {'h' * 255}\n"  # the largest pid, the longest host name
    assert len(name.encode()) < _lock.WINDOWS_LOCK_BYTE


def test_the_fake_behaves_as_a_lock_between_processes(tmp_path):
    """The stand-in is itself a lock (else the tests above would pass on anything)."""
    path = tmp_path / "f"
    path.write_bytes(b"")
    fd = os.open(path, os.O_RDWR)
    os.lseek(fd, 10, os.SEEK_SET)
    FakeMsvcrt.locking(fd, FakeMsvcrt.LK_NBLCK, 1)
    other = subprocess.run([sys.executable, "-c", FAKE_MSVCRT + rf"""
fd = os.open({str(path)!r}, os.O_RDWR)
os.lseek(fd, 10, os.SEEK_SET)
try:
    msvcrt.locking(fd, msvcrt.LK_NBLCK, 1)
except PermissionError:
    print("refused")
"""], capture_output=True, text=True)
    os.close(fd)
    assert other.stdout == "refused\n"
