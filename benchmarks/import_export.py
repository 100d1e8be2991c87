"""Import 20,000 articles of ~5 KB with 20 spans each from JSONL, and export them again; import
the same data as one Label Studio JSON export (a JSON array of tasks).

Baselines, measured in the same run: plain `sqlite3.executemany` of the same rows in one
transaction (import), and the fastest plain code writing the lines of a JSONL export: a
sqlite3 + orjson loop (the export's floor; a sqlite3 + json loop is shown beside it). Targets:
within 1.5× of each (DESIGN §6, issues 6 and 15). A third import figure, the same rows written
with plain executemany into annotator's own schema, shows how much of the import is the schema
(indexes, checks, foreign keys, WAL mode) and how much our Python. The Label Studio import is
held against our own JSONL import of the same documents (our JSONL export of the project, which
holds what the Label Studio file holds): time ≤ 1.5×, peak memory ≤ 2×
(issue 15: it is streamed, task by task). Every phase runs in a fresh interpreter, so each peak
RSS is that phase's own.

Run: python benchmarks/import_export.py [N]
"""

from __future__ import annotations

import json
import random
import sqlite3
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import orjson

from _common import record

from annotator.core import schema
from annotator.core._sqlite_utils import sqlite_utils
from annotator.core.exporter import ExportReport, export_to_path
from annotator.core.importer import import_paths
from annotator.core.project import open_for_reading
from annotator.core.store import Store

Database = sqlite_utils().Database  # imported here: the floors time SQL, not imports

WORDS = ("trade talks tariffs Beijing Washington officials said the US and China "
         "negotiations deal Mr Xi Liu He would market growth").split()


def make_source(path: Path, n: int) -> None:
    rnd = random.Random(3)
    with path.open("wb") as f:
        for i in range(n):
            text = " ".join(rnd.choice(WORDS) for _ in range(800))[:5000]
            starts = sorted(rnd.sample(range(0, len(text) - 10, 7), 20))
            spans = [{"start": s, "end": s + 5, "label": rnd.choice(["SPEAKER", "CLAIM"])}
                     for s in starts]
            row = {"id": f"a{i}", "text": text, "annotator": "alice", "spans": spans}
            f.write(orjson.dumps(row) + b"\n")


def baseline_import(db: Path, source: Path) -> None:
    conn = sqlite3.connect(db)
    conn.execute("CREATE TABLE documents (id INTEGER PRIMARY KEY, uid TEXT UNIQUE, text TEXT)")
    conn.execute('CREATE TABLE spans (id INTEGER PRIMARY KEY, doc_id INT, start INT, "end" INT,'
                 " label TEXT)")
    conn.execute("CREATE INDEX spans_doc ON spans(doc_id)")
    with conn:
        docs, spans = [], []
        for i, line in enumerate(source.open("rb"), start=1):
            row = orjson.loads(line)
            docs.append((i, row["id"], row["text"]))
            spans += [(i, s["start"], s["end"], s["label"]) for s in row["spans"]]
        conn.executemany("INSERT INTO documents VALUES (?, ?, ?)", docs)
        conn.executemany('INSERT INTO spans (doc_id, start, "end", label) VALUES (?, ?, ?, ?)',
                         spans)
    conn.close()


def baseline_export(db: Path, out: Path) -> None:
    conn = sqlite3.connect(db)
    with out.open("w") as f:
        for doc_id, uid, text in conn.execute("SELECT id, uid, text FROM documents"):
            spans = [{"start": s, "end": e, "label": lab} for s, e, lab in conn.execute(
                'SELECT start, "end", label FROM spans WHERE doc_id = ?', (doc_id,))]
            f.write(json.dumps({"id": uid, "text": text, "spans": spans}) + "\n")
    conn.close()


