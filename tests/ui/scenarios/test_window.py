"""The main window as a person uses it: what they see after moving between documents, where the
keyboard is, what the status bar and the document list say."""

from __future__ import annotations

import pytest
from PySide6.QtGui import QPalette
from PySide6.QtWidgets import QMenu

from annotator.core.importer import READERS
from annotator.core.store import Store
from tests.conftest import rows
from tests.ui.scenario import (
    back_to_window, coloured, drop_files, on_screen, will_open_file,
)

TEXTS = [
    "Ether Yin, a partner at Trivium China in Beijing, said talks are off.",
    "The ministry said on Monday that exports rose by four percent in May.",
    "Officials in Brussels declined to comment on the proposal for now.",
]


@pytest.fixture
def three(project):
    """A project of three short documents, none touched."""
    with Store.open(project) as store:
        for i, text in enumerate(TEXTS):
            store.add_document(text, uid=f"d{i}", title=f"Document {i + 1}")
    return project


def label_trivium_mid_word(me) -> tuple[int, int]:
    """Drag from "Trivium" to the middle of "China" and press 5 (ORG): the span is "Trivium
    China" and the caret is left inside it, at "Chi|na"."""
    start = TEXTS[0].index("Trivium")
    me.drag(start, start + len("Trivium Chi"))
    me.press("5")
    end = start + len("Trivium China")
    assert rows(me.window.workspace.store.path, 'SELECT start, "end", label FROM spans') == [
        (start, end, "ORG")]
    return start, end


# ------------------------------------------------------------ defect 1: colour spills over
@pytest.mark.parametrize("key", ["Ctrl+PgDown", "Ctrl+Return"])
def test_a_labels_colour_stays_in_its_span_when_the_next_document_opens(person, three, key):
    me = person(three)
    start, end = label_trivium_mid_word(me)
    me.press(key)
    assert me.window.workspace.document.uid == "d1"
    assert coloured(me.view) == {}, "the next document, with no spans, shows colour"
    me.press("Ctrl+PgDown")
    assert me.window.workspace.document.uid == "d2"
    assert coloured(me.view) == {}
    # Back to the first: only the span is coloured, and the others stay plain.
    me.press("Ctrl+PgUp")
    me.press("Ctrl+PgUp")
    assert me.window.workspace.document.uid == "d0"
    assert sorted(coloured(me.view)) == list(range(start, end))
    me.press("Ctrl+PgDown")
    assert coloured(me.view) == {}


# ------------------------------------------------------ defect 3: the keyboard is in the article
def list_row_point(me, row: int):
    table = me.window.doc_list.table
    return table.viewport(), table.visualRect(table.model().index(row, 0)).center()


def test_the_keyboard_is_in_the_article_at_start_and_after_every_document_change(
        person, three):
    me = person(three)
    assert me.focus() is me.view, f"the keyboard starts in {me.focus()!r}"
    # End and Shift+arrows work in the article, and leave the list's filter alone.
    filter_box = me.window.doc_list.status_filter
    me.press("Home")
    me.press("Shift+Right")
    me.press("Shift+Right")
    assert me.view.selected_range() == (0, 2)
    me.press("End")
    assert filter_box.currentIndex() == 0 and me.window.doc_model.rowCount() == 3

    def changes_to(uid: str) -> None:
        assert me.window.workspace.document.uid == uid
        assert me.focus() is me.view, f"after opening {uid} the keyboard is in {me.focus()!r}"
        me.press("Shift+Right")
        assert me.view.selected_range() is not None

    me.press("Ctrl+PgDown")
    changes_to("d1")
    me.press("Ctrl+PgUp")
    changes_to("d0")
    me.click_widget(*list_row_point(me, 2))
    changes_to("d2")
    me.click_widget(*list_row_point(me, 0))
    changes_to("d0")
    me.click_widget(*list_row_point(me, 0))  # the open document's row: the keys come back
    changes_to("d0")
    me.press("Ctrl+Return")  # done: the next to do
    changes_to("d1")
    me.will_type("not news")
    me.press("Ctrl+Shift+Return")  # skip, with a reason
    back_to_window(me)
    changes_to("d2")
    me.press("Ctrl+Z")  # undo the skip: back on d1
    changes_to("d1")
    me.press("Ctrl+Z")  # undo the done: back on d0
    changes_to("d0")


