"""Check a built app (PyInstaller's one folder) as a user would run it, and say its size.

    python3 tools/check_build.py [dist/annotator]

Runs the bundle's own executable, never this checkout's Python package: `--version`; an
import of the sample article and an export of it, exported again after a round trip through
a second project (the same bytes); a project made by this checkout (if it can be imported
here) opened by the bundle; the window shown offscreen and closed. Prints the bundle's size
and its largest parts. Exit code 0 when every check passed.
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


SAMPLE = ('{"id": "check", "text": "😀 Mr Liu said:\\r\\nTariffs rise.", "spans": ['
          '{"id": 1, "start": 2, "end": 8, "label": "SPEAKER"}, '
          '{"id": 2, "start": 16, "end": 29, "label": "CLAIM", '
          '"note": {"text": "claim or forecast?", "status": "open"}}], '
          '"relations": [{"head": 1, "child": 2, "label": "SAID"}], '
          '"notes": [{"text": "which Liu?", "status": "resolved"}]}\n')


def version() -> str:
    text = (ROOT / "annotator" / "__init__.py").read_text(encoding="utf-8")
    return re.search(r'__version__ = "([^"]+)"', text).group(1)


def size(path: Path) -> int:
    return sum(p.stat().st_size for p in path.rglob("*") if p.is_file() and not p.is_symlink())


def mb(n: int) -> str:
    return f"{n / 1e6:.0f} MB"


class Checker:
    def __init__(self, bundle: Path, home: Path):
        name = "annotator.exe" if sys.platform == "win32" else "annotator"
        self.exe = bundle / name
        self.bundle = bundle
        self.failed = 0
        # A user's settings and data folders of its own, and no display needed.
        self.env = {**os.environ, "QT_QPA_PLATFORM": "offscreen",
                    "XDG_CONFIG_HOME": str(home / "config"), "XDG_DATA_HOME": str(home / "data"),
                    "HOME": str(home), "APPDATA": str(home / "appdata"),
                    "LOCALAPPDATA": str(home / "localappdata")}

    def run(self, *args: str) -> subprocess.CompletedProcess:
        return subprocess.run([str(self.exe), *args], capture_output=True, text=True,
                              env=self.env, timeout=120)

    def check(self, what: str, ok: bool, detail: str = "") -> None:
        print(f"{'ok  ' if ok else 'FAIL'} {what}" + (f": {detail}" if detail else ""))
        self.failed += not ok


def main(argv: list[str]) -> int:
    bundle = Path(argv[1] if len(argv) > 1 else ROOT / "dist" / "annotator").resolve()
    with tempfile.TemporaryDirectory(prefix="annotator-check-") as tmp:
        tmp = Path(tmp)
        c = Checker(bundle, tmp)
        if not c.exe.is_file():
            print(f"{c.exe}: no built app here; build it first (README: Building the app)")
            return 2
        done = c.run("--version")
        c.check("--version", done.returncode == 0 and version() in done.stdout,
                done.stdout.strip() or done.stderr.strip())

        seed = ROOT / "seeds" / "bt-xi-trade-talks.jsonl"
        sample = tmp / "sample.jsonl"  # spans after an emoji and a \r\n, a link, notes
        sample.write_text(SAMPLE, encoding="utf-8", newline="\n")
        first, second = tmp / "first.annotator", tmp / "second.annotator"
        done = c.run("import", str(first), str(seed), str(sample), "--annotator", "alice")
        c.check("import files", done.returncode == 0 and "2 spans" in done.stdout,
                (done.stdout + done.stderr).strip())
        out1, out2 = tmp / "one.jsonl", tmp / "two.jsonl"
        done = c.run("export", str(first), "-o", str(out1))
        c.check("export it", done.returncode == 0 and out1.is_file()
                and out1.stat().st_size > 0, (done.stdout + done.stderr).strip())
        c.run("import", str(second), str(out1))
        c.run("export", str(second), "-o", str(out2))
        exported = out1.read_bytes() if out1.is_file() else b""
        c.check("the notes are in the export", b'"note":{"text":"claim or forecast?"' in exported
                and b'"notes":[{"text":"which Liu?","status":"resolved"}]' in exported)
        c.check("export → import → export gives the same bytes",
                out2.is_file() and out1.read_bytes() == out2.read_bytes())
        done = c.run("labels", str(first))
        c.check("the shipped label scheme", done.returncode == 0 and "SPEAKER" in done.stdout)

        made_here = tmp / "made-here.annotator"
        try:  # a project file from the installed app opens in the built one
            subprocess.run([sys.executable, "-m", "annotator", "import", str(made_here),
                            str(seed), "--annotator", "bob"], check=True, capture_output=True,
                           cwd=ROOT, env=c.env, timeout=120)
        except (subprocess.CalledProcessError, OSError):
            print("skip a project made by this checkout (annotator is not importable here)")
        else:
            done = c.run("stats", str(made_here))
            c.check("a project made by the installed app opens", done.returncode == 0
                    and "bob" in done.stdout, done.stderr.strip()[-300:])

        opened = made_here if made_here.exists() else first  # the installed app's, if made
        done = c.run("gui", str(opened), "--close-when-shown")
        shown = next((line for line in done.stdout.splitlines() if line.startswith("shown:")),
                     "")
        c.check(f"the window opens offscreen on {opened.name} and closes",
                done.returncode == 0 and opened.name in shown
                and "icon sizes: 16" in shown, shown or done.stderr.strip()[-300:])

    total = size(bundle)
    print(f"\nbundle: {bundle} — {mb(total)}")
    parts = sorted(((size(p) if p.is_dir() else p.stat().st_size, p)
                    for p in (bundle / "_internal").glob("**/*")
                    if not p.is_symlink() and p.parent.name in ("_internal", "lib", "Qt", "PySide6", "plugins")),
                   reverse=True)
    for n, path in parts[:8]:
        print(f"  {mb(n):>7}  {path.relative_to(bundle)}")
    print(f"\n{'all checks passed' if not c.failed else f'{c.failed} checks failed'}")
    return 1 if c.failed else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
