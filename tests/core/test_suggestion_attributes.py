"""Accepting a suggestion brings the attribute values its source filled (those the scheme
declares for the span's label), in the same undoable step; exports then carry them."""

from __future__ import annotations

import orjson

from annotator.core.exporter import ExportReport, chunks
from annotator.core.suggest import Proposal, SuggestedLink, Suggestion
from annotator.core.suggest.run import suggest_documents
from tests.conftest import workspace_on

TEXT = "“The talks were very constructive,” Ether Yin said on Friday."
CLAIM = (1, 34, "CLAIM")
SPEAKER = (36, 45, "SPEAKER")


class Filled:
    name = "quotes"

    def suggest(self, text: str) -> Proposal:
        return Proposal(
            (Suggestion(*CLAIM, self.name, 0.9, {"quote": "direct", "tone": "upbeat"}),
             Suggestion(*SPEAKER, self.name, 0.8, {"kind": "person"}),
             Suggestion(36, 45, "PERSON", self.name, 0.1, {"kind": "person"})),
            (SuggestedLink(1, 0, "SAID", self.name),))


def _ws(fresh_db):
    ws = workspace_on(fresh_db, TEXT)
    suggest_documents(fresh_db, [Filled()], [ws.document.id])
    return ws


def values(ws):
    return {(s.start, s.end, s.label): ws.store.span_attributes(s.id) for s in ws.spans()}


def test_accepting_one_brings_its_declared_values_in_the_same_step(fresh_db):
    ws = _ws(fresh_db)
    ws.suggestions.current = CLAIM
    ws.suggestions.accept()
    # "tone" is not declared for CLAIM: left out
    assert values(ws) == {CLAIM: {"quote": "direct"}}
    ws.undo()
    assert ws.spans() == []
    ws.redo()
    assert values(ws) == {CLAIM: {"quote": "direct"}}


def test_accept_all_brings_every_span_its_values(fresh_db):
    ws = _ws(fresh_db)
    ws.suggestions.accept_all()
    assert values(ws) == {CLAIM: {"quote": "direct"}, SPEAKER: {"kind": "person"},
                          (36, 45, "PERSON"): {}}
    ws.undo()
    assert ws.spans() == []


def test_relabel_and_accept_keeps_only_what_the_new_label_declares(fresh_db):
    ws = _ws(fresh_db)
    ws.suggestions.current = SPEAKER
    ws.suggestions.accept("PERSON")  # PERSON declares no attributes
    assert values(ws) == {SPEAKER[:2] + ("PERSON",): {}}
    ws.undo()
    ws.store.ensure_attribute("ORG", "kind", "person")
    ws.suggestions.current = SPEAKER
    ws.suggestions.accept("ORG")
    assert values(ws) == {SPEAKER[:2] + ("ORG",): {"kind": "person"}}


def test_the_export_holds_the_accepted_values(fresh_db):
    ws = _ws(fresh_db)
    ws.suggestions.accept_all()
    [record] = [orjson.loads(line) for part in chunks(fresh_db, "jsonl", ExportReport())
                for line in part.splitlines() if line]
    found = {(s["start"], s["end"], s["label"]): s.get("attrs", {})
             for s in record["spans"]}
    assert found[CLAIM] == {"quote": "direct"} and found[SPEAKER] == {"kind": "person"}