def test_arrow_keys_in_the_document_list_browse_the_list(person, three):
    """A person who moves through the list with the arrow keys keeps the keyboard there."""
    me = person(three)
    table = me.window.doc_list.table
    table.setFocus()
    me.press("Down")
    assert me.window.workspace.document.uid == "d1"
    assert me.focus() is table
    me.press("Down")
    assert me.window.workspace.document.uid == "d2"


# ------------------------------------- defect 6: the document list highlights one row only
def lit_rows(me) -> list[int]:
    """The list's rows with a highlighted cell, as the screen shows them."""
    table = me.window.doc_list.table
    image = on_screen(me, table.viewport())
    highlight = table.palette().color(QPalette.ColorRole.Highlight).name()
    model = table.model()
    return [row for row in range(model.rowCount())
            if any(image.pixelColor(rect.left() + 2, rect.top() + 2).name() == highlight
                   for rect in (table.visualRect(model.index(row, column))
                                for column in range(model.columnCount())
                                if not table.isColumnHidden(column)))]


def test_the_document_list_highlights_only_the_open_document(person, three):
    me = person(three)
    table = me.window.doc_list.table

    def shows(row: int) -> None:
        selected = {index.row() for index in table.selectionModel().selectedIndexes()}
        assert selected == {row} and table.currentIndex().row() == row
        assert lit_rows(me) == [row]

    shows(0)
    me.press("Ctrl+PgDown")
    shows(1)
    me.press("Ctrl+PgDown")
    shows(2)
    me.press("Ctrl+PgUp")
    shows(1)
    me.click_widget(*list_row_point(me, 0))
    shows(0)
    me.click_widget(*list_row_point(me, 2))
    shows(2)
    me.press("Ctrl+Return")  # the next to do wraps round to the first
    shows(0)
    me.press("Ctrl+Z")
    shows(2)


# ------------------------------------------- defect 7: the status bar says what is there now
def span_status(me) -> str:
    return me.window.status_span.text()


def test_the_status_bar_follows_every_edit_of_the_span_it_names(person, three):
    me = person(three)
    start, _ = label_trivium_mid_word(me)  # the caret is left inside the new span
    assert span_status(me) == "ORG: Trivium China"
    me.click(start + 2)  # select the span
    assert span_status(me) == "ORG: Trivium China"
    me.press("Alt+Shift+Left")  # its end a word left
    assert rows(three, 'SELECT start, "end" FROM spans') == [(start, start + len("Trivium"))]
    assert span_status(me) == "ORG: Trivium"
    me.press("4")  # relabel
    assert span_status(me) == "PERSON: Trivium"
    me.press("Ctrl+Z")
    assert span_status(me) == "ORG: Trivium"
    # A link: the "click the speaker" prompt goes once the link is made.
    text = TEXTS[0]
    yin, talks = text.index("Ether Yin"), text.index("talks are off")
    me.drag(yin, yin + len("Ether Yin"))
    me.press("1")
    me.drag(talks, talks + len("talks are off"))
    me.press("2")
    me.click(talks + 1)
    me.will_choose("Ether Yin")
    me.press("A")
    me.qtbot.waitUntil(lambda: rows(three, "SELECT count(*) FROM relations") == [(1,)])
    back_to_window(me)
    assert "Attribute" not in me.status()
    assert span_status(me) == "CLAIM: talks are off"
    me.press("Del")  # the claim goes, with its link
    assert span_status(me) == ""


# ------------------------------------------------- defect 8: a cut text says it was cut
LONG = ("The spokesman for the European Commission's directorate-general for trade said the "
        "new export rules would reflect badly on Xinhua's coverage of the talks.")
SPEAKER = "The spokesman for the European Commission's directorate-general for trade"
CLAIM = "the new export rules would reflect badly on Xinhua's coverage of the talks"


