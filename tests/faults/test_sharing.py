"""Two processes on one project: one writer at a time (an OS lock that a killed process
releases), readers alongside it that see every committed edit and can write nothing."""

import os
import signal
import sqlite3
import subprocess
import sys

import pytest

from annotator.core.errors import OpenedReadOnly, ProjectInUse, ProjectNotWritable
from annotator.core.importer import import_paths
from annotator.core.models import Label
from annotator.core.store import Store
from tests.conftest import ROOT, rows

# Opens the project for writing, adds a span per line read, says so, and waits.
HOLDER = r"""
import sys
from annotator.core.store import Store
store = Store.open(sys.argv[1])
doc, _ = store.add_document("Yin said no to Xi.", uid="held")
print("ready", flush=True)
for n, line in enumerate(sys.stdin):
    store.add_span(doc, "holder", n, n + 3, "SPEAKER")
    print("added", flush=True)
"""


def beside(path):
    return sorted(p.name for p in path.parent.iterdir() if p.name.startswith(path.name))


class Holder:
    """Another process with the project open for writing."""

    def __init__(self, path):
        self.process = subprocess.Popen([sys.executable, "-c", HOLDER, str(path)],
                                        stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                                        text=True)
        assert self.process.stdout.readline() == "ready\n"

    def add_span(self) -> None:
        self.process.stdin.write("span\n")
        self.process.stdin.flush()
        assert self.process.stdout.readline() == "added\n"

    def kill(self) -> None:
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGKILL)
        self.process.communicate()


@pytest.fixture
def holder(project):
    running = Holder(project)
    yield running
    running.kill()


def test_a_second_writer_is_refused_a_reader_sees_each_edit_and_a_kill_frees_it(project,
                                                                                 holder):
    with pytest.raises(ProjectInUse, match=rf"open for writing in another annotator window or "
                                           rf"process \(process {holder.process.pid}\)"):
        Store.open(project)
    reader = Store.open(project, read_only=True)
    assert reader.read_only and reader.document_count() == 1
    doc = reader.find_document("held", "")
    assert reader.spans(doc) == []
    holder.add_span()
    holder.add_span()
    assert [(s.start, s.annotator) for s in reader.spans(doc)] == [(0, "holder"), (1, "holder")]
    reader.close()

    holder.kill()
    with Store.open(project) as store:  # the lock died with its process
        store.add_span(doc, "alice", 4, 8, "CLAIM")
        assert store.path.with_name("test.annotator.lock").exists()
    assert rows(project, "PRAGMA integrity_check") == [("ok",)]
    assert rows(project, "SELECT count(*) FROM spans") == [(3,)]
    assert beside(project) == ["test.annotator"]


def test_every_write_to_a_project_opened_read_only_is_refused(project, tmp_path):
    with Store.open(project) as store:
        doc, _ = store.add_document("Yin said no.", uid="d")
        span = store.add_span(doc, "alice", 0, 3, "SPEAKER")
    before = project.read_bytes()
    reader = Store.open(project, read_only=True)
    writes = [
        lambda: reader.add_document("More text.", uid="e"),
        lambda: reader.add_span(doc, "alice", 4, 8, "CLAIM"),
        lambda: reader.delete_span(span.id, "alice"),
        lambda: reader.set_labels([Label("X", "#ffffff", "1")], delete_used=True),
        lambda: reader.set_status(doc, "alice", "done"),
        lambda: reader.set_setting("k", "v"),
        lambda: import_paths(reader, [ROOT / "seeds"]),
    ]
    for write in writes:
        with pytest.raises(OpenedReadOnly, match="opened read-only; nothing was changed"):
            write()
    assert reader.spans(doc) == [span]  # still readable after the refusals
    reader.close()
    assert project.read_bytes() == before
    assert beside(project) == ["test.annotator"]  # the reader's -wal and -shm are tidied


def test_one_process_may_open_a_project_twice_and_shares_the_lock(project):
    first = Store.open(project)
    second = Store.open(project)  # the window and its background import
    lock = project.with_name("test.annotator.lock")
    assert lock.read_text().split()[0] == str(os.getpid())
    first.close()
    second.add_document("still writing", uid="x")
    assert lock.exists()
    second.close()
    assert not lock.exists()


def test_a_stale_lock_file_left_by_a_killed_process_is_reused(project):
    Store.open(project).close()
    project.with_name("test.annotator.lock").write_text("99999 elsewhere\n")
    with Store.open(project) as store:
        store.add_document("fine", uid="x")
    assert rows(project, "SELECT uid FROM documents") == [("x",)]


def test_a_read_only_file_is_refused_for_writing_and_opens_read_only_untouched(
        read_only_folder):
    path = read_only_folder / "p.annotator"
    before = path.read_bytes()
    with pytest.raises(ProjectNotWritable, match="read-only"):
        Store.open(path)
    with Store.open(path, read_only=True) as reader:
        assert [d.uid for d in reader.documents()] == ["d"]
        with pytest.raises(OpenedReadOnly):
            reader.add_document("x", uid="x")
    assert path.read_bytes() == before
    assert [p.name for p in read_only_folder.iterdir()] == ["p.annotator"]


def test_a_read_only_connection_cannot_write_even_through_sqlite_directly(project):
    Store.open(project).close()
    with Store.open(project, read_only=True) as reader:
        with pytest.raises(sqlite3.OperationalError, match="readonly"):
            sqlite3.Connection.execute(reader.db.conn, "DELETE FROM labels")
    assert rows(project, "SELECT count(*) FROM labels") != [(0,)]
