"""A user's pass over team packs, notes and training in the real main window: the lead
assigns packs from the window, merges one back, reads what the window says."""

import pytest
from PySide6.QtCore import Qt
from PySide6.QtTest import QTest

from annotator.core.store import Store
from annotator.ui.assign_dialog import AssignDialog
from tests.conftest import rows
from tests.ui.scenario import back_to_window, use_menu
from tests.ui.scenarios.test_team import lead_project


def _assign_from_the_window(me, folder, annotators: str, share: str) -> None:
    """Team ▸ Assign Documents…: type the names, type the share shared, press Assign."""

    def fill(dialog):
        QTest.keyClicks(dialog.annotators, annotators)
        dialog.shared.setFocus()
        dialog.shared.selectAll()
        QTest.keyClicks(dialog.shared, share)
        dialog.folder.setText(str(folder))
        me.will_click_button("OK")  # the message saying what was written
        QTest.keyClick(dialog.shared, Qt.Key.Key_Return)

    me.will_answer(fill, AssignDialog)
    use_menu(me, "Team", "Assign Documents…")
    back_to_window(me)


@pytest.mark.parametrize("share, each, shared", [("0", 2, 0), ("100", 4, 4)])
def test_a_share_of_0_percent_shares_no_document_and_100_percent_every_one(
        person, tmp_path, share, each, shared):
    # In the real window the lead typed 0 in "Share of documents shared" and got every
    # document given to both annotators (0 was the spin box's "all documents").
    lead = lead_project(tmp_path)
    me = person(lead, annotator="lead")
    _assign_from_the_window(me, tmp_path / "packs", "alice, bob", share)
    assert rows(lead, "SELECT annotator, count(*) FROM assignments GROUP BY annotator") == [
        ("alice", each), ("bob", each)]
    assert f"({shared} shared)" in me.status()


def test_the_status_bar_after_assigning_says_it_whole(person, tmp_path):
    # It showed "Assigned 4 documents (4 shared) to 2 annotators:" — a sentence ending in a
    # colon, the list it announced nowhere.
    lead = lead_project(tmp_path)
    me = person(lead, annotator="lead")
    _assign_from_the_window(me, tmp_path / "packs", "alice, bob", "50")
    message = me.window.statusBar().currentMessage()
    assert message.startswith("Assigned 4 documents (2 shared) to 2 annotators")
    assert not message.endswith(":")
    assert str(tmp_path / "packs") in message


def test_help_is_the_last_menu(person, tmp_path):
    # Tools came after Help in the menu bar.
    me = person(lead_project(tmp_path))
    titles = [a.text().replace("&", "") for a in me.window.menuBar().actions()]
    assert titles[-1] == "Help", titles


def test_a_long_message_in_a_narrow_window_ends_in_an_ellipsis_and_is_whole_on_hover(
        person, tmp_path):
    # At 800×600, merging a pack said "Merged 1 source: 0 documents added, 0 annotator
    # layers added, 1 already there, 0" and stopped there, cut by the document figures.
    lead = lead_project(tmp_path)
    with Store.open(lead) as store:
        from annotator.core import team
        report = team.assign(store, tmp_path / "packs", ["alice", "bob"])
    me = person(lead, annotator="lead", size=(800, 600))
    me.window.merge_files([str(report.packs["alice"])])
    back_to_window(me)
    bar = me.window.statusBar()
    message = bar.currentMessage()
    assert message.startswith("Merged 1 source")
    assert as_read(bar.toolTip()) == message  # hovering the bar reads it whole
    shown = bar.shown_message()
    assert shown.endswith("…") and message.startswith(shown[:-1])
    assert bar.fontMetrics().horizontalAdvance(shown) <= bar.message_rect().width()
    assert bar.message_rect().right() < me.window.status_position.x()


def as_read(tooltip: str) -> str:
    """A tooltip as a person reads it (Qt renders one that looks like markup as rich text)."""
    from PySide6.QtGui import Qt as GuiQt, QTextDocument

    document = QTextDocument()
    if GuiQt.mightBeRichText(tooltip):
        document.setHtml(tooltip)
    else:
        document.setPlainText(tooltip)
    return document.toPlainText()


def test_a_cut_message_naming_markup_reads_as_written_on_hover(person, tmp_path):
    # The status bar's tooltip was the message itself: a name from a pack such as
    # "<i>bob</i>" was read by Qt as rich text on hover (bob in italics, the marks gone).
    lead = lead_project(tmp_path)
    with Store.open(lead) as store:
        from annotator.core import team
        report = team.assign(store, tmp_path / "packs", ["alice", "<i>bob</i>"])
    from annotator.core.workspace import Workspace
    with Store.open(report.packs["<i>bob</i>"]) as pack:  # bob labels a word in his pack
        bob = Workspace(pack, "<i>bob</i>")
        bob.open(next(pack.iter_documents()).id)
        bob.label_selection(0, 5, "PERSON")
    me = person(lead, annotator="lead", size=(800, 600))
    me.window.merge_files([str(report.packs["<i>bob</i>"])])
    back_to_window(me)
    bar = me.window.statusBar()
    message = bar.currentMessage()
    assert "<i>bob</i>" in message and bar.shown_message() != message
    assert as_read(bar.toolTip()) == message


