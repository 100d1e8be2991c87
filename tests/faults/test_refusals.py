"""A refused project is byte for byte untouched, whatever the refusal and whoever opens it; a
project file with SQL of its own (a trigger, a view, a changed table) is refused; a hard link
cannot let a second writer in.

Each refusal kind is made on disk the way it happens (a writer killed with its -wal beside the
file, noise over a page, a crafted file) and opened by a write command, a reader, `import`
and `merge`; every file in the folder is hashed before and after."""

import hashlib
import os
import sqlite3
import subprocess
import sys

import pytest
from click.testing import CliRunner
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from annotator.cli import main
from annotator.core import schema
from annotator.core.errors import ProjectError
from annotator.core.store import Store
from tests.faults.test_damage import filled

# Opens the project for writing, adds documents, and dies without closing (so its -wal, -shm
# and .lock stay beside the file); with a number, sets the file's schema version to it first.
KILLED = r"""
import os, sys
from annotator.core.store import Store
from tests.faults.test_damage import filled
store = Store.open(sys.argv[1])
for i in range(3):
    store.add_document(f"Written by a writer that was killed, {i}.", uid=f"k{i}")
if len(sys.argv) > 2:
    store.db.execute(f"PRAGMA user_version = {sys.argv[2]}")
os._exit(0)
"""


def killed_writer(path, *args):
    subprocess.run([sys.executable, "-c", KILLED, str(path), *map(str, args)], check=True)
    assert path.with_name(path.name + "-wal").exists()


def files(folder):
    return {p.name: hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(folder.iterdir()) if p.is_file()}


def damage(path, page=4):
    data = bytearray(path.read_bytes())
    data[page * 4096:(page + 1) * 4096] = bytes((i * 131 + 7) % 256 for i in range(4096))
    path.write_bytes(bytes(data))


def craft(path, sql):
    """A project file with something of its own in its schema."""
    filled(path, 3)
    conn = sqlite3.connect(path)
    conn.executescript(sql)
    conn.close()


