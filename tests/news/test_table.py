"""CSV, TSV and JSONL from a scraper: named columns, the rest in meta, errors that say
where (file, line, column); a broken line imports nothing."""

from __future__ import annotations

import csv

import pytest
from click.testing import CliRunner

from annotator.cli import main
from annotator.core.errors import InvalidInput
from annotator.core.formats.registry import ReadOptions
from annotator.core.importer import import_paths
from tests.conftest import rows
from tests.news.pages import stories

COLUMNS = ReadOptions(text_column="body", id_column="url", title_column="headline")


def write_csv(path, records, delimiter=","):
    with path.open("w", newline="", encoding="utf-8") as f:
        out = csv.writer(f, delimiter=delimiter)
        out.writerow(["url", "headline", "body", "outlet", "published"])
        out.writerows(records)


def scraped():
    return [(f"https://example.com/{n}", head, "\n\n".join([head, *body]), "Example News",
             f"2018-07-2{n}") for n, (head, body) in enumerate(stories())]


@pytest.mark.parametrize("name,delimiter", [("a.csv", ","), ("a.tsv", "\t")])
def test_columns_are_named_and_the_others_go_into_meta(tmp_path, fresh_db, name, delimiter):
    write_csv(tmp_path / name, scraped(), delimiter)
    report = import_paths(fresh_db, [tmp_path / name], options=COLUMNS)
    assert report.documents_added == 3
    doc = fresh_db.document(1)
    url, head, body, outlet, date = scraped()[0]
    assert (doc.uid, doc.title, doc.text) == (url, head, body)  # a multi-line cell, exactly
    assert doc.meta == {"outlet": outlet, "published": date, "title": head}


def test_the_cli_takes_the_column_options(tmp_path):
    write_csv(tmp_path / "a.csv", scraped())
    project = tmp_path / "p.annotator"
    result = CliRunner().invoke(main, ["import", str(project), str(tmp_path / "a.csv"),
                                       "--text-column", "body", "--id-column", "url",
                                       "--title-column", "headline"])
    assert result.exit_code == 0, result.output
    assert rows(project, "SELECT uid, title FROM documents ORDER BY id") == [
        (r[0], r[1]) for r in scraped()]


def test_jsonl_with_other_field_names(tmp_path, fresh_db):
    import orjson

    lines = [{"url": r[0], "headline": r[1], "body": r[2], "tags": ["trade", "china"]}
             for r in scraped()]
    (tmp_path / "a.jsonl").write_bytes(b"".join(orjson.dumps(x) + b"\n" for x in lines))
    import_paths(fresh_db, [tmp_path / "a.jsonl"], options=COLUMNS)
    doc = fresh_db.document(2)
    assert (doc.uid, doc.title, doc.meta["tags"]) == (lines[1]["url"], lines[1]["headline"],
                                                       ["trade", "china"])


def refused(tmp_path, fresh_db, text, options=COLUMNS, name="a.csv"):
    (tmp_path / name).write_text(text, encoding="utf-8")
    with pytest.raises(InvalidInput) as e:
        import_paths(fresh_db, [tmp_path / name], options=options)
    assert fresh_db.document_count() == 0  # nothing, not the lines before the broken one
    return str(e.value).replace(str(tmp_path) + "/", "")


def test_a_missing_column_names_the_option_and_the_columns(tmp_path, fresh_db):
    message = refused(tmp_path, fresh_db, "url,headline,text\nu,h,t\n")
    assert message == ("a.csv:1: no column 'body' (--text-column); the columns are 'url', "
                       "'headline', 'text'")


def test_without_a_text_column_named_a_text_column_is_looked_for(tmp_path, fresh_db):
    message = refused(tmp_path, fresh_db, "id,words\n1,Xi met Trump.\n", ReadOptions())
    assert message.startswith("a.csv:1: which column holds the text? Name it with "
                              "--text-column")
    (tmp_path / "a.csv").write_text("id,content\n1,Xi met Trump.\n")
    import_paths(fresh_db, [tmp_path / "a.csv"])
    assert fresh_db.document(1).text == "Xi met Trump."


