"""Relation labels' constraints: which spans a link joins, decided headless."""

from dataclasses import replace

import pytest

from annotator.core import schema
from annotator.core._sqlite_utils import Database
from annotator.core.errors import InvalidInput
from annotator.core.labels import read_scheme, scheme_json
from annotator.core.merge import merge_paths
from annotator.core.store import Store
from annotator.core.workspace import Workspace
from tests.conftest import rows, workspace_on

TEXT = ("Mr Liu of the Commerce Ministry said tariffs on US goods would rise, Ether Yin said "
        "talks are off, in Beijing.")


def at(phrase):
    start = TEXT.index(phrase)
    return start, start + len(phrase)


@pytest.fixture
def ws(fresh_db):
    return workspace_on(fresh_db, TEXT)


def make(ws, *spans):
    return {words: ws.label_selection(*at(words), label) for words, label in spans}


SPANS = [("Mr Liu", "PERSON"), ("the Commerce Ministry", "ORG"),
         ("tariffs on US goods", "POLICY"), ("tariffs on US goods would rise", "CLAIM"),
         ("Ether Yin", "SPEAKER"), ("talks are off", "CLAIM"), ("Beijing", "PLACE")]


def offered(options):
    return {(o.label, o.arrow, o.other.label, TEXT[o.other.start:o.other.end])
            for o in options}


def test_a_claim_is_offered_its_possible_speakers_only(ws):
    s = make(ws, *SPANS)
    ws.selected = s["talks are off"].id
    assert offered(ws.start_link()) == {
        ("SAID", "←", "PERSON", "Mr Liu"), ("SAID", "←", "ORG", "the Commerce Ministry"),
        ("SAID", "←", "SPEAKER", "Ether Yin")}
    assert ws.linking == s["talks are off"].id


def test_an_org_is_offered_its_claims_and_its_policies(ws):
    s = make(ws, *SPANS)
    ws.selected = s["the Commerce Ministry"].id
    assert offered(ws.start_link()) == {
        ("SAID", "→", "CLAIM", "tariffs on US goods would rise"),
        ("SAID", "→", "CLAIM", "talks are off"),
        ("RESPONSIBLE_FOR", "→", "POLICY", "tariffs on US goods")}
    ws.selected = s["the Commerce Ministry"].id
    assert offered(ws.start_link(only="RESPONSIBLE_FOR")) == {
        ("RESPONSIBLE_FOR", "→", "POLICY", "tariffs on US goods")}


def test_a_span_with_no_fitting_partner_says_why(ws):
    s = make(ws, ("Beijing", "PLACE"), ("talks are off", "CLAIM"))
    ws.selected = s["Beijing"].id
    with pytest.raises(InvalidInput, match="A PLACE takes part in no relation"):
        ws.start_link()
    ws.selected = s["talks are off"].id
    with pytest.raises(InvalidInput, match=r"No span here fits a CLAIM \(SAID: "
                                           r"SPEAKER/PERSON/ORG → CLAIM\)"):
        ws.start_link()
    assert ws.linking is None


def test_clicking_a_span_while_linking_checks_the_constraint(ws):
    s = make(ws, *SPANS)
    ws.selected = s["talks are off"].id
    ws.start_link()
    with pytest.raises(InvalidInput, match="A PLACE cannot be linked to a CLAIM"):
        ws.click(TEXT.index("Beijing"))
    assert ws.linking == s["talks are off"].id  # still waiting for a speaker
    ws.click(TEXT.index("Yin"))
    assert [(r.head_span_id, r.child_span_id, r.label) for r in ws.relations()] == [
        (s["Ether Yin"].id, s["talks are off"].id, "SAID")]
    assert ws.linking is None and ws.selected == s["talks are off"].id


def test_link_refuses_a_pair_the_scheme_does_not_allow(ws):
    s = make(ws, *SPANS)
    with pytest.raises(InvalidInput, match="cannot be linked"):
        ws.link(s["Beijing"].id, s["talks are off"].id)
    with pytest.raises(InvalidInput, match="cannot be linked"):
        ws.link(s["Ether Yin"].id, s["tariffs on US goods"].id, "RESPONSIBLE_FOR")
    relation = ws.link(s["Mr Liu"].id, s["tariffs on US goods"].id)
    assert relation.label == "RESPONSIBLE_FOR"  # the label that fits


