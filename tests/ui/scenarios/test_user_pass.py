"""A new, careless user's pass over the whole app in a real window: each test plays a sequence
that went wrong there, on the real MainWindow."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication

from annotator.core.store import Store
from tests.conftest import rows
from tests.ui.scenario import back_to_window

TEXT = ("In interviews with Chinese media, Mr Liu said US President Donald Trump showed him "
        "respect as Mr Xi's special representative.")


@pytest.fixture
def article(project):
    with Store.open(project) as store:
        store.add_document(TEXT, uid="liu", title="Mr Liu")
        store.add_document("The minister said tariffs would fall.", uid="second",
                           title="Second")
    return project


def _label(me, words: str, key: str) -> None:
    start = TEXT.index(words)
    me.drag(start, start + len(words))
    me.press(key)


def _label_and_link(me, article) -> None:
    """Drag the speaker, 1; drag the claim, 2; A and choose the speaker."""
    _label(me, "Mr Liu", "1")
    _label(me, "US President Donald Trump showed him respect", "2")
    me.will_choose("Mr Liu")
    me.press("A")
    me.qtbot.waitUntil(lambda: rows(article, "SELECT count(*) FROM relations") == [(1,)])
    back_to_window(me)


# ------------------------------- A right after labelling links the span just made
def test_a_right_after_labelling_a_claim_links_it(person, article):
    """Drag the speaker, 1; drag the claim, 2; A at once offers the speaker (it used to say
    "Select a span first", while the status bar named the claim as what the keys act on)."""
    me = person(article)
    _label_and_link(me, article)
    (head, child, label), = rows(article, "SELECT h.start, c.start, r.label FROM relations r "
                                          "JOIN spans h ON h.id = r.head_span_id "
                                          "JOIN spans c ON c.id = r.child_span_id")
    assert (head, child, label) == (TEXT.index("Mr Liu"), TEXT.index("US President"), "SAID")
    assert "Select a span first" not in me.status()


# --------------------------------------- A then Return takes the nearest span offered
def test_a_then_return_links_the_nearest_span_offered(person, article):
    """The link menu opened with nothing highlighted, so Return did nothing and the next
    Ctrl+Return (meant to finish the document) made the link instead."""
    from PySide6.QtCore import Qt
    from PySide6.QtTest import QTest
    from PySide6.QtWidgets import QMenu

    me = person(article)
    _label(me, "Mr Liu", "1")
    _label(me, "US President Donald Trump showed him respect", "2")
    me.will_answer(lambda menu: QTest.keyClick(menu, Qt.Key.Key_Return), QMenu)
    me.press("A")
    me.qtbot.waitUntil(lambda: QApplication.activePopupWidget() is None)
    assert rows(article, "SELECT count(*) FROM relations") == [(1,)]


# ------------------------------------- the review's title bar shows a title's & as written
def test_the_review_title_bar_shows_a_title_with_an_ampersand_as_written(person, project):
    """A dock's title bar is drawn with `&` as a mnemonic: "<b>x</b> R&D" read "… RD"."""
    from annotator.ui.plain import without_mnemonics

    title = "<b>x</b> R&D"
    with Store.open(project) as store:
        doc, _ = store.add_document(f"{title}\n\nThe R&D budget rose.", uid="t", title=title)
        store.add_span(doc, "bob", 14, 17, "ORG")
    me = person(project)
    assert me.window.title.text() == title
    me.press("Ctrl+R")
    dock = me.window.review_dock
    me.qtbot.waitUntil(dock.isVisible)
    assert without_mnemonics(dock.windowTitle()) == f"Review — {title}"
    assert without_mnemonics(dock.toggleViewAction().text()) == f"Review — {title}"


# ------------------------- a refusal does not stay on screen once the next key succeeds
def test_a_refusal_goes_from_the_status_bar_when_the_next_key_works(person, article):
    """A pressed too early says "Select a span first"; the speaker labelled next kept that
    refusal on screen for seconds, over the status bar's "SPEAKER: Mr Liu"."""
    me = person(article)
    me.press("A")
    assert "Select a span first" in me.status()
    _label(me, "Mr Liu", "1")
    assert "Select a span first" not in me.status()
    assert "SPEAKER: Mr Liu" in me.status()


# --------------------------- Ctrl+F, a word, Return: the document found opens to label
def test_return_in_the_search_opens_the_first_document_found(person, article):
    """Return in the search box did nothing: the list showed the one document found, the
    article still showed the other, and the next label key typed "1" into the search."""
    me = person(article)
    me.press("Ctrl+F")
    me.type("minister")
    me.press("Return")
    me.qtbot.waitUntil(lambda: me.window.workspace.document.uid == "second")
    assert me.focus() is me.view
    second = "The minister said tariffs would fall."
    start = second.index("The minister")
    me.drag(start, start + len("The minister"))
    me.press("1")
    assert rows(article, "SELECT d.uid, s.label FROM spans s JOIN documents d "
                         "ON d.id = s.doc_id") == [("second", "SPEAKER")]
    assert me.window.doc_list.search.text() == "minister"


