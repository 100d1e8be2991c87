"""A new user's first start: the sample article opens with its quotes suggested (dashed
outlines, never filled), N / Return go through every one, X leaves one out, and the export
holds exactly the accepted spans and SAID links, with their attributes."""

from __future__ import annotations

import orjson
from click.testing import CliRunner
from PySide6.QtGui import QColor
from PySide6.QtWidgets import QLabel

from annotator.cli import main
from annotator.ui.app import create_window
from annotator.ui.suggestion_overlay import ink
from tests.ui.scenario import Person, share_of_colour

CLAIM = "#9fd3f0"  # the default scheme's colours
SPEAKER = "#ffd166"


def first_start(qtbot):
    window = create_window(None)
    qtbot.addWidget(window)
    window.resize(1360, 840)
    with qtbot.waitActive(window):
        window.show()
        window.activateWindow()
    qtbot.wait(10)
    return Person(qtbot, window)


def test_a_new_user_accepts_the_seeds_quotes_with_one_key_each_and_exports_them(
        qtbot, _isolated_home, tmp_path):
    me = first_start(qtbot)
    ws = me.window.workspace
    assert me.window.source_actions["quotes"].isChecked()  # on by default
    found, links, _ = me.view.suggested
    labels = {s.label for s in found}
    assert {"CLAIM", "SPEAKER", "CUE"} <= labels and len(links) >= 10
    picture = me.screenshot()
    assert share_of_colour(picture, CLAIM, 6) < 0.0005  # outlines, no fill
    assert share_of_colour(picture, SPEAKER, 6) < 0.0005
    assert share_of_colour(picture, ink(QColor(CLAIM)).name(), 30) > 0.0005

    text = ws.document.text
    wanted = {(s.start, s.end, s.label): orjson.loads(s.attrs) for s in found}
    [told] = [s for s in found if s.label == "CUE" and text[s.start:s.end] == "declared"]
    del wanted[told.key]
    me.press("N")
    assert f"Suggestion 1 of {len(found)}" in me.status()
    presses = 0
    while ws.suggestions.current_one() is not None:
        me.press("X" if ws.suggestions.current == told.key else "Return")
        presses += 1
    assert presses == len(found)  # one key each
    assert me.view.suggested[0] == []

    out = tmp_path / "out.jsonl"
    result = CliRunner().invoke(main, ["export", str(ws.store.path), "-o", str(out)])
    assert result.exit_code == 0, result.output
    [line] = [orjson.loads(x) for x in out.read_bytes().splitlines() if x]
    spans = {s["id"]: s for s in line["spans"]}
    assert {(s["start"], s["end"], s["label"]): s.get("attrs", {}) for s in spans.values()} \
        == wanted  # exactly the accepted, each with its values
    assert all(s["source"] == "suggested" for s in spans.values())
    said = {((spans[r["head"]]["start"], spans[r["head"]]["label"]),
             (spans[r["child"]]["start"], spans[r["child"]]["label"]), r["label"])
            for r in line["relations"]}
    assert said == {((h[0], h[2]), (c[0], c[2]), label) for h, c, label in
                    ((k.head, k.child, k.label) for k in links)}
    assert wanted[next(k for k in wanted if text[k[0]:k[1]] == "Ether Yin")] == {"kind": "person"}


def test_the_status_bar_says_there_are_suggestions_and_which_key_goes_to_them(
        qtbot, _isolated_home):
    me = first_start(qtbot)
    n = len(me.view.suggested[0])
    assert f"{n} suggestions · N goes through them" in me.status()
    me.press("N")
    assert f"Suggestion 1 of {n}" in me.status()
    me.press("Esc")  # none current: the hint again, as long as any are left
    assert f"{n} suggestions · N goes through them" in me.status()


def test_a_long_suggestion_line_in_the_status_bar_never_widens_a_small_window(
        qtbot, _isolated_home):
    me = first_start(qtbot)
    me.window.resize(800, 600)
    qtbot.wait(20)
    me.press("N")
    qtbot.wait(20)
    assert "Suggestion 1 of" in me.status()
    assert me.window.width() <= 800
    assert me.window.status_position.isVisible()


def test_after_decisions_the_count_says_how_many_are_left(qtbot, _isolated_home):
    me = first_start(qtbot)
    n = len(me.view.suggested[0])
    me.press("N")
    for _ in range(3):
        me.press("Return")
    # Not "Suggestion 1 of 39" again, as if nothing had been done.
    assert f"Suggestion 1 of {n - 3} left · " in me.status()


def test_a_suggestion_line_cut_at_800_by_600_ends_in_an_ellipsis_and_is_whole_on_hover(
        qtbot, _isolated_home):
    # A real 800x600 window showed "… · Return accept · ;" and "X rej" cut at the document
    # figures, with nothing to say the line goes on.
    me = first_start(qtbot)
    me.window.resize(800, 600)
    qtbot.wait(20)
    me.press("N")
    qtbot.wait(20)
    label = me.window.status_span
    whole = label.text()
    assert whole.startswith("Suggestion 1 of")
    drawn = QLabel.text(label)  # what is painted
    assert drawn != whole and drawn.endswith("…") and whole.startswith(drawn[:-1])
    assert label.fontMetrics().horizontalAdvance(drawn) <= label.width()
    assert label.toolTip() and whole in _as_read(label.toolTip())


def _as_read(tooltip: str) -> str:
    from PySide6.QtGui import QTextDocument

    document = QTextDocument()
    document.setHtml(tooltip)
    return document.toPlainText()
