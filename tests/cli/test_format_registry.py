"""One list of formats (formats/registry.py) makes the CLI's choices, the import's dispatch,
the exporter, the window's file dialogs and the README's table: they cannot drift apart."""

import click
import orjson
import pytest

from annotator.cli import main
from annotator.core import importer
from annotator.core.formats import registry
from annotator.core.store import Store
from tests.cli.test_cli import run
from tests.conftest import ROOT, rows


def test_cli_format_choices_are_the_registry_exports():
    option = next(p for p in main.commands["export"].params if p.name == "fmt")
    assert isinstance(option.type, click.Choice)
    assert tuple(option.type.choices) == registry.EXPORTS
    assert set(registry.EXPORTS) == {"jsonl", "prodigy", "doccano", "labelstudio", "brat",
                                     "spacy", "conll", "hf"}


def test_every_format_says_what_it_loses_and_has_what_it_needs(fresh_db):
    for f in registry.FORMATS:
        assert f.title and f.what and f.carries, f.name
        if f.exported:
            assert f.loses, f"{f.name}: say what it loses (or 'nothing')"
            assert (f.stream is None) != (f.write is None), f.name
            assert f.folder == (f.suffix == ""), f.name
            assert set(f.beside) == set(f.side_files(fresh_db, _Report()) if f.side_files
                                        else ()), f.name
        if f.read_by:
            assert registry.get(f.read_by).read is not None, f.name


def test_import_dispatch_is_the_registry_readers():
    assert set(registry.READERS) == {".txt", ".jsonl", ".ndjson", ".ann", ".json", ".html",
                                     ".htm", ".warc", ".warc.gz", ".csv", ".tsv"}
    assert all(importer.READERS[s].read for s in registry.READERS)


def test_readme_format_table_is_the_registry():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    start = readme.index("| Format | What it is |")
    end = readme.index("\n\n", start) + 1
    assert readme[start:end] == registry.readme_table(), (
        "README's format table differs from the registry: paste the output of "
        "`python -m annotator.core.formats.registry`")


def test_window_file_dialogs_are_made_from_the_registry():
    from annotator.ui import export_dialog, file_menu

    assert [f.name for f in export_dialog.export_formats()] == list(registry.EXPORTS)
    for suffix in registry.READERS:
        assert f"*{suffix}" in file_menu.import_filter()


class _Report:
    tag_names = ["O"]


# ------------------------------------------------- what a round trip keeps, measured
TEXT = "😀 Mr Yin said:\r\n“talks are off.”"


def rich_project(path):
    with Store.open(path) as store:
        doc, _ = store.add_document(TEXT, uid="wire-7", title="Trade talks",
                                    meta={"source": "wire", "n": 3})
        speaker = store.add_span(doc, "alice", 2, 8, "SPEAKER")
        claim = store.add_span(doc, "alice", TEXT.index("talks"), TEXT.index("off") + 3,
                               "CLAIM")
        store.add_relation(speaker.id, claim.id, "SAID", "alice")
        store.set_span_attribute(claim.id, "quote", "direct", "alice")
        store.set_document_value(doc, "alice", "relevant", "yes", "alice")
        store.set_status(doc, "alice", "done")
    return path


def measured(path) -> dict:
    relations = ("SELECT h.start, h.\"end\", h.label, c.start, c.\"end\", c.label, r.label "
                 "FROM relations r JOIN spans h ON h.id = r.head_span_id "
                 "JOIN spans c ON c.id = r.child_span_id")
    ((uid, title, meta),) = rows(path, "SELECT uid, title, meta FROM documents")
    meta = orjson.loads(meta)
    meta.pop("title", None)
    return {
        "spans": set(rows(path, 'SELECT start, "end", label FROM spans')),
        "relations": set(rows(path, relations)),
        "annotator": set(rows(path, "SELECT annotator FROM spans")),
        "status": rows(path, "SELECT status FROM doc_status"),
        "meta": meta, "id": uid, "title": title,
        "source": set(rows(path, "SELECT source FROM spans")),
        "attributes": (set(rows(path, 'SELECT s.start, s."end", s.label, a.name, a.value '
                                'FROM span_attributes a JOIN spans s ON s.id = a.span_id')),
                       set(rows(path, "SELECT annotator, name, value "
                                "FROM document_attributes"))),
    }


@pytest.mark.parametrize("fmt", [f.name for f in registry.FORMATS
                                 if f.exported and f.reads_back])
def test_a_round_trip_keeps_exactly_what_the_registry_says(tmp_path, fmt):
    form = registry.get(fmt)
    first = rich_project(tmp_path / "a.annotator")
    out = tmp_path / ("out" if form.folder else "out" + form.suffix)
    run("export", first, "--format", fmt, "-o", out)
    second = tmp_path / "b.annotator"
    run("import", second, out)
    before, after = measured(first), measured(second)
    kept = {aspect for aspect in registry.ASPECTS if before[aspect] == after[aspect]}
    assert set(registry.ASPECTS) == set(before)
    assert kept == set(form.keeps), f"{fmt} keeps {sorted(kept)}"


def test_what_a_format_loses_names_every_aspect_a_round_trip_does_not_keep():
    for f in registry.FORMATS:
        if f.exported and f.reads_back:
            for aspect in set(registry.ASPECTS) - set(f.keeps):
                assert aspect in f.loses, f"{f.name}: 'loses' does not name {aspect}"