# ------------------------------------ A on a claim linked already says so, not "label one"
def test_a_on_a_claim_linked_already_says_it_is_linked(person, article):
    """A pressed again on the claim just linked said "No span here fits a CLAIM …: label
    one first", though its speaker was right there, linked."""
    me = person(article)
    _label_and_link(me, article)
    me.press("A")
    assert "label one first" not in me.status()
    assert "linked already" in me.status()
    assert rows(article, "SELECT count(*) FROM relations") == [(1,)]


# ------------ a disagreement double-clicked in the agreement window is shown in the article
def test_a_disagreement_double_clicked_is_in_view_in_the_article(person, project):
    """The review came forward on the row, but the article stayed at the top of a long
    article: the disagreeing name, near the end, was out of sight."""
    import orjson

    from annotator.ui.agreement_view import AgreementView
    from tests.ui.scenario import double_click

    seed = orjson.loads((Path(__file__).parents[3] / "seeds" / "bt-xi-trade-talks.jsonl")
                        .read_bytes().splitlines()[0])
    text = seed["text"]
    yin = text.index("Li Keqiang")
    with Store.open(project) as store:
        doc, _ = store.add_document(text, uid="xi", title="Xi")
        store.add_span(doc, "alice", yin, yin + len("Li Keqiang"), "SPEAKER")
        store.add_span(doc, "bob", yin, yin + len("Li Keqiang"), "PERSON")
    me = person(project, annotator="rita")
    assert not me.view.viewport().rect().contains(me.point_of(yin))  # far below, at first
    me.press("Ctrl+Shift+A")
    panel = next(w for w in QApplication.topLevelWidgets()
                 if isinstance(w, AgreementView) and w.isVisible())
    table = panel.table
    me.click_widget(table.viewport(),
                    table.visualRect(table.model().index(0, 0)).center())
    line = panel.disagreements.item(0)
    assert "Li Keqiang" in line.text()
    double_click(panel.disagreements.viewport(),
                 panel.disagreements.visualItemRect(line).center())
    me.qtbot.waitUntil(lambda: me.window.review_dock.isVisible())
    me.qtbot.wait(50)
    assert me.view.viewport().rect().contains(me.point_of(yin)), "the name is out of sight"


# -------------------------------------- the scheme editor fits an 800×600 screen
def test_the_scheme_editor_fits_a_small_screen(person, article):
    """Ctrl+L on an 800×600 screen opened a 900-pixel-wide editor: Cancel and the
    descriptions were off the screen's edge."""
    from PySide6.QtGui import QGuiApplication
    from PySide6.QtWidgets import QDialogButtonBox

    from annotator.ui.scheme_editor import SchemeEditor

    area = QGuiApplication.primaryScreen().availableGeometry()
    assert area.width() < 900  # the offscreen screen is 800×600
    seen = []

    def look(dialog):
        buttons = dialog.findChild(QDialogButtonBox)
        cancel = buttons.button(QDialogButtonBox.StandardButton.Cancel)
        corner = cancel.mapToGlobal(cancel.rect().bottomRight())
        seen.append((dialog.frameGeometry(), corner))
        dialog.reject()

    me = person(article)
    me.will_answer(look, SchemeEditor)
    me.press("Ctrl+L")
    me.qtbot.waitUntil(lambda: bool(seen))
    frame, corner = seen[0]
    assert area.contains(frame), f"{frame} is not inside the screen {area}"
    assert area.contains(corner)


# ----------------------------- the first start's name dialog refuses "gold" as the Edit one does
@pytest.mark.parametrize("typed", ["gold", "ev\u202ee"])
def test_the_first_start_refuses_a_name_edit_name_would_refuse(qtbot, project, typed):
    """Typing "gold" at the first start made every span go into the reviewers' gold layer
    (Edit ▸ Annotator Name refuses it); it is refused with the reason, and asked again."""
    from PySide6.QtWidgets import QInputDialog, QLineEdit, QMessageBox

    from annotator.ui.app import create_window

    answers = iter([typed, "rita"])
    said, stop = [], []

    def answer(left=200):
        if stop:
            return
        dialog = QApplication.activeModalWidget()
        if isinstance(dialog, QInputDialog):
            dialog.findChild(QLineEdit).setText(next(answers))  # pasted: QTest cannot type
            dialog.accept()  # U+202E
        elif isinstance(dialog, QMessageBox):
            said.append(dialog.text())
            dialog.done(0)
        if left:
            QTimer.singleShot(20, lambda: answer(left - 1))

    QTimer.singleShot(0, answer)
    window = create_window(str(project), ask_name=True)
    stop.append(True)
    qtbot.addWidget(window)
    assert window.workspace.annotator == "rita"
    assert said and "annotator name" in said[0]
