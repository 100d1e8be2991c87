"""The annotator's usual rhythm, played whole: drag, label key, `A`, pick the speaker."""

from PySide6.QtWidgets import QApplication

from annotator.core.store import Store
from tests.conftest import rows
from tests.ui.scenario import back_to_window

TEXT = ("Following talks in Washington this May, Vice-Premier Liu He declared that a trade "
        "war had been avoided after China agreed to buy more US goods.")


def at(words):
    start = TEXT.index(words)
    return start, start + len(words)


def test_a_span_just_labelled_is_selected_so_a_links_it_at_once(person, project):
    with Store.open(project) as store:
        store.add_document(TEXT, uid="d0", title="Trade")
    me = person(project)
    me.drag(*at("Vice-Premier Liu He"))
    me.press("1")
    me.drag(*at("a trade war had been avoided"))
    me.press("2")
    # The claim just made is the selected span: A offers its speaker, no click needed.
    assert me.view.selected_span is not None and me.view.selected_span.label == "CLAIM"
    assert "CLAIM: a trade war had been avoided" in me.status()
    me.press("A")
    me.qtbot.waitUntil(lambda: QApplication.activePopupWidget() is not None)
    entries = [a.text() for a in QApplication.activePopupWidget().actions()]
    assert entries[0] == "SAID ← SPEAKER: Vice-Premier Liu He"
    me.press("Return")  # the nearest fitting link is the one Return takes
    me.qtbot.waitUntil(lambda: rows(project, "SELECT label FROM relations") == [("SAID",)])
    back_to_window(me)
    # A second label key on it relabels it (a slip is fixed with one key).
    me.press("3")
    assert rows(project, 'SELECT label FROM spans ORDER BY start') == [("SPEAKER",), ("POLICY",)]
