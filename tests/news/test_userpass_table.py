"""A scraper's table dropped on the window (no column options): its headline column is the
title (seen in a real window: the list showed each article's first line, 'Friday, September
20, 2019', as its title, the headline kept only as meta's 'headline')."""

from __future__ import annotations

from annotator.core.importer import import_paths
from tests.news.test_table import scraped, write_csv


def test_a_headline_or_title_column_is_the_title_without_options(tmp_path, fresh_db):
    rows = [(url, head, body.split("\n\n", 1)[1], outlet, date)  # a body without its headline
            for url, head, body, outlet, date in scraped()]
    write_csv(tmp_path / "scraper.csv", rows)
    import_paths(fresh_db, [tmp_path / "scraper.csv"])
    url, head, body, outlet, date = rows[0]
    doc = fresh_db.document(1)
    assert (doc.title, doc.text) == (head, body)
    assert doc.meta == {"url": url, "outlet": outlet, "published": date, "title": head}
    # a second table without such a column beside it: each file is looked at on its own
    (tmp_path / "b.csv").write_text("text,outlet\nXi met Trump.,Reuters\n")
    import_paths(fresh_db, [tmp_path / "b.csv", tmp_path / "scraper.csv"])
    assert fresh_db.document(4).text == "Xi met Trump."


def test_a_was_this_helpful_box_inside_the_story_is_not_article_text(tmp_path, fresh_db):
    # Seen in a real window: 'Was this article helpful?' and 'Send us your feedback at
    # news@example.com' stood between two paragraphs of the stored article (a feedback box
    # of buttons, without a heading, in the story's body; trafilatura alone keeps it too).
    from html import escape

    from tests.news.pages import page, seed_article

    title, paragraphs = seed_article()
    fifth = f"<p>{escape(paragraphs[5])}</p>"
    html = page(title, paragraphs, feedback_at=99).replace(
        fifth, '<div class="feedback"><p>Was this article helpful?</p><button>Yes</button>'
        '<button>No</button><p>Send us your feedback at news@example.com</p></div>' + fifth)
    assert "Was this article helpful?" in html
    (tmp_path / "xi.html").write_text(html, encoding="utf-8")
    import_paths(fresh_db, [tmp_path / "xi.html"])
    text = fresh_db.document(1).text
    assert "helpful" not in text and "news@example.com" not in text
    for p in paragraphs:
        assert p in text
