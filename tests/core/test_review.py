"""Clusters, their classes, gold decisions and the gold export."""

import io

import orjson
from hypothesis import given, settings
from hypothesis import strategies as st

from annotator.core import review
from annotator.core.formats import jsonl
from annotator.core.undo import UndoStack
from tests.conftest import add_layers

TEXT = "Mr Yin said the talks are off. Tariffs rose. Xi agreed. Beijing waits."


def setup(store, layers):
    return add_layers(store, TEXT, layers)


def kinds(store, doc):
    return [(TEXT[c.start:c.end], c.kind, c.decided) for c in review.clusters(store, doc)]


def test_clusters_are_classified(fresh_db):
    doc = setup(fresh_db, {
        "alice": [("Mr Yin", "SPEAKER"), ("Tariffs", "POLICY"), ("Xi", "PERSON"),
                  ("Beijing", "PLACE")],
        "bob": [("Mr Yin", "SPEAKER"), ("Tariffs rose", "POLICY"), ("Xi", "SPEAKER")],
    })
    assert kinds(fresh_db, doc) == [
        ("Mr Yin", "agree", False), ("Tariffs rose", "boundary", False),
        ("Xi", "label", False), ("Beijing", "missing", False)]


def test_accept_unanimous_reject_and_progress(fresh_db):
    doc = setup(fresh_db, {
        "alice": [("Mr Yin", "SPEAKER"), ("Tariffs", "POLICY"), ("Beijing", "PLACE")],
        "bob": [("Mr Yin", "SPEAKER"), ("Tariffs rose", "POLICY")],
    })
    stack = UndoStack(fresh_db, "rita")
    assert review.accept_unanimous(stack, doc) == 1
    assert review.accept_unanimous(stack, doc) == 0
    assert review.progress(fresh_db, doc) == (1, 3)
    found = review.clusters(fresh_db, doc)
    review.accept(stack, doc, found[1].versions()["bob"])
    review.reject(stack, doc, found[2])
    assert review.progress(fresh_db, doc) == (3, 3)
    stack.undo()
    stack.undo()
    assert review.progress(fresh_db, doc) == (1, 3)
    assert stack.undo_text == "Accept all unanimous"
    stack.redo()
    stack.redo()
    assert review.progress(fresh_db, doc) == (3, 3)
    assert [(TEXT[s.start:s.end], s.source) for s in fresh_db.spans(doc, review.GOLD)] == [
        ("Mr Yin", "gold"), ("Tariffs rose", "gold")]
    # gold is not an annotator in the comparison
    assert [c.kind for c in review.clusters(fresh_db, doc)] == ["agree", "boundary", "missing"]

    out = io.BytesIO()
    jsonl.write(fresh_db, out, annotator=review.GOLD)
    line = orjson.loads(out.getvalue())
    assert line["annotator"] == "gold"
    assert [(s["text"], s["agreed_by"]) for s in line["spans"]] == [
        ("Mr Yin", ["alice", "bob"]), ("Tariffs rose", ["bob"])]


def test_accepting_a_claim_and_its_speaker_brings_their_link_into_gold(fresh_db):
    doc = setup(fresh_db, {
        "alice": [("Mr Yin", "SPEAKER"), ("the talks are off", "CLAIM")],
        "bob": [("Mr Yin", "SPEAKER"), ("talks are off", "CLAIM")],
    })
    alice = {TEXT[s.start:s.end]: s for s in fresh_db.spans(doc, "alice")}
    fresh_db.add_relation(alice["Mr Yin"].id, alice["the talks are off"].id, "SAID", "alice")
    stack = UndoStack(fresh_db, "rita")
    review.accept_unanimous(stack, doc)  # the speaker only: no link yet
    assert fresh_db.relations(doc, review.GOLD) == []
    claim = review.clusters(fresh_db, doc)[1]
    review.accept(stack, doc, claim.versions()["alice"])
    gold = {s.id: TEXT[s.start:s.end] for s in fresh_db.spans(doc, review.GOLD)}
    assert [(gold[r.head_span_id], gold[r.child_span_id], r.label)
            for r in fresh_db.relations(doc, review.GOLD)] == [
        ("Mr Yin", "the talks are off", "SAID")]
    out = io.BytesIO()
    jsonl.write(fresh_db, out, annotator=review.GOLD)
    (line,) = [orjson.loads(x) for x in out.getvalue().splitlines()]
    assert [r["label"] for r in line["relations"]] == ["SAID"]
    stack.undo()  # the claim and its link leave gold together
    assert fresh_db.relations(doc, review.GOLD) == []
    assert len(fresh_db.spans(doc, review.GOLD)) == 1
    stack.redo()
    assert len(fresh_db.relations(doc, review.GOLD)) == 1


