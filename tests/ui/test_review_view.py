"""Reviewing through the real review view and agreement panel; decisions land in SQLite."""

from PySide6.QtCore import Qt

from annotator.core.store import Store
from tests.conftest import add_layers, rows

TEXT = "Mr Yin said the talks are off. Tariffs rose. Xi agreed. Beijing waits."


def three_annotators(path):
    with Store.open(path) as store:
        add_layers(store, TEXT, {
            "alice": [("Mr Yin", "SPEAKER"), ("Tariffs", "POLICY"), ("Xi", "PERSON"),
                      ("Beijing", "PLACE")],
            "bob": [("Mr Yin", "SPEAKER"), ("Tariffs rose", "POLICY"), ("Xi", "SPEAKER")],
            "carol": [("Mr Yin", "SPEAKER"), ("Tariffs rose", "POLICY"), ("Xi", "SPEAKER")],
        }, title="Talks")
    return path


def gold(path):
    return rows(path, 'SELECT start, "end", label, source FROM spans '
                      "WHERE annotator = 'gold' ORDER BY start")


def at(phrase):
    start = TEXT.index(phrase)
    return start, start + len(phrase)


def open_review(qtbot, open_window, project):
    """The window on three annotators' work, and its review view focused, as a reviewer."""
    window = open_window(three_annotators(project), annotator="rita")
    view = window.review_dialog()
    qtbot.addWidget(view)
    view.activateWindow()
    qtbot.waitUntil(view.isActiveWindow)
    return window, view


def test_review_with_the_keyboard_undo_and_export_gold(qtbot, open_window, project):
    window, view = open_review(qtbot, open_window, project)
    assert view.table.rowCount() == 4
    assert [view.table.item(r, 1).text() for r in range(4)] == [
        "agree", "boundaries differ", "label differs", "missing in some"]
    assert view.table.horizontalHeaderItem(2).text() == "1 alice"
    assert view.table.currentRow() == 0  # starts on the first undecided cluster
    view.accept_unanimous()
    assert gold(project) == [(*at("Mr Yin"), "SPEAKER", "gold")]
    assert view.table.currentRow() == 1  # on to the next undecided cluster
    qtbot.keyClick(view.table, Qt.Key.Key_2)  # bob's version
    assert view.table.currentRow() == 2
    qtbot.keyClick(view.table, Qt.Key.Key_3)  # carol's version
    qtbot.keyClick(view.table, Qt.Key.Key_R)  # reject "Beijing"
    assert gold(project) == [(*at("Mr Yin"), "SPEAKER", "gold"),
                             (*at("Tariffs rose"), "POLICY", "gold"),
                             (*at("Xi"), "SPEAKER", "gold")]
    assert "4 of 4 decided" in view.progress.text() and "reviewed ✓" in view.progress.text()
    assert "project: 1 of 1 documents reviewed" in view.progress.text()
    qtbot.keyClick(view.table, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    qtbot.keyClick(view.table, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert len(gold(project)) == 2
    assert "2 of 4 decided" in view.progress.text()
    qtbot.keyClick(view.table, Qt.Key.Key_Z,
                   Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier)
    assert len(gold(project)) == 3

    # Edit gold with the workspace tools: G switches the window to the gold layer.
    view.table.selectRow(2)
    qtbot.keyClick(view.table, Qt.Key.Key_G)
    assert window.workspace.annotator == "gold"
    assert sorted(s.label for s in window.view.spans()) == ["POLICY", "SPEAKER", "SPEAKER"]
    window.toggle_gold()
    assert window.workspace.annotator == "rita"


def test_agreement_panel_heat_map_and_disagreements(qtbot, open_window, project):
    window = open_window(three_annotators(project), annotator="rita")
    panel = window.agreement_dialog()
    qtbot.addWidget(panel)
    headers = [panel.table.verticalHeaderItem(r).text() for r in range(panel.table.rowCount())]
    assert headers == ["alice × bob", "alice × carol", "bob × carol"]
    assert panel.table.item(2, 0).text() == "1.00"  # bob and carol agree on everything
    assert panel.table.item(2, 0).background().color().hue() == 120  # green
    assert panel.table.item(0, 0).background().color().hue() < 60
    panel.show_disagreements(0, 0)
    assert panel.disagreements.count() == 3  # Tariffs, Xi, Beijing
    reviews = []
    panel.openCluster.connect(lambda *where: reviews.append(where))
    panel.disagreements.itemActivated.emit(panel.disagreements.item(0))
    assert reviews == [(window.workspace.document.id, TEXT.index("Tariffs"))]


def test_an_undo_that_cannot_be_replayed_says_so_in_the_view(qtbot, open_window, project):
    window, view = open_review(qtbot, open_window, project)
    view.accept_unanimous()
    assert len(gold(project)) == 1
    # Someone else removes that gold span behind the reviewer's back (e.g. the CLI).
    store = window.workspace.store
    store.delete_span(store.spans(view.doc_id, "gold")[0].id, "someone")
    qtbot.keyClick(view.table, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert "Cannot undo" in view.progress.text()
    assert gold(project) == []
    assert view.stack.undo_text is None  # the history behind it is gone, said so above
