"""Suggestions in the real window: drawn as outlines (never filled), decided with keys, each
decision in SQLite and undoable; the export holds exactly what was accepted."""

from __future__ import annotations

import orjson
import pytest
from PySide6.QtCore import QSettings

from annotator.core.exporter import ExportReport, chunks
from annotator.core.store import Store
from annotator.core.suggest import SOURCES
from annotator.core.suggest.run import suggest_documents
from annotator.ui.suggestion_overlay import ink
from tests.conftest import rows
from tests.suggest_source import TEXT, Marks
from tests.ui.scenario import share_of_colour

CLAIM = "#9fd3f0"  # the default scheme's colours
SPEAKER = "#ffd166"


@pytest.fixture
def suggested(project):
    with Store.open(project) as store:
        doc_id, _ = store.add_document(TEXT, uid="yin", title="Talks")
        store.add_document("A second article, without quotes.", uid="other")
        suggest_documents(store, [Marks("quotes")], [doc_id])
    return project


def spans(project):
    return rows(project, 'SELECT start, "end", label, source FROM spans ORDER BY start')


def test_suggestions_show_at_once_as_outlines_without_a_fill(person, suggested):
    me = person(suggested)
    found, links, _ = me.view.suggested
    assert [(s.start, s.end, s.label) for s in found] == [
        (1, 33, "CLAIM"), (36, 45, "SPEAKER"), (99, 108, "SPEAKER"), (122, 166, "CLAIM")]
    assert len(links) == 2
    picture = me.screenshot()
    assert share_of_colour(picture, CLAIM, 6) < 0.0005  # no label colour fills the text
    assert share_of_colour(picture, SPEAKER, 6) < 0.0005
    from PySide6.QtGui import QColor

    assert share_of_colour(picture, ink(QColor(CLAIM)).name(), 30) > 0.0005  # the outlines
    assert "0 spans" in me.status()


def test_next_and_accept_fill_the_span_and_store_it(person, suggested):
    me = person(suggested)
    me.press("N")
    assert "Suggestion 1 of 4 · CLAIM (quotes)" in me.status()
    assert "Return accept · X reject" in me.status()
    me.press("Return")
    assert spans(suggested) == [(1, 33, "CLAIM", "suggested")]
    assert share_of_colour(me.screenshot(), CLAIM, 6) > 0.005
    assert "Suggestion 1 of 3 · SPEAKER (quotes)" in me.status()  # the next one is current
    me.press("Return")  # the speaker: its SAID link comes along
    assert rows(suggested, "SELECT label FROM relations") == [("SAID",)]
    me.press("Ctrl+Z")
    assert spans(suggested) == [(1, 33, "CLAIM", "suggested")]
    assert rows(suggested, "SELECT label FROM relations") == []


def test_reject_is_remembered_and_undone(person, suggested):
    me = person(suggested)
    me.press("N")
    me.press("N")
    assert "SPEAKER (quotes)" in me.status()
    me.press("X")
    assert rows(suggested, 'SELECT start, "end", label, annotator FROM suggestion_rejections'
                ) == [(36, 45, "SPEAKER", "alice")]
    assert len(me.view.suggested[0]) == 3 and spans(suggested) == []
    me.press("Ctrl+Z")
    assert rows(suggested, "SELECT * FROM suggestion_rejections") == []
    assert len(me.view.suggested[0]) == 4


def test_a_label_key_accepts_as_that_label(person, suggested):
    me = person(suggested)
    me.press("N")
    me.press("N")
    me.press("4")  # PERSON
    assert spans(suggested) == [(36, 45, "PERSON", "suggested")]
    assert (36, 45, "SPEAKER") not in [(s.start, s.end, s.label) for s in me.view.suggested[0]]


def test_accept_all_then_export_holds_exactly_the_accepted(person, suggested):
    me = person(suggested)
    me.press("N")
    me.press("N")
    me.press("N")
    me.press("X")  # the second speaker is wrong
    me.press("Shift+Return")
    assert spans(suggested) == [(1, 33, "CLAIM", "suggested"), (36, 45, "SPEAKER", "suggested"),
                                (122, 166, "CLAIM", "suggested")]
    assert me.view.suggested[0] == []
    report = ExportReport()
    lines = [orjson.loads(x) for part in chunks(me.window.workspace.store, "jsonl", report,
                                                False) for x in part.splitlines() if x]
    [mine] = [line for line in lines if line["id"] == "yin"]
    assert [(s["start"], s["end"], s["label"]) for s in mine["spans"]] == [
        (1, 33, "CLAIM"), (36, 45, "SPEAKER"), (122, 166, "CLAIM")]
    assert mine["relations"] == [{"head": 2, "child": 1, "label": "SAID"}]
    assert all(line["spans"] == [] for line in lines if line["id"] != "yin")
    me.press("Ctrl+Z")  # all in one step
    assert spans(suggested) == [] and len(me.view.suggested[0]) == 3


def test_return_in_the_search_box_is_the_search_boxs(person, suggested):
    me = person(suggested)
    me.press("N")
    me.press("Ctrl+F")
    me.type("second")
    me.press("Return")
    me.qtbot.waitUntil(lambda: me.window.workspace.document.uid == "other")
    assert spans(suggested) == []


def test_switching_a_source_off_hides_it(person, suggested):
    me = person(suggested)
    me.window.source_actions["quotes"].setChecked(False)
    assert me.view.suggested[0] == []
    me.press("N")
    assert "No suggestions on this document" in me.status()
    me.window.source_actions["quotes"].setChecked(True)
    assert len(me.view.suggested[0]) == 4


def test_suggest_for_this_document_runs_in_the_background(person, project, qtbot,
                                                           monkeypatch):
    monkeypatch.setitem(SOURCES, "quotes", "tests.suggest_source:make_quotes")
    with Store.open(project) as store:
        store.add_document(TEXT, uid="yin")
    QSettings().setValue("suggest/sources", "quotes")
    me = person(project)
    assert me.view.suggested[0] == []
    warned = []
    monkeypatch.setattr("annotator.ui.plain.warn", lambda *a: warned.append(a))
    me.window.menus["S&uggest"].actions()[-2].trigger()  # Suggest for This Document
    qtbot.waitUntil(lambda: len(me.view.suggested[0]) == 4 or bool(warned), timeout=5000)
    assert warned == []
    assert "4 suggestions on 1 document" in me.status()


def test_n_from_the_document_list_brings_the_keyboard_to_the_article(person, suggested):
    me = person(suggested)
    me.window.doc_list.table.setFocus()
    me.press("N")
    assert me.focus() is me.view
    me.press("Return")
    assert spans(suggested) == [(1, 33, "CLAIM", "suggested")]


def test_return_in_a_dialog_is_the_dialogs(person, suggested):
    """Return typed in the skip dialog accepted the current suggestion and left the dialog
    open (the accept action, in the menu bar, took Return from any window)."""
    me = person(suggested)
    me.press("N")
    me.will_type("not news")
    me.press("Ctrl+Shift+Return")  # skip, with a reason
    assert rows(suggested, "SELECT status, note FROM doc_status") == [("skipped", "not news")]
    assert spans(suggested) == []
