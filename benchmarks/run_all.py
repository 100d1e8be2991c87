"""Run every benchmark and print one markdown table of the figures.

Each script runs in its own interpreter with this checkout first on the path, its own output
shown as it finishes (on stderr); the table at the end goes to stdout. The newer scripts hand
their figures over through BENCH_RESULTS (_common.record); for view.py, edit.py and
import_export.py the rows of their printed tables are read (plain or markdown columns).

Run: python benchmarks/run_all.py [--quick]
  full:  view.py, edit.py (where present), import_export.py 20000, open_project.py 20000 100000,
         cold_start.py (median of 5)                                   — several minutes
  quick: the same with import_export.py 2000, open_project.py 5000 (median of 3),
         cold_start.py (median of 3)                                   — under a minute
"""

from __future__ import annotations

import argparse
import json
import operator
import os
import re
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from _common import PYTHON, child_env

HERE = Path(__file__).resolve().parent


def scripts(quick: bool) -> list[dict]:
    n_import = 2_000 if quick else 20_000
    open_args = ["5000"] if quick else ["20000", "100000"]
    return [
        {"script": "view.py", "args": [], "shape": "single", "unit": "ms",
         "about": "1 MB article, 5,000 spans", "baseline": "QPlainTextEdit.setPlainText"},
        {"script": "edit.py", "args": [], "shape": "single", "unit": "ms",
         "about": "1 MB article, 5,000 spans, main window", "baseline":
         "QPlainTextEdit.setPlainText"},
        {"script": "import_export.py", "args": [str(n_import)], "shape": "records"},
        {"script": "open_project.py", "args": open_args, "shape": "records"},
        {"script": "cold_start.py", "args": ["--repeat", "3" if quick else "5"],
         "shape": "records"},
        {"script": "quotes.py", "args": ["--set", "test"], "shape": "records"},
        {"script": "suggest.py", "args": ["--quick"] if quick else [], "shape": "records"},
        {"script": "keystrokes.py", "args": [], "shape": "records"},
    ]


# ------------------------------------------------------------ reading printed tables
def _cells(line: str) -> list[str]:
    if "|" in line:
        return [c.strip() for c in line.strip().strip("|").split("|")]
    return re.split(r"\s{2,}", line.strip())


def _number(text: str) -> float | None:
    match = re.fullmatch(r"([-+]?\d[\d,]*(?:\.\d+)?)\s*(?:ms|s)?", text.strip())
    return float(match.group(1).replace(",", "")) if match else None


_OPS = {"<": operator.lt, "≤": operator.le, "<=": operator.le}


def _met(value: float, target: str) -> bool | None:
    match = re.match(r"\s*(<=|<|≤)\s*([\d.,]+)", target or "")
    if not match:
        return None
    return _OPS[match.group(1)](value, float(match.group(2).replace(",", "")))


def parse(spec: dict, output: str) -> list[dict]:
    """Rows of a script's own table, as records."""
    rows, baseline = [], None
    for line in output.splitlines():
        cells = _cells(line)
        if len(cells) < 2 or _number(cells[1]) is None or _number(cells[0]) is not None:
            continue
        label = cells[0].strip("` ")
        if spec["shape"] == "single":
            value = _number(cells[1])
            if "baseline" in label:
                baseline = value
                continue
            target = cells[3] if len(cells) > 3 else ""
            rows.append({"benchmark": label, "annotator": value, "baseline": baseline,
                         "target": target, "met": _met(value, target)})
        elif len(cells) > 2 and _number(cells[2]) is not None:
            base, ours = _number(cells[1]), _number(cells[2])
            target = cells[4] if len(cells) > 4 else ""
            ratio = _number(cells[3]) if len(cells) > 3 else None  # from unrounded figures
            ratio = ratio if ratio is not None else (ours / base if base else None)
            rows.append({"benchmark": label, "annotator": ours, "baseline": base, "ratio": ratio,
                         "target": target + " × baseline" if target else "",
                         "met": _met(ratio, target) if ratio is not None else None})
    name = spec["script"].removesuffix(".py")
    for row in rows:
        row.update(benchmark=f"{name}: {row['benchmark']} ({spec['about']})",
                   unit=spec["unit"], baseline_name=spec["baseline"])
    return rows


# ------------------------------------------------------------------------ the table
def _figure(value: float | None, unit: str) -> str:
    if value is None:
        return "—"
    if unit == "s":
        return f"{value:.2f} s"
    return f"{value:,.0f} {unit}" if value >= 100 else f"{value:.1f} {unit}"


def table(rows: list[dict]) -> str:
    lines = ["| Benchmark | annotator | baseline | ratio | target | met? |",
             "| --- | ---: | ---: | ---: | --- | --- |"]
    for r in rows:
        if "failed" in r:
            lines.append(f"| {r['benchmark']} | failed | | | | **no** |")
            continue
        base = r.get("baseline")
        ratio = r.get("ratio") or (r["annotator"] / base if base else None)
        ratio = f"{ratio:.2f}" if ratio is not None else "—"
        baseline = _figure(base, r["unit"])
        if base is not None and r.get("baseline_name"):
            baseline += f" ({r['baseline_name']})"
        met = {True: "yes", False: "**no**", None: "—"}[r.get("met")]
        lines.append(f"| {r['benchmark']} | {_figure(r['annotator'], r['unit'])} | {baseline} "
                     f"| {ratio} | {r.get('target') or '—'} | {met} |")
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--quick", action="store_true", help="small sizes, under a minute")
    args = parser.parse_args()
    rows: list[dict] = []
    started = time.perf_counter()
    for spec in scripts(args.quick):
        path = HERE / spec["script"]
        if not path.exists():
            continue
        with tempfile.NamedTemporaryFile("r", suffix=".jsonl") as results:
            command = [PYTHON, str(path), *spec["args"]]
            print(f"$ {' '.join(command[1:])}", file=sys.stderr, flush=True)
            t = time.perf_counter()
            out = subprocess.run(command, env=child_env(BENCH_RESULTS=results.name),
                                 capture_output=True, text=True, cwd=HERE.parent)
            print(out.stdout + f"({time.perf_counter() - t:.0f} s)\n", file=sys.stderr,
                  flush=True)
            if out.returncode != 0:
                print(out.stderr[-2000:], file=sys.stderr)
                rows.append({"benchmark": spec["script"], "failed": True})
                continue
            if spec["shape"] == "records":
                rows += [json.loads(line) for line in results.read().splitlines() if line]
            else:
                rows += parse(spec, out.stdout)
    mode = "quick" if args.quick else "full"
    print(f"{mode} run, {time.perf_counter() - started:.0f} s, {os.cpu_count()} cores; "
          "ratio = annotator / baseline, both measured in the same run")
    print()
    print(table(rows))


if __name__ == "__main__":
    main()
