"""Links as a person makes and sees them: thin arcs that never hide the text, `A` offering only
the spans that fit the scheme's relations, relabelling and deleting a link in the span panel."""

from dataclasses import replace

from PySide6.QtCore import QRect
from PySide6.QtGui import QImage, QTextCursor
from PySide6.QtWidgets import QDialog, QLineEdit, QMenu, QPushButton

from annotator.core.store import Store
from tests.conftest import rows
from tests.ui.scenario import changed_share, context_click, will_choose_in

PARAGRAPHS = [
    "Ether Yin, a partner at Trivium China in Beijing, spoke to reporters on Monday "
    "about the state of the trade talks between the two largest economies.",
    "The talks had stalled for weeks, and both sides had hardened their positions on "
    "tariffs, market access and the protection of intellectual property.",
    "Officials in Washington declined to comment on the record, while analysts in "
    "Shanghai and Hong Kong said that investors were bracing for another round.",
    "According to Yin, the talks are off for now and will not resume before the summer, "
    "whatever the markets expect from the next meeting of the negotiators.",
    "The Commerce Ministry said separately that tariffs on Chinese imports would be "
    "answered in kind, a threat it has repeated since the spring.",
]
TEXT = "\n\n".join(PARAGRAPHS)


def phrase(text, words, after=0):
    start = text.index(words, after)
    return start, start + len(words)


def _article(project, text=TEXT, spans=()):
    """A document whose spans (phrase, label) alice has made; returns their ids by phrase."""
    with Store.open(project) as store:
        doc, _ = store.add_document(text, uid="d0", title="Trade talks")
        store.ensure_status(doc, "alice")
        return {words: store.add_span(doc, "alice", *phrase(text, words), label).id
                for words, label in spans}


def _glyph_rows(view) -> list[QRect]:
    """The rectangles of the visible lines of text (where the glyphs are drawn)."""
    out = []
    block = view.firstVisibleBlock()
    while block.isValid():
        geometry = view.blockBoundingGeometry(block).translated(view.contentOffset())
        if geometry.top() > view.viewport().height():
            break
        layout = block.layout()
        for i in range(layout.lineCount()):
            line = layout.lineAt(i)
            rect = line.naturalTextRect().translated(geometry.topLeft()).toRect()
            out.append(rect.intersected(view.viewport().rect()))
        block = block.next()
    return [r for r in out if not r.isEmpty()]


def _share_in(before, after, rects) -> float:
    changed = total = 0
    for r in rects:
        a, b = before.copy(r), after.copy(r)
        changed += changed_share(a, b) * r.width() * r.height()
        total += r.width() * r.height()
    return changed / total


def _changed_rows(before, after) -> list[int]:
    """The pixel rows (y) in which the two grabs differ."""
    a = before.convertToFormat(QImage.Format.Format_RGB32)
    b = after.convertToFormat(QImage.Format.Format_RGB32)
    return [y for y in range(a.height()) if a.copy(0, y, a.width(), 1) != b.copy(0, y, b.width(), 1)]


def _back_to_window(me):
    """Offscreen, no window is active after a popup closes (a window manager hands the focus
    back to the window): activate it again, as the window manager would."""
    me.window.activateWindow()
    me.qtbot.waitUntil(lambda: me.focus() is not None)


def _link_by_keyboard(me, child_offset, head_entry):
    """Click the child span, press A, choose the head in the menu, then Esc."""
    me.click(child_offset)
    me.will_choose(head_entry)
    me.press("A")
    me.qtbot.wait(50)
    _back_to_window(me)
    me.press("Esc")


SPANS = [("Ether Yin", "SPEAKER"), ("the talks are off for now", "CLAIM"),
         ("Officials in Washington", "ORG"),
         ("tariffs on Chinese imports would be answered in kind", "CLAIM")]


def test_two_links_across_paragraphs_are_thin_arcs_that_leave_the_text_readable(person,
                                                                                 project):
    _article(project, spans=SPANS)
    me = person(project)
    me.view.setCursorWidth(0)  # the caret blinks: keep it out of the pixels compared
    before = me.screenshot()
    _link_by_keyboard(me, TEXT.index("talks are off") + 2, "SPEAKER: Ether Yin")
    _link_by_keyboard(me, TEXT.index("answered in kind"), "ORG: Officials in Washington")
    assert len(rows(project, "SELECT id FROM relations")) == 2
    after = me.screenshot()
    assert changed_share(before, after) < 0.02
    # Where the glyphs are, the arcs cross at most a few pixels per line.
    assert _share_in(before, after, _glyph_rows(me.view)) < 0.03


