"""The project schema and its migrations.

A project file is a SQLite database whose `PRAGMA application_id` is APPLICATION_ID and whose
`PRAGMA user_version` counts the migrations applied. Migrations are sqlite-utils `Migrations`,
applied in order; each runs in its own transaction. A file with a user_version above
SCHEMA_VERSION was written by a newer annotator and is refused before anything is written.
sqlite-utils is imported only to apply them (opening an up-to-date project does not need it).
"""

from __future__ import annotations

import functools
import json
import sqlite3

from annotator.core._sqlite_utils import Database, full, sqlite_utils

APPLICATION_ID = 0x414E4E54  # "ANNT"
MIGRATION_SET = "annotator"
MIGRATIONS_TABLE = "_sqlite_migrations"  # sqlite-utils' record of the migrations applied

_steps: list[str] = []
_runs: list = []


def step(fn):
    """Register a migration; it records the new schema version in the same transaction."""
    _steps.append(fn.__name__)
    version = len(_steps)

    def run(db: Database) -> None:
        fn(db)
        db.execute(f"PRAGMA application_id = {APPLICATION_ID}")
        db.execute(f"PRAGMA user_version = {version}")

    run.__name__ = fn.__name__
    _runs.append(run)
    return fn


@functools.lru_cache(maxsize=None)
def migrations():
    """sqlite-utils' Migrations of ours (sqlite-utils is imported here, when first needed)."""
    made = sqlite_utils().Migrations(MIGRATION_SET)
    for run in _runs:
        made(name=run.__name__)(run)
    assert made.migrations_table == MIGRATIONS_TABLE
    return made


@step
def m001_initial(db: Database) -> None:
    db.execute(
        """CREATE TABLE project (
               key TEXT PRIMARY KEY,
               value TEXT NOT NULL)"""
    )
    db.execute(
        """CREATE TABLE documents (
               id INTEGER PRIMARY KEY,
               uid TEXT NOT NULL UNIQUE,
               title TEXT NOT NULL DEFAULT '',
               text TEXT NOT NULL,
               length INTEGER NOT NULL,
               meta TEXT NOT NULL DEFAULT '{}',
               sha256 TEXT NOT NULL,
               created TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')))"""
    )
    db.execute("CREATE INDEX documents_sha256 ON documents(sha256)")
    db.execute(
        """CREATE TABLE labels (
               name TEXT PRIMARY KEY,
               color TEXT NOT NULL,
               key TEXT,
               description TEXT NOT NULL DEFAULT '',
               kind TEXT NOT NULL DEFAULT 'span' CHECK (kind IN ('span', 'relation')),
               position INTEGER NOT NULL DEFAULT 0)"""
    )
    db.execute(
        """CREATE TABLE spans (
               id INTEGER PRIMARY KEY,
               doc_id INTEGER NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
               annotator TEXT NOT NULL,
               start INTEGER NOT NULL CHECK (start >= 0),
               "end" INTEGER NOT NULL CHECK ("end" > start),
               label TEXT NOT NULL,
               source TEXT NOT NULL DEFAULT 'manual',
               created TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')),
               updated TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')))"""
    )
    db.execute("CREATE INDEX spans_doc_annotator ON spans(doc_id, annotator)")
    db.execute(
        'CREATE UNIQUE INDEX spans_unique ON spans(doc_id, annotator, start, "end", label)'
    )
    db.execute(
        """CREATE TABLE relations (
               id INTEGER PRIMARY KEY,
               doc_id INTEGER NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
               annotator TEXT NOT NULL,
               head_span_id INTEGER NOT NULL REFERENCES spans(id) ON DELETE CASCADE,
               child_span_id INTEGER NOT NULL REFERENCES spans(id) ON DELETE CASCADE,
               label TEXT NOT NULL,
               created TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')),
               UNIQUE (head_span_id, child_span_id, label))"""
    )
    db.execute("CREATE INDEX relations_doc_annotator ON relations(doc_id, annotator)")
    db.execute(
        """CREATE TABLE doc_status (
               doc_id INTEGER NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
               annotator TEXT NOT NULL,
               status TEXT NOT NULL
                   CHECK (status IN ('todo', 'in_progress', 'done', 'skipped')),
               updated TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')),
               PRIMARY KEY (doc_id, annotator))"""
    )


@step
def m002_history(db: Database) -> None:
    """An append-only log of edits: who changed what, when (for review and audit)."""
    db.execute(
        """CREATE TABLE history (
               id INTEGER PRIMARY KEY,
               at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')),
               annotator TEXT NOT NULL,
               action TEXT NOT NULL,
               doc_id INTEGER,
               payload TEXT NOT NULL DEFAULT '{}')"""
    )
    db.execute("CREATE INDEX history_doc ON history(doc_id)")


@step
def m003_status_note(db: Database) -> None:
    """Why a document was skipped (or any note on its status)."""
    db.execute("ALTER TABLE doc_status ADD COLUMN note TEXT NOT NULL DEFAULT ''")


