"""A user pass of news import and attributes in real windows: saved news pages and a
scraper's table dropped on the window, the list's news columns read at a laptop's size and at
800×600."""

from __future__ import annotations

from PySide6.QtCore import Qt

from annotator.core.store import Store
from tests.ui.scenario import drop_files
from tests.ui.scenarios.test_news import news_files


def test_the_title_stays_readable_beside_the_outlet_and_date_columns(person, tmp_path, qtbot):
    # Seen in a real window (1600×1000): once Outlet and Date showed, the Title column was
    # squeezed to '…' and 'I…' and the Date column was out of sight.
    project = tmp_path / "news.annotator"
    Store.open(project, create=True).close()
    for size in ((1360, 840), (800, 600)):
        me = person(project, size=size)
        model = me.window.doc_model
        if model.rowCount() == 0:
            folder, scraped = news_files(tmp_path)
            drop_files(me, [folder, scraped])
            qtbot.waitUntil(lambda: model.rowCount() == 4, timeout=20000)
        table = me.window.doc_list.table
        qtbot.waitUntil(lambda: not table.isColumnHidden(model.DATE))
        qtbot.wait(50)
        title = model.index(0, 0).data()
        shown = table.fontMetrics().elidedText(title, Qt.TextElideMode.ElideRight,
                                               table.columnWidth(0) - 8)
        # at least "Burned once by Tr…": a title one can tell from the others
        assert len(shown) >= 15, (size, table.columnWidth(0), shown)
        me.window.close()


def test_a_field_filter_is_read_whole_in_the_search_box_at_800_by_600(person, tmp_path, qtbot):
    # Seen in a real window at 800×600: the search box beside the status filter was 45 px
    # wide; 'outlet=reuters' showed as 'ters' and its placeholder as 'Sea…'.
    project = tmp_path / "news.annotator"
    Store.open(project, create=True).close()
    me = person(project, size=(800, 600))
    folder, scraped = news_files(tmp_path)
    drop_files(me, [folder, scraped])
    model = me.window.doc_model
    qtbot.waitUntil(lambda: model.rowCount() == 4, timeout=20000)
    me.press("Ctrl+F")
    me.type("outlet=reuters")
    qtbot.waitUntil(lambda: model.rowCount() == 1, timeout=30000)
    search = me.window.doc_list.search
    assert me.focus() is search
    room = search.width() - 40  # its frame, margins and clear button
    assert room >= search.fontMetrics().horizontalAdvance("outlet=reuters"), search.width()
    assert model.index(0, model.OUTLET).data() == "Reuters"
    # and the status filter and the duplicates switch beside it are not cut ('All docum')
    panel = me.window.doc_list
    for widget in (panel.status_filter, panel.duplicates):
        assert widget.width() >= widget.sizeHint().width(), widget


def test_outlet_and_date_are_in_sight_after_news_arrives_in_a_roomy_window(
        person, tmp_path, qtbot):
    # Seen in a real window at 1600×1000: after importing saved pages the list (≈ 290 px)
    # showed Title and Status; Outlet and Date were behind a sideways scroll.
    from annotator.ui.panes import ARTICLE_MIN

    project = tmp_path / "news.annotator"
    Store.open(project, create=True).close()
    me = person(project, size=(1360, 840))
    folder, scraped = news_files(tmp_path)
    drop_files(me, [folder, scraped])
    model = me.window.doc_model
    qtbot.waitUntil(lambda: model.rowCount() == 4, timeout=20000)
    table = me.window.doc_list.table
    qtbot.wait(50)
    right = table.columnViewportPosition(model.DATE) + table.columnWidth(model.DATE)
    assert right <= table.viewport().width(), (right, table.viewport().width())
    assert table.columnWidth(0) >= 140
    assert me.window.split.sizes()[1] >= ARTICLE_MIN


def test_a_project_with_news_opens_with_outlet_and_date_in_sight(person, tmp_path, qtbot):
    from annotator.core.importer import import_paths

    project = tmp_path / "news.annotator"
    folder, scraped = news_files(tmp_path)
    with Store.open(project, create=True) as store:
        import_paths(store, [folder, scraped])
    me = person(project, size=(1360, 840))
    model, table = me.window.doc_model, me.window.doc_list.table
    qtbot.waitUntil(lambda: me.window.split.sizes()[0] > 0)
    qtbot.wait(50)
    right = table.columnViewportPosition(model.DATE) + table.columnWidth(model.DATE)
    assert right <= table.viewport().width(), (right, table.viewport().width())


def test_a_duplicates_tooltip_names_the_story_it_copies_by_its_title(person, tmp_path, qtbot):
    # Seen in a real window: the copy's tooltip said 'Duplicate of wk0-syndicated', a file
    # name the person never saw in the list, which shows titles.
    project = tmp_path / "news.annotator"
    Store.open(project, create=True).close()
    me = person(project)
    folder, scraped = news_files(tmp_path)
    drop_files(me, [folder, scraped])
    model = me.window.doc_model
    qtbot.waitUntil(lambda: model.rowCount() == 4, timeout=20000)
    tips = [model.index(r, 0).data(Qt.ItemDataRole.ToolTipRole) for r in range(4)]
    copy = next(t for t in tips if "Duplicate of" in t)
    original = model.index(1, 0).data()  # the Business Times' story, listed second
    assert original.startswith("Burned once") and original in copy, copy


def test_one_attribute_disagreement_is_said_in_the_singular(person, project):
    # Seen in a real window: the review's line read '0 of 1 decided · 1 disagreements'.
    from annotator.ui.review_view import ReviewView
    from tests.conftest import add_layers

    text = "Very early Wednesday morning, an engineer was killed at Waterloo station."
    with Store.open(project, create=True) as store:
        doc = add_layers(store, text, {"alice": [("an engineer was killed", "CLAIM")],
                                       "bob": [("an engineer was killed", "CLAIM")]})
        for span, value in zip(store.spans(doc), ("direct", "indirect")):
            store.set_span_attribute(span.id, "quote", value, span.annotator)
    me = person(project, annotator="rita")
    me.press("Ctrl+R")
    review = next(w for w in me.window.findChildren(ReviewView) if w.isVisible())
    assert review.table.item(0, 1).text() == "attributes differ"
    assert "0 of 1 decided · 1 disagreement · not reviewed yet" in review.progress.text()
