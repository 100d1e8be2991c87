"""The team commands: assign, guidelines, progress, and merging packs back, through the CLI."""

import orjson

from annotator.core.store import Store
from annotator.core.workspace import Workspace
from tests.cli.test_cli import run


def lead_project(tmp_path, n=5):
    folder = tmp_path / "articles"
    folder.mkdir()
    for i in range(n):
        (folder / f"a{i}.txt").write_text(f"Story {i}\nMr Liu said talks went well.\n")
    path = tmp_path / "lead.annotator"
    run("import", path, folder)
    return path


def test_assign_writes_packs_and_progress_follows_them_back(tmp_path):
    lead = lead_project(tmp_path)
    guide = tmp_path / "guide.md"
    guide.write_text("# Guidelines\n\nMark *who* spoke.\n")
    assert "3 lines" in run("guidelines", lead, "--set", guide).output
    out = run("assign", lead, "--annotators", "alice,bob", "--overlap", "2",
              "-o", tmp_path / "packs").output
    assert "Assigned 5 documents (5 shared) to 2 annotators" in out
    alice = tmp_path / "packs" / "alice.annotator"
    assert run("guidelines", alice).output == guide.read_text()
    with Store.open(alice) as pack:
        ws = Workspace(pack, "alice")
        for doc_id in pack.every_document_id()[:2]:
            doc = ws.open(doc_id)
            start = doc.text.index("Mr Liu")
            ws.label_selection(start, start + 6, "SPEAKER")
            ws.finish()
    assert "1 annotator layer added" not in run("merge", lead, alice).output
    figures = orjson.loads(run("progress", lead, "--json").output)
    mine = {row["annotator"]: row for row in figures["annotators"]}
    assert (mine["alice"]["assigned"], mine["alice"]["done"], mine["alice"]["spans"]) == (
        5, 2, 2)
    assert (mine["bob"]["done"], mine["bob"]["last_activity"]) == (0, None)
    assert figures["documents"]["in progress"] == 2
    assert figures["documents"]["not started"] == 3
    text = run("progress", lead).output
    assert "alice" in text and "2 in progress" in text and "Agreement: none yet" in text
    again = run("merge", lead, alice).output
    assert "0 annotator layers added" in again


def test_a_foreign_pack_is_refused_in_one_line(tmp_path):
    lead = lead_project(tmp_path)
    other = tmp_path / "other"
    other.mkdir()
    other_project = lead_project(other)
    run("assign", other_project, "--annotators", "alice", "-o", other / "packs")
    result = run("merge", lead, other / "packs" / "alice.annotator", ok=False)
    assert result.exit_code == 1
    assert "alice's pack from another project" in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1


def test_impossible_assignments_are_refused(tmp_path):
    lead = lead_project(tmp_path)
    result = run("assign", lead, "--annotators", "alice", "--overlap", "2", "-o",
                 tmp_path / "p", ok=False)
    assert result.exit_code == 1 and "needs 2 annotators" in result.stderr
    result = run("assign", lead, "--annotators", "gold", "-o", tmp_path / "p", ok=False)
    assert result.exit_code == 1
    assert not (tmp_path / "p").exists()
