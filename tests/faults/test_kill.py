"""Nothing reported done is lost when the process is killed (SIGKILL) at a random moment, and
a killed import leaves the project as it was."""

import random
import signal
import sqlite3
import subprocess
import sys
import time

import orjson

from annotator.core.store import Store

SESSION = r"""
import random, sys
from annotator.core.store import Store
from annotator.core.workspace import Workspace
store = Store.open(sys.argv[1])
ws = Workspace(store, "alice")
ws.open(1)
rnd = random.Random(int(sys.argv[2]))
n = 0
while True:
    start = rnd.randrange(0, 900)
    end = start + rnd.randint(1, 60)
    action = rnd.random()
    spans = ws.spans()
    if action < 0.6 or not spans:
        span = ws.label_selection(start, end, "CLAIM", exact=True)
        if span is not None:
            print("add", span.start, span.end, flush=True)
    elif action < 0.8:
        victim = rnd.choice(spans)
        ws.delete_span(victim.id)
        print("del", victim.start, victim.end, flush=True)
    else:
        ws.undo()
        print("undo", flush=True)
"""


def project_with_text(path):
    with Store.open(path) as store:
        store.add_document("word " * 200, uid="d")
    return path


def replay(reported: list[str]) -> set[tuple[int, int]]:
    """The spans there must be after the edits the session reported done, in order."""
    spans: set[tuple[int, int]] = set()
    history: list[tuple[str, tuple[int, int]]] = []
    for line in reported:
        kind, *where = line.split()
        if kind == "undo":
            if history:
                last_kind, last = history.pop()
                (spans.discard if last_kind == "add" else spans.add)(last)
            continue
        span = (int(where[0]), int(where[1]))
        (spans.add if kind == "add" else spans.discard)(span)
        history.append((kind, span))
    return spans


def test_killing_a_session_loses_nothing_reported_done(tmp_path):
    rnd = random.Random(5)
    edits = []
    for round_ in range(8):
        path = project_with_text(tmp_path / f"kill{round_}.annotator")
        child = subprocess.Popen([sys.executable, "-c", SESSION, str(path), str(round_)],
                                 stdout=subprocess.PIPE, text=True)
        first = child.stdout.readline()  # the session is up and editing
        time.sleep(rnd.uniform(0.05, 0.6))
        child.send_signal(signal.SIGKILL)
        out, _ = child.communicate()
        text = first + out
        reported = text.splitlines()
        if not text.endswith("\n"):
            reported = reported[:-1]  # a line cut in the middle was not reported done
        conn = sqlite3.connect(path)
        assert conn.execute("PRAGMA integrity_check").fetchone() == ("ok",)
        stored = set(conn.execute('SELECT start, "end" FROM spans').fetchall())
        conn.close()
        expected = replay(reported)
        # Everything reported is there; at most one more edit (committed, killed before it
        # could print) differs.
        assert len(stored ^ expected) <= 1, (len(reported), stored ^ expected)
        edits.append(len(reported))
    assert sum(edits) > 100  # the kills came in the middle of real work


def test_a_killed_import_writes_nothing(tmp_path):
    path = project_with_text(tmp_path / "import.annotator")
    source = tmp_path / "big.jsonl"
    source.write_bytes(b"".join(orjson.dumps({"id": f"n{i}", "text": f"Text {i}. " * 50})
                                + b"\n" for i in range(100_000)))
    child = subprocess.Popen([sys.executable, "-m", "annotator", "import", str(path),
                              str(source)], stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    wal = path.with_name(path.name + "-wal")
    deadline = time.monotonic() + 60
    # Kill it once it is visibly writing (its transaction's pages reach the -wal file).
    while child.poll() is None and time.monotonic() < deadline and (
            not wal.exists() or wal.stat().st_size < 4_000_000):
        time.sleep(0.01)
    assert child.poll() is None, "the import finished before it could be killed"
    child.send_signal(signal.SIGKILL)
    child.communicate()
    conn = sqlite3.connect(path)
    assert conn.execute("PRAGMA integrity_check").fetchone() == ("ok",)
    assert conn.execute("SELECT count(*) FROM documents").fetchone() == (1,)
    conn.close()