def test_cancelling_the_first_training_does_not_speak_of_a_model_kept(person, project, qtbot,
                                                                      monkeypatch):
    # Cancelling the project's first training said "the model that was there is kept":
    # there was none, and none is made.
    from PySide6.QtWidgets import QPushButton

    from annotator.core.train import model_path
    from annotator.ui import train_action
    from tests.core.test_train import done_project
    from tests.ui.scenario import choose_from_menu_bar
    from tests.ui.scenarios.test_train_model import progress_dialog

    done_project(project).close()
    me = person(project)
    monkeypatch.setattr(train_action, "EPOCHS", 100_000)
    choose_from_menu_bar(me, "Tools", "Train Model")
    qtbot.waitUntil(lambda: progress_dialog() is not None
                    and "epoch" in progress_dialog().labelText(), timeout=30000)
    progress_dialog().findChild(QPushButton).click()
    qtbot.waitUntil(lambda: "Training cancelled" in me.status(), timeout=30000)
    assert not model_path(project).exists()
    assert "kept" not in me.status()
    assert "no model was made" in me.status()


def test_the_open_team_view_follows_an_assignment(person, tmp_path, qtbot):
    # With the Team view open ("No documents are assigned yet"), the lead assigned packs:
    # the view went on saying nothing was assigned.
    lead = lead_project(tmp_path)
    me = person(lead, annotator="lead")
    use_menu(me, "Team", "Team Progress…")
    qtbot.waitUntil(lambda: me.window.team_view is not None and me.window.team_view.isVisible())
    back_to_window(me)
    _assign_from_the_window(me, tmp_path / "packs", "alice, bob", "0")
    view = me.window.team_view
    qtbot.waitUntil(view.isVisible)
    assert view.cell("alice", "assigned") == "2" and view.cell("bob", "assigned") == "2"


def test_the_team_views_states_add_up_to_what_their_row_says(person, tmp_path, qtbot):
    # Before any assignment the Team view said "Documents: 4" and, on its row "Documents",
    # 0 not started, 0 in progress, 0 all done, 0 reviewed: four documents in no state.
    lead = lead_project(tmp_path)
    me = person(lead, annotator="lead")
    use_menu(me, "Team", "Team Progress…")
    view = me.window.team_view
    qtbot.waitUntil(view.isVisible)
    docs = view.figures["documents"]
    header = view.states.verticalHeaderItem(0).text()
    counted = {"Documents": docs["total"], "Assigned documents": docs["assigned"]}[header]
    shown = sum(int(view.states.item(0, c).text()) for c in range(view.states.columnCount()))
    assert shown == counted, (header, shown)


def test_a_packs_status_bar_says_how_many_are_done_once(person, tmp_path):
    # In alice's pack the status bar read "Document 2 of 3 · 1 done · 0 spans · todo  alice's
    # pack · 1 of 3 done": the same figure twice, the two parts run together.
    from annotator.core import team

    with Store.open(lead_project(tmp_path)) as store:
        report = team.assign(store, tmp_path / "packs", ["alice", "bob"])
    me = person(report.packs["alice"], annotator="somebody")
    me.press("Ctrl+Return")
    status = me.status()
    assert "alice's pack · 1 of 2 done" in status
    assert status.count("done") == 1, status
    assert me.window.status_pack.text().startswith("· ")  # set off from the figures before it


def test_agreement_on_one_shared_document_is_said_in_the_singular(person, tmp_path, qtbot):
    # The Team view said "Agreement on 1 shared documents (work marked done)".
    from PySide6.QtWidgets import QLabel

    from annotator.core import team
    from annotator.core.workspace import Workspace

    lead = lead_project(tmp_path, n=2)
    with Store.open(lead) as store:
        report = team.assign(store, tmp_path / "packs", ["alice", "bob"], overlap=2,
                             shared=0.5)
    for name, path in report.packs.items():
        with Store.open(path) as pack:
            ws = Workspace(pack, name)
            for doc_id in pack.every_document_id():
                ws.open(doc_id)
                ws.label_selection(0, 6, "SPEAKER")
                ws.finish()
    me = person(lead, annotator="lead")
    me.window.merge_files([str(p) for p in report.packs.values()])
    back_to_window(me)
    use_menu(me, "Team", "Team Progress…")
    view = me.window.team_view
    qtbot.waitUntil(view.isVisible)
    said = next(label.text() for label in view.findChildren(QLabel)
                if label.text().startswith("Agreement on"))
    assert said.startswith("Agreement on 1 shared document ("), said


