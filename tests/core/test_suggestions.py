"""The suggestions layer: stored per document and source, shown to an annotator until
accepted or rejected, every decision one undoable step, never counted as an annotation."""

from __future__ import annotations

import io

import orjson
import pytest

from annotator.core.errors import Cancelled, InvalidInput
from annotator.core.exporter import ExportReport, chunks
from annotator.core.suggest import Proposal, Suggestion
from annotator.core.suggest.export import lines as suggestion_lines
from annotator.core.suggest.run import make_sources, suggest_documents
from annotator.core.suggest.scores import score
from tests.conftest import workspace_on
from tests.suggest_source import TEXT, Marks

SPEAKER1, SPEAKER2 = (36, 45, "SPEAKER"), (99, 108, "SPEAKER")
CLAIM1, CLAIM2 = (1, 33, "CLAIM"), (122, 166, "CLAIM")


@pytest.fixture
def ws(fresh_db):
    workspace = workspace_on(fresh_db, TEXT)
    suggest_documents(fresh_db, [Marks()], [workspace.document.id])
    return workspace


def keys(spans):
    return [(s.start, s.end, s.label) for s in spans]


def links(ws):
    spans = {s.id: s for s in ws.spans()}
    return {((spans[r.head_span_id].start, spans[r.head_span_id].end, spans[r.head_span_id].label),
             (spans[r.child_span_id].start, spans[r.child_span_id].end,
              spans[r.child_span_id].label), r.label) for r in ws.relations()}


def test_suggestions_are_stored_and_shown_but_are_no_spans(ws):
    assert keys(ws.suggestions.shown()) == [CLAIM1, SPEAKER1, SPEAKER2, CLAIM2]
    assert ws.spans() == [] and ws.store.spans(ws.document.id) == []
    assert ws.store.stats()["spans"] == {}
    assert {(k.head, k.child) for k in ws.suggestions.links()} == {(SPEAKER1, CLAIM1),
                                                                   (SPEAKER2, CLAIM2)}


def test_accepting_one_end_then_the_other_brings_the_link(ws):
    s = ws.suggestions
    assert s.step().key == CLAIM1
    span = s.accept()
    assert (span.start, span.end, span.label, span.source) == (*CLAIM1, "suggested")
    assert links(ws) == set()  # the speaker is not accepted yet
    assert s.current == SPEAKER1  # the next one
    s.accept()
    assert keys(ws.spans()) == [CLAIM1, SPEAKER1]
    assert links(ws) == {(SPEAKER1, CLAIM1, "SAID")}
    assert keys(s.shown()) == [SPEAKER2, CLAIM2]
    ws.undo()  # one step: the speaker and its link
    assert keys(ws.spans()) == [CLAIM1] and links(ws) == set()
    assert keys(s.shown()) == [SPEAKER1, SPEAKER2, CLAIM2]


def test_a_span_made_by_hand_at_the_suggestion_hides_it_and_takes_its_link(ws):
    ws.label_selection(*SPEAKER1[:2], "SPEAKER")
    assert SPEAKER1 not in keys(ws.suggestions.shown())
    ws.suggestions.current = CLAIM1
    ws.suggestions.accept()
    assert links(ws) == {(SPEAKER1, CLAIM1, "SAID")}


def test_rejected_suggestions_never_come_back_for_that_annotator(ws, fresh_db):
    s = ws.suggestions
    s.current = SPEAKER2
    s.reject()
    assert s.current == CLAIM2
    assert SPEAKER2 not in keys(s.shown())
    suggest_documents(fresh_db, [Marks()], [ws.document.id])  # computed again
    assert SPEAKER2 not in keys(s.shown())
    from annotator.core.workspace import Workspace

    other = Workspace(fresh_db, "bob")
    other.open(ws.document.id)
    assert SPEAKER2 in keys(other.suggestions.shown())  # bob did not reject it
    ws.undo()
    assert SPEAKER2 in keys(s.shown())


def test_a_label_key_relabels_and_accepts_and_the_old_label_does_not_come_back(ws):
    s = ws.suggestions
    s.current = SPEAKER1
    span = s.accept("PERSON")
    assert (span.start, span.end, span.label) == (36, 45, "PERSON")
    assert SPEAKER1 not in keys(s.shown())
    ws.undo()
    assert ws.spans() == [] and SPEAKER1 in keys(s.shown())


def test_accept_all_is_one_step_with_the_links(ws):
    s = ws.suggestions
    s.current = SPEAKER2
    s.reject()
    assert ws.suggestions.accept_all() == 3
    assert keys(ws.spans()) == [CLAIM1, SPEAKER1, CLAIM2]
    assert links(ws) == {(SPEAKER1, CLAIM1, "SAID")}
    assert s.shown() == []
    with pytest.raises(InvalidInput):
        s.accept_all()
    ws.undo()
    assert ws.spans() == [] and len(s.shown()) == 3
    ws.redo()
    assert len(ws.spans()) == 3


def test_the_target_layer_is_a_parameter(fresh_db):
    from annotator.core.models import GOLD
    from annotator.core.suggest.decide import Suggestions
    from annotator.core.undo import UndoStack

    doc_id, _ = fresh_db.add_document(TEXT, uid="d")
    suggest_documents(fresh_db, [Marks()], [doc_id])
    gold = Suggestions(fresh_db, UndoStack(fresh_db, "rita"), GOLD)
    gold.open(doc_id)
    assert gold.accept_all() == 4
    assert len(fresh_db.spans(doc_id, GOLD)) == 4 and fresh_db.spans(doc_id, "rita") == []
    assert len(fresh_db.relations(doc_id, GOLD)) == 2


