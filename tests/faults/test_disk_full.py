"""A full disk: an import (or edit) is rolled back with a one-line message saying so, and the
project is as it was and intact."""

import os
import shutil
import subprocess
import sys

import orjson
import pytest
from click.testing import CliRunner

from annotator.cli import main
from annotator.core.errors import DiskFull
from annotator.core.importer import import_paths
from annotator.core.store import Store
from annotator.core.store._base import StoreBase
from tests.conftest import ROOT, fill_disk, rows


@pytest.fixture
def articles(tmp_path):
    source = tmp_path / "articles.jsonl"
    source.write_bytes(b"".join(orjson.dumps({"id": f"n{i}", "text": f"Text {i}. " * 200})
                                + b"\n" for i in range(100)))
    return source


@pytest.fixture
def full_disk(monkeypatch):
    """Every project opened for writing from now on has no room for a new page."""
    setup = StoreBase._setup.__func__

    def on_a_full_disk(cls, db, path, created):
        store = setup(cls, db, path, created)
        db.execute(f"PRAGMA max_page_count = {db.execute('PRAGMA page_count').fetchone()[0]}")
        return store

    monkeypatch.setattr(StoreBase, "_setup", classmethod(on_a_full_disk))


def test_an_import_into_a_full_project_writes_nothing(project, articles, full_disk):
    Store.open(project).close()
    before = rows(project, "SELECT count(*) FROM documents")
    with Store.open(project) as store, pytest.raises(DiskFull, match="the disk is full"):
        import_paths(store, [articles])
    assert rows(project, "SELECT count(*) FROM documents") == before
    assert rows(project, "PRAGMA integrity_check") == [("ok",)]

    result = CliRunner().invoke(main, ["import", str(project), str(articles)])
    assert result.exit_code == 1
    assert result.stderr == (f"Error: {project}: the disk is full; nothing was written and the "
                             "project is as it was. Free some space and try again\n")
    assert rows(project, "SELECT count(*) FROM documents") == before


def test_an_edit_on_a_full_disk_is_refused_and_the_next_one_works_once_there_is_room(project):
    from annotator.core.workspace import Workspace

    with Store.open(project) as store:
        store.add_document("Yin said no.", uid="d")
        ws = Workspace(store, "alice")
        ws.open(1)
        ws.label_selection(0, 3, "SPEAKER")
        fill_disk(store)
        with pytest.raises(DiskFull):
            ws.label_selection(4, 8, "CLAIM")
        with pytest.raises(DiskFull):
            ws.undo()
        assert ws.undo_stack.undo_text == "Add SPEAKER “Yin”"  # kept, to undo later
        store.db.execute("DELETE FROM history WHERE action = 'fill'")  # room again
        ws.label_selection(4, 8, "CLAIM")
    assert rows(project, 'SELECT start, "end" FROM spans ORDER BY start') == [(0, 3), (4, 8)]
    assert rows(project, "PRAGMA integrity_check") == [("ok",)]


@pytest.fixture
def tiny_disk(tmp_path):
    """A real 2 MB file system (tmpfs), where this user may mount one."""
    where = tmp_path / "disk"
    where.mkdir()
    if os.geteuid() != 0 or subprocess.run(["mount", "-t", "tmpfs", "-o", "size=2m", "tmpfs",
                                            str(where)], capture_output=True).returncode:
        pytest.skip("cannot mount a small file system here")
    yield where
    subprocess.run(["umount", str(where)], check=True)


def test_an_import_on_a_really_full_disk(tiny_disk, articles):
    project = tiny_disk / "p.annotator"
    with Store.open(project) as store:
        import_paths(store, [ROOT / "seeds"])
    filler = tiny_disk / "filler"
    with pytest.raises(OSError), filler.open("wb") as f:
        while True:
            f.write(b"\0" * 65536)
            f.flush()
    before = project.read_bytes()
    result = subprocess.run([sys.executable, "-m", "annotator", "import", str(project),
                             str(articles)], capture_output=True, text=True)
    assert result.returncode == 1
    assert result.stderr.startswith(f"Error: {project}: the disk is full")
    assert result.stderr.count("\n") == 1
    assert project.read_bytes() == before
    filler.unlink()
    assert rows(project, "PRAGMA integrity_check") == [("ok",)]
    assert rows(project, "SELECT count(*) FROM documents") == [(1,)]
    shutil.rmtree(tiny_disk, ignore_errors=True)
