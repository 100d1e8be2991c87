"""The annotation workspace through its real widgets: keys, clicks, menus; checked in SQLite."""

import orjson
from PySide6.QtCore import QMimeData, QPoint, Qt, QTimer, QUrl
from PySide6.QtGui import QDragEnterEvent, QDropEvent, QTextCursor
from PySide6.QtWidgets import QApplication, QInputDialog, QMenu, QMessageBox

from annotator.core.store import Store
from annotator.ui import plain
from tests.conftest import rows
from tests.ui.conftest import select_with_keyboard

TEXT = ('"Talks are off," said Ether Yin of Trivium in Beijing. Tariffs rose again.\r\n'
        'Mr Xi 😀 agreed with Yin.')


def project_with(path, *texts):
    store = Store.open(path)
    for i, text in enumerate(texts):
        store.add_document(text, uid=f"d{i}", title=f"Doc {i}")
    store.close()
    return path


def spans_in(path):
    return rows(path, 'SELECT start, "end", label FROM spans ORDER BY start, "end"')


def at(phrase, text=TEXT):
    start = text.index(phrase)
    return start, start + len(phrase)


def label(qtbot, window, phrase, key, text=TEXT):
    select_with_keyboard(qtbot, window.view, *at(phrase, text))
    qtbot.keyClick(window.view, key)


def click_at(qtbot, view, offset):
    cursor = QTextCursor(view.document())
    cursor.setPosition(view.positions.to_qt(offset))
    point = view.cursorRect(cursor).center() + QPoint(2, 0)
    qtbot.mouseClick(view.viewport(), Qt.MouseButton.LeftButton, pos=point)