def test_a_link_with_an_end_off_screen_is_a_short_stub_towards_it(person, project):
    long_text = "\n\n".join(PARAGRAPHS[:1] + PARAGRAPHS[1:3] * 6 + PARAGRAPHS[3:])
    ids = _article(project, long_text, SPANS[:2])
    with Store.open(project) as store:
        store.add_relation(ids["Ether Yin"], ids["the talks are off for now"], "SAID", "alice")
    me = person(project, size=(800, 600))
    view = me.view
    view.setCursorWidth(0)
    claim = long_text.index("the talks are off")
    view.scroll_to(claim)
    bar = view.verticalScrollBar()
    cursor = QTextCursor(view.document())
    cursor.setPosition(view.positions.to_qt(claim))
    # The claim low in the view (whatever the pane widths wrap), the speaker far above it.
    for value in range(bar.value(), bar.minimum() - 1, -1):
        bar.setValue(value)
        me.qtbot.wait(1)
        line = view.cursorRect(cursor)
        if line.top() > view.viewport().height() * 0.45:
            break
    assert view.viewport().height() / 3 < line.top() < view.viewport().height() - line.height()
    shown = me.screenshot()
    view.update_spans(view.spans(), [])
    bare = me.screenshot()
    assert 0 < changed_share(bare, shown) < 0.01
    # A stub a few lines long above the claim, pointing up towards the speaker; not a line
    # through the whole view.
    changed = _changed_rows(bare, shown)
    assert changed and changed[-1] <= line.bottom()
    assert line.top() - 5 * line.height() <= changed[0] < line.top() - line.height()


def test_after_add_in_the_scheme_editor_tab_moves_along_the_new_row(person, project):
    _article(project)
    me = person(project)
    me.click(0)
    seen = {}

    def edit(dialog):
        add = next(b for b in dialog.findChildren(QPushButton) if b.text() == "Add")
        me.click_widget(add)
        seen["editing"] = me.focus()
        me.type("QUOTE")
        me.press("Tab")
        me.type("0")  # (9 is CUE's)
        me.press("Tab")  # on to the colour (not editable), then the kind
        ok = next(b for b in dialog.findChildren(QPushButton) if b.text().replace("&", "") == "OK")
        me.click_widget(ok)

    me.will_answer(edit, QDialog)
    me.press("Ctrl+L")
    assert isinstance(seen["editing"], QLineEdit)  # the new name is being edited at once
    assert rows(project, "SELECT name, key FROM labels WHERE name IN ('SPEAKER', 'QUOTE') "
                         "ORDER BY name") == [("QUOTE", "0"), ("SPEAKER", "1")]


LIU = ("Mr Liu of the Commerce Ministry said tariffs on US goods would rise, and Ether Yin "
       "said talks are off, in Beijing.")
LIU_SPANS = [("Mr Liu", "PERSON"), ("the Commerce Ministry", "ORG"),
             ("tariffs on US goods", "POLICY"), ("tariffs on US goods would rise", "CLAIM"),
             ("Ether Yin", "SPEAKER"), ("talks are off", "CLAIM"), ("Beijing", "PLACE")]


def _links(project):
    return rows(project, "SELECT h.label, c.label, r.label FROM relations r "
                         "JOIN spans h ON h.id = r.head_span_id "
                         "JOIN spans c ON c.id = r.child_span_id ORDER BY r.id")


def _menu_entries(me, offset):
    """Click the span at `offset`, press A and read the menu that pops up (then close it)."""
    seen = []

    def read(menu):
        seen.extend(a.text() for a in menu.actions() if a.isEnabled() and a.text())
        menu.close()

    me.click(offset)
    me.will_answer(read, QMenu)
    me.press("A")
    me.qtbot.waitUntil(lambda: bool(seen))
    _back_to_window(me)
    me.press("Esc")
    return seen


