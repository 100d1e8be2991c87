import os
import sqlite3
import subprocess
from pathlib import Path

import pytest

# Qt tests run without a display; set before anything imports Qt.
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from annotator.core.store import Store  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture(autouse=True)
def _isolated_home(tmp_path, monkeypatch):
    """The default project and settings of a test live in its own folder."""
    home = tmp_path / "home"
    home.mkdir()
    monkeypatch.setenv("ANNOTATOR_HOME", str(home))
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "config"))
    return home


@pytest.fixture
def fresh_db():
    store = Store.memory()
    yield store
    store.close()


@pytest.fixture
def project(tmp_path):
    """A path for a project file that does not exist yet."""
    return tmp_path / "test.annotator"


@pytest.fixture
def read_only_folder(tmp_path):
    """A folder whose files cannot be written: mode 444 for a normal user; for root (who
    writes anyway) a read-only bind mount of it, where it can be made."""
    folder = tmp_path / "shared"
    folder.mkdir()
    with Store.open(folder / "p.annotator") as store:
        store.add_document("Yin said no.", uid="d")
    if os.geteuid() != 0:
        os.chmod(folder / "p.annotator", 0o444)
        os.chmod(folder, 0o555)
        yield folder
        os.chmod(folder, 0o755)
        return
    view = tmp_path / "view"
    view.mkdir()
    mounted = subprocess.run(["mount", "--bind", "-o", "ro", str(folder), str(view)],
                             capture_output=True)
    if mounted.returncode != 0 or os.access(view, os.W_OK):
        subprocess.run(["umount", str(view)], capture_output=True)
        pytest.skip("cannot make a read-only folder as root here")
    yield view
    subprocess.run(["umount", str(view)], check=True)


def rows(path, sql, params=()):
    """Read a project file through a separate, plain sqlite3 connection."""
    conn = sqlite3.connect(path)
    try:
        return conn.execute(sql, params).fetchall()
    finally:
        conn.close()


def add_layers(store, text, layers, uid="d", title=None):
    """A document with each annotator's spans, given as {name: [(phrase, label), ...]}."""
    doc, _ = store.add_document(text, uid=uid, title=title)
    for name, spans in layers.items():
        store.ensure_status(doc, name)
        for phrase, label in spans:
            start = text.index(phrase)
            store.add_span(doc, name, start, start + len(phrase), label)
    return doc


def fill_disk(store):
    """Make the disk under `store` full, as far as its connection can tell: no new page can
    be had (PRAGMA max_page_count), and the last page of the history, which every edit
    appends to, has no room left. Returns the number of history rows it took."""
    db = store.db
    db.execute(f"PRAGMA max_page_count = {db.execute('PRAGMA page_count').fetchone()[0]}")
    n = 0
    for size in (2000, 200, 20, 1):
        try:
            while True:
                db.execute("INSERT INTO history (annotator, action, payload) VALUES "
                           "('disk', 'fill', ?)", ["x" * size])
                n += 1
        except Exception as e:  # DiskFull, once the pages are full
            assert "disk is full" in str(e), e
    return n


def workspace_on(store, text, annotator="alice"):
    """A Workspace of `annotator` with one document holding `text`, open."""
    from annotator.core.workspace import Workspace

    doc_id, _ = store.add_document(text, uid="d")
    workspace = Workspace(store, annotator)
    workspace.open(doc_id)
    return workspace
