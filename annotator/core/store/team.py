"""A project's team: its id, its guidelines, the packs given out and who has which document.

A pack is a project file made from this one for one annotator: a compact copy (VACUUM INTO)
from which everything that is not theirs to see is deleted — the other documents (with all
that hangs on them), the other annotators' layers, the gold layer, the review decisions, the
history — and which names where it comes from (`pack_of`, `pack_annotator`, `pack_id` in its
`project` table). The guidelines, the label scheme and whatever else the project holds on
the pack's documents (suggestions) travel with it as they are.
"""

from __future__ import annotations

import sqlite3
import uuid
from pathlib import Path

from annotator.core.errors import InvalidInput
from annotator.core.models import GOLD, RESERVED_LAYERS
from annotator.core.store._connection import connect

PROJECT_ID, GUIDELINES = "project_id", "guidelines"
PACK_OF, PACK_ANNOTATOR, PACK_ID = "pack_of", "pack_annotator", "pack_id"
# Where the app remembers a person's place: only the pack owner's go with the pack.
_PLACES = ("last_document:", "position:")


class TeamMixin:
    # ------------------------------------------------------------ identity
    def project_id(self, create: bool = False) -> str | None:
        """This project's stable id (made once, with `create`, when it has none)."""
        found = self.setting(PROJECT_ID)
        if found is None and create:
            found = str(uuid.uuid4())
            self.set_setting(PROJECT_ID, found)
        return found

    def pack_identity(self) -> tuple[str, str, str] | None:
        """(the project it was made from, its owner, its id) for a pack, else None."""
        values = [self.setting(k) for k in (PACK_OF, PACK_ANNOTATOR, PACK_ID)]
        return tuple(values) if all(values) else None

    def guidelines(self) -> str:
        return self.setting(GUIDELINES, "")

    def set_guidelines(self, text: str) -> None:
        self.set_setting(GUIDELINES, text)

    # ---------------------------------------------------------- assignments
    def assignments(self) -> dict[int, list[str]]:
        """{document id: its annotators} for every assigned document."""
        out: dict[int, list[str]] = {}
        for doc_id, name in self.db.execute(
                "SELECT doc_id, annotator FROM assignments ORDER BY doc_id, annotator"):
            out.setdefault(doc_id, []).append(name)
        return out

    def record_pack(self, pack_id: str, annotator: str, file: Path,
                    doc_ids: list[int]) -> None:
        with self.db.atomic():
            self.db.execute("INSERT INTO packs (id, annotator, file) VALUES (?, ?, ?)",
                            [pack_id, annotator, str(file)])
            self.db.conn.executemany(
                "INSERT INTO assignments (doc_id, annotator, pack) VALUES (?, ?, ?)",
                [(d, annotator, pack_id) for d in doc_ids])

    def packs(self) -> list[tuple]:
        """(id, annotator, file, created, merged, activity) of every pack, oldest first."""
        return self.db.execute("SELECT id, annotator, file, created, merged, activity "
                               "FROM packs ORDER BY created, rowid").fetchall()

    def pack_returned(self, pack_id: str, activity: str | None) -> None:
        """A pack was merged back: when, and its owner's last edit in it."""
        with self.db.atomic():
            self.db.execute(
                "UPDATE packs SET merged = strftime('%Y-%m-%dT%H:%M:%fZ', 'now'), "
                "activity = max(coalesce(activity, ''), coalesce(?, '')) WHERE id = ?",
                [activity, pack_id])

    def last_edit(self, annotator: str) -> str | None:
        """When `annotator` last changed something in this project (its history)."""
        return self._one("SELECT max(at) FROM history WHERE annotator = ?", [annotator])[0]

    def states_of_documents(self) -> list[tuple[int, str, str | None]]:
        """(document id, annotator, status or None) for every assignment."""
        return self.db.execute(
            "SELECT a.doc_id, a.annotator, s.status FROM assignments a LEFT JOIN doc_status s "
            "ON s.doc_id = a.doc_id AND s.annotator = a.annotator "
            "ORDER BY a.doc_id").fetchall()

    def every_document_id(self) -> list[int]:
        return [row[0] for row in self.db.execute("SELECT id FROM documents ORDER BY id")]

    def all_statuses(self) -> list[tuple[int, str, str]]:
        """(document id, annotator, status) of every recorded status."""
        return self.db.execute("SELECT doc_id, annotator, status FROM doc_status").fetchall()

    def span_layers(self) -> list[tuple[int, str]]:
        """(document id, annotator) of every layer with spans."""
        return self.db.execute("SELECT DISTINCT doc_id, annotator FROM spans").fetchall()

    def span_counts(self) -> dict[str, int]:
        return dict(self.db.execute("SELECT annotator, count(*) FROM spans GROUP BY 1"))

    # ---------------------------------------------------------------- packs
    def write_pack(self, target: Path, annotator: str, doc_ids: list[int], pack_id: str,
                   project_id: str) -> None:
        """Write `annotator`'s pack of `doc_ids` to `target` (which must not exist)."""
        if target.exists():
            raise InvalidInput("a file is there already; nothing was overwritten", str(target))
        self.db.execute("VACUUM INTO ?", [str(target)])
        conn = connect(target, target)
        try:
            _keep_only(conn, target, annotator, doc_ids, pack_id, project_id)
            conn.commit()
            conn.execute("VACUUM")  # what was deleted is gone from the file, not only unlinked
        except BaseException:
            conn.close()
            target.unlink(missing_ok=True)
            raise
        conn.close()


