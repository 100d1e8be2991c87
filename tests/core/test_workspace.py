"""Editing as the GUI does it, headless: every edit lands in SQLite and can be undone."""

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from annotator.core.errors import InvalidInput
from annotator.core.store import Store
from annotator.core.workspace import Workspace
from tests.conftest import workspace_on

TEXT = '"Talks are off," said Ether Yin of Trivium. Tariffs rose. Yin left.'


@pytest.fixture
def ws(fresh_db):
    return workspace_on(fresh_db, TEXT)


def at(phrase):
    start = TEXT.index(phrase)
    return start, start + len(phrase)


def triples(ws):
    return [(TEXT[s.start:s.end], s.label) for s in ws.store.spans(ws.document.id)]


def test_label_relabel_resize_delete_and_undo_all_of_it(ws):
    span = ws.label_selection(*at("Ether Yi"), "SPEAKER")
    assert triples(ws) == [("Ether Yin", "SPEAKER")]
    assert ws.label_selection(*at("Ether Yin"), "SPEAKER") is None  # not doubled
    ws.relabel(span.id, "PERSON")
    assert triples(ws) == [("Ether Yin", "PERSON")]
    ws.move_boundary(span.id, "end", +1)
    ws.move_boundary(span.id, "end", +1)
    assert triples(ws) == [("Ether Yin of Trivium", "PERSON")]
    ws.move_boundary(span.id, "start", +1)
    assert triples(ws) == [("Yin of Trivium", "PERSON")]
    ws.move_boundary(span.id, "start", -1)
    ws.move_boundary(span.id, "end", -1)
    assert triples(ws) == [("Ether Yin of", "PERSON")]
    ws.delete_span(span.id)
    assert triples(ws) == []
    assert ws.undo_stack.undo_text == "Delete PERSON “Ether Yin of”"
    expected = [
        [("Ether Yin of", "PERSON")], [("Ether Yin of Trivium", "PERSON")],
        [("Yin of Trivium", "PERSON")], [("Ether Yin of Trivium", "PERSON")],
        [("Ether Yin of", "PERSON")], [("Ether Yin", "PERSON")], [("Ether Yin", "SPEAKER")], [],
    ]
    for want in expected:
        ws.undo()
        assert triples(ws) == want
    assert ws.undo() is None
    for want in reversed(expected[:-1]):
        ws.redo()
        assert triples(ws) == want
    ws.redo()
    assert triples(ws) == []
    assert ws.redo() is None


def test_a_span_cannot_shrink_below_one_token(ws):
    span = ws.label_selection(*at("Yin of"), "SPEAKER")
    with pytest.raises(InvalidInput):
        ws.move_boundary(ws.move_boundary(span.id, "end", -1).id, "end", -1)
    assert triples(ws) == [("Yin", "SPEAKER")]


def test_deleting_a_span_removes_its_relations_and_undo_brings_both_back(ws):
    claim = ws.label_selection(*at("Talks are off"), "CLAIM")
    speaker = ws.label_selection(*at("Ether Yin"), "SPEAKER")
    assert [s.id for s in ws.link_candidates(claim)] == [speaker.id]
    relation = ws.link(speaker.id, claim.id)
    assert (relation.head_span_id, relation.child_span_id, relation.label) == (
        speaker.id, claim.id, "SAID")
    ws.delete_span(speaker.id)
    assert ws.relations() == []
    ws.undo()
    assert ws.relations() == [relation]
    ws.unlink(relation.id)
    assert ws.relations() == []
    ws.undo()
    assert ws.relations() == [relation]


def test_span_at_prefers_the_innermost_and_tab_order_wraps(ws):
    claim = ws.label_selection(*at("Ether Yin of Trivium"), "CLAIM")
    speaker = ws.label_selection(*at("Ether Yin"), "SPEAKER")
    later = ws.label_selection(*at("Tariffs"), "POLICY")
    assert ws.span_at(TEXT.index("Yin")) == speaker
    assert ws.span_at(TEXT.index("Trivium")) == claim
    assert ws.span_at(0) is None
    assert [ws.next_span(None).id, ws.next_span(claim.id).id, ws.next_span(speaker.id).id,
            ws.next_span(later.id).id] == [claim.id, speaker.id, later.id, claim.id]
    assert ws.next_span(claim.id, backwards=True) == later


