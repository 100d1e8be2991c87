"""A long article shows at once: its first screens are styled before it shows, the rest while
the window is idle, the stretch in view first; editing meanwhile is right."""

from PySide6.QtGui import QTextCursor

from annotator.core.store import Store

PARAGRAPH = "Mr Xi said the trade talks 😀 would resume.\r\n"


def background_at(view, offset):
    cursor = QTextCursor(view.document())
    cursor.setPosition(view.positions.to_qt(offset) + 1)
    return cursor.charFormat().background().color().name()


def test_a_long_article_is_styled_while_idle_view_first(qtbot, open_window, project):
    text = PARAGRAPH * 8000  # 360,000 code points, with emoji and \r\n all the way
    store = Store.open(project)
    doc_id, _ = store.add_document(text, uid="long")
    starts = range(0, len(text), len(PARAGRAPH) * 40)
    store.add_spans(doc_id, "alice", [(s, s + 5, "SPEAKER") for s in starts], want_ids=False)
    store.close()
    window = open_window(project)
    view = window.view
    first, last = starts[0], starts[-1]
    assert background_at(view, first) == "#ffd166"  # styled before it showed
    assert view._unpainted  # the rest is still to do: the window did not wait for it
    view._painter.stop()  # (hold the idle painting, to look at one step of it)
    view.scroll_to(last)  # the reader jumps to the end: that stretch is styled next
    assert background_at(view, last) != "#ffd166"
    view._paint_some()
    assert background_at(view, last) == "#ffd166"
    assert view._unpainted and background_at(view, starts[len(starts) // 2]) != "#ffd166"
    view._painter.start()
    # An edit in a stretch not styled yet is drawn right, and stays right afterwards.
    middle = starts[len(starts) // 2] + len(PARAGRAPH) * 3
    view.select_range(middle, middle + 5)
    window.apply_label("CLAIM")
    qtbot.waitUntil(lambda: not view._unpainted, timeout=30000)
    assert background_at(view, middle) == "#9fd3f0"
    assert all(background_at(view, s) == "#ffd166" for s in starts)
    assert background_at(view, starts[1] - 3) == "#000000"  # between spans: nothing
