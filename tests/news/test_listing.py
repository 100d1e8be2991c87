"""The document list's questions, headless: news columns, sorting, meta filters, copies."""

from __future__ import annotations

import orjson
import pytest

from annotator.core.errors import InvalidInput
from annotator.core.importer import import_paths
from annotator.core.listing import split_search


LINES = [{"id": "a", "text": "Xi wary.", "meta": {"sitename": "Reuters", "date": "2020-01-02"}},
         {"id": "b", "text": "Xi is wary.", "meta": {"outlet": "AP", "published": "2019-05-01",
                                                      "duplicate_of": "a"}},
         {"id": "c", "text": "Liu spoke.", "meta": {"it's \"odd\"": "50% off_"}}]


@pytest.fixture
def news(fresh_db, tmp_path):
    (tmp_path / "a.jsonl").write_bytes(b"".join(orjson.dumps(x) + b"\n" for x in LINES))
    import_paths(fresh_db, [tmp_path / "a.jsonl"])
    return fresh_db


def test_columns_read_the_names_extractors_and_scrapers_use(news, fresh_db, tmp_path):
    rows = news.document_rows([1, 2, 3], "me")
    assert [(r.outlet, r.date, r.duplicate_of) for r in rows] == [
        ("Reuters", "2020-01-02", None), ("AP", "2019-05-01", "a"), (None, None, None)]
    # the import remembered which columns its documents fill (no meta read at opening)
    assert news.meta_shown() == {"outlet": True, "date": True, "duplicate": True}


def test_a_project_without_news_shows_no_news_columns(fresh_db, tmp_path):
    (tmp_path / "a.txt").write_text("Xi spoke.")
    import_paths(fresh_db, [tmp_path / "a.txt"])
    assert fresh_db.meta_shown() == {"outlet": False, "date": False, "duplicate": False}


def test_sorting_puts_documents_without_the_field_last(news):
    assert news.document_ids("me", order="outlet") == [2, 1, 3]
    assert news.document_ids("me", order="date") == [2, 1, 3]
    assert news.document_ids("me", order="date", descending=True) == [1, 2, 3]
    assert news.document_ids("me", order="title") == [3, 2, 1]
    with pytest.raises(InvalidInput, match="the list sorts by title, outlet, date, status"):
        news.document_ids("me", order="spans")


def test_any_meta_field_filters_even_one_with_quotes_and_like_characters(news):
    assert news.document_ids("me", meta=("outlet", "reu")) == [1]
    assert news.document_ids("me", meta=("it's \"odd\"", "50% off_")) == [3]
    assert news.document_ids("me", meta=("it's \"odd\"", "50%%")) == []
    assert news.document_ids("me", hide_duplicates=True) == [1, 3]


def test_the_search_box_says_field_equals_value():
    assert split_search("outlet=Reuters") == ("", ("outlet", "Reuters"))
    assert split_search(" section = x") == (" section = x", None)  # not a field name
    assert split_search("trade talks") == ("trade talks", None)


def test_a_merge_brings_the_news_columns_along(tmp_path, news):
    from annotator.core.merge import merge_paths
    from annotator.core.store import Store

    target = tmp_path / "t.annotator"
    (tmp_path / "b.jsonl").write_bytes(orjson.dumps(LINES[0]) + b"\n")
    with Store.open(target, create=True) as store:
        merge_paths(store, [tmp_path / "b.jsonl"])
        assert store.meta_shown() == {"outlet": True, "date": True, "duplicate": False}
