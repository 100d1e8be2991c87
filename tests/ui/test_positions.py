"""The Qt-position <-> code-point mapping, checked against a real QTextDocument."""

from hypothesis import given, settings
from hypothesis import strategies as st
from PySide6.QtWidgets import QPlainTextEdit

from annotator.ui.document_view import load_text
from annotator.ui.positions import PositionMap

PIECES = ["a", "b", " ", "\n", "\r\n", "\r", "\t", "😀", "👩‍👩‍👧", "e\u0301", "中", "ש", "\u2028",
          "\u2029", "\ufeff", "\x00", "\x0c", "\x0b", "\x85", "𝔸", "\ufffe"]
texts = st.lists(st.sampled_from(PIECES), max_size=25).map("".join)


def expected_char(text: str, k: int) -> str | None:
    """What QTextDocument holds at the position of code point k (None: no position)."""
    ch = text[k]
    if ch == "\n" and k > 0 and text[k - 1] == "\r":
        return None
    if ch in "\r\n\u2029":
        return "\u2029"
    if ord(ch) > 0xFFFF:
        return chr(0xD800 + ((ord(ch) - 0x10000) >> 10))  # the high surrogate
    return ch


@settings(max_examples=300, deadline=None)
@given(texts)
def test_mapping_matches_qt(qapp, text):
    edit = QPlainTextEdit()
    load_text(edit, text)
    doc = edit.document()
    m = PositionMap(text)
    assert m.qt_length == doc.characterCount() - 1
    for k in range(len(text)):
        want = expected_char(text, k)
        if want is None:
            continue
        q = m.to_qt(k)
        assert doc.characterAt(q) == want, (k, q)
        assert m.from_qt(q) == k
    assert m.from_qt(m.qt_length) == len(text)
    positions = [m.to_qt(k) for k in range(len(text) + 1)]
    assert positions == sorted(positions)


def test_inside_a_surrogate_pair_rounds_down_or_up():
    m = PositionMap("a😀b")
    assert [m.to_qt(k) for k in range(4)] == [0, 1, 3, 4]
    assert (m.from_qt(2), m.from_qt(2, round_up=True)) == (1, 2)


def test_crlf_edges_keep_the_break_out_of_a_selection():
    m = PositionMap("ab\r\ncd")
    assert m.to_qt(2) == 2 and m.to_qt(4) == 3
    assert m.from_qt(2) == 2  # end of line "ab": before the \r
    assert m.from_qt(3) == 4  # start of "cd": after the \n
