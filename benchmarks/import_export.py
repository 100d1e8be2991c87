"""Import 20,000 articles of ~5 KB with 20 spans each from JSONL, and export them again.

Baselines, measured in the same run: plain `sqlite3.executemany` of the same rows in one
transaction (import), and a plain sqlite3 + json loop writing the same lines (export).
Target (DESIGN §6, issue 6): within 1.5× of each baseline.

Run: python benchmarks/import_export.py [N]
"""

from __future__ import annotations

import json
import random
import sqlite3
import sys
import tempfile
import resource
import time
from pathlib import Path

import orjson

from annotator.core.formats import jsonl
from annotator.core.importer import import_paths
from annotator.core.store import Store

WORDS = ("trade talks tariffs Beijing Washington officials said the US and China "
         "negotiations deal Mr Xi Liu He would market growth").split()


def make_source(path: Path, n: int) -> list[dict]:
    rnd = random.Random(3)
    rows = []
    with path.open("wb") as f:
        for i in range(n):
            text = " ".join(rnd.choice(WORDS) for _ in range(800))[:5000]
            starts = sorted(rnd.sample(range(0, len(text) - 10, 7), 20))
            spans = [{"start": s, "end": s + 5, "label": rnd.choice(["SPEAKER", "CLAIM"])}
                     for s in starts]
            row = {"id": f"a{i}", "text": text, "annotator": "alice", "spans": spans}
            rows.append(row)
            f.write(orjson.dumps(row) + b"\n")
    return rows


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


def timed(fn) -> tuple[float, float]:
    """Seconds, and the process's peak resident memory in MB after the call."""
    t = time.perf_counter()
    fn()
    seconds = time.perf_counter() - t
    return seconds, resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def main() -> None:
    n = int(sys.argv[1]) if len(sys.argv) > 1 else 20_000
    folder = Path(tempfile.mkdtemp())
    source = folder / "source.jsonl"
    make_source(source, n)
    base_db, project = folder / "base.db", folder / "p.annotator"
    b_imp, _ = timed(lambda: baseline_import(base_db, source))

    def ours_import():
        with Store.open(project) as store:
            import_paths(store, [source])
    o_imp, o_mem_imp = timed(ours_import)
    b_exp, b_mem = timed(lambda: baseline_export(base_db, folder / "base.jsonl"))

    def ours_export():
        with Store.open(project) as store, (folder / "ours.jsonl").open("wb") as out:
            jsonl.write(store, out)
    o_exp, o_mem = timed(ours_export)
    print(f"{n:,} articles of ~5 KB, 20 spans each")
    print(f"{'':14}{'baseline s':>12}{'annotator s':>13}{'ratio':>8}{'target':>8}"
          f"{'peak RSS MB':>14}")
    print(f"{'import':14}{b_imp:12.2f}{o_imp:13.2f}{o_imp / b_imp:8.2f}{'≤ 1.5':>8}"
          f"{o_mem_imp:14.0f}")
    print(f"{'export':14}{b_exp:12.2f}{o_exp:13.2f}{o_exp / b_exp:8.2f}{'≤ 1.5':>8}"
          f"{o_mem:14.0f}")


if __name__ == "__main__":
    main()
