import os
import sqlite3

import pytest
from sqlite_utils import Database

from annotator.core import schema
from annotator.core.errors import InvalidInput, ProjectError
from annotator.core.models import Label
from annotator.core.store import Store
from tests.conftest import rows


def test_new_project_has_schema_version_wal_and_default_scheme(project):
    with Store.open(project) as store:
        assert store.created
        assert [lb.name for lb in store.labels("span")][:3] == ["SPEAKER", "CLAIM", "POLICY"]
        assert [lb.key for lb in store.labels("span")][:3] == ["1", "2", "3"]
        assert any(lb.kind == "relation" and lb.name == "SAID" for lb in store.labels())
    assert rows(project, "PRAGMA user_version") == [(schema.SCHEMA_VERSION,)]
    assert rows(project, "PRAGMA application_id") == [(schema.APPLICATION_ID,)]
    assert rows(project, "PRAGMA journal_mode") == [("wal",)]


def test_span_is_committed_at_once_and_checked(project):
    store = Store.open(project)
    doc_id, _ = store.add_document("Senator Smith said no.", uid="d1")
    span = store.add_span(doc_id, "alice", 0, 13, "SPEAKER")
    # Seen by another connection while the store is still open: committed.
    assert rows(project, 'SELECT start, "end", label, annotator FROM spans') == [
        (0, 13, "SPEAKER", "alice")]
    assert store.add_span(doc_id, "alice", 0, 13, "SPEAKER") == span  # not doubled
    for bad in [(5, 5), (7, 3), (-1, 2), (0, 23)]:
        with pytest.raises(InvalidInput):
            store.add_span(doc_id, "alice", *bad, "SPEAKER")
    with pytest.raises(InvalidInput, match="not a span label"):
        store.add_span(doc_id, "alice", 0, 7, "NOPE")
    assert store.status(doc_id, "alice") == "in_progress"
    assert store.status(doc_id, "bob") == "todo"
    assert rows(project, "SELECT action, annotator FROM history") == [("add_span", "alice")]
    store.close()


def test_document_matched_by_uid_then_by_text(fresh_db):
    a, created = fresh_db.add_document("one", uid="x")
    assert created
    assert fresh_db.add_document("one", uid="x") == (a, False)
    b, created = fresh_db.add_document("two")
    assert created and b != a
    assert fresh_db.add_document("two") == (b, False)
    with pytest.raises(InvalidInput, match="different text"):
        fresh_db.add_document("changed", uid="x")


def test_text_is_stored_exactly(fresh_db):
    text = "\ufeffa\r\nb\rc\u2028d\x00e 👩‍👩‍👧 é"
    doc_id, _ = fresh_db.add_document(text)
    assert fresh_db.document(doc_id).text == text
    fresh_db.add_span(doc_id, "a", len(text) - 3, len(text), "CLAIM")
    assert fresh_db.spans(doc_id)[0].end == len(text)  # NUL does not cut the length


def test_relation_needs_same_document_and_annotator(fresh_db):
    d, _ = fresh_db.add_document("Yin said it is weak.")
    s = fresh_db.add_span(d, "a", 0, 3, "SPEAKER")
    c = fresh_db.add_span(d, "a", 9, 19, "CLAIM")
    other = fresh_db.add_span(d, "b", 0, 3, "SPEAKER")
    rel = fresh_db.add_relation(s.id, c.id, "SAID", "a")
    assert fresh_db.relations(d) == [rel]
    with pytest.raises(InvalidInput):
        fresh_db.add_relation(other.id, c.id, "SAID", "a")
    with pytest.raises(InvalidInput):
        fresh_db.add_relation(s.id, c.id, "CLAIM", "a")  # a span label


def test_set_labels_refuses_to_drop_labels_in_use(fresh_db):
    d, _ = fresh_db.add_document("text here")
    fresh_db.add_span(d, "a", 0, 4, "CLAIM")
    with pytest.raises(InvalidInput, match=r"CLAIM \(1 in use\)"):
        fresh_db.set_labels([Label("X", "#ffffff", "1")])
    fresh_db.set_labels([Label("CLAIM", "#ffffff", "1"), Label("X", "#000000", "2")])
    assert [lb.name for lb in fresh_db.labels()] == ["CLAIM", "X"]
    with pytest.raises(InvalidInput, match="key 1"):
        fresh_db.set_labels([Label("CLAIM", "#ffffff", "1"), Label("Y", "#000000", "1")])


@pytest.mark.parametrize("content", [b"hello, not a database", b"\x00" * 200, b"PK\x03\x04zip"])
def test_a_file_that_is_not_a_project_is_refused_untouched(tmp_path, content):
    folder = tmp_path / "files"
    folder.mkdir()
    path = folder / "notes.annotator"
    path.write_bytes(content)
    with pytest.raises(ProjectError, match="not an annotator project"):
        Store.open(path)
    assert path.read_bytes() == content
    assert [p.name for p in folder.iterdir()] == ["notes.annotator"]  # no -wal, no -shm