def test_an_unconstrained_relation_label_joins_any_pair(ws):
    ws.store.set_labels(ws.store.labels() + [
        replace(ws.store.labels("relation")[0], name="MENTIONS", key=None, heads=(),
                children=())])
    s = make(ws, ("Beijing", "PLACE"), ("talks are off", "CLAIM"))
    ws.selected = s["talks are off"].id
    assert offered(ws.start_link()) == {("MENTIONS", "←", "PLACE", "Beijing")}


def test_a_link_is_relabelled_where_the_scheme_allows_and_undone(ws):
    ws.store.set_labels(ws.store.labels() + [
        replace(ws.store.labels("relation")[0], name="DENIED", key="D",
                heads=("SPEAKER",), children=("CLAIM",))])
    s = make(ws, *SPANS)
    relation = ws.link(s["Ether Yin"].id, s["talks are off"].id)
    assert ws.relabel_choices(relation.id) == ["DENIED"]
    ws.select_relation(relation.id)
    assert ws.relation_key("DENIED") is None
    assert [r.label for r in ws.relations()] == ["DENIED"]
    assert ws.undo_stack.undo_text == "Relabel SAID link as DENIED"
    with pytest.raises(InvalidInput, match="cannot be RESPONSIBLE_FOR"):
        ws.relabel_relation(relation.id, "RESPONSIBLE_FOR")
    ws.undo()
    assert [r.label for r in ws.relations()] == ["SAID"]
    ws.redo()
    assert [r.label for r in ws.relations()] == ["DENIED"]


def test_constraints_follow_renames_and_forget_removed_labels(fresh_db):
    labels = [replace(lb, name="SOURCE") if lb.name == "SPEAKER" else lb
              for lb in fresh_db.labels() if lb.name != "PERSON"]
    fresh_db.set_labels(labels, {"SPEAKER": "SOURCE"})
    said = next(lb for lb in fresh_db.labels() if lb.name == "SAID")
    assert (said.heads, said.children) == (("SOURCE", "ORG"), ("CLAIM",))
    with pytest.raises(InvalidInput, match="head label 'NOBODY' is not a span label"):
        fresh_db.set_labels([replace(lb, heads=("NOBODY",)) if lb.name == "SAID" else lb
                             for lb in fresh_db.labels()])


def test_a_scheme_file_carries_constraints_both_ways(tmp_path, fresh_db):
    path = tmp_path / "scheme.json"
    path.write_bytes(scheme_json(fresh_db.labels()))
    again = read_scheme(path)
    assert again == fresh_db.labels()
    said = next(lb for lb in again if lb.name == "SAID")
    assert (said.heads, said.children) == (("SPEAKER", "PERSON", "ORG"), ("CLAIM",))
    path.write_text('{"labels": [{"name": "X", "color": "#ffffff", "heads": ["Y"]}]}')
    with pytest.raises(InvalidInput, match="only relation labels take heads"):
        read_scheme(path)
    path.write_text('{"labels": [{"name": "R", "kind": "relation", "color": "#ffffff", '
                    '"children": ["Y"]}]}')
    with pytest.raises(InvalidInput, match="child label 'Y' is not a span label"):
        read_scheme(path)


def test_an_older_project_gets_the_default_constraints_for_the_labels_it_has(project):
    db = Database(project)
    schema.migrate(db, stop_before="m007_relation_constraints")
    for i, (name, kind) in enumerate([("SPEAKER", "span"), ("CLAIM", "span"), ("ORG", "span"),
                                      ("SAID", "relation"), ("RESPONSIBLE_FOR", "relation"),
                                      ("CUSTOM", "relation")]):
        db.execute("INSERT INTO labels (name, color, kind, position) VALUES (?, '#ffffff', ?, ?)",
                   [name, kind, i])
    db.close()
    with Store.open(project) as store:
        got = {lb.name: (lb.heads, lb.children) for lb in store.labels("relation")}
    assert got == {"SAID": (("SPEAKER", "ORG"), ("CLAIM",)),  # no PERSON in this project
                   "RESPONSIBLE_FOR": (("ORG",), ()),  # no POLICY: any child
                   "CUSTOM": ((), ())}
    assert rows(project, "PRAGMA user_version") == [(schema.SCHEMA_VERSION,)]