def test_stacked_spans_that_everyone_has_are_an_agreement(fresh_db):
    """Every annotator marks "Mr Yin" twice (SPEAKER and PERSON): the row is an agreement,
    and accepting it takes both spans into gold."""
    both = [("Mr Yin", "SPEAKER"), ("Mr Yin", "PERSON")]
    doc = setup(fresh_db, {name: both for name in ("alice", "bob", "carol")})
    assert kinds(fresh_db, doc) == [("Mr Yin", "agree", False)]
    stack = UndoStack(fresh_db, "rita")
    assert review.accept_unanimous(stack, doc) == 2
    assert sorted(s.label for s in fresh_db.spans(doc, review.GOLD)) == ["PERSON", "SPEAKER"]
    assert review.progress(fresh_db, doc) == (1, 1)


def test_stacked_spans_with_a_label_missing_in_one_version_differ_in_label(fresh_db):
    doc = setup(fresh_db, {
        "alice": [("Mr Yin", "SPEAKER"), ("Mr Yin", "PERSON")],
        "bob": [("Mr Yin", "SPEAKER")],
    })
    assert kinds(fresh_db, doc) == [("Mr Yin", "label", False)]


LABELS = ["SPEAKER", "PERSON", "ORG", "CLAIM"]


@given(st.lists(st.tuples(st.integers(0, len(TEXT) - 1), st.integers(1, 12),
                          st.sampled_from(LABELS)), min_size=1, max_size=8),
       st.integers(2, 4))
@settings(max_examples=60, deadline=None)
def test_identical_span_sets_are_always_an_agreement(spans, n_annotators):
    """Whatever the stacking and nesting, a cluster where every annotator has the same spans
    is an agreement; and accepting all unanimous decides every cluster."""
    from annotator.core.store import Store

    with Store.memory() as store:
        doc, _ = store.add_document(TEXT, uid="d")
        for i in range(n_annotators):
            for start, length, label in spans:
                store.add_span(doc, f"a{i}", start, min(len(TEXT), start + length), label)
        assert {c.kind for c in review.clusters(store, doc)} == {"agree"}
        review.accept_unanimous(UndoStack(store, "rita"), doc)
        decided, total = review.progress(store, doc)
        assert decided == total
        assert ({(s.start, s.end, s.label) for s in store.spans(doc, review.GOLD)}
                == {(s.start, s.end, s.label) for s in store.spans(doc, "a0")})


def test_context_differing_characters_and_links_of_a_cluster(fresh_db):
    doc = setup(fresh_db, {
        "alice": [("Mr Yin", "SPEAKER"), ("Tariffs", "POLICY")],
        "bob": [("Mr Yin", "SPEAKER"), ("Tariffs rose", "POLICY"), ("rose", "CLAIM")],
    })
    speaker, tariffs = review.clusters(fresh_db, doc)
    assert TEXT[slice(*review.context(TEXT, tariffs.start, tariffs.end))] == "Tariffs rose."
    assert TEXT[slice(*review.context(TEXT, speaker.start, speaker.end))] == (
        "Mr Yin said the talks are off.")
    assert review.context("a\nb c\nd", 2, 3) == (2, 5)  # a line is a sentence
    # Only the characters that not everyone labels alike: " rose" (bob's POLICY and CLAIM).
    assert [TEXT[a:b] for a, b in review.differing(tariffs, ["alice", "bob"])] == [" rose"]
    assert review.differing(speaker, ["alice", "bob"]) == []
    assert [TEXT[a:b] for a, b in review.differing(speaker, ["alice", "bob", "carol"])] == [
        "Mr Yin"]  # carol has nothing there
    bob = {TEXT[s.start:s.end]: s for s in fresh_db.spans(doc, "bob")}
    fresh_db.add_relation(bob["Mr Yin"].id, bob["rose"].id, "SAID", "bob")
    found = review.links(fresh_db, doc, tariffs, ["alice", "bob"])
    assert [(name, [(r.label, TEXT[h.start:h.end], TEXT[c.start:c.end]) for r, h, c in rows])
            for name, rows in found.items()] == [("bob", [("SAID", "Mr Yin", "rose")])]


