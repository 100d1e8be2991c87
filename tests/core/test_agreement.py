"""Agreement figures against scikit-learn, the `krippendorff` package and worked examples."""

import math

import krippendorff
import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from sklearn.metrics import cohen_kappa_score

from annotator.core.agreement import (
    agreement, cohen_kappa, fleiss_kappa, krippendorff_alpha, overlap_credit, token_labels,
)
from annotator.core.text import Tokens
from tests.conftest import add_layers

labels = st.sampled_from(["O", "SPEAKER", "CLAIM", "POLICY"])


@pytest.mark.filterwarnings("ignore::UserWarning")
@settings(max_examples=200, deadline=None)
@given(st.lists(st.tuples(labels, labels), min_size=1, max_size=60))
def test_cohen_kappa_equals_scikit_learn(pairs):
    x, y = [a for a, _ in pairs], [b for _, b in pairs]
    ours = cohen_kappa(x, y)
    with np.errstate(all="ignore"):
        ref = cohen_kappa_score(x, y)
    if ours is None:
        assert math.isnan(ref) or len(set(x) | set(y)) == 1
    else:
        assert ours == pytest.approx(ref)


@settings(max_examples=200, deadline=None)
@given(st.integers(2, 4).flatmap(
    lambda m: st.lists(st.lists(st.one_of(st.none(), labels), min_size=m, max_size=m),
                       min_size=1, max_size=40)))
def test_krippendorff_alpha_equals_the_krippendorff_package(units):
    ours = krippendorff_alpha([[v for v in unit if v is not None] for unit in units])
    codes = {"O": 0, "SPEAKER": 1, "CLAIM": 2, "POLICY": 3}
    data = np.array([[np.nan if v is None else codes[v] for v in unit] for unit in units]).T
    pairable = sum(1 for unit in units if sum(v is not None for v in unit) >= 2)
    values = {v for unit in units for v in unit if v is not None}
    if ours is None:
        return  # no expected disagreement: the package raises or returns nan
    assert pairable and len(values) > 1
    ref = krippendorff.alpha(reliability_data=data, level_of_measurement="nominal")
    assert ours == pytest.approx(ref)


def test_fleiss_kappa_worked_example():
    # Fleiss (1971)-style toy: 4 units, 3 raters.
    items = [["A", "A", "A"], ["A", "A", "B"], ["B", "B", "B"], ["A", "B", "B"]]
    # P_i = 1, 1/3, 1, 1/3 -> P̄ = 2/3; p_A = p_B = 1/2 -> Pe = 1/2; κ = (2/3-1/2)/(1/2) = 1/3
    assert fleiss_kappa(items) == pytest.approx(1 / 3)
    assert fleiss_kappa([["A", "A"], ["A", "A"]]) is None


def test_overlap_credit_and_token_labels():
    assert overlap_credit([(0, 10, "X")], [(5, 10, "X")]) == pytest.approx(0.5)
    assert overlap_credit([(0, 10, "X")], [(5, 10, "Y")]) == 0
    # one to one: the second span of B cannot reuse A's span
    assert overlap_credit([(0, 10, "X")], [(0, 10, "X"), (0, 9, "X")]) == 1
    text = "Mr Yin said no"
    assert token_labels(Tokens.of(text), [(0, 14, "CLAIM"), (0, 6, "SPEAKER")]) == [
        "SPEAKER", "SPEAKER", "CLAIM", "CLAIM"]


def _project(fresh_db, layers):
    add_layers(fresh_db, "Mr Yin said the talks are off. Tariffs rose.", layers)
    return fresh_db


def test_project_agreement_by_hand(fresh_db):
    store = _project(fresh_db, {
        "alice": [("Mr Yin", "SPEAKER"), ("the talks are off", "CLAIM"), ("Tariffs", "POLICY")],
        "bob": [("Mr Yin", "SPEAKER"), ("talks are off", "CLAIM")],
        "carol": [],
    })
    result = agreement(store)
    pairs = {(p["a"], p["b"]): p for p in result["pairs"]}
    ab = pairs[("alice", "bob")]
    assert ab["exact_f1"] == pytest.approx(2 * 1 / 5)
    assert ab["overlap_f1"] == pytest.approx(2 * (1 + 13 / 17) / 5)
    assert pairs[("alice", "carol")]["exact_f1"] == 0
    # pooled over the three pairs: 1 match among 2 + 1 + 1 spans
    assert result["per_label"]["SPEAKER"]["exact_f1"] == pytest.approx(2 * 1 / 4)
    assert result["overall"]["fleiss_kappa"] is not None
    only_speaker = agreement(store, ["alice", "bob"], label="SPEAKER")
    assert only_speaker["pairs"][0]["exact_f1"] == 1