def test_nothing_current_refuses_and_read_only_layers_refuse(ws):
    with pytest.raises(InvalidInput, match="next one"):
        ws.suggestions.accept()
    ws.label_selection(50, 60, "PLACE")
    ws.show_layer("bob")
    ws.suggestions.step()
    with pytest.raises(InvalidInput, match="read-only"):
        ws.suggestions.accept()


def test_next_and_previous_wrap_round_and_start_at_the_caret(ws):
    s = ws.suggestions
    assert s.step(offset=60).key == SPEAKER2
    assert s.step().key == CLAIM2
    assert s.step().key == CLAIM1
    assert s.step(backwards=True).key == CLAIM2
    assert s.position() == (4, 4)
    s.current = None
    assert s.step(backwards=True, offset=60).key == SPEAKER1


def test_running_a_source_again_replaces_its_suggestions_and_keeps_others(fresh_db):
    doc_id, _ = fresh_db.add_document(TEXT, uid="d")

    class Fixed:
        name = "fixed"

        def __init__(self, spans):
            self.spans = spans

        def suggest(self, text):
            return Proposal(tuple(Suggestion(*s, self.name) for s in self.spans))

    suggest_documents(fresh_db, [Marks(), Fixed([(50, 60, "PLACE")])], [doc_id])
    report = suggest_documents(fresh_db, [Fixed([(0, 4, "DATE"), (0, 999, "DATE"),
                                                 (5, 9, "NO_SUCH")])], [doc_id])
    assert report.stored["fixed"] == 1 and report.left_out == 2
    assert sorted(s.key for s in fresh_db.suggestions(doc_id, {"fixed"})) == [(0, 4, "DATE")]
    assert len(fresh_db.suggestions(doc_id, {"marks"})) == 4


def test_a_cancelled_run_writes_nothing(fresh_db):
    ids = [fresh_db.add_document(TEXT + str(i), uid=str(i))[0] for i in range(3)]

    def progress(n):
        if n == 2:
            raise Cancelled("cancelled")

    with pytest.raises(Cancelled):
        suggest_documents(fresh_db, [Marks()], ids, progress)
    assert fresh_db.suggestion_documents() == []


def test_a_missing_source_is_one_sentence(fresh_db, monkeypatch):
    from annotator.core.suggest import SOURCES

    monkeypatch.setitem(SOURCES, "ghost", "annotator.core.suggest.no_such_module:make")
    with pytest.raises(InvalidInput, match="not part of this annotator"):
        make_sources(fresh_db, {"ghost": {}})
    monkeypatch.setitem(SOURCES, "needy", "tests.needs_a_package:make")
    with pytest.raises(InvalidInput, match="needs the Python package 'no_such_package_xyz'"):
        make_sources(fresh_db, {"needy": {}})


def test_suggestions_are_in_no_export_and_the_suggestions_export_holds_them(ws, fresh_db):
    ws.suggestions.current = CLAIM1
    ws.suggestions.accept()
    report = ExportReport()
    exported = [orjson.loads(line) for part in chunks(fresh_db, "jsonl", report, False)
                for line in part.splitlines() if line]
    assert [(s["start"], s["end"], s["label"]) for line in exported for s in line["spans"]] \
        == [CLAIM1]
    [line] = suggestion_lines(fresh_db)
    assert [(s["start"], s["end"], s["label"], s["source"]) for s in line["spans"]] == [
        (*CLAIM1, "marks"), (*SPEAKER1, "marks"), (*SPEAKER2, "marks"), (*CLAIM2, "marks")]
    assert line["spans"][0]["attrs"] == {"quote": "direct"}
    assert line["relations"] == [
        {"head": 2, "child": 1, "label": "SAID", "source": "marks", "score": 1.0},
        {"head": 3, "child": 4, "label": "SAID", "source": "marks", "score": 1.0}]


def test_scores_per_source_and_label(ws, fresh_db):
    ws.suggestions.current = CLAIM1
    ws.suggestions.accept()  # CLAIM1 right
    ws.suggestions.current = SPEAKER1
    ws.suggestions.reject()
    ws.label_selection(36, 45, "PERSON")  # the speaker was a PERSON to alice
    ws.label_selection(50, 57, "PLACE")  # and a span no source found
    result = score(fresh_db, "alice")
    marks = result["sources"]["marks"]
    assert (marks["tp"], marks["fp"], marks["fn"]) == (1, 3, 2)
    assert marks["precision"] == 0.25 and marks["recall"] == pytest.approx(1 / 3)
    assert marks["labels"]["CLAIM"]["f1"] == pytest.approx(2 / 3)
    assert marks["labels"]["PLACE"]["recall"] == 0.0
    assert score(fresh_db, "nobody")["sources"] == {}


def test_a_window_runs_the_sources_it_can_and_says_which_it_could_not(fresh_db, monkeypatch):
    from annotator.core.suggest import SOURCES
    from annotator.core.suggest.run import available_sources

    monkeypatch.setitem(SOURCES, "quotes", "tests.suggest_source:make")
    monkeypatch.setitem(SOURCES, "ghost", "annotator.core.suggest.no_such_module:make")
    made, refused = available_sources(fresh_db, {"quotes": {}, "ghost": {}})
    assert [s.name for s in made] == ["marks"]
    assert refused == ["the ghost suggestion source is not part of this annotator yet"]