def test_text_cut_short_ends_in_an_ellipsis_wherever_it_is_shown(person, project):
    with Store.open(project) as store:
        store.add_document(LONG, uid="long", title="Trade")
    me = person(project)
    for phrase, key in ((SPEAKER, "1"), (CLAIM, "2")):
        start = LONG.index(phrase)
        me.drag(start, start + len(phrase))
        me.press(key)
    assert [r[0] for r in rows(project, "SELECT label FROM spans ORDER BY start")] == [
        "SPEAKER", "CLAIM"]

    def cut_from(shown: str, whole: str) -> None:
        assert shown.endswith("…"), f"{shown!r} is cut without saying so"
        assert whole.startswith(shown[:-1])

    # The span panel, the status bar and the Edit menu's undo text.
    panel = me.window.span_panel
    shown = [panel.model().index(row, 1).data() for row in range(panel.model().rowCount())]
    cut_from(shown[0], SPEAKER)
    cut_from(shown[1], CLAIM)
    me.click(LONG.index(CLAIM) + 3)
    label, _, text = span_status(me).partition(": ")
    assert label == "CLAIM"
    cut_from(text, CLAIM)
    undo_text = me.window.actions["undo"].text()
    assert undo_text.startswith("&Undo Add CLAIM “") and undo_text.endswith("”")
    cut_from(undo_text.removeprefix("&Undo Add CLAIM “").removesuffix("”"), CLAIM)
    # The menu of speakers that A offers.
    entries: list[str] = []

    def read(menu):
        entries.extend(a.text() for a in menu.actions() if a.text())
        menu.close()

    me.will_answer(read, QMenu)
    me.press("A")
    me.qtbot.waitUntil(lambda: bool(entries))
    back_to_window(me)
    me.press("Esc")
    speaker = next(e for e in entries if "spokesman" in e)
    cut_from(speaker.partition(": ")[2], SPEAKER)


# ------------------------------------- defect 10: undo puts back the status the document had
def test_undoing_the_only_span_leaves_the_document_to_do(person, three):
    me = person(three)
    model = me.window.doc_model

    def listed_status() -> str:
        return model.index(0, 1).data()

    assert listed_status() == "todo"
    label_trivium_mid_word(me)
    assert listed_status() == "in progress" and me.status().endswith("in progress")
    me.press("Ctrl+Z")
    assert rows(three, "SELECT count(*) FROM spans") == [(0,)]
    assert listed_status() == "todo"
    assert me.status().endswith("0 spans · todo")
    assert rows(three, "SELECT * FROM doc_status") == []
    me.press("Ctrl+Shift+Z")
    assert listed_status() == "in progress"


# ------------------------------------- friction: an import opens the first imported document
def test_importing_files_opens_the_first_imported_document(person, three, tmp_path):
    folder = tmp_path / "new"
    folder.mkdir()
    (folder / "a.txt").write_text("Tariffs rose again on Tuesday.", encoding="utf-8")
    (folder / "b.txt").write_text("The port reopened.", encoding="utf-8")
    single = tmp_path / "c.txt"
    single.write_text("Talks resumed in Geneva.", encoding="utf-8")
    me = person(three)
    assert me.window.workspace.document.uid == "d0"
    # File ▸ Import…, typing the file's path in the file dialog.
    tip = me.window.actions["import"].statusTip()
    assert all(suffix in tip for suffix in READERS), tip
    will_open_file(me, single)
    me.press("Ctrl+I")
    me.qtbot.waitUntil(lambda: me.window.workspace.document.uid == "c", timeout=30000)
    back_to_window(me)
    assert me.focus() is me.view
    assert me.view.toPlainText() == "Talks resumed in Geneva."
    assert "Imported 1 file: 1 document added" in me.status()
    # A folder dropped on the window: its first file opens.
    drop_files(me, [folder])
    me.qtbot.waitUntil(lambda: me.window.workspace.document.uid == "a", timeout=30000)
    assert "Imported 2 files: 2 documents added" in me.status()
    assert me.focus() is me.view
    row = me.window.doc_list.table.currentIndex().row()
    assert me.window.doc_model.id_at(row) == me.window.workspace.document.id


def test_a_speaker_named_with_an_ampersand_is_offered_as_written(person, project):
    text = "AT&T said prices will rise."
    with Store.open(project) as store:
        doc, _ = store.add_document(text, uid="att")
        store.add_span(doc, "alice", 0, 4, "SPEAKER")
        store.add_span(doc, "alice", 10, 26, "CLAIM")
    me = person(project)
    entries: list[str] = []

    def read(menu):
        entries.extend(a.text() for a in menu.actions() if a.text())
        menu.close()

    me.click(12)
    me.will_answer(read, QMenu)
    me.press("A")
    me.qtbot.waitUntil(lambda: bool(entries))
    back_to_window(me)
    me.press("Esc")
    # A menu takes "&" for a mnemonic: the entry must escape it to show "AT&T".
    assert "SAID ← SPEAKER: AT&&T" in entries
