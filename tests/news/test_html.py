"""Saved news pages: the article's text and its metadata, not the site's boilerplate."""

from __future__ import annotations

import pytest

from annotator.core.errors import InvalidInput
from annotator.core.importer import import_paths
from tests.news.pages import BOILERPLATE, page, seed_article

GALLERY = ("<html><head><title>Gallery</title></head><body><img src=a.png>"
           "<script>var x = 1;</script></body></html>")


def test_a_saved_page_becomes_its_article_with_metadata(tmp_path, fresh_db):
    title, paragraphs = seed_article()
    (tmp_path / "xi.html").write_text(page(title, paragraphs), encoding="utf-8")

    report = import_paths(fresh_db, [tmp_path / "xi.html"])

    assert report.documents_added == 1
    doc = fresh_db.document(1)
    assert doc.uid == "xi" and doc.title == title
    assert doc.text.startswith(title)
    for p in paragraphs:
        assert p in doc.text
    # trafilatura keeps one promo line (the Telegram subscription sentence after the story);
    # everything else around and inside the story (the feedback box) is gone
    promo = next(line for line in BOILERPLATE if line.startswith("For daily updates"))
    for line in BOILERPLATE:
        if line not in promo:
            assert line not in doc.text, line
    assert doc.meta == {
        "title": title, "outlet": "The Business Times", "author": "Bloomberg",
        "url": "https://www.businesstimes.com.sg/government-economy/burned-once",
        "date": "2018-07-23", "language": "en", "source": "xi.html"}


def test_offsets_hold_on_the_stored_text(tmp_path, fresh_db):
    title, paragraphs = seed_article()
    (tmp_path / "xi.html").write_text(page(title, paragraphs), encoding="utf-8")
    import_paths(fresh_db, [tmp_path / "xi.html"])
    doc = fresh_db.document(1)
    start = doc.text.index("Liu He")
    fresh_db.ensure_label("PERSON", "span")
    fresh_db.add_spans(doc.id, "alice", [(start, start + 6, "PERSON")], known={"PERSON"})
    assert [doc.text[s.start:s.end] for s in fresh_db.spans(doc.id, "alice")] == ["Liu He"]


def test_a_folder_of_pages_is_extracted_in_worker_processes_in_order(tmp_path, fresh_db,
                                                                    monkeypatch):
    monkeypatch.setenv("ANNOTATOR_WORKERS", "2")
    title, paragraphs = seed_article()
    folder = tmp_path / "pages"
    folder.mkdir()
    for n in range(30):  # more than SERIAL_BELOW: a pool of 2 processes
        text = [f"Story number {n} opens with its own sentence about market {n}."] + \
            paragraphs[n % 5 * 4:(n % 5 * 4) + 4]
        (folder / f"p{n:02}.html").write_text(page(f"Headline {n}", text), encoding="utf-8")
    (folder / "gallery.html").write_text(GALLERY)

    report = import_paths(fresh_db, [folder], duplicates="keep")

    docs = fresh_db.documents()
    assert [d.uid for d in docs] == [f"p{n:02}" for n in range(30)]
    assert [d.title for d in docs] == [f"Headline {n}" for n in range(30)]
    assert report.counts == {"pages without article text": 1}
    assert "1 pages without article text" in report.summary()


def test_a_page_without_an_article_named_alone_is_an_error(tmp_path, fresh_db):
    (tmp_path / "gallery.html").write_text(GALLERY)
    with pytest.raises(InvalidInput, match="gallery.html: no article text found"):
        import_paths(fresh_db, [tmp_path / "gallery.html"])
    assert fresh_db.document_count() == 0


def test_a_page_the_extractor_fails_on_is_counted_in_a_folder(tmp_path, fresh_db, monkeypatch):
    from annotator.core.news import html

    title, paragraphs = seed_article()
    (tmp_path / "a.html").write_text(page(title, paragraphs), encoding="utf-8")
    (tmp_path / "b.html").write_text(page("Broken", paragraphs[:3]), encoding="utf-8")
    real = html.extract

    def fails_on_broken(data, url=None):
        if b"Broken" in data:
            raise ValueError("a bug in the extractor")
        return real(data, url)

    monkeypatch.setattr(html, "extract", fails_on_broken)
    report = import_paths(fresh_db, [tmp_path])
    assert [d.uid for d in fresh_db.documents()] == ["a"]
    assert report.counts == {"pages the extractor failed on": 1}
    with pytest.raises(InvalidInput, match=r"b.html: the page could not be read \(ValueError"):
        import_paths(fresh_db, [tmp_path / "b.html"])
