"""Merging three annotators' work and scoring it, through the CLI."""

import orjson
import pytest

from annotator.core.merge import merge_paths
from annotator.core.store import Store
from annotator.core.errors import InvalidInput
from tests.cli.test_cli import run
from tests.conftest import ROOT, rows

SEED = ROOT / "seeds" / "bt-xi-trade-talks.jsonl"
TEXT = orjson.loads(SEED.read_bytes())["text"]

WORK = {
    "alice": [("Vice-Premier Liu He", "SPEAKER"), ("a trade war had been avoided", "CLAIM"),
              ("Ether Yin", "SPEAKER")],
    "bob": [("Vice-Premier Liu He", "SPEAKER"), ("trade war had been avoided", "CLAIM"),
            ("Ether Yin", "SPEAKER")],
    "carol": [("Liu He", "SPEAKER"), ("a trade war had been avoided", "CLAIM")],
}


def annotator_project(tmp_path, name):
    path = tmp_path / f"{name}.annotator"
    run("import", path, SEED)
    with Store.open(path) as store:
        for phrase, label in WORK[name]:
            start = TEXT.index(phrase)
            store.add_span(1, name, start, start + len(phrase), label)
        spans = store.spans(1, name)
        if name != "carol":
            store.add_relation(spans[0].id, spans[1].id, "SAID", name)
        store.set_status(1, name, "done")
    return path


def test_merge_three_sources_score_and_merge_again(tmp_path):
    alice, bob, carol = (annotator_project(tmp_path, n) for n in ("alice", "bob", "carol"))
    carol_export = tmp_path / "carol.jsonl"
    run("export", carol, "-o", carol_export)
    team = tmp_path / "team.annotator"
    out = run("merge", team, alice, bob, carol_export).stdout
    assert "1 document added" in out and "3 annotator layers added" in out
    assert rows(team, "SELECT annotator, count(*) FROM spans GROUP BY 1") == [
        ("alice", 3), ("bob", 3), ("carol", 2)]
    assert rows(team, "SELECT count(*) FROM relations") == [(2,)]
    assert "0 annotator layers added, 3 already there" in run(
        "merge", team, alice, bob, carol_export).stdout

    gold_team = tmp_path / "gold.annotator"
    out = run("merge", gold_team, alice, bob, "--accept-unanimous").stdout
    assert "2 unanimous spans accepted" in out  # alice and bob agree on two speakers
    gold = [orjson.loads(x) for x in run("export", gold_team, "--gold").stdout_bytes.splitlines()]
    assert [(s["text"], s["agreed_by"]) for s in gold[0]["spans"]] == [
        ("Vice-Premier Liu He", ["alice", "bob"]), ("Ether Yin", ["alice", "bob"])]

    result = orjson.loads(run("agreement", team, "--json").stdout)
    pairs = {(p["a"], p["b"]): p for p in result["pairs"]}
    assert pairs[("alice", "bob")]["exact_f1"] == pytest.approx(2 * 2 / 6)
    assert pairs[("alice", "carol")]["exact_f1"] == pytest.approx(2 * 1 / 5)
    assert pairs[("alice", "bob")]["relation_f1"] == 0  # their CLAIMs differ
    assert result["overall"]["krippendorff_alpha"] is not None
    table = run("agreement", team).stdout
    assert "alice × bob" in table and "SPEAKER" in table


def test_two_sources_claiming_one_annotator_conflict_and_nothing_is_written(tmp_path):
    alice = annotator_project(tmp_path, "alice")
    other = tmp_path / "other-alice.jsonl"
    line = {"id": "bt-xi-trade-talks", "text": TEXT, "annotator": "alice",
            "spans": [{"start": 0, "end": 6, "label": "CLAIM"}]}
    other.write_bytes(orjson.dumps(line) + b"\n")
    team = tmp_path / "team.annotator"
    result = run("merge", team, alice, other, ok=False)
    assert result.exit_code == 1 and "alice's work on document" in result.stderr
    assert not team.exists()  # a failed merge leaves no new project behind
    with Store.open(team) as store:
        report = merge_paths(store, [alice, other], replace=True)
        assert report.layers_replaced == 1
        assert [(s.start, s.end) for s in store.spans(1, "alice")] == [(0, 6)]
        with pytest.raises(InvalidInput, match="the project itself"):
            merge_paths(store, [team])


def test_agreement_with_one_annotator_says_so_instead_of_empty_tables(tmp_path):
    alice = annotator_project(tmp_path, "alice")
    for args in ((), ("--json",)):
        result = run("agreement", alice, *args, ok=False)
        assert result.exit_code == 1 and result.stdout == ""
        assert result.stderr.count("\n") == 1
        assert "two or more annotators" in result.stderr and "only alice's" in result.stderr