def floor_export(db: Path, out: Path) -> None:
    """The same loop with orjson: the fastest plain code for these lines (the export's
    floor). Our lines hold more: meta, annotator, status, each span's id, text and source."""
    conn = sqlite3.connect(db)
    with out.open("wb") as f:
        for doc_id, uid, text in conn.execute("SELECT id, uid, text FROM documents"):
            spans = [{"start": s, "end": e, "label": lab} for s, e, lab in conn.execute(
                'SELECT start, "end", label FROM spans WHERE doc_id = ?', (doc_id,))]
            f.write(orjson.dumps({"id": uid, "text": text, "spans": spans},
                                 option=orjson.OPT_APPEND_NEWLINE))
    conn.close()


def floor_export_same(db: Path, out: Path) -> None:
    """The orjson loop writing lines of our export's shape (meta with the title, annotator,
    status; each span's id, text and source; relations): what plain code pays for the same
    content, to tell our overhead from the size of our lines."""
    conn = sqlite3.connect(db)
    with out.open("wb") as f:
        for doc_id, uid, text in conn.execute("SELECT id, uid, text FROM documents"):
            spans = [{"id": n, "start": s, "end": e, "label": lab, "text": text[s:e],
                      "source": "imported"}
                     for n, (s, e, lab) in enumerate(conn.execute(
                         'SELECT start, "end", label FROM spans WHERE doc_id = ? '
                         'ORDER BY start, "end" DESC', (doc_id,)), start=1)]
            f.write(orjson.dumps({"id": uid, "text": text, "meta": {"title": ""},
                                  "annotator": "annotator", "status": "done", "spans": spans,
                                  "relations": []}, option=orjson.OPT_APPEND_NEWLINE))
    conn.close()


def schema_floor(db: Path, source: Path) -> None:
    """The same rows into annotator's own tables (indexes, checks, foreign keys) with plain
    executemany, in WAL mode as a project is: what storing them costs before any of our
    Python runs. (WAL writes every page twice, to the log and then to the file; the bare
    baseline's rollback journal writes new pages once.)"""
    conn = sqlite3.connect(db)
    conn.execute("PRAGMA journal_mode = WAL")  # as a project is (readers while it writes)
    conn.execute("PRAGMA synchronous = NORMAL")
    schema.migrate(Database(conn))
    conn.execute("PRAGMA foreign_keys = ON")
    with conn:
        docs, spans = [], []
        for i, line in enumerate(source.open("rb"), start=1):
            row = orjson.loads(line)
            docs.append((i, row["id"], row["text"], len(row["text"]), "x"))
            spans += [(i, "alice", s["start"], s["end"], s["label"]) for s in row["spans"]]
        conn.executemany("INSERT INTO documents (id, uid, text, length, sha256) "
                         "VALUES (?, ?, ?, ?, ?)", docs)
        conn.executemany('INSERT INTO spans (doc_id, annotator, start, "end", label) '
                         "VALUES (?, ?, ?, ?, ?)", spans)
    conn.close()


def ours_import(project: Path, source: Path) -> None:
    with Store.open(project) as store:
        import_paths(store, [source])


def ours_export(project: Path, out: Path, fmt: str = "jsonl") -> None:
    """What `annotator export PROJECT -o OUT [--format FMT]` runs."""
    store = open_for_reading(project)
    try:
        export_to_path(store, fmt, out, ExportReport())
    finally:
        store.close()


def labelstudio_export(project: Path, out: Path) -> None:
    """The same documents as a Label Studio JSON export (the input of `import-ls`)."""
    ours_export(project, out, "labelstudio")


PHASES = {"baseline-import": baseline_import, "floor-import": schema_floor,
          "import": ours_import, "baseline-export": baseline_export,
          "floor-export": floor_export, "floor-export-same": floor_export_same,
          "export": ours_export,
          "export-ls": labelstudio_export, "import-ls": ours_import}


def phase(name: str, db: Path, other: Path) -> dict:
    """Run one phase in a fresh interpreter: seconds, and that process's peak RSS in MB."""
    out = subprocess.run([sys.executable, __file__, "--phase", name, str(db), str(other)],
                         check=True, capture_output=True, text=True).stdout
    return json.loads(out)