def test_a_offers_only_the_spans_that_fit_with_the_fitting_relation(person, project):
    _article(project, LIU, LIU_SPANS)
    me = person(project)
    assert sorted(_menu_entries(me, LIU.index("talks are off"))) == [
        "SAID ← ORG: the Commerce Ministry", "SAID ← PERSON: Mr Liu",
        "SAID ← SPEAKER: Ether Yin"]
    assert sorted(_menu_entries(me, LIU.index("Commerce"))) == [
        "RESPONSIBLE_FOR → POLICY: tariffs on US goods",
        "SAID → CLAIM: talks are off", "SAID → CLAIM: tariffs on US goods would rise"]
    # An ORG made RESPONSIBLE_FOR a POLICY, through the menu.
    me.click(LIU.index("Commerce"))
    me.will_choose("RESPONSIBLE_FOR → POLICY")
    me.press("A")
    me.qtbot.waitUntil(lambda: bool(_links(project)))
    assert _links(project) == [("ORG", "POLICY", "RESPONSIBLE_FOR")]


def test_a_click_while_linking_that_does_not_fit_is_refused_with_the_reason(person, project):
    _article(project, LIU, LIU_SPANS)
    me = person(project)
    me.click(LIU.index("talks are off"))
    me.will_answer(lambda menu: menu.close(), QMenu)
    me.press("A")
    me.qtbot.wait(50)
    me.click(LIU.index("Beijing"))
    assert _links(project) == []
    assert "A PLACE cannot be linked to a CLAIM" in me.status()
    me.click(LIU.index("Yin"))
    assert _links(project) == [("SPEAKER", "CLAIM", "SAID")]


def test_a_link_is_relabelled_and_deleted_in_the_span_panel(person, project):
    ids = _article(project, LIU, LIU_SPANS)
    with Store.open(project) as store:
        said = next(lb for lb in store.labels() if lb.name == "SAID")
        store.set_labels(store.labels() + [replace(said, name="DENIED", key="D",
                                                   heads=("SPEAKER",), children=("CLAIM",))])
        store.add_relation(ids["Ether Yin"], ids["talks are off"], "SAID", "alice")
    me = person(project)
    panel = me.window.span_panel
    model = panel.span_model

    def link_row():
        return next(i for i in range(model.rowCount())
                    if model.index(i, 0).data().strip().startswith("→"))

    def row_point(row):
        return panel.visualRect(model.index(row, 1)).center()

    # Select the link's row, press DENIED's key.
    me.click_widget(panel.viewport(), row_point(link_row()))
    panel.setFocus()
    me.press("D")
    assert _links(project) == [("SPEAKER", "CLAIM", "DENIED")]
    # Right-click ▸ Relabel ▸ SAID.
    will_choose_in(me, "Relabel", "SAID")
    context_click(panel.viewport(), row_point(link_row()))
    me.qtbot.waitUntil(lambda: _links(project) == [("SPEAKER", "CLAIM", "SAID")])
    # Right-click ▸ Delete Link; undo; then select the row and press Del.
    me.will_choose("Delete Link")
    context_click(panel.viewport(), row_point(link_row()))
    me.qtbot.waitUntil(lambda: _links(project) == [])
    _back_to_window(me)
    me.press("Ctrl+Z")
    assert _links(project) == [("SPEAKER", "CLAIM", "SAID")]
    me.click_widget(panel.viewport(), row_point(link_row()))
    panel.setFocus()
    me.press("Del")
    assert _links(project) == []
    assert rows(project, "SELECT count(*) FROM spans") == [(len(LIU_SPANS),)]


def test_the_scheme_editor_edits_which_labels_a_relation_joins(person, project):
    _article(project)
    me = person(project)
    me.click(0)

    seen = {}

    def edit(dialog):
        try:
            table = dialog.table
            row = next(r for r in range(table.rowCount()) if table.item(r, 0).text() == "SAID")
            seen["heads"] = table.item(row, 4).text()
            me.click_widget(table.viewport(), table.visualItemRect(table.item(row, 4)).center())
            for key in "SPEAKER":  # the first key opens the cell's editor, the rest go there
                me.press(key)
            me.press("Return")
            ok = next(b for b in dialog.findChildren(QPushButton)
                      if b.text().replace("&", "") == "OK")
            me.click_widget(ok)
        finally:
            dialog.close()  # (a failed step must not leave the dialog waiting)

    me.will_answer(edit, QDialog)
    me.press("Ctrl+L")
    assert seen["heads"] == "SPEAKER, PERSON, ORG"
    assert rows(project, "SELECT heads, children FROM labels WHERE name = 'SAID'") == [
        ('["SPEAKER"]', '["CLAIM"]')]