def test_a_merged_project_brings_its_relation_labels_constraints(tmp_path):
    source = tmp_path / "alice.annotator"
    with Store.open(source) as store:
        labels = store.labels() + [replace(store.labels("relation")[0], name="DENIED", key=None,
                                           heads=("SPEAKER",), children=("CLAIM",))]
        store.set_labels(labels)
        ws = Workspace(store, "alice")
        ws.open(store.add_document(TEXT, uid="d")[0])
        s = make(ws, ("Ether Yin", "SPEAKER"), ("talks are off", "CLAIM"))
        ws.link(s["Ether Yin"].id, s["talks are off"].id, "DENIED")
    with Store.open(tmp_path / "review.annotator") as target:
        merge_paths(target, [source])
        denied = next(lb for lb in target.labels() if lb.name == "DENIED")
        assert (denied.heads, denied.children) == (("SPEAKER",), ("CLAIM",))


def test_a_relation_key_then_a_click_links_under_that_label_only(ws):
    s = make(ws, *SPANS)
    ws.selected = s["the Commerce Ministry"].id
    ws.relation_key("RESPONSIBLE_FOR")
    with pytest.raises(InvalidInput, match="cannot be linked as RESPONSIBLE_FOR"):
        ws.click(TEXT.index("talks"))  # a CLAIM: SAID would fit, RESPONSIBLE_FOR does not
    assert ws.relations() == [] and ws.linking == s["the Commerce Ministry"].id
    ws.click(TEXT.index("tariffs"))  # innermost: the POLICY
    assert [(r.head_span_id, r.child_span_id, r.label) for r in ws.relations()] == [
        (s["the Commerce Ministry"].id, s["tariffs on US goods"].id, "RESPONSIBLE_FOR")]
    assert ws.linking is None and ws.linking_label is None


def test_a_relation_key_chooses_between_labels_that_both_fit(ws):
    ws.store.constrain_relation("RESPONSIBLE_FOR", (), ())  # joins any pair
    s = make(ws, ("the Commerce Ministry", "ORG"), ("talks are off", "CLAIM"))
    ws.selected = s["talks are off"].id
    ws.relation_key("RESPONSIBLE_FOR")
    ws.click(TEXT.index("Commerce"))
    assert [r.label for r in ws.relations()] == ["RESPONSIBLE_FOR"]


def test_stopping_or_restarting_a_link_forgets_the_chosen_label(ws):
    s = make(ws, *SPANS)
    ws.selected = s["the Commerce Ministry"].id
    ws.relation_key("RESPONSIBLE_FOR")
    ws.stop_linking()
    assert ws.linking is None and ws.linking_label is None
    ws.selected = s["the Commerce Ministry"].id
    ws.relation_key("RESPONSIBLE_FOR")
    ws.start_link()  # A: any label again
    assert ws.linking_label is None
    ws.click(TEXT.index("talks"))
    assert [r.label for r in ws.relations()] == ["SAID"]


def test_a_link_is_not_offered_a_label_the_pair_has_already(ws):
    ws.store.constrain_relation("RESPONSIBLE_FOR", (), ())
    s = make(ws, ("the Commerce Ministry", "ORG"), ("talks are off", "CLAIM"))
    said = ws.link(s["the Commerce Ministry"].id, s["talks are off"].id, "SAID")
    ws.link(s["the Commerce Ministry"].id, s["talks are off"].id, "RESPONSIBLE_FOR")
    assert ws.relabel_choices(said.id) == []
    with pytest.raises(InvalidInput, match="These two spans are linked already"):
        ws.relabel_relation(said.id, "RESPONSIBLE_FOR")
    assert sorted(r.label for r in ws.relations()) == ["RESPONSIBLE_FOR", "SAID"]