@pytest.mark.parametrize("statements", [
    ["CREATE TABLE t (x)"],                                   # another program's database
    ["PRAGMA journal_mode = WAL", "CREATE TABLE t (x)"],      # ... in WAL mode
    ["PRAGMA user_version = 7"],                              # empty, but someone else's
])
def test_another_programs_database_is_refused_untouched(tmp_path, statements):
    folder = tmp_path / "other"
    folder.mkdir()
    path = folder / "app.db"
    conn = sqlite3.connect(path)
    for sql in statements:
        conn.execute(sql)
    conn.commit()
    conn.close()
    before = path.read_bytes()
    with pytest.raises(ProjectError, match="SQLite database, but not an annotator project"):
        Store.open(path)
    assert path.read_bytes() == before
    assert [p.name for p in folder.iterdir()] == ["app.db"]  # no -wal, no -shm


def test_a_damaged_project_gets_a_clear_message(project):
    store = Store.open(project)
    for i in range(50):
        store.add_document(f"document {i} " * 200)
    store.close()
    data = bytearray(project.read_bytes())
    data[4096:len(data)] = b"\xff" * (len(data) - 4096)
    project.write_bytes(bytes(data))
    with pytest.raises(ProjectError, match="damaged"):
        with Store.open(project) as broken:
            broken.document_count()
            broken.stats()


def test_every_migration_records_its_version_in_its_own_transaction(project):
    db = Database(project)
    schema.migrate(db, stop_before="m003_status_note")
    assert db.execute("PRAGMA user_version").fetchone()[0] == 2
    db.close()


def test_a_label_in_use_cannot_change_kind(fresh_db):
    d, _ = fresh_db.add_document("text here")
    fresh_db.add_span(d, "a", 0, 4, "CLAIM")
    labels = [lb if lb.name != "CLAIM" else Label("CLAIM", lb.color, None, "", "relation")
              for lb in fresh_db.labels()]
    with pytest.raises(InvalidInput, match="cannot become a relation label"):
        fresh_db.set_labels(labels)


def test_a_project_from_a_newer_version_is_refused_untouched(project):
    Store.open(project).close()
    conn = sqlite3.connect(project)
    conn.execute(f"PRAGMA user_version = {schema.SCHEMA_VERSION + 1}")
    conn.commit()
    conn.close()
    before = project.read_bytes()
    with pytest.raises(ProjectError, match="newer annotator"):
        Store.open(project)
    assert project.read_bytes() == before


def test_read_only_project_is_refused(project):
    Store.open(project).close()
    os.chmod(project, 0o444)
    try:
        if os.access(project, os.W_OK):
            pytest.skip("running as a user who can write read-only files")
        with pytest.raises(ProjectError, match="read-only"):
            Store.open(project)
    finally:
        os.chmod(project, 0o644)


def test_missing_project_is_not_created_when_asked_not_to(project):
    with pytest.raises(ProjectError, match="no such project"):
        Store.open(project, create=False)
    assert not project.exists()


def test_older_schema_is_migrated_after_a_backup(project):
    # A project as the first schema version wrote it: the history table does not exist yet.
    db = Database(project)
    schema.migrate(db, stop_before="m002_history")
    db.execute("INSERT INTO documents (uid, title, text, length, sha256) "
               "VALUES ('d', 't', 'old text', 8, 'h')")
    db.execute("INSERT INTO labels (name, color, key) VALUES ('SPEAKER', '#ffd166', '1')")
    db.execute("INSERT INTO spans (doc_id, annotator, start, \"end\", label) "
               "VALUES (1, 'alice', 0, 3, 'SPEAKER')")
    db.close()
    assert rows(project, "PRAGMA user_version") == [(1,)]

    store = Store.open(project)
    assert store.backup == project.with_name("test.annotator.schema1.bak")
    assert rows(store.backup, "PRAGMA user_version") == [(1,)]
    assert rows(store.backup, "SELECT text FROM documents") == [("old text",)]
    assert rows(project, "PRAGMA user_version") == [(schema.SCHEMA_VERSION,)]
    assert store.spans(1)[0].label == "SPEAKER"
    store.add_span(1, "alice", 4, 8, "SPEAKER")
    assert rows(project, "SELECT action FROM history") == [("add_span",)]
    store.close()


def test_dropping_a_label_while_renaming_another_to_its_name(fresh_db):
    d, _ = fresh_db.add_document("Yin said no.")
    fresh_db.add_span(d, "a", 0, 3, "SPEAKER")
    fresh_db.add_span(d, "a", 9, 11, "CLAIM")
    labels = [lb for lb in fresh_db.labels() if lb.name != "SPEAKER"]
    labels = [Label("SPEAKER", lb.color, lb.key, "", lb.kind) if lb.name == "CLAIM" else lb
              for lb in labels]
    with pytest.raises(InvalidInput, match=r"leaves out labels that are in use: SPEAKER \(1"):
        fresh_db.set_labels(labels, {"CLAIM": "SPEAKER"})
    fresh_db.set_labels(labels, {"CLAIM": "SPEAKER"}, delete_used=True)
    assert [(s.start, s.label) for s in fresh_db.spans(d)] == [(9, "SPEAKER")]


@pytest.mark.parametrize("key, message", [("a", "taken by Link To"), ("12", "one letter"),
                                          ("Ctrl+Z", "one letter"), ("é", "one letter")])
def test_label_keys_must_be_one_free_letter_or_digit(fresh_db, key, message):
    labels = [Label("X", "#ffffff", key)]
    with pytest.raises(InvalidInput, match=message):
        fresh_db.set_labels(labels)
