"""Working as a team, in the window: a pack says whose it is and how far they are; the lead
assigns documents, reads the Team view; everyone reads the guidelines."""

from PySide6.QtWidgets import QApplication

from annotator.core import team
from annotator.core.merge import merge_paths
from annotator.core.filenames import Names
from annotator.core.store import Store
from annotator.core.workspace import Workspace
from annotator.ui.assign_dialog import AssignDialog
from annotator.ui.guidelines import GuidelinesView
from tests.conftest import rows
from tests.ui.scenario import back_to_window, use_menu

GUIDE = "# Our guidelines\n\nA **SPEAKER** is <b>who</b> said it.\n\n- CLAIM: what they said\n"


def text(i):
    return f"Mr Liu said the talks went well on day {i}."


def lead_project(tmp_path, n=4):
    path = tmp_path / "lead.annotator"
    with Store.open(path) as store:
        for i in range(1, n + 1):
            store.add_document(text(i), uid=f"s{i}", title=f"Day {i}")
        store.set_guidelines(GUIDE)
    return path


def test_a_pack_says_whose_it_is_and_how_far_and_its_spans_are_the_owners(person, tmp_path):
    lead = lead_project(tmp_path)
    with Store.open(lead) as store:
        report = team.assign(store, tmp_path / "packs", ["alice", "bob"])
    me = person(report.packs["alice"], annotator="somebody")  # the app's name is another
    assert "alice's pack · 0 of 2 done" in me.window.windowTitle()
    assert "alice's pack · 0 of 2 done" in me.status()
    me.drag(0, 6)
    me.press("1")  # SPEAKER
    me.press("Ctrl+Return")
    assert "alice's pack · 1 of 2 done" in me.window.windowTitle()
    assert "alice's pack · 1 of 2 done" in me.status()
    assert rows(report.packs["alice"], "SELECT annotator, label FROM spans") == [
        ("alice", "SPEAKER")]
    assert rows(report.packs["alice"], "SELECT annotator, status FROM doc_status") == [
        ("alice", "done")]


def test_a_project_that_is_no_pack_says_nothing_of_packs(person, tmp_path):
    me = person(lead_project(tmp_path))
    assert "pack" not in me.window.windowTitle() and "pack" not in me.status()


def test_the_lead_assigns_from_the_window_and_reads_the_team_view(person, tmp_path, qtbot):
    lead = lead_project(tmp_path)
    me = person(lead, annotator="lead")

    def fill(dialog):
        dialog.annotators.setText("alice, bob, <b>carol")
        dialog.shared.setValue(50)
        dialog.folder.setText(str(tmp_path / "packs"))
        me.will_click_button("OK")  # the message saying what was written
        dialog.accept()

    me.will_answer(fill, AssignDialog)
    use_menu(me, "Team", "Assign Documents…")
    back_to_window(me)
    written = sorted(p.name for p in (tmp_path / "packs").iterdir())
    assert written == ["alice.annotator", "b_carol-" + Names().name("<b>carol").split("-")[1]
                       + ".annotator", "bob.annotator"]  # a portable file name
    assert "Assigned 4 documents (2 shared) to 3 annotators" in me.status()

    # alice does her pack; the lead merges it back and opens the Team view
    alice = tmp_path / "packs" / "alice.annotator"
    with Store.open(alice) as pack:
        ws = Workspace(pack, "alice")
        for doc_id in pack.every_document_id():
            ws.open(doc_id)
            ws.label_selection(0, 6, "SPEAKER")
            ws.finish()
    use_menu(me, "Team", "Team Progress…")
    qtbot.waitUntil(me.window.team_view.isVisible)
    assert me.window.team_view.cell("alice", "done") == "0"
    me.window.merge_files([str(alice)])  # the open Team view follows the merge
    view = me.window.team_view
    qtbot.waitUntil(view.isVisible)
    with Store.open(lead, read_only=True) as store:
        figures = {r["annotator"]: r for r in team.progress(store)["annotators"]}
    for name in ("alice", "bob", "<b>carol"):
        assert view.cell(name, "assigned") == str(figures[name]["assigned"])
        assert view.cell(name, "done") == str(figures[name]["done"])
    assert view.cell("alice", "done") == view.cell("alice", "assigned")
    assert view.cell("alice", "spans") == view.cell("alice", "assigned")
    assert view.cell("bob", "last_activity") == "–"
    names = [view.table.verticalHeaderItem(r).text() for r in range(view.table.rowCount())]
    assert "<b>carol" in names  # a name is shown as written, not as markup


def test_help_guidelines_shows_the_projects_guidelines_and_a_pack_carries_them(
        person, tmp_path, qtbot):
    lead = lead_project(tmp_path)
    with Store.open(lead) as store:
        report = team.assign(store, tmp_path / "packs", ["alice"])
    me = person(report.packs["alice"])
    use_menu(me, "Help", "Guidelines")
    view = next(w for w in QApplication.topLevelWidgets()
                if isinstance(w, GuidelinesView) and w.isVisible())
    shown = view.browser.toPlainText()
    assert "Our guidelines" in shown and "#" not in shown  # Markdown, read as Markdown
    assert "SPEAKER is" in shown
    view.close()
    # the label's description is on its palette button
    button = me.window.palette_bar.actions_by_label["SPEAKER"]
    assert "SPEAKER" in button.toolTip()