def damaged_with_wal(path):
    filled(path)
    killed_writer(path)
    damage(path, page=path.stat().st_size // 4096 // 2)  # a page the -wal has no copy of


def newer_in_wal(path):
    filled(path, 3)
    killed_writer(path, schema.SCHEMA_VERSION + 1)


def damaged_without_shm(path):
    damaged_with_wal(path)
    path.with_name(path.name + "-shm").unlink()


def newer_in_wal_without_shm(path):
    newer_in_wal(path)
    path.with_name(path.name + "-shm").unlink()


def damaged(path):
    damage(filled(path))


def newer(path):
    filled(path, 3)
    conn = sqlite3.connect(path)
    conn.execute(f"PRAGMA user_version = {schema.SCHEMA_VERSION + 1}")
    conn.close()


def not_a_project(path):
    path.write_bytes(b"just some notes, not a database" * 10)


def with_trigger(path):
    craft(path, "CREATE TRIGGER wipe AFTER INSERT ON spans BEGIN DELETE FROM documents; END;")


def with_view(path):
    craft(path, "CREATE VIEW everything AS SELECT * FROM documents;")


def with_changed_table(path):
    craft(path, "ALTER TABLE labels ADD COLUMN note TEXT;")


def with_index(path):
    craft(path, "CREATE INDEX spans_label ON spans(label);")


def with_trigger_on_migrations(path):
    craft(path, "CREATE TRIGGER again AFTER INSERT ON _sqlite_migrations "
                "BEGIN DELETE FROM documents; END;")


def with_table(path):
    craft(path, "CREATE TABLE extra (x);")


REFUSALS = {
    "damaged": (damaged, "damaged"),
    "damaged, -wal beside it": (damaged_with_wal, "damaged"),
    "damaged, -wal without -shm": (damaged_without_shm, "damaged"),
    "newer": (newer, "made by a newer annotator"),
    "newer in its -wal": (newer_in_wal, "made by a newer annotator"),
    "newer in its -wal, no -shm": (newer_in_wal_without_shm, "made by a newer annotator"),
    "not a project": (not_a_project, "not an annotator project"),
    "a trigger of its own": (with_trigger, "trigger 'wipe'"),
    "a view of its own": (with_view, "view 'everything'"),
    "a changed table": (with_changed_table, "table 'labels'"),
    "an index of its own": (with_index, "index 'spans_label'"),
    "a table of its own": (with_table, "table 'extra'"),
    "a trigger on sqlite-utils' table": (with_trigger_on_migrations, "trigger 'again'"),
}


@pytest.fixture(params=list(REFUSALS))
def refused(request, tmp_path):
    make, message = REFUSALS[request.param]
    folder = tmp_path / "p"
    folder.mkdir()
    path = folder / "test.annotator"
    make(path)
    return path, message


@pytest.mark.parametrize("how", ["write", "read", "import", "merge"])
def test_a_refused_project_is_byte_for_byte_untouched(refused, how, tmp_path):
    path, message = refused
    before = files(path.parent)
    if how in ("write", "read"):
        with pytest.raises(ProjectError, match=message):
            Store.open(path, read_only=how == "read")
    else:
        text = tmp_path / "a.txt"
        text.write_text("Yin said no.")
        args = (["import", str(path), str(text)] if how == "import"
                else ["merge", str(tmp_path / "new.annotator"), str(path)])
        result = CliRunner().invoke(main, args)
        assert result.exit_code == 1 and message in result.stderr
        assert result.stderr.count("\n") == 1
    assert files(path.parent) == before


def test_the_trigger_of_a_crafted_file_never_runs(tmp_path):
    crafted = tmp_path / "crafted.annotator"
    with_trigger(crafted)
    data = tmp_path / "one.jsonl"
    data.write_text('{"id": "x", "text": "Yin said no.", "annotator": "eve", '
                    '"spans": [{"start": 0, "end": 3, "label": "SPEAKER"}]}\n')
    result = CliRunner().invoke(main, ["import", str(crafted), str(data)])
    assert result.exit_code == 1
    assert "has a trigger 'wipe' that annotator does not make" in result.stderr
    conn = sqlite3.connect(crafted)
    assert conn.execute("SELECT count(*) FROM documents").fetchone() == (3,)


def test_every_connection_has_untrusted_schema(project):
    with Store.open(project) as store:
        assert store.db.execute("PRAGMA trusted_schema").fetchone() == (0,)
    with Store.open(project, read_only=True) as store:
        assert store.db.execute("PRAGMA trusted_schema").fetchone() == (0,)


@pytest.mark.parametrize("version", range(1, schema.SCHEMA_VERSION + 1))
def test_a_real_project_of_every_version_opens_and_migrates(project, version):
    from sqlite_utils import Database
    db = Database(project)
    if version < schema.SCHEMA_VERSION:
        schema.migrate(db, stop_before=schema.step_names()[version])
    else:
        schema.migrate(db)
    db.execute("INSERT INTO documents (uid, title, text, length, sha256) "
               "VALUES ('old', 't', 'old text', 8, 'h')")
    db.conn.commit()
    db.close()
    with Store.open(project) as store:
        assert [d.uid for d in store.documents()] == ["old"]
    assert schema.differences(sqlite3.connect(project), schema.SCHEMA_VERSION) is None


def test_sqlite_utils_own_table_is_held_by_name_only(project):
    """Its shape is sqlite-utils' (another 4.x may index it otherwise): not ours to refuse."""
    filled(project, 1)
    conn = sqlite3.connect(project)
    conn.execute("DROP INDEX idx__sqlite_migrations_migration_set_name")
    conn.close()
    Store.open(project).close()


def test_the_expected_schema_comes_from_running_the_migrations():
    """Every version's expected schema is what the migrations make, so a new migration is
    covered without a list to keep up."""
    for version in range(1, schema.SCHEMA_VERSION + 1):
        expected = schema.expected(version)
        assert ("table", "documents") in expected
        assert not any(kind in ("trigger", "view") for kind, _ in expected)
    assert ("index", "doc_status_annotator") not in schema.expected(5)


# ---------------------------------------------------------------------------- hard links
def test_a_hard_linked_project_is_refused_for_writing(project, tmp_path):
    filled(project, 2)
    other = tmp_path / "other.annotator"
    os.link(project, other)
    first = None
    try:
        with pytest.raises(ProjectError, match="2 names"):
            first = Store.open(project)
        with pytest.raises(ProjectError, match="2 names"):
            Store.open(other)
    finally:
        if first is not None:
            first.close()
    with Store.open(other, read_only=True) as reader:  # reading it hurts nothing
        assert reader.document_count() == 2


def test_two_writers_through_two_names_cannot_both_write(project, tmp_path):
    """The defect as met: each name had its own lock and its own -wal; edits were lost."""
    filled(project, 2)
    other = tmp_path / "other.annotator"
    os.link(project, other)
    opened = []
    for path in (project, other):
        try:
            opened.append(Store.open(path))
        except ProjectError:
            pass
    for store in opened:
        store.close()
    assert len(opened) == 0


# ------------------------------------------------------------ a failed merge leaves nothing
@pytest.mark.parametrize("source", ["missing.annotator", "bad.jsonl"])
def test_a_failed_merge_into_a_new_project_leaves_no_project_behind(tmp_path, source):
    tmp_path = tmp_path / "work"
    tmp_path.mkdir()
    (tmp_path / "bad.jsonl").write_text('{"id": "x", "text": ""}\n')
    target = tmp_path / "new.annotator"
    result = CliRunner().invoke(main, ["merge", str(target), str(tmp_path / source)])
    assert result.exit_code == 1
    assert sorted(p.name for p in tmp_path.iterdir()) == ["bad.jsonl"]


# ------------------------------------------------------------------ the class, as a property
@pytest.fixture(scope="module")
def killed_project(tmp_path_factory):
    """A project whose writer was killed: its -wal, -shm and .lock beside it."""
    folder = tmp_path_factory.mktemp("killed")
    path = folder / "test.annotator"
    filled(path)
    killed_writer(path)
    return {p.name: p.read_bytes() for p in folder.iterdir()}


@settings(max_examples=30, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(which=st.sampled_from(["test.annotator", "test.annotator-wal"]),
       pages=st.lists(st.integers(0, 200), min_size=1, max_size=3),
       flips=st.lists(st.tuples(st.integers(0, 1 << 20), st.integers(1, 255)), max_size=8),
       read_only=st.booleans())
def test_whatever_the_damage_a_refusal_changes_no_file(tmp_path_factory, killed_project, which,
                                                       pages, flips, read_only):
    """Noise over whole pages and flipped bytes, in the file or in its -wal: the project is
    opened or refused, and a refusal leaves every file beside it as it was."""
    folder = tmp_path_factory.mktemp("fuzz")
    for name, data in killed_project.items():
        data = bytearray(data)
        if name == which:
            for page in pages:
                at = page * 4096 % len(data)
                data[at:at + 4096] = bytes((i * 131 + page) % 256 for i in range(4096))
            for at, xor in flips:
                data[at % len(data)] ^= xor
        (folder / name).write_bytes(bytes(data[:len(killed_project[name])]))
    before = files(folder)
    try:
        Store.open(folder / "test.annotator", read_only=read_only).close()
    except ProjectError:
        assert files(folder) == before
