import json
import sqlite3
import subprocess
import sys

import orjson
import pytest
from click.testing import CliRunner
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from annotator.cli import main
from tests.conftest import ROOT, rows


def run(*args, ok=True):
    result = CliRunner().invoke(main, [str(a) for a in args], catch_exceptions=False)
    if ok:
        assert result.exit_code == 0, result.output + result.stderr
    return result


def test_every_command_has_help():
    for name, command in main.commands.items():
        assert command.help, name
        result = run(name, "--help")
        assert "Usage:" in result.output
    assert "import" in run("--help").output


def test_import_creates_the_project_and_does_not_duplicate(tmp_path):
    project = tmp_path / "p.annotator"
    assert "1 document added" in run("import", project, ROOT / "seeds").output
    assert "0 documents added, 1 already there" in run("import", project, ROOT / "seeds").output
    assert rows(project, "SELECT uid, title FROM documents") == [
        ("bt-xi-trade-talks", "Burned once by Trump, China's Xi wary about fresh trade talks")]


def test_export_stats_and_labels(tmp_path):
    project = tmp_path / "p.annotator"
    source = tmp_path / "in.jsonl"
    source.write_text(json.dumps({
        "id": "a", "text": "Yin said no.", "annotator": "alice", "status": "done",
        "spans": [{"start": 0, "end": 3, "label": "SPEAKER"}]}) + "\n")
    run("import", project, source)
    lines = [orjson.loads(x) for x in run("export", project).stdout_bytes.splitlines()]
    assert [(x["id"], x["annotator"], x["spans"][0]["text"]) for x in lines] == [
        ("a", "alice", "Yin")]
    out = tmp_path / "out.jsonl"
    run("export", project, "-o", out, "--status", "done")
    assert orjson.loads(out.read_bytes())["status"] == "done"
    assert run("export", project, "--status", "todo").stdout == ""
    figures = orjson.loads(run("stats", project, "--json").stdout)
    assert figures["documents"] == 1
    assert figures["spans"] == {"alice": {"SPEAKER": 1}}
    assert figures["status"] == {"alice": {"done": 1}}
    text = run("stats", project).stdout
    assert "alice: 1 span, 1 document done" in text
    assert "SPEAKER" in run("labels", project).stdout


def test_labels_set_replaces_the_scheme(tmp_path):
    project = tmp_path / "p.annotator"
    scheme = tmp_path / "scheme.json"
    scheme.write_text(json.dumps({"labels": [
        {"name": "QUOTE", "key": "1", "color": "#ffeeaa", "description": "A direct quote."},
        {"name": "ATTRIBUTED", "kind": "relation", "color": "#000000"}]}))
    run("labels", project, "--set", scheme)
    assert rows(project, "SELECT name, key, kind FROM labels ORDER BY position") == [
        ("QUOTE", "1", "span"), ("ATTRIBUTED", None, "relation")]
    shown = orjson.loads(run("labels", project, "--json").stdout)
    assert [lb["name"] for lb in shown["labels"]] == ["QUOTE", "ATTRIBUTED"]
    scheme.write_text(json.dumps({"labels": [{"name": "A", "key": "1", "color": "red"}]}))
    result = run("labels", project, "--set", scheme, ok=False)
    assert result.exit_code == 1
    assert result.stderr == f"Error: {scheme}: label A: colour must look like #rrggbb\n"


def test_a_relations_heads_and_children_travel_with_labels_json(tmp_path):
    first, second = tmp_path / "a.annotator", tmp_path / "b.annotator"
    run("import", first, ROOT / "seeds")
    assert "[SPEAKER/PERSON/ORG → CLAIM] Attribution" in run("labels", first).stdout
    scheme = tmp_path / "scheme.json"
    shown = orjson.loads(run("labels", first, "--json").stdout)
    for label in shown["labels"]:
        if label["name"] == "SAID":
            label["heads"] = ["SPEAKER"]
    scheme.write_bytes(orjson.dumps(shown))
    run("labels", second, "--set", scheme)
    assert rows(second, "SELECT heads, children FROM labels WHERE kind = 'relation' "
                        "ORDER BY position") == [('["SPEAKER"]', '["CLAIM"]'),
                                                 ('["ORG", "PERSON"]', '["POLICY"]')]


def test_errors_are_one_line_exit_1_and_nothing_written(tmp_path):
    project = tmp_path / "p.annotator"
    run("import", project, ROOT / "seeds")
    bad = tmp_path / "bad.jsonl"
    bad.write_text('{"text": "fine"}\n{"text": "x", "spans": [{"start": 0, "end": 5, "label": "A"}]}\n')
    result = run("import", project, bad, ok=False)
    assert result.exit_code == 1
    assert result.stderr.count("\n") == 1 and "Traceback" not in result.stderr
    assert result.stderr.startswith(f"Error: {bad}:2: span 1:")
    assert rows(project, "SELECT count(*) FROM documents") == [(1,)]

    not_project = tmp_path / "notes.txt"
    not_project.write_text("just notes")
    result = run("stats", not_project, ok=False)
    assert (result.exit_code, result.stderr) == (
        1, f"Error: {not_project}: not an annotator project (not a SQLite database)\n")
    assert not_project.read_text() == "just notes"
    assert run("export", tmp_path / "missing.annotator", ok=False).exit_code == 2
    assert run("import", project, ok=False).exit_code == 2


