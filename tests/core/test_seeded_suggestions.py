"""A new user's default project comes with the quote rules' suggestions on the sample
article; a project made by importing stays without until `annotator suggest` is run."""

from __future__ import annotations

from click.testing import CliRunner

from annotator.cli import main
from annotator.core.project import open_project
from annotator.core.resources import data_dir
from annotator.core.store import Store


def test_the_default_project_has_the_quote_suggestions_of_the_seed(_isolated_home):
    store = open_project(None)
    try:
        [doc] = store.documents()
        found = store.suggestions(doc.id)
        assert {s.source for s in found} == {"quotes"}
        assert {"CLAIM", "SPEAKER"} <= {s.label for s in found}
        assert store.suggested_links(doc.id)
        assert store.spans(doc.id) == []  # suggestions are no annotations
    finally:
        store.close()
    again = open_project(None)  # opened again: computed once, not again
    try:
        assert len(again.suggestions(doc.id)) == len(found)
    finally:
        again.close()


def test_a_project_imported_from_the_command_line_has_none(tmp_path):
    path = tmp_path / "p.annotator"
    result = CliRunner().invoke(main, ["import", str(path), str(data_dir("seeds"))])
    assert result.exit_code == 0, result.output
    with Store.open(path, create=False) as store:
        assert store.suggestion_documents() == []


def test_speech_reported_in_an_opening_subordinate_clause_ends_at_its_comma():
    from annotator.core.suggest.quotes import make

    text = ("Even after the executive told Mr Li that his biggest concern was not "
            "intellectual property, the premier persisted.")
    found = {(s.label, text[s.start:s.end], tuple(s.attrs.items()))
             for s in make().suggest(text).spans}
    assert found == {("SPEAKER", "the executive", (("kind", "anonymous"),)),
                     ("CUE", "told", ()),
                     ("CLAIM", "his biggest concern was not intellectual property",
                      (("quote", "indirect"),))}
