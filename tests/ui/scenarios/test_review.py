"""Review and agreement as a reviewer uses them: keys, clicks and double-clicks on the real
main window, and what is then on screen."""

from PySide6.QtCore import QPoint
from PySide6.QtWidgets import QApplication, QLabel, QTableWidget

from annotator.core.store import Store
from annotator.ui.agreement_view import AgreementView
from annotator.ui.review_view import ReviewView
from tests.conftest import add_layers, rows
from tests.ui.scenario import coloured, double_click
from tests.ui.test_review_view import three_annotators

def shown(kind):
    return [w for w in QApplication.allWidgets() if isinstance(w, kind) and w.isVisible()]


def cell_centre(table, row, column):
    return table.visualRect(table.model().index(row, column)).center()


def test_agreement_double_click_raises_one_review_on_the_clicked_row_and_esc_closes_it(
        person, project):
    me = person(three_annotators(project), annotator="rita")
    me.press("Ctrl+Shift+A")
    (panel,) = shown(AgreementView)
    me.click_widget(panel.table.viewport(), cell_centre(panel.table, 0, 0))  # alice × bob
    lines = [panel.disagreements.item(r).text() for r in range(panel.disagreements.count())]
    assert len(lines) == 3 and "“Xi”" in lines[1]
    xi = panel.disagreements.visualItemRect(panel.disagreements.item(1)).center()
    double_click(panel.disagreements.viewport(), xi)
    (review,) = shown(ReviewView)
    assert review.table.item(review.table.currentRow(), 0).text() == "Xi"
    assert QApplication.activeWindow() is me.window  # in front of the agreement window
    # Again, from the agreement window: the same review comes forward, on the row clicked.
    panel.activateWindow()
    beijing = panel.disagreements.visualItemRect(panel.disagreements.item(2)).center()
    double_click(panel.disagreements.viewport(), beijing)
    assert shown(ReviewView) == [review]
    assert review.table.item(review.table.currentRow(), 0).text() == "Beijing"
    assert review.isAncestorOf(me.focus()) or me.focus() is review
    me.press("Esc")
    assert shown(ReviewView) == []
    me.press("Ctrl+R")  # Ctrl+R twice: still one review
    me.press("Ctrl+R")
    assert len(shown(ReviewView)) == 1


def marked(pane) -> list[tuple[str, str]]:
    """Each paragraph of the context pane, with the characters drawn in the 'differ' look
    (bold, wavy underline) joined: [(paragraph text, differing characters)]."""
    out = []
    block = pane.document().begin()
    while block.isValid():
        differ, it = [], block.begin()
        while not it.atEnd():
            fragment = it.fragment()
            fmt = fragment.charFormat()
            if fmt.underlineStyle() == fmt.UnderlineStyle.WaveUnderline:
                differ.append(fragment.text())
            it += 1
        out.append((block.text(), "".join(differ)))
        block = block.next()
    return out


def test_review_shows_the_sentence_the_difference_and_links_and_g_leaves_the_article_in_view(
        person, project):
    text = "Mr Yin said the talks are off. Tariffs rose sharply. Beijing waits."
    with Store.open(project) as store:
        doc = add_layers(store, text, {
            "alice": [("Mr Yin", "SPEAKER"), ("the talks are off", "CLAIM"),
                      ("Tariffs", "POLICY")],
            "bob": [("Mr Yin", "SPEAKER"), ("talks are off", "CLAIM"),
                    ("Tariffs rose", "POLICY")],
        }, title="Talks")
        spans = {(s.annotator, text[s.start:s.end]): s.id for s in store.spans(doc)}
        store.add_relation(spans["alice", "Mr Yin"], spans["alice", "the talks are off"],
                           "SAID", "alice")
    me = person(project, annotator="rita", size=(1000, 700))
    me.press("Ctrl+R")
    (review,) = shown(ReviewView)
    assert review.isAncestorOf(me.focus())
    assert review.table.item(review.table.currentRow(), 0).text() == "Mr Yin"
    assert "alice  SAID  Mr Yin → the talks are off" in [t for t, _ in marked(review.context)]
    me.press("N")
    assert review.table.item(review.table.currentRow(), 1).text() == "boundaries differ"
    assert review.table.item(review.table.currentRow(), 0).text() == "the talks are off"
    lines = marked(review.context)
    assert lines[0] == ("alice  Mr Yin said the talks are off CLAIM.…", "the ")
    assert lines[1] == ("bob  Mr Yin said the talks are off CLAIM.…", "the ")
    assert lines[2][0].startswith("gold  Mr Yin said the talks are off.")
    assert "alice  SAID  Mr Yin → the talks are off" in [t for t, _ in lines]
    me.press("N")
    assert [d for _, d in marked(review.context)[:2]] == [" rose", " rose"]
    assert [t for t, _ in marked(review.context)[:2]] == [
        "alice  …Tariffs POLICY rose sharply.…", "bob  …Tariffs rose POLICY sharply.…"]
    assert "No links touch this stretch." in [t for t, _ in marked(review.context)]

    me.press("G")  # edit gold in the article: the review stays in view, beside it
    assert me.window.workspace.annotator == "gold"
    assert me.focus() is me.view
    assert review.isVisible() and review.visibleRegion().boundingRect().height() > 100
    article = me.view.viewport()
    article_rect = article.rect().translated(article.mapToGlobal(article.rect().topLeft()))
    review_rect = review.rect().translated(review.mapToGlobal(review.rect().topLeft()))
    assert not article_rect.intersects(review_rect)
    assert article.visibleRegion().boundingRect().height() > 150


