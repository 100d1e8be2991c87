"""The real quote rules on the seed from the command line: `annotator suggest --quotes
--from-spans`, then `annotator agreement --suggestions` where someone labelled the seed (the
hand labelling in benchmarks/data/seed_gold.jsonl)."""

from __future__ import annotations

import orjson
import pytest

from annotator.core.resources import data_dir
from annotator.core.store import Store
from tests.cli.test_cli import run
from tests.conftest import ROOT

GOLD_FILE = ROOT / "benchmarks" / "data" / "seed_gold.jsonl"


@pytest.fixture
def seed(tmp_path):
    path = tmp_path / "p.annotator"
    run("import", path, data_dir("seeds"))
    return path


def label_as_gold_file(path):
    """alice labels the seed as the gold file has it."""
    record = orjson.loads(GOLD_FILE.read_bytes().splitlines()[0])
    with Store.open(path) as store:
        [doc] = store.documents()
        ids = {s["id"]: store.add_span(doc.id, "alice", s["start"], s["end"], s["label"]).id
               for s in record["spans"]}
        for r in record["relations"]:
            store.add_relation(ids[r["head"]], ids[r["child"]], r["label"], "alice")


def test_suggest_quotes_and_from_spans_on_the_seed_then_score_them(seed):
    labelled = seed
    done = run("suggest", labelled, "--quotes", "--from-spans").stdout.strip()
    assert done == "42 suggestions on 1 document (42 from quotes, 0 from spans)"
    label_as_gold_file(labelled)
    # Nobody made gold: the suggestions are scored against who did label the seed.
    table = run("agreement", labelled, "--suggestions").stdout
    assert "Suggestions against alice (1 document): exact spans" in table
    assert "against gold" not in table
    [figures] = orjson.loads(run("agreement", labelled, "--suggestions", "--json").stdout)
    quotes = figures["sources"]["quotes"]
    assert (quotes["tp"], quotes["fp"], quotes["fn"]) == (40, 2, 5)
    links = quotes["links"]  # the SAID links, by their two ends and label
    assert (links["tp"], links["fp"], links["fn"]) == (14, 2, 3)
    assert "\n  links " in table


def test_strings_alice_labelled_are_suggested_again(seed):
    label_as_gold_file(seed)
    done = run("suggest", seed, "--from-spans").stdout.strip()
    assert done.startswith("48 suggestions on 1 document (48 from spans)")
    [figures] = orjson.loads(run("agreement", seed, "--suggestions", "--json").stdout)
    spans = figures["sources"]["spans"]
    # Every string she labelled, and its other occurrences ("said" elsewhere, ...).
    assert spans["fn"] == 0 and spans["fp"] == 3


def test_gold_named_but_empty_says_so(seed):
    labelled = seed
    label_as_gold_file(labelled)
    run("suggest", labelled, "--quotes")
    table = run("agreement", labelled, "--suggestions", "--annotators", "gold").stdout
    assert "Suggestions against gold (0 documents)" in table
    assert "gold has labelled no document yet" in table
