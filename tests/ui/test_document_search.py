"""Searching the document list: off the UI thread, the latest query wins, the count shows."""

from PySide6.QtCore import Qt

from annotator.core.store import Store


def test_search_runs_in_the_background_and_the_latest_query_wins(qtbot, open_window, project):
    store = Store.open(project)
    for i in range(300):
        extra = " Beijing replied." if i % 3 == 0 else ""
        store.add_document(f"Article {i} on trade talks.{extra}", uid=f"a{i}")
    store.close()
    window = open_window(project)
    panel, model = window.doc_list, window.doc_model
    total = model.rowCount()
    panel.search.setFocus()
    qtbot.keyClicks(panel.search, "Beij")
    qtbot.waitUntil(lambda: panel.found.text() == "100 found")
    assert model.rowCount() == 100
    assert all("Beijing" in model.index(r, 0).data() for r in range(model.rowCount()))
    opened = window.workspace.document.id
    # Type on: each keystroke asks again; only the answer to the last query is shown.
    qtbot.keyClicks(panel.search, "ing replied. Nothing")
    qtbot.waitUntil(lambda: panel.found.text() == "0 found")
    assert model.rowCount() == 0
    assert window.workspace.document.id == opened  # the open document stays open
    # An answer to an older query that arrives late changes nothing.
    panel._search_done(panel._generation - 1, [opened], "", None)
    assert model.rowCount() == 0
    # Clearing the box shows every document again, at once (no search to run).
    qtbot.keyClick(panel.search, Qt.Key.Key_A, Qt.KeyboardModifier.ControlModifier)
    qtbot.keyClick(panel.search, Qt.Key.Key_Backspace)
    qtbot.waitUntil(lambda: model.rowCount() == total)
    assert panel.found.isHidden()