def test_agreement_with_one_annotator_says_so_instead_of_empty_tables(person, project):
    with Store.open(project) as store:
        add_layers(store, "Mr Yin said no.", {"alice": [("Mr Yin", "SPEAKER")]})
    me = person(project)
    me.press("Ctrl+Shift+A")
    (panel,) = shown(AgreementView)
    seen = [w.text() for w in shown(QLabel) if panel.isAncestorOf(w)]
    assert any("two or more annotators" in t and "only alice's" in t for t in seen), seen
    assert not [t for t in shown(QTableWidget) if panel.isAncestorOf(t)]


def test_a_reviewer_shows_bobs_layer_read_only_and_goes_back_to_editing(person, project, qtbot):
    text = "Ether Yin, a partner at Trivium China in Beijing, said talks are off."
    with Store.open(project) as store:
        add_layers(store, text, {"alice": [("Ether Yin", "SPEAKER")],
                                 "bob": [("Trivium China", "ORG"), ("Beijing", "PLACE")],
                                 "rita": [("talks are off", "CLAIM")]}, title="Talks")
    me = person(project, annotator="rita")
    window = me.window
    own = coloured(me.view)
    assert sorted(own) == list(range(text.index("talks"), text.index(" off") + 4))

    def choose_layer(entry):
        me.will_choose(entry)
        window.layer_menu.popup(window.mapToGlobal(QPoint(60, 60)))
        qtbot.waitUntil(lambda: not window.layer_menu.isVisible())
        # The offscreen platform leaves the closed menu as the active window; a window
        # manager gives activation back to the main window.
        window.activateWindow()
        qtbot.waitUntil(window.isActiveWindow)
        assert me.focus() is me.view

    choose_layer("bob's Spans")
    trivium = text.index("Trivium China")
    beijing = text.index("Beijing")
    assert sorted(coloured(me.view)) == [*range(trivium, trivium + 13),
                                         *range(beijing, beijing + 7)]
    banner = window.findChild(QLabel, "layer_banner")
    assert banner.isVisible() and banner.text().startswith("Viewing bob's spans (read-only)")
    assert "viewing bob's spans (read-only)" in window.windowTitle()
    before = rows(project, "SELECT * FROM spans ORDER BY id")
    statuses = rows(project, "SELECT * FROM doc_status ORDER BY annotator")
    me.drag(text.index("partner"), text.index("partner") + 7)
    me.press("5")
    assert "Viewing bob's spans (read-only)" in me.status()
    me.click(beijing + 2)
    me.press("Del")
    me.press("Alt+Right")
    me.press("Ctrl+Return")
    assert "Viewing bob's spans (read-only)" in me.status()
    assert rows(project, "SELECT * FROM spans ORDER BY id") == before
    assert rows(project, "SELECT * FROM doc_status ORDER BY annotator") == statuses

    choose_layer("My Own Spans")
    assert coloured(me.view) == own and not banner.isVisible()
    assert "viewing" not in window.windowTitle()
    me.drag(text.index("partner"), text.index("partner") + 7)
    me.press("1")
    assert len(rows(project, "SELECT * FROM spans WHERE annotator = 'rita'")) == 2



def test_the_review_follows_the_article_to_the_next_document(person, project):
    with Store.open(project) as store:
        add_layers(store, "Mr Yin said no.", {"alice": [("Mr Yin", "SPEAKER")],
                                             "bob": [("Yin", "SPEAKER")]}, uid="a", title="A")
        add_layers(store, "Xi agreed. Beijing waits.", {
            "alice": [("Xi", "PERSON")], "bob": [("Xi", "SPEAKER")]}, uid="b", title="B")
        store.add_document("Nobody read this.", uid="c", title="C")
    me = person(project, annotator="rita")
    me.press("Ctrl+R")
    (review,) = shown(ReviewView)
    assert [review.table.item(0, c).text() for c in (0, 1)] == ["Mr Yin", "boundaries differ"]
    me.view.setFocus()
    me.press("Ctrl+PgDown")
    assert me.window.workspace.document.title == "B"
    (review,) = shown(ReviewView)
    assert [review.table.item(0, c).text() for c in (0, 1)] == ["Xi", "label differs"]
    assert me.focus() is me.view  # following is not taking the focus from the article
    me.press("Ctrl+PgDown")
    assert shown(ReviewView) == []
    assert "Nobody has annotated this document yet" in me.window.review_dock.widget().text()
    me.press("Ctrl+PgUp")
    (review,) = shown(ReviewView)
    assert review.table.item(0, 0).text() == "Xi"
