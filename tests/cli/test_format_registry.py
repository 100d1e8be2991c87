"""One list of formats (formats/registry.py) makes the CLI's choices, the import's dispatch,
the exporter, the window's file dialogs and the README's table: they cannot drift apart."""

import click

from annotator.cli import main
from annotator.core import importer
from annotator.core.formats import registry
from tests.conftest import ROOT


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
    assert set(registry.READERS) == {".txt", ".jsonl", ".ndjson", ".ann", ".json"}
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
