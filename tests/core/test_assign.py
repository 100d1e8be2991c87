"""The assignment plan's properties, over any documents, team, overlap, share and seed."""

from collections import Counter

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from annotator.core.assign import by_annotator, check, plan, shared_count

NAMES = ["alice", "bob", "carol", "dave", "erin"]


@st.composite
def requests(draw):
    docs = draw(st.sets(st.integers(1, 10_000), max_size=60))
    team = draw(st.lists(st.sampled_from(NAMES), min_size=1, max_size=5, unique=True))
    shared = draw(st.one_of(st.none(), st.floats(0, 1)))
    overlap = draw(st.one_of(st.none(), st.integers(1, len(team))))
    if shared and overlap is None and len(team) < 2:
        shared = None  # a share needs two annotators (check refuses it: tested below)
    return sorted(docs), team, overlap, shared, draw(st.integers(0, 2**32))


def copies(overlap, shared):
    return overlap if overlap is not None else (2 if shared else 1)


@settings(max_examples=200, deadline=None)
@given(requests())
def test_every_document_goes_to_the_requested_number_of_distinct_annotators(request):
    docs, team, overlap, shared, seed = request
    result = plan(docs, team, overlap=overlap, shared=shared, seed=seed)
    assert sorted(result) == docs
    n = copies(overlap, shared)
    sizes = Counter(len(names) for names in result.values())
    many = len(docs) if shared is None else shared_count(len(docs), shared)
    if n == 1:
        assert sizes == Counter({1: len(docs)} if docs else {})
    else:
        assert sizes[n] == many and sizes[1] == len(docs) - many
    for names in result.values():
        assert len(set(names)) == len(names) and set(names) <= set(team)


@settings(max_examples=200, deadline=None)
@given(requests())
def test_balanced_within_one_document_and_the_same_for_a_seed(request):
    docs, team, overlap, shared, seed = request
    result = plan(docs, team, overlap=overlap, shared=shared, seed=seed)
    loads = Counter({name: 0 for name in team})
    loads.update(n for names in result.values() for n in names)
    assert max(loads.values()) - min(loads.values()) <= 1
    assert plan(list(reversed(docs)), team, overlap=overlap, shared=shared, seed=seed) == result


@settings(max_examples=200, deadline=None)
@given(requests(), st.sets(st.integers(10_001, 20_000), max_size=30))
def test_assigning_again_only_adds_the_new_documents_and_stays_balanced(request, new):
    docs, team, overlap, shared, seed = request
    first = plan(docs, team, overlap=overlap, shared=shared, seed=seed)
    load = Counter(n for names in first.values() for n in names)
    second = plan(docs + sorted(new), team, overlap=overlap, shared=shared, seed=seed + 1,
                  assigned=first, load=load)
    assert sorted(second) == sorted(new)  # nothing assigned before is given again
    total = Counter({name: 0 for name in team})
    total.update(n for p in (first, second) for names in p.values() for n in names)
    assert max(total.values()) - min(total.values()) <= 1


def test_a_different_seed_gives_another_plan_and_by_annotator_turns_it_round():
    docs = list(range(40))
    a = plan(docs, ["alice", "bob", "carol"], shared=0.25, seed=1)
    b = plan(docs, ["alice", "bob", "carol"], shared=0.25, seed=2)
    assert a != b
    mine = by_annotator(a)
    assert sum(len(v) for v in mine.values()) == 40 + 10
    assert all(doc in mine[name] for doc, names in a.items() for name in names)


@pytest.mark.parametrize("team, overlap, shared, message", [
    ([], None, None, "at least one"),
    (["alice", "alice"], None, None, "twice"),
    (["alice"], None, 0.5, "needs 2 annotators"),
    (["alice", "bob"], 3, None, "needs 3 annotators"),
    (["alice", "bob"], None, 1.5, "between 0 and 1"),
])
def test_impossible_requests_are_refused_with_the_reason(team, overlap, shared, message):
    with pytest.raises(ValueError, match=message):
        check(team, overlap, shared)
