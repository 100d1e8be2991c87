"""Labelling through the real widgets; what matters is what lands in SQLite."""

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QToolButton

from annotator.core.store import Store
from annotator.ui.app import create_window
from tests.conftest import rows
from tests.ui.conftest import select_with_keyboard


def make_project(path, text, uid="doc"):
    store = Store.open(path)
    store.add_document(text, uid=uid, title="Test")
    store.close()
    return path


def stored_spans(path):
    return rows(path, 'SELECT start, "end", label, annotator, source FROM spans ORDER BY start, \"end\"')


def test_first_run_opens_the_seeded_default_project(qtbot, _isolated_home):
    window = create_window(None)
    qtbot.addWidget(window)
    assert (_isolated_home / "default.annotator").exists()
    assert window.title.text() == "Burned once by Trump, China's Xi wary about fresh trade talks"
    assert "Bloomberg" in window.source.text()
    assert window.view.toPlainText().startswith("Burned once by Trump")
    assert "Telegram" not in window.view.toPlainText()  # the web page's boilerplate is gone
    button = window.palette_bar.findChild(QToolButton, "label:SPEAKER")
    assert button.text() == "1 SPEAKER"
    assert "attributed" in button.toolTip()


@pytest.mark.parametrize("before, target", [
    ("Hi 😀 ", "Bob Smith"),
    ("Family 👩‍👩‍👧 then ", "Bob Smith"),
    ("line one\r\nline two\r\n", "Bob Smith"),
    ("old Mac\rbreak ", "Bob Smith"),
    ("sep\u2028here ", "Bob Smith"),
    ("para\u2029graph ", "Bob Smith"),
    ("\ufeffBOM then ", "Bob Smith"),
    ("tab\there e\u0301 中国 שלום ", "Bob Smith"),
])
def test_key_1_labels_exactly_the_selected_characters(qtbot, open_window, project, before,
                                                       target):
    text = before + target + " said so.\r\n"
    make_project(project, text)
    window = open_window(project)
    start = len(before)
    select_with_keyboard(qtbot, window.view, start, start + len(target))
    assert window.view.selected_range() == (start, start + len(target))
    qtbot.keyClick(window.view, Qt.Key.Key_1)
    assert stored_spans(project) == [(start, start + len(target), "SPEAKER", "alice", "manual")]
    assert text[start:start + len(target)] == "Bob Smith"


def test_selection_snaps_to_tokens_unless_alt(qtbot, open_window, project):
    text = 'He said: "talks are off," today.'
    make_project(project, text)
    window = open_window(project)
    a = text.index('"talks')
    select_with_keyboard(qtbot, window.view, a - 1, text.index("ff,") + 1)  # ' "talks are o'
    qtbot.keyClick(window.view, Qt.Key.Key_2)
    assert stored_spans(project) == [(a + 1, text.index(",\""), "CLAIM", "alice", "manual")]
    select_with_keyboard(qtbot, window.view, a, a + 4)  # '"tal'
    qtbot.keyClick(window.view, Qt.Key.Key_3, Qt.KeyboardModifier.AltModifier)
    assert (a, a + 4, "POLICY", "alice", "manual") in stored_spans(project)


def test_palette_click_labels_and_spans_survive_a_restart(qtbot, open_window, project):
    text = "Ether Yin said the talks were off. 😀 Mr Xi agreed."
    make_project(project, text)
    window = open_window(project)
    select_with_keyboard(qtbot, window.view, 0, 9)
    button = window.palette_bar.findChild(QToolButton, "label:SPEAKER")
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)
    select_with_keyboard(qtbot, window.view, text.index("Mr Xi"), text.index(" agreed"))
    qtbot.keyClick(window.view, Qt.Key.Key_1)
    window.close()

    again = open_window(project)
    shown = [(s.start, s.end, s.label) for s in again.view.spans()]
    assert sorted(shown) == [(0, 9, "SPEAKER"), (37, 42, "SPEAKER")]
    assert text[37:42] == "Mr Xi"
    # The highlight is drawn where the span is: inside has a background, outside has none.
    assert again.view.document().findBlock(0).begin().fragment().charFormat().background().color().name() == "#ffd166"
    assert "2 spans" in again.status_position.text()


def test_a_key_without_a_selection_stores_nothing(qtbot, open_window, project):
    make_project(project, "Nothing selected here.")
    window = open_window(project)
    qtbot.keyClick(window.view, Qt.Key.Key_1)
    assert stored_spans(project) == []
    assert "Select some text" in window.statusBar().currentMessage()


def test_overlapping_spans_are_all_kept_and_drawn(qtbot, open_window, project):
    text = '"Yin said it is weak," said the report.'
    make_project(project, text)
    window = open_window(project)
    select_with_keyboard(qtbot, window.view, 1, 21)
    qtbot.keyClick(window.view, Qt.Key.Key_2)
    select_with_keyboard(qtbot, window.view, 1, 4)
    qtbot.keyClick(window.view, Qt.Key.Key_1)
    assert [s[:3] for s in stored_spans(project)] == [(1, 4, "SPEAKER"), (1, 20, "CLAIM")]
    cursor = window.view.textCursor()
    cursor.setPosition(2)
    assert cursor.charFormat().fontUnderline()  # the nested part is marked as overlapping


PIECES = ["a", "Xi", " ", "\r\n", "\r", "😀", "👩‍👩‍👧", "e\u0301", "中国", "\u2028", "\t"]


@settings(max_examples=25, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.lists(st.sampled_from(PIECES), min_size=2, max_size=12), st.data())
def test_any_selection_lands_on_the_characters_selected(qtbot, tmp_path_factory, pieces, data):
    text = "".join(pieces)
    # Selections start and end between pieces, where a user's caret can be.
    edges = [0]
    for piece in pieces:
        edges.append(edges[-1] + len(piece))
    start = data.draw(st.sampled_from(edges[:-1]))
    end = data.draw(st.sampled_from([e for e in edges if e > start]))
    path = make_project(tmp_path_factory.mktemp("p") / "p.annotator", text)
    window = create_window(str(path))
    qtbot.addWidget(window)
    window.view.select_range(start, end)
    assert window.view.selected_range() == (start, end)
    window.apply_label("CLAIM", exact=True)
    window.close()
    assert stored_spans(path)[0][:2] == (start, end)
