"""Open a project of N articles (~5 KB, 20 spans each) in the GUI: from opening the file to the
main window painted with the document list filled (row count right, first rows on screen) and
the first document shown.

Baseline, measured in the same run: plain `sqlite3.connect` + `SELECT id, title FROM documents`
into a `QListWidget` (`addItems`, uniform item sizes), shown and painted. Each figure is taken
in a fresh subprocess (QApplication already made, imports done, so neither side pays them),
which also reports its peak resident memory (`ru_maxrss`). Target (DESIGN §6): < 1 s for
100,000 documents.

Projects are made once per run with the real importer from a generated JSONL, in a temporary
folder removed at the end.

Run: python benchmarks/open_project.py [N ...] [--repeat R]   (default: 20000 100000, R = 3)
"""

from __future__ import annotations

import argparse
import json
import random
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from _common import PYTHON, child_env, record

TARGET_MS = 1000
WORDS = ("trade talks tariffs Beijing Washington officials said the US and China "
         "negotiations deal Mr Xi Liu He would market growth exports rose fell").split()


def make_source(path: Path, n: int) -> None:
    """N articles: a headline line, then ~5 KB of paragraphs; 20 spans each by alice."""
    rnd = random.Random(5)
    paragraphs = [" ".join(rnd.choice(WORDS) for _ in range(rnd.randint(60, 160))) + "."
                  for _ in range(400)]
    with path.open("w", encoding="utf-8") as f:
        for i in range(n):
            head = f"{' '.join(rnd.sample(WORDS, 7)).capitalize()} ({i})"
            body, size = [head], len(head)
            while size < 5000:
                body.append(rnd.choice(paragraphs))
                size += len(body[-1]) + 2
            text = "\n\n".join(body)[:5000]
            starts = sorted(rnd.sample(range(len(head) + 2, len(text) - 10, 7), 20))
            spans = [{"start": s, "end": s + 5, "label": rnd.choice(("SPEAKER", "CLAIM"))}
                     for s in starts]
            f.write(json.dumps({"id": f"a{i}", "text": text, "annotator": "alice",
                                "spans": spans}) + "\n")


def make_project(folder: Path, n: int) -> Path:
    from annotator.core.importer import import_paths
    from annotator.core.store import Store

    source, project = folder / f"source-{n}.jsonl", folder / f"p{n}.annotator"
    make_source(source, n)
    with Store.open(project) as store:
        import_paths(store, [source])
    source.unlink()
    return project


# ------------------------------------------------------------------ in the subprocess
def wait_painted(widget, timeout: float = 60.0) -> bool:
    """Run the event loop until `widget` has been painted once."""
    from PySide6.QtCore import QEvent, QEventLoop, QObject
    from PySide6.QtWidgets import QApplication

    class Watch(QObject):
        painted = False

        def eventFilter(self, obj, event):  # noqa: N802 (Qt's name)
            if event.type() == QEvent.Type.Paint:
                self.painted = True
            return False

    watch = Watch()
    widget.installEventFilter(watch)
    deadline = time.perf_counter() + timeout
    while not watch.painted and time.perf_counter() < deadline:
        QApplication.processEvents(QEventLoop.ProcessEventsFlag.AllEvents, 20)
    widget.removeEventFilter(watch)
    return watch.painted


def child(mode: str, project: str) -> None:
    from PySide6.QtCore import QPoint, QSettings
    from PySide6.QtWidgets import QApplication, QListWidget

    app = QApplication([])
    if mode == "annotator":
        from annotator.ui.app import create_window

        app.setApplicationName("annotator")
        app.setOrganizationName("annotator")
        QSettings().setValue("annotator/name", "alice")  # the settings folder is a temporary one
        t = time.perf_counter()
        window = create_window(project)
        window.show()
        painted = wait_painted(window.doc_list.table.viewport())
        ms = (time.perf_counter() - t) * 1000
        table = window.doc_list.table
        rows = window.doc_model.rowCount()
        first = table.model().data(table.indexAt(QPoint(2, 2)))
    else:
        import sqlite3

        t = time.perf_counter()
        conn = sqlite3.connect(project)
        titles = [title for _id, title in conn.execute("SELECT id, title FROM documents")]
        window = QListWidget()
        window.setUniformItemSizes(True)
        window.addItems(titles)
        window.resize(1360, 840)
        window.show()
        painted = wait_painted(window.viewport())
        ms = (time.perf_counter() - t) * 1000
        rows = window.count()
        first = window.itemAt(QPoint(2, 2)).text()
    rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(json.dumps({"ms": ms, "rss_mb": rss, "rows": rows, "first": first,
                      "painted": painted}))


# ------------------------------------------------------------------ in the parent
def run_child(mode: str, project: Path, settings: Path) -> dict:
    out = subprocess.run(
        [PYTHON, __file__, "--child", mode, str(project)], capture_output=True, text=True,
        env=child_env(XDG_CONFIG_HOME=str(settings), ANNOTATOR_HOME=str(settings)), check=False)
    if out.returncode != 0:
        sys.exit(f"{mode} subprocess failed:\n{out.stderr}")
    return json.loads(out.stdout.strip().splitlines()[-1])


def measure(project: Path, n: int, repeat: int, settings: Path) -> dict:
    runs: dict[str, list[dict]] = {"baseline": [], "annotator": []}
    for _ in range(repeat):
        for mode in runs:
            result = run_child(mode, project, settings)
            if not result["painted"] or result["rows"] != n or "(0)" not in result["first"]:
                sys.exit(f"{mode}: list not filled as expected: {result}")
            runs[mode].append(result)
    return {mode: (statistics.median(r["ms"] for r in rs), max(r["rss_mb"] for r in rs))
            for mode, rs in runs.items()}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("sizes", nargs="*", type=int, default=[20_000, 100_000])
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    folder = Path(tempfile.mkdtemp(prefix="annotator-bench-"))
    try:
        rows = []
        for n in args.sizes:
            t = time.perf_counter()
            project = make_project(folder, n)
            print(f"made {n:,} documents in {time.perf_counter() - t:.0f} s "
                  f"({project.stat().st_size / 1e6:.0f} MB)", file=sys.stderr, flush=True)
            rows.append((n, measure(project, n, args.repeat, folder / "settings")))
            project.unlink()
    finally:
        shutil.rmtree(folder, ignore_errors=True)
    print(f"articles of ~5 KB, 20 spans each; median of {args.repeat} fresh subprocesses")
    print(f"{'documents':>10}{'baseline ms':>13}{'annotator ms':>14}{'ratio':>8}{'target':>9}"
          f"{'baseline RSS MB':>17}{'annotator RSS MB':>18}")
    for n, m in rows:
        (b_ms, b_rss), (o_ms, o_rss) = m["baseline"], m["annotator"]
        print(f"{n:>10,}{b_ms:13.0f}{o_ms:14.0f}{o_ms / b_ms:8.2f}{'< 1000':>9}"
              f"{b_rss:17.0f}{o_rss:18.0f}")
        base = "sqlite3 SELECT id, title → QListWidget"
        record(f"open project in GUI, {n:,} docs", o_ms, b_ms, "ms", "< 1000 ms",
               o_ms < TARGET_MS, base)
        record(f"open project in GUI, {n:,} docs: peak RSS", o_rss, b_rss, "MB", "",
               None, base)


if __name__ == "__main__":
    if len(sys.argv) > 1 and sys.argv[1] == "--child":
        child(sys.argv[2], sys.argv[3])
    else:
        main()
