"""Cold start, each run a fresh interpreter: `annotator --help`, and the app's main window shown
on the default project.

`annotator --help` (the installed console script, this checkout first on the path) is timed
against `python -c pass` and `python -c "import click"`; `annotator export` of a one-document
project against `python -c "import sqlite3, orjson"` (target: 2×, issue 15). The GUI is timed from spawning the
interpreter to the main window painted, running the real `annotator` entry point (the event
loop's `exec` is replaced by "wait for the first paint, say so, exit"), against a bare
`QApplication` + `QMainWindow().show()` timed the same way. The default project lives in a
temporary ANNOTATOR_HOME, made (seeded) by a warm-up run first; settings go to a temporary
XDG_CONFIG_HOME. No target is set for these (DESIGN §6 has none); they are reported as ratios.

Run: python benchmarks/cold_start.py [--repeat R]   (median of R, default 5)
"""

from __future__ import annotations

import argparse
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from _common import PYTHON, child_env, record

# Runs the event loop until `window` is painted once, prints "shown", leaves at once.
_SHOWN = r"""
import os, time
from PySide6.QtCore import QEvent, QEventLoop, QObject
from PySide6.QtWidgets import QApplication, QMainWindow

class _Watch(QObject):
    painted = False
    def eventFilter(self, obj, event):
        if event.type() == QEvent.Type.Paint:
            self.painted = True
        return False

def _shown(window):
    watch = _Watch()
    window.installEventFilter(watch)
    deadline = time.monotonic() + 60
    while not watch.painted and time.monotonic() < deadline:
        QApplication.processEvents(QEventLoop.ProcessEventsFlag.AllEvents, 20)
    os.write(1, b"shown\n" if watch.painted else b"not painted\n")
    os._exit(0)
"""

GUI_ANNOTATOR = _SHOWN + r"""
import sys
def _exec(app):
    _shown(next(w for w in QApplication.topLevelWidgets()
                if isinstance(w, QMainWindow) and w.isVisible()))
QApplication.exec = _exec
sys.argv = ["annotator"]
from annotator.launch import main  # the console script's entry point
main()
"""

GUI_BASELINE = _SHOWN + r"""
app = QApplication([])
window = QMainWindow()
window.resize(1360, 840)
window.show()
_shown(window)
"""

ONE_DOCUMENT = ("import sys\nfrom annotator.core.store import Store\n"
                "with Store.open(sys.argv[1]) as s:\n"
                "    d, _ = s.add_document('Mr Yin said the talks are off.', uid='d1')\n"
                "    s.add_span(d, 'alice', 0, 6, 'SPEAKER')")
NAME = ("from PySide6.QtCore import QSettings; s = QSettings('annotator', 'annotator'); "
        "s.setValue('annotator/name', 'alice'); s.sync()")
HEAVY = ("PySide6", "shiboken6", "sqlite_utils", "platformdirs", "numpy")


def annotator_command() -> list[str]:
    script = Path(PYTHON).with_name("annotator")
    return [str(script)] if script.exists() else [PYTHON, "-m", "annotator"]


def time_run(cmd: list[str], env: dict) -> float:
    t = time.perf_counter()
    subprocess.run(cmd, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                   check=True)
    return (time.perf_counter() - t) * 1000


def time_shown(code: str, env: dict) -> float:
    t = time.perf_counter()
    proc = subprocess.Popen([PYTHON, "-c", code], env=env, stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, text=True)
    line = proc.stdout.readline()
    ms = (time.perf_counter() - t) * 1000
    proc.communicate()
    if line.strip() != "shown":
        sys.exit(f"the window was not shown: {line!r}")
    return ms


def median_ms(repeat: int, fn, *args) -> float:
    fn(*args)  # warm-up: .pyc files, the OS cache, the default project
    return statistics.median(fn(*args) for _ in range(repeat))


def help_imports(env: dict) -> list[str]:
    """The heavy modules `annotator --help` loads (none expected)."""
    code = ("import sys\nsys.argv = ['annotator', '--help']\nfrom annotator.cli import main\n"
            "try:\n    main()\nexcept SystemExit:\n    pass\n"
            f"print('HEAVY:', *(m for m in {HEAVY!r} if m in sys.modules))")
    out = subprocess.run([PYTHON, "-c", code], env=env, capture_output=True, text=True,
                         check=True)
    return out.stdout.strip().splitlines()[-1].split()[1:]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()
    folder = Path(tempfile.mkdtemp(prefix="annotator-cold-"))
    try:
        env = child_env(ANNOTATOR_HOME=str(folder / "home"), XDG_CONFIG_HOME=str(folder / "cfg"))
        subprocess.run([PYTHON, "-c", NAME], env=env, check=True)
        r = args.repeat
        help_ms = median_ms(r, time_run, annotator_command() + ["--help"], env)
        pass_ms = median_ms(r, time_run, [PYTHON, "-c", "pass"], env)
        click_ms = median_ms(r, time_run, [PYTHON, "-c", "import click"], env)
        one = folder / "one.annotator"  # `annotator export` of a one-document project
        subprocess.run([PYTHON, "-c", ONE_DOCUMENT, str(one)], env=env, check=True)
        export_ms = median_ms(r, time_run, annotator_command() + ["export", str(one)], env)
        floor_ms = median_ms(r, time_run, [PYTHON, "-c", "import sqlite3, orjson"], env)
        gui_ms = median_ms(r, time_shown, GUI_ANNOTATOR, env)
        bare_ms = median_ms(r, time_shown, GUI_BASELINE, env)
        heavy = help_imports(env)
    finally:
        shutil.rmtree(folder, ignore_errors=True)
    print(f"median of {r} fresh interpreters")
    print(f"{'':46}{'ms':>7}{'ratio':>8}")
    for label, ms, ratio in (
            ("python -c pass", pass_ms, ""),
            ("python -c 'import click'", click_ms, ""),
            ("annotator --help", help_ms, f"{help_ms / click_ms:8.2f}  × import click"),
            ("python -c 'import sqlite3, orjson'", floor_ms, ""),
            ("annotator export, one-document project", export_ms,
             f"{export_ms / floor_ms:8.2f}  × import sqlite3, orjson"),
            ("bare QApplication + QMainWindow shown", bare_ms, ""),
            ("annotator main window shown (default project)", gui_ms,
             f"{gui_ms / bare_ms:8.2f}  × bare QMainWindow")):
        print(f"{label:46}{ms:7.0f}{ratio}")
    print(f"heavy modules loaded by --help: {', '.join(heavy) or 'none'}")
    record("cold start `annotator --help` vs `python -c pass`", help_ms, pass_ms, "ms",
           baseline_name="python -c pass")
    record("cold start `annotator --help` vs `python -c \"import click\"`", help_ms,
           click_ms, "ms", baseline_name="python -c 'import click'")
    record("cold start: `annotator export` of a one-document project", export_ms, floor_ms,
           "ms", target="≤ 2×", met=export_ms <= 2 * floor_ms,
           baseline_name="python -c \"import sqlite3, orjson\"")
    record("cold start to main window shown, default project", gui_ms, bare_ms, "ms",
           target="≤ 2×", met=gui_ms <= 2 * bare_ms,
           baseline_name="bare QApplication + QMainWindow().show()")


if __name__ == "__main__":
    main()
