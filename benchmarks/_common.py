"""Shared by the benchmark scripts: results for run_all.py, a fresh-interpreter environment.

Each script prints its own table when run alone. When run_all.py runs it, BENCH_RESULTS names a
file and `record` appends one JSON line per figure to it, which run_all.py turns into its table.
"""

from __future__ import annotations

import json
import os
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
# Measure the checkout these scripts are in, not whichever copy is installed.
if str(ROOT) not in sys.path:
    sys.path.insert(1, str(ROOT))


def record(benchmark: str, annotator: float, baseline: float | None, unit: str,
           target: str = "", met: bool | None = None, baseline_name: str = "") -> None:
    """One figure for run_all.py's table (nothing happens when the script runs alone)."""
    path = os.environ.get("BENCH_RESULTS")
    if not path:
        return
    row = {"benchmark": benchmark, "annotator": annotator, "baseline": baseline, "unit": unit,
           "target": target, "met": met, "baseline_name": baseline_name}
    with open(path, "a", encoding="utf-8") as f:
        f.write(json.dumps(row) + "\n")


def child_env(**extra: str) -> dict[str, str]:
    """The environment for a benchmark subprocess: this checkout first on the path (before the
    editable install), Qt offscreen."""
    env = dict(os.environ)
    # As a user runs it: with the bytecode caches (a set PYTHONDONTWRITEBYTECODE made every
    # start compile every module again; the warm-up runs write the caches).
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    env["PYTHONPATH"] = os.pathsep.join(p for p in (str(ROOT), env.get("PYTHONPATH")) if p)
    env.setdefault("QT_QPA_PLATFORM", "offscreen")
    env.update(extra)
    return env


PYTHON = sys.executable
