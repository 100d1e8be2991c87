"""A person drops a folder of saved news pages and a scraper's CSV on the window: the list
shows each article's outlet and date, sorts by them, filters by a meta field, and hides the
syndicated copies on request."""

from __future__ import annotations

import csv

from PySide6.QtCore import Qt

from annotator.core.store import Store
from tests.news.pages import lightly_edited, page, stories
from tests.ui.scenario import drop_files


def news_files(tmp_path):
    (a, a_body), (b, b_body), (c, c_body) = stories()
    folder = tmp_path / "saved pages"
    folder.mkdir()
    pages = {
        "bt-xi": page(a, a_body, outlet="The Business Times", date="2018-07-23"),
        "st-xi": page("Xi wary of new US trade talks", lightly_edited(a_body),
                              outlet="Straits Times", date="2018-07-24",
                              url="https://www.straitstimes.com/xi"),
        "bloomberg-ip": page(c, c_body, outlet="Bloomberg", date="2018-07-17",
                   url="https://www.bloomberg.com/ip"),
    }
    for name, html in pages.items():
        (folder / f"{name}.html").write_text(html, encoding="utf-8")
    table = tmp_path / "scraper.csv"
    with table.open("w", newline="", encoding="utf-8") as f:
        out = csv.writer(f)
        out.writerow(["text", "outlet", "date", "section"])
        out.writerow(["\n\n".join([b, *b_body]), "Reuters", "2018-07-20", "markets"])
    return folder, table


def cells(me, column):
    model = me.window.doc_model
    return [model.index(r, column).data() for r in range(model.rowCount())]


def test_news_is_listed_with_outlet_and_date_sorted_filtered_and_copies_hidden(
        person, tmp_path, qtbot):
    project = tmp_path / "news.annotator"
    Store.open(project, create=True).close()
    me = person(project)
    table = me.window.doc_list.table
    model = me.window.doc_model
    outlet, date = model.OUTLET, model.DATE
    # an empty project: no news columns, no duplicates switch
    assert table.isColumnHidden(outlet) and table.isColumnHidden(date)
    assert not me.window.doc_list.duplicates.isVisible()

    folder, scraped = news_files(tmp_path)
    drop_files(me, [folder, scraped])
    qtbot.waitUntil(lambda: model.rowCount() == 4, timeout=20000)
    assert "1 near duplicate of 1 story (marked)" in me.status()

    assert not table.isColumnHidden(outlet) and not table.isColumnHidden(date)
    assert model.headerData(outlet, Qt.Orientation.Horizontal) == "Outlet"
    assert cells(me, outlet) == ["Bloomberg", "The Business Times", "Straits Times", "Reuters"]
    assert cells(me, date) == ["2018-07-17", "2018-07-23", "2018-07-24", "2018-07-20"]
    copy = model.index(2, 0)
    assert "Duplicate of bt-xi" in copy.data(Qt.ItemDataRole.ToolTipRole)

    # a click on the Date header sorts by date; a second click, newest first
    header = table.horizontalHeader()
    me.click_widget(header.viewport(), header.rect().center().__class__(
        header.sectionViewportPosition(date) + 5, header.height() // 2))
    assert cells(me, date) == ["2018-07-17", "2018-07-20", "2018-07-23", "2018-07-24"]
    me.click_widget(header.viewport(), header.rect().center().__class__(
        header.sectionViewportPosition(date) + 5, header.height() // 2))
    assert cells(me, date) == ["2018-07-24", "2018-07-23", "2018-07-20", "2018-07-17"]

    # the copy is hidden, then shown again
    switch = me.window.doc_list.duplicates
    assert switch.isVisible()
    me.click_widget(switch)
    assert cells(me, outlet) == ["The Business Times", "Reuters", "Bloomberg"]
    me.click_widget(switch)
    assert model.rowCount() == 4

    # any meta field filters: section=markets (a CSV column), outlet=straits
    search = me.window.doc_list.search
    me.click_widget(search)
    me.type("section=markets")
    qtbot.waitUntil(lambda: cells(me, outlet) == ["Reuters"], timeout=30000)
    search.clear()
    me.type("outlet=straits")
    qtbot.waitUntil(lambda: cells(me, outlet) == ["Straits Times"], timeout=30000)