def test_a_broken_line_names_file_line_and_column(tmp_path, fresh_db):
    good = "url,headline,body\nu1,h1,Xi met Trump.\n"
    assert refused(tmp_path, fresh_db, good + "u2,h2,\n") == \
        "a.csv:3: column 'body' is empty (nothing to annotate)"
    assert refused(tmp_path, fresh_db, good + "u2,h2\n") == (
        "a.csv:3: 2 fields, but the header names 3 columns (a quote left open, or a stray "
        "delimiter?)")
    assert refused(tmp_path, fresh_db, good + ",h2,Li spoke.\n") == \
        "a.csv:3: column 'url' (the id) is empty or not text: ''"
    # a multi-line cell: the next record's line is counted right
    text = good + 'u2,h2,"Two\nlines"\nu3,h3,\n'
    assert refused(tmp_path, fresh_db, text) == \
        "a.csv:5: column 'body' is empty (nothing to annotate)"
    assert refused(tmp_path, fresh_db, good + 'u2,h2,"open quote\n').startswith("a.csv:3:")


def test_jsonl_errors_name_line_and_field(tmp_path, fresh_db):
    good = '{"url": "u1", "body": "Xi met Trump."}\n'
    assert refused(tmp_path, fresh_db, good + '{"url": "u2", "text": "x"}\n',
                   name="a.jsonl") == "a.jsonl:2: no field 'body'; this line has 'url', 'text'"
    assert refused(tmp_path, fresh_db, good + '{"url": "u2", "body": 7}\n',
                   name="a.jsonl") == "a.jsonl:2: column 'body' must hold text, not 7"
    assert refused(tmp_path, fresh_db, good + '{"url": "u2", "body": "x"\n',
                   name="a.jsonl").startswith("a.jsonl:2: not valid JSON")


from hypothesis import given, settings  # noqa: E402
from hypothesis import strategies as st  # noqa: E402

cell = st.text(st.characters(blacklist_categories=("Cs",), blacklist_characters="\x00"),
               min_size=1, max_size=40)


@settings(max_examples=60, deadline=None)
@given(st.lists(st.tuples(cell, cell), min_size=1, max_size=5, unique_by=lambda r: r[0]))
def test_any_cell_text_comes_back_exactly(tmp_path_factory, rows_):
    """Quotes, delimiters, line breaks (\\r\\n too) inside cells: the stored text is the
    cell's, character for character."""
    from annotator.core.store import Store

    folder = tmp_path_factory.mktemp("csv")
    with (folder / "a.csv").open("w", newline="", encoding="utf-8") as f:
        out = csv.writer(f)
        out.writerow(["id", "text"])
        out.writerows(rows_)
    with Store.memory() as store:
        import_paths(store, [folder / "a.csv"], options=ReadOptions(id_column="id"),
                     duplicates="keep")
        assert [(d.uid, store.document(d.id).text) for d in store.documents()] == rows_


def test_a_long_table_is_fingerprinted_in_worker_processes_and_still_fails_whole(
        tmp_path, fresh_db, monkeypatch):
    monkeypatch.setenv("ANNOTATOR_WORKERS", "2")
    (head, body), *_ = stories()
    lines = [(f"u{n}", f"h{n}", f"Story {n}: " + " ".join(body[n % len(body):]) + f" End {n}.",
              "Example", "2018") for n in range(60)]
    write_csv(tmp_path / "a.csv", lines + [("u60", "h60", "", "Example", "2018")])
    with pytest.raises(InvalidInput, match="a.csv:62: column 'body' is empty"):
        import_paths(fresh_db, [tmp_path / "a.csv"], options=COLUMNS)
    assert fresh_db.document_count() == 0
    write_csv(tmp_path / "a.csv", lines)
    report = import_paths(fresh_db, [tmp_path / "a.csv"], options=COLUMNS)
    assert [d.uid for d in fresh_db.documents()] == [f"u{n}" for n in range(60)]
    assert report.duplicates  # the same body tails: copies found across the pool's chunks
