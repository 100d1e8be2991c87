"""The main window as a person uses it: what they see after moving between documents, where the
keyboard is, what the status bar and the document list say."""

from __future__ import annotations

import pytest
from PySide6.QtWidgets import QApplication

from annotator.core.store import Store
from tests.conftest import rows
from tests.ui.scenario import coloured

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
