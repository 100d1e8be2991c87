"""`annotator suggest`, `export --suggestions` and `agreement --suggestions`, with the tests'
own source in the registry's quotes place (the real quote rules are another module's)."""

from __future__ import annotations

import orjson
import pytest

from annotator.core.models import GOLD
from annotator.core.store import Store
from annotator.core.suggest import SOURCES
from tests.cli.test_cli import run
from tests.suggest_source import TEXT


@pytest.fixture
def project(tmp_path, monkeypatch):
    monkeypatch.setitem(SOURCES, "quotes", "tests.suggest_source:make")
    path = tmp_path / "p.annotator"
    with Store.open(path) as store:
        store.add_document(TEXT, uid="one")
        store.add_document("Nothing quoted here at all.", uid="two")
    return path


def test_suggest_stores_suggestions_that_no_other_figure_counts(project):
    result = run("suggest", project, "--quotes")
    assert result.stdout.strip() == "4 suggestions on 2 documents (4 from marks)"
    with Store.open(project) as store:
        assert len(store.suggestions(1)) == 4 and len(store.suggested_links(1)) == 2
    assert "No annotations yet." in run("stats", project).output
    exported = [orjson.loads(line) for line in run("export", project).stdout.splitlines()]
    assert all(line["spans"] == [] and line["relations"] == [] for line in exported)
    again = run("suggest", project, "--quotes")  # replaces, never doubles
    assert again.stdout.strip() == "4 suggestions on 2 documents (4 from marks)"
    with Store.open(project) as store:
        assert len(store.suggestions(1)) == 4


def test_export_suggestions_writes_spans_with_source_and_score_and_links(project, tmp_path):
    run("suggest", project, "--quotes")
    result = run("export", project, "--suggestions")
    [line] = [orjson.loads(x) for x in result.stdout.splitlines()]
    assert line["id"] == "one" and line["annotator"] == "suggestions"
    assert [(s["text"], s["label"], s["source"], s["score"]) for s in line["spans"]][:2] == [
        ("The talks were very constructive", "CLAIM", "marks", 0.9),
        ("Ether Yin", "SPEAKER", "marks", 0.8)]
    assert [(r["head"], r["child"], r["label"]) for r in line["relations"]] == [
        (2, 1, "SAID"), (3, 4, "SAID")]
    out = tmp_path / "s.jsonl"
    assert run("export", project, "--suggestions", "-o", out).stderr.strip() == (
        f"Exported the suggestions of 1 document to {out}")
    assert orjson.loads(out.read_bytes().splitlines()[0]) == line
    refused = run("export", project, "--suggestions", "--gold", ok=False)
    assert refused.exit_code == 2 and "--suggestions" in refused.output


def test_agreement_suggestions_against_gold_per_source_and_label(project):
    run("suggest", project, "--quotes")
    with Store.open(project) as store:
        store.add_span(1, GOLD, 1, 33, "CLAIM")
        store.add_span(1, GOLD, 36, 45, "PERSON")
    result = run("agreement", project, "--suggestions", "--json")
    [figures] = orjson.loads(result.stdout)
    marks = figures["sources"]["marks"]
    assert (figures["reference"], figures["documents"]) == ("gold", 1)
    assert (marks["tp"], marks["fp"], marks["fn"]) == (1, 3, 1)
    assert marks["labels"]["CLAIM"]["precision"] == 0.5
    table = run("agreement", project, "--suggestions").stdout
    assert "Suggestions against gold (1 documents)" in table
    assert "  CLAIM" in table and " 0.500" in table


def test_status_selects_documents_and_needs_an_annotator(project):
    with Store.open(project) as store:
        store.set_status(1, "alice", "done")
    assert run("suggest", project, "--quotes", "--status", "todo", "-a", "alice"
               ).stdout.strip() == "0 suggestions on 1 document (0 from marks)"
    refused = run("suggest", project, "--quotes", "--status", "todo", ok=False)
    assert refused.exit_code == 2 and "--annotator" in refused.output
    assert "choose a source" in run("suggest", project, ok=False).output


def test_a_source_that_is_not_installed_is_one_line(project, monkeypatch):
    monkeypatch.setitem(SOURCES, "model", "annotator.core.suggest.no_model_here:make")
    result = run("suggest", project, "--model", ok=False)
    assert result.exit_code == 1
    assert result.stderr.strip() == (
        "Error: the model suggestion source is not part of this annotator yet")
    assert "Traceback" not in result.output
