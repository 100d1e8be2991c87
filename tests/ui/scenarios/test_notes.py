"""Notes as a person writes and finds them: `;` on a span opens a small input, the note shows
in the span panel, lands in SQLite and in the export, the document list's "With open notes"
lists its document, and the reviewer sees it beside its cluster."""

from PySide6.QtCore import Qt
from PySide6.QtTest import QTest

from annotator.core.formats import jsonl
from annotator.core.models import OPEN_NOTES
from annotator.core.store import Store
from tests.conftest import rows
from tests.ui.scenario import back_to_window

TEXT = ("Mr Liu said that US President Donald Trump showed him respect. "
        "Tariffs would rise, the sources said.")
CLAIM = (TEXT.index("US President"), TEXT.index(" showed"))


def _project(project):
    with Store.open(project) as store:
        store.add_document(TEXT, uid="liu", title="Liu and Trump")
        store.add_document("Nothing to doubt here.", uid="calm", title="Calm")
    return project


def clear(dialog) -> None:
    dialog.edit.selectAll()
    QTest.keyClick(dialog.edit, Qt.Key.Key_Delete)
    QTest.keyClick(dialog.edit, Qt.Key.Key_Return)


def panel_lines(me) -> list[tuple[str, str, str]]:
    model = me.window.span_panel.model()
    return [tuple(model.index(r, c).data() for c in range(3)) for r in range(model.rowCount())]


def test_a_note_on_a_span_shows_in_the_panel_sqlite_the_export_and_the_filter(person,
                                                                               project):
    me = person(_project(project))
    me.drag(*CLAIM)
    me.press("2")  # CLAIM, selected
    me.will_type("unsure: is this a claim or an opinion?")
    me.press(";")
    lines = panel_lines(me)
    row = lines.index(("    ✎ unsure: is this a claim or an opinion?", "", ""))
    assert lines[row - 1][0] == "CLAIM"  # under its span, read across the panel
    assert me.window.span_panel.columnSpan(row, 0) == 3
    assert rows(project, "SELECT n.annotator, s.label, n.text, n.status FROM notes n "
                         "JOIN spans s ON s.id = n.span_id") == [
        ("alice", "CLAIM", "unsure: is this a claim or an opinion?", "open")]
    assert me.window.actions["undo"].text().startswith("&Undo Note on CLAIM")

    with Store.open(project, read_only=True) as reader:  # the export, as another window
        line = next(line for line in jsonl.lines(reader) if line["id"] == "liu")
    assert line["spans"][0]["note"] == {"text": "unsure: is this a claim or an opinion?",
                                        "status": "open"}

    box = me.window.doc_list.status_filter
    box.setCurrentIndex(box.findData(OPEN_NOTES))
    me.qtbot.waitUntil(lambda: me.window.doc_model.rowCount() == 1)
    shown = me.window.doc_model.index(0, 0).data()
    assert shown == "Liu and Trump"  # not "Calm"

    back_to_window(me)
    me.click(CLAIM[0] + 3)  # the claim again (opening the document selected nothing)
    me.will_answer(clear)  # the note's text deleted: the note goes
    me.press(";")
    me.qtbot.waitUntil(lambda: me.window.doc_model.rowCount() == 0)  # it had the only note
    assert rows(project, "SELECT count(*) FROM notes") == [(0,)]


def test_with_nothing_selected_the_note_is_the_documents_and_resolving_it_shows(person,
                                                                               project):
    me = person(_project(project))
    me.will_type("ask the desk which sources")
    me.press(";")
    assert panel_lines(me)[0] == ("Document: ✎ ask the desk which sources", "", "")

    def resolve(dialog):
        dialog.resolved.setChecked(True)
        dialog.accept()

    back_to_window(me)
    me.will_answer(resolve)
    me.press(";")
    assert panel_lines(me)[0][0] == "Document: ✓ ask the desk which sources"
    assert rows(project, "SELECT span_id, status FROM notes") == [(None, "resolved")]
    back_to_window(me)
    me.press("Ctrl+Z")
    assert rows(project, "SELECT status FROM notes") == [("open",)]


def test_the_reviewer_sees_each_note_beside_its_cluster(person, project, tmp_path):
    with Store.open(project) as store:
        doc, _ = store.add_document(TEXT, uid="liu", title="Liu and Trump")
        for who in ("alice", "bob"):
            store.add_span(doc, who, 0, 6, "SPEAKER")
        claim = store.add_span(doc, "alice", *CLAIM, "CLAIM")
        store.add_note(doc, "alice", claim.id, "claim or opinion?")
        store.add_note(doc, "bob", None, "second sentence: who are the sources?")
    me = person(project, annotator="lead")
    me.press("Ctrl+R")
    me.qtbot.waitUntil(lambda: _review_table(me) is not None)
    table = _review_table(me)
    headers = [table.horizontalHeaderItem(c).text() for c in range(table.columnCount())]
    notes = headers.index("Notes")
    cells = [table.item(r, notes).text() for r in range(table.rowCount())]
    assert cells == ["", "alice: ✎ claim or opinion?"]  # beside the claim's cluster only
    assert "bob: ✎ second sentence: who are the sources?" in _review_view(me).notes.text()


def _review_view(me):
    from annotator.ui.review_view import ReviewView

    views = me.window.findChildren(ReviewView)
    return views[0] if views else None


def _review_table(me):
    view = _review_view(me)
    return view.table if view is not None else None