def test_status_done_skip_with_reason_next_todo_and_undo(ws):
    first = ws.document.id
    second, _ = ws.store.add_document("Second.", uid="e")
    third, _ = ws.store.add_document("Third.", uid="f")
    ws.set_status("done")
    assert ws.store.status(first, "alice") == "done"
    assert ws.next_todo(first) == second
    ws.open(second)
    ws.set_status("skipped", "not news")
    assert ws.store.status_note(second, "alice") == "not news"
    assert ws.next_todo(second) == third
    ws.undo()
    assert ws.store.status(second, "alice") == "todo"
    assert ws.store.status_counts("alice") == {"todo": 2, "in_progress": 0, "done": 1,
                                               "skipped": 0}


def test_linking_twice_is_refused_and_undo_stays_usable(ws):
    claim = ws.label_selection(*at("Talks are off"), "CLAIM")
    speaker = ws.label_selection(*at("Ether Yin"), "SPEAKER")
    relation = ws.link(speaker.id, claim.id)
    with pytest.raises(InvalidInput, match="linked already"):
        ws.link(speaker.id, claim.id)
    ws.undo()
    assert ws.relations() == []
    ws.redo()
    assert ws.relations() == [relation]


def test_an_edit_made_behind_the_stack_does_not_jam_undo(ws):
    first = ws.label_selection(*at("Ether Yin"), "SPEAKER")
    ws.label_selection(*at("Trivium"), "ORG")
    ws.store.delete_span(first.id, "someone else")  # e.g. from the CLI, or a scheme change
    ws.undo()  # the ORG span
    with pytest.raises(InvalidInput, match="Cannot undo “Add SPEAKER"):
        ws.undo()
    assert ws.undo() is None  # cleared, not stuck
    assert triples(ws) == []


def test_selecting_a_span_deselects_a_relation(ws):
    claim = ws.label_selection(*at("Talks are off"), "CLAIM")
    speaker = ws.label_selection(*at("Ether Yin"), "SPEAKER")
    relation = ws.link(speaker.id, claim.id)
    ws.select_relation(relation.id)
    ws.click(TEXT.index("Ether"))
    ws.delete_selected()  # the span, not the link
    assert triples(ws) == [("Talks are off", "CLAIM")]
    with pytest.raises(InvalidInput, match="no other span"):
        ws.selected = claim.id
        ws.start_link()
    assert ws.linking is None


def _stored(store, doc_id, annotator):
    """The spans as SQLite holds them now, read past any kept answer."""
    rows = store.db.conn.execute(
        'SELECT id, doc_id, annotator, start, "end", label, source FROM spans '
        'WHERE doc_id = ? AND annotator = ? ORDER BY start, "end" DESC, id',
        [doc_id, annotator]).fetchall()
    return [tuple(row) for row in rows]


EDITS = st.lists(st.tuples(
    st.sampled_from(["label", "exact", "relabel", "grow", "shrink", "delete", "link", "undo",
                     "redo", "outside"]),
    st.integers(0, len(TEXT) - 1), st.integers(1, 12),
    st.sampled_from(["SPEAKER", "CLAIM", "PERSON"])), max_size=30)


@settings(max_examples=60, deadline=None)
@given(EDITS)
def test_the_spans_the_editor_reads_are_always_the_stored_ones(edits):
    """Whatever the edits, undos and redos (and a write from outside the editor), spans()
    — kept between edits and patched after each — equals a fresh read of SQLite."""
    store = Store.memory()
    doc_id, _ = store.add_document(TEXT, uid="d")
    ws = Workspace(store, "alice")
    ws.open(doc_id)
    for action, start, width, label in edits:
        end = min(len(TEXT), start + width)
        spans = ws.spans()
        target = spans[start % len(spans)] if spans else None
        try:
            if action in ("label", "exact"):
                ws.label_selection(start, end, label, exact=action == "exact")
            elif action == "relabel" and target:
                ws.relabel(target.id, label)
            elif action in ("grow", "shrink") and target:
                ws.move_boundary(target.id, "end", +1 if action == "grow" else -1)
            elif action == "delete" and target:
                ws.delete_span(target.id)
            elif action == "link" and len(spans) > 1:
                ws.link(spans[0].id, spans[-1].id)
            elif action in ("undo", "redo"):
                getattr(ws, action)()
            elif action == "outside":  # not through the editor, e.g. an import
                store.add_span(doc_id, "alice", start, end, "POLICY")
        except InvalidInput:
            pass
        assert [tuple(s) for s in ws.spans()] == _stored(store, doc_id, "alice")