def test_click_relabel_delete_undo_redo(qtbot, open_window, project):
    window = open_window(project_with(project, TEXT))
    label(qtbot, window, "Ether Yin", Qt.Key.Key_1)
    start, end = at("Ether Yin")
    click_at(qtbot, window.view, start + 2)
    assert window.workspace.selected is not None
    assert window.view.selected_span.start == start
    qtbot.keyClick(window.view, Qt.Key.Key_4)  # a label key on a selected span relabels it
    assert spans_in(project) == [(start, end, "PERSON")]
    assert window.actions["undo"].text() == "&Undo Relabel SPEAKER as PERSON"
    qtbot.keyClick(window.view, Qt.Key.Key_Delete)
    assert spans_in(project) == []
    qtbot.keyClick(window.view, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert spans_in(project) == [(start, end, "PERSON")]
    qtbot.keyClick(window.view, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert spans_in(project) == [(start, end, "SPEAKER")]
    assert window.actions["redo"].text() == "&Redo Relabel SPEAKER as PERSON"
    qtbot.keyClick(window.view, Qt.Key.Key_Z,
                   Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier)
    assert spans_in(project) == [(start, end, "PERSON")]
    # What is shown follows the store.
    assert [(s.start, s.label) for s in window.view.spans()] == [(start, "PERSON")]
    assert window.span_panel.span_model.index(0, 0).data() == "PERSON"


def test_tab_through_spans_and_move_boundaries(qtbot, open_window, project):
    window = open_window(project_with(project, TEXT))
    label(qtbot, window, "Talks are off", Qt.Key.Key_2)
    label(qtbot, window, "Ether Yin", Qt.Key.Key_1)
    qtbot.keyClick(window.view, Qt.Key.Key_Tab)
    assert window.view.selected_span.label == "CLAIM"
    qtbot.keyClick(window.view, Qt.Key.Key_Tab)
    assert window.view.selected_span.label == "SPEAKER"
    alt_shift = Qt.KeyboardModifier.AltModifier | Qt.KeyboardModifier.ShiftModifier
    qtbot.keyClick(window.view, Qt.Key.Key_Right, alt_shift)
    qtbot.keyClick(window.view, Qt.Key.Key_Right, alt_shift)
    qtbot.keyClick(window.view, Qt.Key.Key_Right, Qt.KeyboardModifier.AltModifier)
    assert (*at("Yin of Trivium"), "SPEAKER") in spans_in(project)
    qtbot.keyClick(window.view, Qt.Key.Key_Backtab, Qt.KeyboardModifier.ShiftModifier)
    assert window.view.selected_span.label == "CLAIM"


def test_overlapping_and_nested_spans(qtbot, open_window, project):
    window = open_window(project_with(project, TEXT))
    label(qtbot, window, "said Ether Yin of Trivium", Qt.Key.Key_2)
    label(qtbot, window, "Ether Yin", Qt.Key.Key_1)
    label(qtbot, window, "Trivium in Beijing", Qt.Key.Key_5)
    assert spans_in(project) == [(*at("said Ether Yin of Trivium"), "CLAIM"),
                                 (*at("Ether Yin"), "SPEAKER"),
                                 (*at("Trivium in Beijing"), "ORG")]
    # Clicking inside the nested span picks the innermost.
    click_at(qtbot, window.view, at("Yin")[0])
    assert window.view.selected_span.label == "SPEAKER"
    assert window.span_panel.span_model.rowCount() == 3


def test_attribute_a_claim_by_menu_and_by_click(qtbot, open_window, project):
    window = open_window(project_with(project, TEXT))
    label(qtbot, window, "Talks are off", Qt.Key.Key_2)
    label(qtbot, window, "Ether Yin", Qt.Key.Key_1)
    label(qtbot, window, "Mr Xi", Qt.Key.Key_1)
    click_at(qtbot, window.view, at("Talks")[0] + 1)

    def pick_first():
        menu = next(m for m in window.findChildren(QMenu) if m.isVisible())
        assert [a.text() for a in menu.actions()][:2] == ["SAID ← SPEAKER: Ether Yin",
                                                          "SAID ← SPEAKER: Mr Xi"]
        menu.actions()[0].trigger()
        menu.close()

    QTimer.singleShot(50, pick_first)
    qtbot.keyClick(window.view, Qt.Key.Key_A)
    qtbot.waitUntil(lambda: len(rows(project, "SELECT * FROM relations")) == 1)
    relation = rows(project, "SELECT h.start, c.start, r.label FROM relations r "
                             "JOIN spans h ON h.id = r.head_span_id "
                             "JOIN spans c ON c.id = r.child_span_id")
    assert relation == [(at("Ether Yin")[0], at("Talks")[0], "SAID")]
    model = window.span_panel.span_model
    assert sum(model.index(i, 0).data().strip().startswith(("←", "→"))
               for i in range(model.rowCount())) == 2  # under the claim, and the speaker
    # Undo the link, then make it by clicking the speaker instead.
    qtbot.keyClick(window.view, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert rows(project, "SELECT count(*) FROM relations") == [(0,)]
    click_at(qtbot, window.view, at("Talks")[0] + 1)
    QTimer.singleShot(50, lambda: [m.close() for m in window.findChildren(QMenu)])
    qtbot.keyClick(window.view, Qt.Key.Key_A)
    qtbot.wait(100)
    click_at(qtbot, window.view, at("Mr Xi")[0] + 1)
    assert rows(project, "SELECT h.start FROM relations r JOIN spans h "
                         "ON h.id = r.head_span_id") == [(at("Mr Xi")[0],)]
    # Deleting the speaker removes the link; undo brings both back.
    click_at(qtbot, window.view, at("Mr Xi")[0] + 1)
    qtbot.keyClick(window.view, Qt.Key.Key_Delete)
    assert rows(project, "SELECT count(*) FROM relations") == [(0,)]
    qtbot.keyClick(window.view, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert rows(project, "SELECT count(*) FROM relations") == [(1,)]
    # In the span panel: a click on a span's row selects it in the text; a click on its
    # relation row, then Delete, removes the link only.
    panel, model = window.span_panel, window.span_panel.span_model
    row = next(r for r in range(model.rowCount()) if model.index(r, 1).data() == "Mr Xi")
    qtbot.mouseClick(panel.viewport(), Qt.MouseButton.LeftButton,
                     pos=panel.visualRect(model.index(row, 1)).center())
    assert window.view.selected_span.start == at("Mr Xi")[0]
    link = model.index(row + 1, 0)
    assert link.data().strip() == "→ SAID" and model.index(row + 1, 1).data() \
        == "CLAIM “Talks are off”"
    qtbot.mouseClick(panel.viewport(), Qt.MouseButton.LeftButton,
                     pos=panel.visualRect(link).center())
    window.view.setFocus()
    qtbot.keyClick(window.view, Qt.Key.Key_Delete)
    assert rows(project, "SELECT count(*) FROM relations") == [(0,)]
    assert len(spans_in(project)) == 3


def test_done_goes_to_the_next_todo_and_skip_keeps_a_reason(qtbot, open_window, project,
                                                            monkeypatch):
    window = open_window(project_with(project, "First text.", "Second text.", "Third text."))
    ids = [r[0] for r in rows(project, "SELECT id FROM documents ORDER BY id")]
    assert window.workspace.document.id == ids[0]
    qtbot.keyClick(window.view, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
    assert rows(project, "SELECT doc_id, status FROM doc_status") == [(ids[0], "done")]
    assert window.workspace.document.id == ids[1]
    monkeypatch.setattr(QInputDialog, "getText", lambda *a, **k: ("not news", True))
    qtbot.keyClick(window.view, Qt.Key.Key_Return,
                   Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier)
    assert rows(project, "SELECT status, note FROM doc_status WHERE doc_id = ?", [ids[1]]) == [
        ("skipped", "not news")]
    assert window.workspace.document.id == ids[2]
    assert "1 done" in window.status_position.text()
    # The list shows each status, and filters on it.
    model = window.doc_model
    assert [model.index(r, 1).data() for r in range(3)] == ["done ✓", "skipped", "todo"]
    window.doc_list.status_filter.setCurrentIndex(window.doc_list.status_filter.findData("done"))
    assert model.rowCount() == 1 and model.index(0, 0).data() == "Doc 0"
    window.doc_list.status_filter.setCurrentIndex(0)
    window.doc_list.search.setText("Third")
    qtbot.waitUntil(lambda: model.rowCount() == 1)
    assert model.index(0, 0).data() == "Doc 2"


def test_position_zoom_and_last_document_are_restored(qtbot, open_window, project):
    long_text = "\n\n".join(f"Paragraph {i}: " + "words " * 60 for i in range(80))
    project_with(project, "Short one.", long_text)
    window = open_window(project)
    window.doc_list.select(rows(project, "SELECT id FROM documents WHERE uid = 'd1'")[0][0])
    window.view.scroll_to(long_text.index("Paragraph 40"))
    top = window.view.top_offset()
    assert top >= long_text.index("Paragraph 40") - 5
    size = window.view.font().pointSizeF()
    qtbot.keyClick(window.view, Qt.Key.Key_Plus, Qt.KeyboardModifier.ControlModifier)
    assert window.view.font().pointSizeF() > size
    window.close()
    again = open_window(project)
    assert again.workspace.document.text == long_text
    assert abs(again.view.top_offset() - top) < 100
    assert again.view.font().pointSizeF() > size


def test_import_in_the_background_and_cancel_writes_nothing(qtbot, open_window, project,
                                                           tmp_path):
    window = open_window(project_with(project, "Already here."))
    source = tmp_path / "many.jsonl"
    source.write_bytes(b"".join(orjson.dumps({"id": f"n{i}", "text": f"Text number {i}."})
                                + b"\n" for i in range(3000)))
    task = window.import_files([str(source)])
    task.cancel()
    qtbot.waitUntil(task.isFinished, timeout=20000)
    assert rows(project, "SELECT count(*) FROM documents") == [(1,)]
    task = window.import_files([str(source)])
    qtbot.waitUntil(task.isFinished, timeout=20000)
    qtbot.waitUntil(lambda: window.doc_model.rowCount() == 3001)
    assert rows(project, "SELECT count(*) FROM documents") == [(3001,)]


def test_export_in_the_background_and_drop_to_import(qtbot, open_window, project, tmp_path):
    window = open_window(project_with(project, TEXT))
    label(qtbot, window, "Ether Yin", Qt.Key.Key_1)
    target = tmp_path / "out.jsonl"
    task = window.export_to(target)
    qtbot.waitUntil(task.isFinished, timeout=20000)
    line = orjson.loads(target.read_bytes())
    assert line["spans"][0]["text"] == "Ether Yin" and line["annotator"] == "alice"
    conll = tmp_path / "out.conll"
    task = window.export_to(conll, "conll")
    qtbot.waitUntil(task.isFinished, timeout=20000)
    assert "Ether -X- _ B-SPEAKER" in conll.read_text()
    dropped = tmp_path / "dropped.txt"
    dropped.write_text("A dropped article.")
    mime = QMimeData()
    mime.setUrls([QUrl.fromLocalFile(str(dropped))])
    centre = window.rect().center()
    enter = QDragEnterEvent(centre, Qt.DropAction.CopyAction, mime, Qt.MouseButton.NoButton,
                            Qt.KeyboardModifier.NoModifier)
    QApplication.sendEvent(window, enter)
    assert enter.isAccepted()
    QApplication.sendEvent(window, QDropEvent(
        centre.toPointF(), Qt.DropAction.CopyAction, mime, Qt.MouseButton.NoButton,
        Qt.KeyboardModifier.NoModifier))
    assert window.task is not task  # the drop started an import
    qtbot.waitUntil(window.task.isFinished, timeout=20000)
    assert rows(project, "SELECT title FROM documents WHERE uid = 'dropped'") == [
        ("A dropped article.",)]


def test_scheme_editor_renames_recolours_and_carries_spans(qtbot, open_window, project):
    from annotator.ui.scheme_editor import DESCRIPTION, SchemeEditor

    window = open_window(project_with(project, TEXT))
    label(qtbot, window, "Ether Yin", Qt.Key.Key_1)

    def edit():
        dialog = next(w for w in QApplication.topLevelWidgets()
                      if isinstance(w, SchemeEditor) and w.isVisible())
        dialog.table.item(0, 0).setText("SOURCE")
        dialog.table.item(0, DESCRIPTION).setText("Who said it.")
        dialog.accept()

    QTimer.singleShot(50, edit)
    window.scheme_dialog()
    assert spans_in(project) == [(*at("Ether Yin"), "SOURCE")]
    assert rows(project, "SELECT key, description FROM labels WHERE name = 'SOURCE'") == [
        ("1", "Who said it.")]
    assert window.palette_bar.actions_by_label["SOURCE"].text() == "1 SOURCE"


def test_review_findings_in_the_window(qtbot, open_window, project, tmp_path, monkeypatch):
    window = open_window(project_with(project, TEXT))
    label(qtbot, window, "Talks are off", Qt.Key.Key_2)
    # A with nobody to attribute to: a message, and no link mode left behind
    click_at(qtbot, window.view, at("Talks")[0] + 1)
    qtbot.keyClick(window.view, Qt.Key.Key_A)
    assert "no other span" in window.statusBar().currentMessage()
    assert window.workspace.linking is None
    # an import that adds spans to the open document shows them at once
    source = tmp_path / "more.jsonl"
    source.write_bytes(orjson.dumps({"id": "d0", "text": TEXT, "annotator": "alice", "spans": [
        {"start": at("Ether Yin")[0], "end": at("Ether Yin")[1], "label": "SPEAKER"}]}) + b"\n")
    task = window.import_files([str(source)])
    qtbot.waitUntil(task.isFinished, timeout=20000)
    qtbot.waitUntil(lambda: len(window.view.spans()) == 2)
    assert window.span_panel.span_model.rowCount() == 2
    # switching to the gold layer and back keeps the undo history
    window.toggle_gold()
    window.toggle_gold()
    assert window.actions["undo"].isEnabled()
    # a recent project that was moved away is not silently recreated
    gone = tmp_path / "gone.annotator"
    shown = []
    monkeypatch.setattr(plain, "warn", lambda *a: shown.append(a[2]))
    window.switch_project(str(gone))
    assert not gone.exists() and "no such project" in shown[0]