def _keep_only(conn: sqlite3.Connection, target: Path, annotator: str, doc_ids: list[int],
               pack_id: str, project_id: str) -> None:
    # Foreign keys are checked at the end instead of cascading: every table with a doc_id
    # (whatever a later migration adds) loses the other documents' rows, and a row left
    # pointing at a deleted one goes too, as ON DELETE CASCADE would.
    conn.execute("PRAGMA foreign_keys = OFF")
    conn.execute("CREATE TEMP TABLE keep (id INTEGER PRIMARY KEY)")
    conn.executemany("INSERT INTO keep (id) VALUES (?)", [(d,) for d in doc_ids])
    # Layers: the owner's and any reserved non-person layer (suggestions), never gold.
    layers = [annotator, *(n for n in RESERVED_LAYERS if n != GOLD)]
    marks = ", ".join("?" * len(layers))
    tables = [row[0] for row in conn.execute(
        "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'")]
    conn.execute("DELETE FROM documents WHERE id NOT IN (SELECT id FROM temp.keep)")
    for table in tables:
        columns = {row[1] for row in conn.execute(f'PRAGMA table_info("{table}")')}
        if "doc_id" in columns:
            conn.execute(f'DELETE FROM "{table}" WHERE doc_id NOT IN (SELECT id FROM temp.keep)')
        if "annotator" in columns and table not in ("history", "packs", "assignments"):
            conn.execute(f'DELETE FROM "{table}" WHERE annotator NOT IN ({marks})', layers)
    for table in ("history", "review_rejections"):
        conn.execute(f"DELETE FROM {table}")
    while orphans := conn.execute("PRAGMA foreign_key_check").fetchall():
        for table, rowid, _, _ in orphans:
            if rowid is None:  # a table without rowids: nothing annotator makes
                raise InvalidInput(f"cannot make a pack: {table} keeps rows of other documents")
            conn.execute(f'DELETE FROM "{table}" WHERE rowid = ?', [rowid])
    conn.execute("DELETE FROM assignments")
    conn.execute("DELETE FROM packs")
    conn.execute("INSERT INTO packs (id, annotator, file) VALUES (?, ?, ?)",
                 [pack_id, annotator, str(target)])
    conn.executemany("INSERT INTO assignments (doc_id, annotator, pack) VALUES (?, ?, ?)",
                     [(d, annotator, pack_id) for d in doc_ids])
    mine = (f"last_document:{annotator}", f"position:{annotator}:")
    for (key,) in conn.execute("SELECT key FROM project").fetchall():
        if key.startswith(_PLACES) and not (key == mine[0] or key.startswith(mine[1])):
            conn.execute("DELETE FROM project WHERE key = ?", [key])
    conn.executemany(
        "INSERT INTO project (key, value) VALUES (?, ?) "
        "ON CONFLICT(key) DO UPDATE SET value = excluded.value",
        [(PROJECT_ID, str(uuid.uuid4())), (PACK_OF, project_id),
         (PACK_ANNOTATOR, annotator), (PACK_ID, pack_id)])
