"""The CLI beside the app: while another process has the project open for writing, commands
that write refuse in one line and commands that read work (and see its edits)."""

import orjson
import pytest

from tests.cli.test_cli import run
from tests.conftest import ROOT, rows
from tests.faults.test_sharing import Holder

SCHEME = ROOT / "resources" / "schemes" / "news.json"


@pytest.fixture
def sources(tmp_path):
    other = tmp_path / "bob.jsonl"
    other.write_text('{"id": "b", "text": "Bob was here.", "annotator": "bob"}\n')
    return other


def test_write_commands_refuse_and_read_commands_work_while_the_app_writes(project, sources):
    holder = Holder(project)
    try:
        holder.add_span()
        for command in (["import", project, sources], ["labels", project, "--set", SCHEME],
                        ["merge", project, sources]):
            result = run(*command, ok=False)
            assert result.exit_code == 1, command
            assert result.stderr.startswith(f"Error: {project}: the project is open for "
                                            "writing in another annotator window or process")
            assert result.stderr.count("\n") == 1 and "Traceback" not in result.stderr
        lines = [orjson.loads(x) for x in run("export", project).stdout_bytes.splitlines()]
        assert [(x["id"], x["annotator"], len(x["spans"])) for x in lines] == [
            ("held", "holder", 1)]
        holder.add_span()  # the next command sees the edit made meanwhile
        assert orjson.loads(run("stats", project, "--json").stdout)["spans"] == {
            "holder": {"SPEAKER": 2}}
        assert "SPEAKER" in run("labels", project).stdout
        # read while held: one annotator only, which it can tell (not a lock error)
        assert "has only holder's" in run("agreement", project, ok=False).stderr
    finally:
        holder.kill()
    assert rows(project, "SELECT uid FROM documents") == [("held",)]
    run("import", project, sources)  # the app is gone: writing works again
    assert rows(project, "SELECT count(*) FROM documents") == [(2,)]


def test_a_read_only_project_file_can_be_read_but_not_written(read_only_folder,
                                                             sources):
    project = read_only_folder / "p.annotator"
    before = project.read_bytes()
    assert '"documents": 1' in run("stats", project, "--json").stdout
    assert run("export", project).stdout.count("\n") == 1
    result = run("import", project, sources, ok=False)
    assert result.exit_code == 1 and "read-only" in result.stderr
    assert project.read_bytes() == before
    assert [p.name for p in read_only_folder.iterdir()] == ["p.annotator"]