def test_a_long_note_in_the_review_is_read_whole_at_800_by_600(person, project, tmp_path):
    # At 800×600 the review's Notes cell showed "lead: ✎ unsure:" and the top half of
    # "is this a claim…": the row kept its height and cut the wrapped note mid-line.
    from tests.ui.scenarios.test_notes import TEXT, _review_table

    with Store.open(project) as store:
        doc, _ = store.add_document(TEXT, uid="liu", title="Liu and Trump")
        for who in ("alice", "bob"):
            span = store.add_span(doc, who, 0, 6, "SPEAKER")
        store.add_note(doc, "bob", span.id, "unsure: is this a claim or an opinion? "
                                            "The desk said to ask the reviewer first")
    me = person(project, annotator="lead", size=(800, 600))
    me.press("Ctrl+R")
    me.qtbot.waitUntil(lambda: _review_table(me) is not None)
    table = _review_table(me)
    me.qtbot.waitUntil(table.isVisible)
    notes = table.columnCount() - 1
    assert table.item(0, notes).text().startswith("bob: ✎ unsure")
    needed = table.sizeHintForRow(0)  # the height its wrapped cells take
    assert table.rowHeight(0) >= needed, (table.rowHeight(0), needed)


def test_the_packs_folder_is_shown_whole_in_the_assign_dialog(person, tmp_path, qtbot):
    # "Write the packs to:" was a field of 110 pixels beside a wide form: a project's folder
    # ("/home/alice/Documents/news/news-packs") showed as its last few characters.
    folder = "/home/alice/Documents/news-desk/news-desk-packs"
    me = person(lead_project(tmp_path), annotator="lead", size=(800, 600))
    seen = {}

    def look(dialog):
        dialog.folder.setText(folder)
        dialog.folder.setCursorPosition(0)
        qtbot.wait(10)
        seen["room"] = dialog.folder.contentsRect().width() - 8  # the frame's text margins
        seen["needed"] = dialog.folder.fontMetrics().horizontalAdvance(folder)
        seen["fits"] = dialog.frameGeometry().width() <= 800
        dialog.reject()

    me.will_answer(look, AssignDialog)
    use_menu(me, "Team", "Assign Documents…")
    assert seen["needed"] <= seen["room"], seen
    assert seen["fits"]


def test_help_guidelines_twice_brings_the_one_window_forward(person, tmp_path):
    # Each Help ▸ Guidelines opened another window on top of the last, the same text in each.
    from PySide6.QtWidgets import QApplication

    from annotator.core import team
    from annotator.ui.guidelines import GuidelinesView

    with Store.open(lead_project(tmp_path)) as store:
        report = team.assign(store, tmp_path / "packs", ["alice"])
    me = person(report.packs["alice"])
    use_menu(me, "Help", "Guidelines")
    back_to_window(me)
    use_menu(me, "Help", "Guidelines")
    shown = [w for w in QApplication.topLevelWidgets()
             if isinstance(w, GuidelinesView) and w.isVisible()]
    assert len(shown) == 1
    shown[0].close()  # Close (Esc, the Close button or the title bar's ×), then again
    me.qtbot.wait(10)
    back_to_window(me)
    use_menu(me, "Help", "Guidelines")
    assert sum(isinstance(w, GuidelinesView) and w.isVisible()
               for w in QApplication.topLevelWidgets()) == 1


def test_undoing_a_resolved_note_brings_its_document_back_to_the_open_notes_list(person,
                                                                                 project):
    # With "With open notes" chosen, the note resolved (its document left the list), Ctrl+Z
    # opened the note again (✎ in the span panel) and the list stayed empty.
    from annotator.core.models import OPEN_NOTES
    from tests.ui.scenarios.test_notes import _project

    me = person(_project(project))
    me.will_type("ask the desk which sources")
    me.press(";")
    back_to_window(me)
    box = me.window.doc_list.status_filter
    box.setCurrentIndex(box.findData(OPEN_NOTES))
    me.qtbot.waitUntil(lambda: me.window.doc_model.rowCount() == 1)
    back_to_window(me)
    me.window.view.setFocus()

    def resolve(dialog):
        dialog.resolved.setChecked(True)
        dialog.accept()

    me.will_answer(resolve)
    me.press(";")
    me.qtbot.waitUntil(lambda: me.window.doc_model.rowCount() == 0)
    back_to_window(me)
    me.press("Ctrl+Z")
    assert rows(project, "SELECT status FROM notes") == [("open",)]
    me.qtbot.waitUntil(lambda: me.window.doc_model.rowCount() == 1, timeout=30000)
