"""What every command pays before its work: `import annotator.cli` brings neither Qt nor
sqlite-utils, `annotator export` of a project does without both, and a command registered
lazily is imported only when it runs while `annotator --help` still lists it."""

import subprocess
import sys
import types

import click
from click.testing import CliRunner

from annotator.cli import main
from annotator.core.store import Store

HEAVY = ("PySide6", "shiboken6", "sqlite_utils", "numpy", "pandas", "pluggy")


def loaded_after(code: str) -> list[str]:
    """The heavy modules a fresh interpreter has loaded after running `code`."""
    script = (code + f"\nimport sys\nprint('HEAVY:', *[m for m in {HEAVY!r} "
              "if m in sys.modules])")
    out = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True,
                         check=True)
    return out.stdout.strip().splitlines()[-1].split()[1:]


def test_importing_the_command_line_loads_no_heavy_module():
    assert loaded_after("import annotator.cli") == []


def test_help_and_an_export_load_no_heavy_module(tmp_path):
    project = tmp_path / "p.annotator"
    with Store.open(project) as store:
        doc, _ = store.add_document("Mr Yin said the talks are off.", uid="d1")
        store.add_span(doc, "alice", 0, 6, "SPEAKER")
    run = ("import sys\nfrom annotator.cli import main\nsys.argv = ['annotator', {args}]\n"
           "try:\n    main()\nexcept SystemExit:\n    pass")
    assert loaded_after(run.format(args="'--help'")) == []
    out = tmp_path / "out.jsonl"
    assert loaded_after(run.format(args=f"'export', {str(project)!r}, '-o', {str(out)!r}")) \
        == []
    assert b'"label":"SPEAKER"' in out.read_bytes()


def test_help_lists_every_command_with_its_short_help():
    result = CliRunner().invoke(main, ["--help"])
    assert result.exit_code == 0
    commands = main.list_commands(click.Context(main))
    assert {"gui", "import", "export", "merge", "agreement", "stats", "labels",
            "restore"} <= set(commands)
    listed = result.output.split("Commands:")[1]
    for name in commands:
        assert f"\n  {name} " in listed, name
    assert "Export PROJECT" in listed


def test_a_lazy_command_is_imported_only_when_it_runs(monkeypatch):
    module = types.ModuleType("annotator_test_lazy_command")
    imported = []

    @click.command()
    @click.argument("who")
    def hello(who):
        """Say hello (the command's own help)."""
        click.echo(f"hello {who}")

    module.hello = hello
    real_import = __import__("importlib").import_module

    def import_module(name, *args):
        if name == module.__name__:
            imported.append(name)
            return module
        return real_import(name, *args)

    monkeypatch.setattr("annotator.cli.import_module", import_module)
    monkeypatch.setattr(main, "lazy", {**main.lazy, "hello": (
        f"{module.__name__}:hello", "Say hello to WHO.")})
    monkeypatch.setattr(main, "commands", dict(main.commands))
    result = CliRunner().invoke(main, ["--help"])
    assert "hello" in result.output and "Say hello to WHO." in result.output
    assert imported == []
    result = CliRunner().invoke(main, ["hello", "bob"])
    assert result.output == "hello bob\n" and imported == [module.__name__]


def test_the_expected_schema_is_what_sqlite_utils_migrations_make():
    """schema.expected runs our migrations without sqlite-utils (every opening checks a
    project against it): the same tables, indexes and SQL as sqlite-utils' Migrations make,
    for every version."""
    import sqlite3

    from annotator.core import schema
    from annotator.core._sqlite_utils import sqlite_utils

    for version in range(1, schema.SCHEMA_VERSION + 1):
        db = sqlite_utils().Database(sqlite3.connect(":memory:"))
        names = schema.step_names()
        schema.migrate(db, stop_before=names[version] if version < len(names) else None)
        assert schema.objects(db.conn) == schema.expected(version), version
        assert schema.pending(db) == schema.SCHEMA_VERSION - version
        db.close()


def test_a_write_outside_a_transaction_is_committed_as_sqlite_utils_does(tmp_path):
    from annotator.core._sqlite_utils import Database, sqlite_utils

    import sqlite3

    for make in (Database, lambda conn: sqlite_utils().Database(conn)):
        path = tmp_path / f"{id(make)}.db"
        db = make(sqlite3.connect(path))
        db.execute("CREATE TABLE t (x)")
        db.execute("INSERT INTO t VALUES (?)", [1])
        assert not db.conn.in_transaction
        with db.atomic():
            db.execute("INSERT INTO t VALUES (2)")
            try:
                with db.atomic():
                    db.execute("INSERT INTO t VALUES (3)")
                    raise ValueError
            except ValueError:
                pass
        assert sqlite3.connect(path).execute("SELECT x FROM t").fetchall() == [(1,), (2,)]
        assert db.execute("PRAGMA recursive_triggers").fetchone() == (1,)
        db.close()


def test_annotator_alone_opens_the_window_without_the_command_line(tmp_path):
    """The console script's entry point: `annotator` alone runs the app (the default project
    shown) and loads neither click nor annotator.cli; with arguments, the command line runs."""
    import os

    env = {**os.environ, "ANNOTATOR_HOME": str(tmp_path / "home"),
           "XDG_CONFIG_HOME": str(tmp_path / "cfg"), "QT_QPA_PLATFORM": "offscreen"}
    code = ("import sys\nfrom PySide6.QtCore import QSettings\n"
            "from PySide6.QtWidgets import QApplication, QMainWindow\n"
            "QSettings('annotator', 'annotator').setValue('annotator/name', 'alice')\n"
            "def shown(app):\n"
            "    w = [w for w in app.topLevelWidgets() if isinstance(w, QMainWindow)]\n"
            "    print('SHOWN', bool(w) and w[0].isVisible(), 'click' in sys.modules,\n"
            "          'annotator.cli' in sys.modules)\n"
            "    return 0\n"
            "QApplication.exec = shown\n"
            "sys.argv = ['annotator']\nfrom annotator.launch import main\nmain()")
    for _ in range(2):  # (the first seeds the default project: the importer's libraries)
        out = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True,
                             text=True, timeout=120)
    assert "SHOWN True False False" in out.stdout, out.stdout + out.stderr
    assert out.returncode == 0
    version = subprocess.run([sys.executable, "-m", "annotator", "--version"], env=env,
                             capture_output=True, text=True, timeout=60)
    assert version.returncode == 0 and "annotator" in version.stdout