@step
def m004_review_rejections(db: Database) -> None:
    """Clusters a reviewer decided should have nothing in the gold layer."""
    db.execute(
        """CREATE TABLE review_rejections (
               doc_id INTEGER NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
               start INTEGER NOT NULL,
               "end" INTEGER NOT NULL,
               reviewer TEXT NOT NULL,
               at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')),
               PRIMARY KEY (doc_id, start, "end"))"""
    )


@step
def m005_one_span_index(db: Database) -> None:
    """spans_unique (doc_id, annotator, start, end, label) serves every look-up the older
    (doc_id, annotator) index did; one index less to keep up on every span written."""
    db.execute("DROP INDEX IF EXISTS spans_doc_annotator")


@step
def m006_status_by_annotator(db: Database) -> None:
    """An annotator's statuses without reading everyone's: the counts in the status bar after
    every edit, and the document list's status filter (a scan of 100,000 rows before)."""
    db.execute("CREATE INDEX IF NOT EXISTS doc_status_annotator ON doc_status(annotator, status)")


# The constraints the default scheme gave its relation labels when they were introduced;
# projects made before get them for the labels they have (a copy: the scheme file may change).
_DEFAULT_CONSTRAINTS = {
    "SAID": (("SPEAKER", "PERSON", "ORG"), ("CLAIM",)),
    "RESPONSIBLE_FOR": (("ORG", "PERSON"), ("POLICY",)),
}


@step
def m007_relation_constraints(db: Database) -> None:
    """Which span labels a relation label's head and child take (JSON lists of names; an
    empty list takes any). SAID and RESPONSIBLE_FOR get the default scheme's, restricted to
    the span labels the project has."""
    db.execute("ALTER TABLE labels ADD COLUMN heads TEXT NOT NULL DEFAULT '[]'")
    db.execute("ALTER TABLE labels ADD COLUMN children TEXT NOT NULL DEFAULT '[]'")
    span_labels = {row[0] for row in db.execute("SELECT name FROM labels WHERE kind = 'span'")}
    for name, (heads, children) in _DEFAULT_CONSTRAINTS.items():
        db.execute(
            "UPDATE labels SET heads = ?, children = ? WHERE name = ? AND kind = 'relation'",
            [json.dumps([h for h in heads if h in span_labels]),
             json.dumps([c for c in children if c in span_labels]), name])



@step
def m008_suggestions(db: Database) -> None:
    """Spans and links that a source (quote rules, patterns, a model) proposes for a document,
    kept apart from every annotator's layer; and the suggestions an annotator rejected, by
    extent and label, so that a source run again does not bring them back."""
    db.execute(
        """CREATE TABLE suggestions (
               id INTEGER PRIMARY KEY,
               doc_id INTEGER NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
               source TEXT NOT NULL,
               start INTEGER NOT NULL CHECK (start >= 0),
               "end" INTEGER NOT NULL CHECK ("end" > start),
               label TEXT NOT NULL,
               score REAL NOT NULL DEFAULT 1.0,
               attrs TEXT NOT NULL DEFAULT '{}')"""
    )
    db.execute("CREATE INDEX suggestions_doc_source ON suggestions(doc_id, source)")
    db.execute(
        """CREATE TABLE suggested_links (
               id INTEGER PRIMARY KEY,
               doc_id INTEGER NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
               source TEXT NOT NULL,
               head_id INTEGER NOT NULL REFERENCES suggestions(id) ON DELETE CASCADE,
               child_id INTEGER NOT NULL REFERENCES suggestions(id) ON DELETE CASCADE,
               label TEXT NOT NULL,
               score REAL NOT NULL DEFAULT 1.0)"""
    )
    db.execute("CREATE INDEX suggested_links_doc ON suggested_links(doc_id)")
    db.execute("CREATE INDEX suggested_links_head ON suggested_links(head_id)")
    db.execute("CREATE INDEX suggested_links_child ON suggested_links(child_id)")
    db.execute(
        """CREATE TABLE suggestion_rejections (
               doc_id INTEGER NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
               annotator TEXT NOT NULL,
               start INTEGER NOT NULL,
               "end" INTEGER NOT NULL,
               label TEXT NOT NULL,
               at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')),
               PRIMARY KEY (doc_id, annotator, start, "end", label))"""
    )


@step
def m009_attributes(db: Database) -> None:
    """Attributes: which a span label declares (JSON {name: [values]}), the values given to
    spans, and the values an annotator gave a document. A project made before keeps its
    scheme as it was (no attributes) until its owner gives it some."""
    db.execute("ALTER TABLE labels ADD COLUMN attributes TEXT NOT NULL DEFAULT '{}'")
    db.execute(
        """CREATE TABLE span_attributes (
               span_id INTEGER NOT NULL REFERENCES spans(id) ON DELETE CASCADE,
               name TEXT NOT NULL,
               value TEXT NOT NULL,
               PRIMARY KEY (span_id, name))"""
    )
    db.execute(
        """CREATE TABLE document_attributes (
               doc_id INTEGER NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
               annotator TEXT NOT NULL,
               name TEXT NOT NULL,
               value TEXT NOT NULL,
               PRIMARY KEY (doc_id, annotator, name))"""
    )


