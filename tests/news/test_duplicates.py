"""Exact and near duplicates at import: marked (pointing at the original), skipped or kept,
and counted in the summary."""

from __future__ import annotations

import pytest
from click.testing import CliRunner
from hypothesis import given, settings
from hypothesis import strategies as st

from annotator.cli import main
from annotator.core.importer import import_paths
from annotator.core.news import duplicates
from tests.conftest import rows
from tests.news.pages import lightly_edited, page, stories


def pages_folder(tmp_path):
    """Three stories, each once from its own outlet; the first syndicated by two more outlets
    (other boilerplate, another headline, light edits), the second copied exactly."""
    folder = tmp_path / "pages"
    folder.mkdir()
    (a, a_body), (b, b_body), (c, c_body) = stories()
    files = {
        "1-a": page(a, a_body, outlet="The Business Times"),
        "2-b": page(b, b_body, outlet="The Business Times"),
        "3-a-copy": page("Xi wary of new US trade talks after being burned",
                         lightly_edited(a_body), outlet="Straits Times",
                         url="https://www.straitstimes.com/xi"),
        "4-c": page(c, c_body, outlet="Bloomberg"),
        "5-a-copy": page(a, lightly_edited(a_body)[1:], outlet="Channel News Asia",
                         url="https://www.cna.asia/xi"),
        "6-b-same": page(b, b_body, outlet="Yahoo Finance", url="https://yahoo.com/b"),
    }
    for name, html in files.items():
        (folder / f"{name}.html").write_text(html, encoding="utf-8")
    return folder


def marks(store):
    return {d.uid: (store.document(d.id).meta.get("duplicate"),
                    store.document(d.id).meta.get("duplicate_of")) for d in store.documents()}


def test_copies_are_marked_with_the_document_they_copy(tmp_path, fresh_db):
    report = import_paths(fresh_db, [pages_folder(tmp_path)])
    assert marks(fresh_db) == {
        "1-a": (None, None), "2-b": (None, None), "3-a-copy": ("near", "1-a"),
        "4-c": (None, None), "5-a-copy": ("near", "1-a"), "6-b-same": ("exact", "2-b")}
    assert report.documents_added == 6
    assert report.summary().endswith(
        "; 1 exact duplicate and 2 near duplicates of 2 stories (marked)")


def test_skip_leaves_copies_out_and_keep_leaves_them_unmarked(tmp_path, fresh_db):
    folder = pages_folder(tmp_path)
    report = import_paths(fresh_db, [folder], duplicates="skip")
    assert [d.uid for d in fresh_db.documents()] == ["1-a", "2-b", "4-c"]
    assert "(not imported)" in report.summary()

    project = tmp_path / "k.annotator"
    result = CliRunner().invoke(main, ["import", str(project), str(folder),
                                       "--duplicates", "keep"])
    assert result.exit_code == 0, result.output
    assert "of 2 stories (kept)" in result.output
    assert rows(project, "SELECT count(*) FROM documents "
                         "WHERE json_extract(meta, '$.duplicate_of') IS NOT NULL") == [(0,)]


def test_a_later_import_finds_copies_of_documents_already_there(tmp_path, fresh_db):
    folder = pages_folder(tmp_path)
    first = tmp_path / "first"
    first.mkdir()
    (folder / "1-a.html").rename(first / "1-a.html")
    import_paths(fresh_db, [first])
    import_paths(fresh_db, [folder])
    assert marks(fresh_db)["3-a-copy"] == ("near", "1-a")
    # importing the same pages again adds nothing and marks nothing new
    report = import_paths(fresh_db, [folder])
    assert report.documents_added == 0 and marks(fresh_db)["1-a"] == (None, None)


def test_the_cli_prints_the_summary(tmp_path):
    project = tmp_path / "p.annotator"
    result = CliRunner().invoke(main, ["import", str(project), str(pages_folder(tmp_path))])
    assert result.exit_code == 0, result.output
    assert "1 exact duplicate and 2 near duplicates of 2 stories (marked)" in result.output
    assert rows(project, "SELECT uid, json_extract(meta, '$.duplicate_of') FROM documents "
                         "WHERE uid = '3-a-copy'") == [("3-a-copy", "1-a")]


words = st.text(st.characters(categories=("Ll", "Lu", "Nd")), min_size=1, max_size=8)


@settings(max_examples=60, deadline=None)
@given(st.lists(words, min_size=1, max_size=60), st.data())
def test_case_punctuation_and_spacing_make_no_difference(text_words, data):
    text = " ".join(text_words)
    seps = data.draw(st.lists(st.sampled_from([" ", "  ", "\n", ", ", " — ", "\t"]),
                              min_size=len(text_words), max_size=len(text_words)))
    other = "".join((w.upper() if w.upper().casefold() == w.casefold() else w) + s
                    for w, s in zip(text_words, seps))
    found = duplicates.find([("a", text), ("b", other)])
    assert found["b"].kind == "exact" and found["b"].of == "a"
    assert "a" not in found  # the first one is the original


@settings(max_examples=40, deadline=None)
@given(st.integers(0, 2), st.integers(0, 2))
def test_different_stories_are_not_duplicates_and_copies_point_at_the_first(i, j):
    texts = ["\n\n".join([h, *b]) for h, b in stories()]
    pairs = [("x", texts[i]), ("y", texts[j]),
             ("z", "\n\n".join(lightly_edited(texts[i].split("\n\n"))))]
    found = duplicates.find(pairs)
    if i == j:
        assert found["y"].kind == "exact" and found["y"].of == "x"
    else:
        assert "y" not in found
    assert found["z"].kind == "near" and found["z"].of == "x"


def test_an_unknown_mode_is_refused(fresh_db):
    from annotator.core.errors import InvalidInput

    with pytest.raises(InvalidInput, match="--duplicates must be one of mark, skip, keep"):
        import_paths(fresh_db, [], duplicates="drop")
