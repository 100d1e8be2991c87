"""Beyond one machine: `annotator extract` writes JSONL shards without a project; the same
library function runs in a Dask bag; the shards import with their copies found."""

from __future__ import annotations

import orjson
from click.testing import CliRunner

from annotator.cli import main
from annotator.core.news.pipeline import extract_records
from tests.conftest import rows
from tests.news.pages import lightly_edited, page, stories


def saved_pages(tmp_path):
    folder = tmp_path / "pages"
    folder.mkdir()
    (a, a_body), (b, b_body), (c, c_body) = stories()
    for name, html in {"1-a": page(a, a_body), "2-b": page(b, b_body),
                       "3-a-copy": page("Xi is wary", lightly_edited(a_body)),
                       "4-c": page(c, c_body), "5-b-same": page(b, b_body, outlet="AP")}.items():
        (folder / f"{name}.html").write_text(html, encoding="utf-8")
    return folder


def read_shards(folder):
    return [orjson.loads(line) for part in sorted(folder.glob("part-*.jsonl"))
            for line in part.read_bytes().splitlines()]


def test_extract_writes_shards_that_import_with_copies_marked(tmp_path):
    shards = tmp_path / "shards"
    result = CliRunner().invoke(main, ["extract", str(saved_pages(tmp_path)), "-o", str(shards),
                                       "--shard-size", "2"])
    assert result.exit_code == 0, result.output
    assert result.output.startswith("Extracted 5 articles from 5 files into 3 shards")
    assert sorted(p.name for p in shards.iterdir()) == [
        "part-00000.jsonl", "part-00001.jsonl", "part-00002.jsonl"]
    lines = read_shards(shards)
    assert [line["id"] for line in lines] == ["1-a", "2-b", "3-a-copy", "4-c", "5-b-same"]
    assert lines[2]["meta"]["duplicate_of"] == "1-a" and lines[4]["meta"]["duplicate"] == "exact"
    assert lines[0]["meta"]["outlet"] == "The Business Times"

    project = tmp_path / "p.annotator"
    result = CliRunner().invoke(main, ["import", str(project), str(shards)])
    assert result.exit_code == 0, result.output
    assert rows(project, "SELECT uid, json_extract(meta, '$.duplicate_of') FROM documents "
                         "ORDER BY id") == [("1-a", None), ("2-b", None), ("3-a-copy", "1-a"),
                                            ("4-c", None), ("5-b-same", "2-b")]


def test_skip_leaves_copies_out_of_the_shards(tmp_path):
    shards = tmp_path / "shards"
    result = CliRunner().invoke(main, ["extract", str(saved_pages(tmp_path)), "-o", str(shards),
                                       "--duplicates", "skip"])
    assert result.exit_code == 0, result.output
    assert [line["id"] for line in read_shards(shards)] == ["1-a", "2-b", "4-c"]


def test_shards_split_across_machines_find_their_copies_at_import(tmp_path):
    """Each machine marks the copies it sees; the import finds those between shards."""
    pages = saved_pages(tmp_path)
    for n, names in enumerate((["1-a", "2-b"], ["3-a-copy", "4-c", "5-b-same"])):
        part = tmp_path / f"machine{n}"
        part.mkdir()
        for name in names:
            (pages / f"{name}.html").rename(part / f"{name}.html")
        result = CliRunner().invoke(main, ["extract", str(part), "-o", str(tmp_path / "out"),
                                           "--shard-size", "1000"])
        assert result.exit_code == 0, result.output
        (tmp_path / "out" / "part-00000.jsonl").rename(tmp_path / "out" / f"m{n}.jsonl")
    project = tmp_path / "p.annotator"
    result = CliRunner().invoke(main, ["import", str(project), str(tmp_path / "out"),
                                       "--duplicates", "mark"])
    assert result.exit_code == 0, result.output
    assert "1 exact duplicate and 1 near duplicate of 2 stories (marked)" in result.output
    assert rows(project, "SELECT uid FROM documents WHERE json_extract(meta, "
                         "'$.duplicate_of') IS NOT NULL ORDER BY id") == [("3-a-copy",),
                                                                         ("5-b-same",)]


def items(folder):
    return [{"id": p.stem, "html": p.read_bytes(), "url": f"https://example.com/{p.stem}"}
            for p in sorted(folder.glob("*.html"))]


def test_the_library_function_over_a_stream_of_records(tmp_path):
    lines = list(extract_records(iter(items(saved_pages(tmp_path))), duplicates="mark"))
    assert [(x["id"], x["meta"].get("duplicate_of")) for x in lines] == [
        ("1-a", None), ("2-b", None), ("3-a-copy", "1-a"), ("4-c", None), ("5-b-same", "2-b")]
    assert lines[0]["meta"]["url"].startswith("https://www.businesstimes.com.sg/")


def test_the_dask_bag_recipe_on_the_local_scheduler(tmp_path):
    """The README's recipe, as written there (Dask's own process pool, two workers)."""
    import dask.bag as db

    def extract_partition(records):
        from annotator.core.news.pipeline import extract_records

        return list(extract_records(records, duplicates="mark"))

    bag = db.from_sequence(items(saved_pages(tmp_path)), npartitions=2)
    lines = bag.map_partitions(extract_partition).compute(scheduler="processes",
                                                          num_workers=2)
    assert [x["id"] for x in lines] == ["1-a", "2-b", "3-a-copy", "4-c", "5-b-same"]
    # copies are marked within a partition ([1-a, 2-b, 3-a-copy], [4-c, 5-b-same]); the
    # import (--duplicates mark) finds those between partitions
    assert lines[2]["meta"]["duplicate_of"] == "1-a"
    assert "duplicate_of" not in lines[4]["meta"]