@step
def m010_team(db: Database) -> None:
    """Work given out to a team: each pack file written (whose, where, when it came back and
    its owner's last edit in it then), and which annotator has which document in which pack."""
    db.execute(
        """CREATE TABLE packs (
               id TEXT PRIMARY KEY,
               annotator TEXT NOT NULL,
               file TEXT NOT NULL,
               created TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')),
               merged TEXT,
               activity TEXT)"""
    )
    db.execute(
        """CREATE TABLE assignments (
               doc_id INTEGER NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
               annotator TEXT NOT NULL,
               pack TEXT NOT NULL REFERENCES packs(id),
               assigned TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')),
               PRIMARY KEY (doc_id, annotator))"""
    )
    db.execute("CREATE INDEX assignments_annotator ON assignments(annotator)")


@step
def m011_notes(db: Database) -> None:
    """An annotator's short notes ("unsure: a claim or an opinion?") on a span (span_id) or
    on a document (span_id NULL), open until resolved. A span's note goes with the span."""
    db.execute(
        """CREATE TABLE notes (
               id INTEGER PRIMARY KEY,
               doc_id INTEGER NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
               annotator TEXT NOT NULL,
               span_id INTEGER REFERENCES spans(id) ON DELETE CASCADE,
               text TEXT NOT NULL CHECK (length(text) > 0),
               status TEXT NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'resolved')),
               created TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')),
               updated TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')))"""
    )
    db.execute("CREATE INDEX notes_doc ON notes(doc_id, annotator)")
    db.execute("CREATE UNIQUE INDEX notes_span ON notes(span_id)")  # one note per span
    db.execute("CREATE INDEX notes_open ON notes(status, doc_id)")


SCHEMA_VERSION = len(_steps)


def migrate(db: Database, stop_before: str | None = None) -> None:
    """Apply pending migrations, each with its version, in its own transaction."""
    migrations().apply(full(db), stop_before=stop_before)


def pending(db: Database) -> int:
    """How many migrations `db` lacks (as sqlite-utils' Migrations.pending counts them)."""
    if db.execute("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?",
                  [MIGRATIONS_TABLE]).fetchone() is None:
        return len(_steps)
    applied = {row[0] for row in db.execute(
        f"SELECT name FROM {MIGRATIONS_TABLE} WHERE migration_set = ?", [MIGRATION_SET])}
    return sum(name not in applied for name in _steps)


def step_names() -> list[str]:
    """The migrations' names, in order: version N has the first N applied."""
    return list(_steps)


# What SQLite may add to any database by itself (ANALYZE): statistics, never SQL that runs.
_STATISTICS = {"sqlite_stat1", "sqlite_stat2", "sqlite_stat3", "sqlite_stat4"}


def objects(conn: sqlite3.Connection) -> dict[tuple[str, str], tuple[str, str | None]]:
    """Every table, index, trigger and view of a database: (type, name) -> (table, SQL).
    sqlite-utils' own record of migrations is held by name only: its shape is sqlite-utils'
    (a table and indexes run no SQL; a trigger on it would still count)."""
    found = {}
    for kind, name, table, sql in conn.execute(
            "SELECT type, name, tbl_name, sql FROM sqlite_master"):
        if kind == "table" and name in _STATISTICS:
            continue
        if table == MIGRATIONS_TABLE and kind in ("table", "index"):
            if kind == "index":
                continue
            sql = None
        found[kind, name] = (table, sql)
    return found


@functools.lru_cache(maxsize=None)
def expected(version: int) -> dict[tuple[str, str], tuple[str, str | None]]:
    """The schema a project of `version` has: what our own migrations up to it make, run in
    a database in memory (so every new migration is covered as soon as it is written), and
    sqlite-utils' record of them, which `objects` holds by name only (so it is made here
    without importing sqlite-utils: every opening of a project checks its schema)."""
    db = Database(sqlite3.connect(":memory:"))
    try:
        for run in _runs[:version]:
            with db.atomic():
                run(db)
        db.execute(f"CREATE TABLE {MIGRATIONS_TABLE} (id INTEGER PRIMARY KEY, "
                   "migration_set TEXT, name TEXT, applied_at TEXT)")
        return objects(db.conn)
    finally:
        db.close()


def differences(conn: sqlite3.Connection, version: int) -> str | None:
    """What in a project file's schema is not exactly what annotator makes for its version
    (a trigger or view of its own would run its own SQL on our edits), or None."""
    found, want = objects(conn), expected(version)
    for kind, name in sorted(found.keys() - want.keys()):
        return f"it has a {kind} {name!r} that annotator does not make"
    for kind, name in sorted(want.keys() - found.keys()):
        return f"it lacks the {kind} {name!r}"
    for kind, name in sorted(want):
        if found[kind, name] != want[kind, name]:
            return f"its {kind} {name!r} is not as annotator makes it"
    applied = [row[0] for row in conn.execute(
        f"SELECT name FROM {MIGRATIONS_TABLE} WHERE migration_set = ? "
        "ORDER BY rowid", [MIGRATION_SET])]
    if applied != _steps[:version]:
        return f"its record of migrations does not match its schema version {version}"
    return None