def test_single_annotator_and_empty_project(fresh_db):
    assert agreement(fresh_db)["pairs"] == []
    store = _project(fresh_db, {"alice": [("Mr Yin", "SPEAKER")]})
    result = agreement(store)
    assert result["pairs"] == [] and result["overall"]["exact_f1"] is None


def test_fewer_than_two_annotators_is_said_not_scored(fresh_db):
    from annotator.core.agreement import compared_annotators
    from annotator.core.errors import InvalidInput

    with pytest.raises(InvalidInput, match="no annotator's work yet"):
        compared_annotators(fresh_db)
    store = _project(fresh_db, {"alice": [("Mr Yin", "SPEAKER")], "gold": []})
    with pytest.raises(InvalidInput, match="two or more annotators.*only alice's"):
        compared_annotators(store)
    store.add_span(1, "bob", 0, 6, "SPEAKER")
    assert compared_annotators(store) == ["alice", "bob"]
    with pytest.raises(InvalidInput, match="no annotator zed.*alice, bob"):
        compared_annotators(store, ["alice", "zed"])
    with pytest.raises(InvalidInput, match="only alice's"):
        compared_annotators(store, ["alice"])


def test_attribute_agreement_on_the_spans_both_have_checked_by_hand(fresh_db):
    from annotator.core.agreement import agreement

    text = "one two three four five six seven"
    doc, _ = fresh_db.add_document(text, uid="d")
    claims = [(0, 3), (4, 7), (8, 13), (14, 18), (19, 23)]  # A B C D E
    alice = {(0, 3): "direct", (4, 7): "direct", (8, 13): "indirect", (14, 18): "mixed",
             (19, 23): "mixed"}
    bob = {(0, 3): "direct", (4, 7): "indirect", (8, 13): None, (19, 23): "mixed"}
    for name, values in (("alice", alice), ("bob", bob)):
        for start, end in claims:
            if (start, end) in values:
                span = fresh_db.add_span(doc, name, start, end, "CLAIM")
                if values[(start, end)]:
                    fresh_db.set_span_attribute(span.id, "quote", values[(start, end)], name)
        fresh_db.add_span(doc, name, 24, 27, "SPEAKER")  # no kind from either: no unit
    fresh_db.set_document_value(doc, "alice", "relevant", "yes", "alice")
    fresh_db.set_document_value(doc, "bob", "relevant", "yes", "bob")
    fresh_db.set_document_value(doc, "alice", "genre", "news", "alice")
    fresh_db.set_document_value(doc, "bob", "genre", "opinion", "bob")
    result = agreement(fresh_db)
    # Units: A (direct, direct), B (direct, indirect), C (indirect, —), E (mixed, mixed);
    # D is alice's only. Observed 2/4. Expected: alice d2 i1 m1, bob d1 i1 —1 m1 →
    # (2·1 + 1·1 + 1·1) / 16 = 1/4; κ = (1/2 − 1/4) / (3/4) = 1/3.
    quote = result["attributes"]["quote"]
    assert quote["units"] == 4
    assert quote["observed"] == pytest.approx(0.5)
    assert quote["cohen_kappa"] == pytest.approx(1 / 3)
    assert "kind" not in result["attributes"]
    assert result["pairs"][0]["attributes"]["quote"] == quote
    relevant = result["document_attributes"]["relevant"]
    assert (relevant["units"], relevant["observed"], relevant["cohen_kappa"]) == (1, 1.0, None)
    genre = result["document_attributes"]["genre"]
    assert (genre["units"], genre["observed"], genre["cohen_kappa"]) == (1, 0.0, 0.0)