def test_a_clusters_links_include_the_gold_layers(fresh_db):
    doc = setup(fresh_db, {"alice": [("Mr Yin", "SPEAKER"), ("Tariffs rose", "CLAIM")],
                           "bob": [("Mr Yin", "SPEAKER"), ("Tariffs rose", "CLAIM")],
                           review.GOLD: [("Mr Yin", "SPEAKER"), ("Tariffs rose", "CLAIM")]})
    for name in ("alice", "bob", review.GOLD):
        spans = {TEXT[s.start:s.end]: s for s in fresh_db.spans(doc, name)}
        fresh_db.add_relation(spans["Mr Yin"].id, spans["Tariffs rose"].id, "SAID", name)
    speaker, claim = review.clusters(fresh_db, doc)
    for cluster in (speaker, claim):
        found = review.links(fresh_db, doc, cluster, ["alice", "bob", review.GOLD])
        assert {name: [(r.label, TEXT[h.start:h.end], TEXT[c.start:c.end]) for r, h, c in rows]
                for name, rows in found.items()} == {
            name: [("SAID", "Mr Yin", "Tariffs rose")] for name in ("alice", "bob", review.GOLD)}


@given(st.text(alphabet="ab .\n!", max_size=40), st.data())
def test_the_context_holds_the_cluster(text, data):
    start = data.draw(st.integers(0, len(text)))
    end = data.draw(st.integers(start, len(text)))
    a, b = review.context(text, start, end)
    assert 0 <= a <= start <= end <= b <= len(text)


def test_same_spans_with_different_values_differ_and_the_chosen_values_go_to_gold(fresh_db):
    doc = setup(fresh_db, {"alice": [("the talks are off", "CLAIM"), ("Mr Yin", "SPEAKER")],
                           "bob": [("the talks are off", "CLAIM"), ("Mr Yin", "SPEAKER")]})
    spans = {(s.annotator, s.label): s for s in fresh_db.spans(doc)}
    fresh_db.set_span_attribute(spans["alice", "CLAIM"].id, "quote", "direct", "alice")
    fresh_db.set_span_attribute(spans["bob", "CLAIM"].id, "quote", "indirect", "bob")
    for name in ("alice", "bob"):  # the same value: no disagreement there
        fresh_db.set_span_attribute(spans[name, "SPEAKER"].id, "kind", "person", name)
    assert kinds(fresh_db, doc) == [("Mr Yin", "agree", False),
                                    ("the talks are off", "attribute", False)]
    stack = UndoStack(fresh_db, "rev")
    assert review.accept_unanimous(stack, doc) == 1
    claim = next(c for c in review.clusters(fresh_db, doc) if c.kind == "attribute")
    assert review.accept(stack, doc, claim.versions()["bob"], "Accept bob's version") == 1

    def gold():
        return {s.label: fresh_db.span_attributes(s.id) for s in fresh_db.spans(doc, "gold")}

    assert gold() == {"SPEAKER": {"kind": "person"}, "CLAIM": {"quote": "indirect"}}
    # choosing alice's version now: gold has the span; its value becomes alice's
    review.accept(stack, doc, claim.versions()["alice"], "Accept alice's version")
    assert gold()["CLAIM"] == {"quote": "direct"}
    stack.undo()
    assert gold()["CLAIM"] == {"quote": "indirect"}
    stack.undo()
    assert "CLAIM" not in gold()
    line = next(x for x in jsonl.lines(fresh_db) if x["annotator"] == "gold")
    assert [s.get("attrs") for s in line["spans"]] == [{"kind": "person"}]