def main() -> None:
    if sys.argv[1:2] == ["--phase"]:
        name, db, other = sys.argv[2], Path(sys.argv[3]), Path(sys.argv[4])
        t = time.perf_counter()
        PHASES[name](db, other)
        seconds = time.perf_counter() - t
        rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
        print(json.dumps({"seconds": seconds, "rss": rss}))
        return
    n = int(sys.argv[1]) if len(sys.argv) > 1 else 20_000
    folder = Path(tempfile.mkdtemp(prefix="annotator-io-"))
    try:
        source = folder / "source.jsonl"
        make_source(source, n)
        base, floor, project = folder / "base.db", folder / "floor.db", folder / "p.annotator"
        b_imp = phase("baseline-import", base, source)
        f_imp = phase("floor-import", floor, source)
        o_imp = phase("import", project, source)
        b_exp = phase("baseline-export", base, folder / "base.jsonl")
        f_exp = phase("floor-export", base, folder / "floor.jsonl")
        s_exp = phase("floor-export-same", base, folder / "floor-same.jsonl")
        o_exp = phase("export", project, folder / "ours.jsonl")
        phase("export-ls", project, folder / "tasks.json")
        ls_mb = (folder / "tasks.json").stat().st_size / 1e6
        o_ls = phase("import-ls", folder / "ls.annotator", folder / "tasks.json")
        # The same documents as our JSONL export holds them (span texts, meta, annotator,
        # status: what the Label Studio file holds), imported the same way.
        o_same = phase("import", folder / "same.annotator", folder / "ours.jsonl")
        mb = source.stat().st_size / 1e6
    finally:
        shutil.rmtree(folder, ignore_errors=True)  # (hundreds of MB at 20,000 articles)
    print(f"{n:,} articles of ~5 KB, 20 spans each ({mb:.0f} MB of JSONL, {ls_mb:.0f} MB as "
          "Label Studio JSON); each figure from a fresh process")
    print(f"| {'':44} | baseline s | annotator s | ratio | target | peak RSS MB (ours/base) |")
    print(f"| {'-' * 44} | ---: | ---: | ---: | ---: | ---: |")
    rows = [("import (bare 2-table baseline)", b_imp, o_imp, "bare executemany, 2 tables"),
            ("import (same rows, our schema)", f_imp, o_imp, "executemany into our schema"),
            ("export to JSONL (sqlite3 + orjson floor)", f_exp, o_exp, "sqlite3 + orjson loop"),
            ("export to JSONL (sqlite3 + json loop)", b_exp, o_exp, "sqlite3 + json loop"),
            ("export to JSONL (orjson loop, our lines)", s_exp, o_exp,
             "sqlite3 + orjson loop writing our line shape"),
            ("import as Label Studio JSON (vs our JSONL)", o_same, o_ls,
             "our JSONL import, same data")]
    for label, base_fig, ours, base_name in rows:
        ratio = ours["seconds"] / base_fig["seconds"]
        print(f"| {label:44} | {base_fig['seconds']:.2f} | {ours['seconds']:.2f} | "
              f"{ratio:.2f} | ≤ 1.5 | {ours['rss']:.0f} / {base_fig['rss']:.0f} |")
        record(f"{label}, {n:,} articles", ours["seconds"], base_fig["seconds"], "s",
               target="≤ 1.5×", met=ratio <= 1.5, baseline_name=base_name)
    ratio = o_ls["rss"] / o_same["rss"]
    print(f"| {'… its peak memory (MB; vs our JSONL import)':44} | {o_same['rss']:.0f} | "
          f"{o_ls['rss']:.0f} | {ratio:.2f} | ≤ 2 | |")
    record(f"import as Label Studio JSON: peak memory, {n:,} articles", o_ls["rss"],
           o_same["rss"], "MB", target="≤ 2×", met=ratio <= 2,
           baseline_name="our JSONL import, same data")


if __name__ == "__main__":
    main()