def test_a_project_locked_by_another_program_is_a_clear_error(tmp_path):
    project = tmp_path / "p.annotator"
    run("import", project, ROOT / "seeds")
    holder = sqlite3.connect(project)
    holder.execute("BEGIN IMMEDIATE")  # another program is writing (the CLI waits 5 s)
    try:
        result = run("import", project, ROOT / "seeds" / "bt-xi-trade-talks.jsonl",
                     "--annotator", "bob", ok=False)
    finally:
        holder.rollback()
        holder.close()
    assert result.exit_code == 1
    assert result.stderr == f"Error: {project}: the project is locked by another program; " \
                            "try again when it has finished\n"


def test_failed_commands_create_no_project_and_export_never_overwrites_it(tmp_path):
    project = tmp_path / "new.annotator"
    assert run("import", project, tmp_path / "missing.txt", ok=False).exit_code == 1
    bad_scheme = tmp_path / "bad.json"
    bad_scheme.write_text("{}")
    assert run("labels", project, "--set", bad_scheme, ok=False).exit_code == 1
    assert not project.exists()
    run("import", project, ROOT / "seeds")
    before = rows(project, "SELECT count(*) FROM documents")
    result = run("export", project, "-o", project, ok=False)
    assert result.exit_code == 1 and "the project itself" in result.stderr
    assert rows(project, "SELECT count(*) FROM documents") == before



@pytest.mark.parametrize("fmt", ["spacy", "brat", "jsonl", "hf"])
def test_no_format_exports_over_the_project_itself(tmp_path, fmt):
    project = tmp_path / "p.annotator"
    run("import", project, ROOT / "seeds")
    before = project.read_bytes()
    for target in (project, tmp_path / "." / "p.annotator"):
        result = run("export", project, "--format", fmt, "-o", target, ok=False)
        assert result.exit_code == 1
        assert result.stderr.count("\n") == 1 and "the project itself" in result.stderr
        assert project.read_bytes() == before
    assert not list(tmp_path.glob("*.partial"))


# Text that breaks other tools' offsets: astral characters, ZWJ sequences, \r\n, lone \r,
# separators, combining marks, CJK, RTL, a BOM in the middle, NUL.
PIECES = ["a", "Xi", " ", "\n", "\r\n", "\r", "\t", "😀", "👩‍👩‍👧", "e\u0301", "中国", "שלום",
          "\u2028", "\u2029", "\ufeff", "\x00", ".", '"']


@st.composite
def documents(draw):
    text = "".join(draw(st.lists(st.sampled_from(PIECES), min_size=1, max_size=30)))
    spans = []
    for _ in range(draw(st.integers(0, 4))):
        start = draw(st.integers(0, len(text) - 1))
        end = draw(st.integers(start + 1, len(text)))
        label = draw(st.sampled_from(["SPEAKER", "CLAIM", "POLICY"]))
        spans.append({"start": start, "end": end, "label": label, "text": text[start:end]})
    status = draw(st.sampled_from(["todo", "in_progress", "done", "skipped", None]))
    return {"text": text, "spans": spans, **({"status": status} if status else {})}


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.lists(documents(), min_size=1, max_size=4))
def test_import_then_export_is_the_identity(tmp_path_factory, docs):
    folder = tmp_path_factory.mktemp("roundtrip")
    source = folder / "in.jsonl"
    lines = [{"id": f"d{i}", "annotator": "alice", **doc} for i, doc in enumerate(docs)]
    source.write_bytes(b"".join(orjson.dumps(x) + b"\n" for x in lines))
    project = folder / "p.annotator"
    run("import", project, source)
    out = [orjson.loads(x) for x in run("export", project).stdout_bytes.splitlines()]
    assert [x["id"] for x in out] == [x["id"] for x in lines]
    for original, back in zip(lines, out):
        assert back["text"] == original["text"]
        assert back["annotator"] == "alice"
        assert back["status"] == original.get("status", "in_progress" if original["spans"]
                                              else "todo")
        want = {(s["start"], s["end"], s["label"], s["text"]) for s in original["spans"]}
        got = {(s["start"], s["end"], s["label"], s["text"]) for s in back["spans"]}
        assert got == want
        for s in back["spans"]:
            assert back["text"][s["start"]:s["end"]] == s["text"]


def test_non_gui_commands_do_not_load_qt(tmp_path):
    project = tmp_path / "p.annotator"
    run("import", project, ROOT / "seeds")
    code = (
        "import sys; from annotator.cli import main\n"
        "import annotator.core.store, annotator.core.importer, annotator.core.formats.jsonl\n"
        f"try:\n    main(['stats', {str(project)!r}])\n"
        "except SystemExit:\n    pass\n"
        "print('QT' if any(m.startswith('PySide6') for m in sys.modules) else 'NO-QT')\n"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                            check=True)
    assert result.stdout.strip().endswith("NO-QT")


@pytest.mark.parametrize("package", ["annotator.core", "annotator.cli"])
def test_core_never_imports_pyside6(package):
    import pkgutil
    import annotator.core

    modules = [package] + (
        [f"annotator.core.{m.name}" for m in pkgutil.walk_packages(annotator.core.__path__)]
        if package == "annotator.core" else [])
    code = ("import importlib, sys\n"
            f"for m in {modules!r}: importlib.import_module(m)\n"
            "print(sorted(m for m in sys.modules if m.startswith('PySide6')))")
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                            check=True)
    assert result.stdout.strip() == "[]"
