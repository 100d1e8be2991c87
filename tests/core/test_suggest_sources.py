"""The suggestion sources that need no training: a Prodigy patterns file, and the strings the
project has already labelled."""

from __future__ import annotations

import json

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from annotator.core.errors import InvalidInput
from annotator.core.models import GOLD
from annotator.core.suggest import load
from annotator.core.suggest.patterns import longest_first

PATTERNS = [
    {"label": "ORG", "pattern": "Trivium China"},
    {"label": "PERSON", "pattern": [{"lower": "xi"}, {"lower": "jinping"}]},
    {"label": "PERSON", "pattern": [{"lower": "xi"}]},
    {"label": "PLACE", "pattern": "China"},
    {"id": "liu", "label": "PERSON", "pattern": "Liu He"},
]


def write_patterns(tmp_path, rows, name="patterns.jsonl") -> str:
    path = tmp_path / name
    path.write_text("".join((r if isinstance(r, str) else json.dumps(r)) + "\n" for r in rows),
                    encoding="utf-8")
    return str(path)


def found(source, text):
    return [(text[s.start:s.end], s.label) for s in source.suggest(text).spans]


@pytest.fixture
def patterns(tmp_path):
    return load("patterns", None, path=write_patterns(tmp_path, PATTERNS))


# ----------------------------------------------------------------------------- patterns
def test_a_prodigy_patterns_file_finds_phrases_and_token_patterns(patterns):
    text = "XI JINPING met Trivium China staff; Xi and china, and Liu He.\n"
    assert found(patterns, text) == [
        ("XI JINPING", "PERSON"),  # token pattern on lower: any case
        ("Trivium China", "ORG"),  # the longest wins over "China"
        ("Xi", "PERSON"),
        ("Liu He", "PERSON"),  # a phrase is case-sensitive: "china" is not found
    ]
    assert all(s.source == "patterns" and s.score == 1.0
               for s in patterns.suggest(text).spans)


def test_matches_land_on_the_same_characters_after_emoji_and_crlf(patterns):
    text = "👩‍👩‍👧 said\r\n\r\nXi Jinping 😀 visited China\u2028and Trivium China."
    assert found(patterns, text) == [("Xi Jinping", "PERSON"), ("China", "PLACE"),
                                     ("Trivium China", "ORG")]


PIECES = st.lists(st.sampled_from(["Xi", "Jinping", "China", "Trivium", " ", "\r\n", "\r",
                                   "😀", "👩‍👩‍👧", "\u2028", "é", ",", "Liu He", "\t", "\ufeff"]),
                  max_size=30)


@settings(max_examples=60, suppress_health_check=[HealthCheck.function_scoped_fixture],
          deadline=None)
@given(pieces=PIECES)
def test_every_match_is_the_pattern_text_at_code_point_offsets(patterns, pieces):
    text = "".join(pieces)
    for s in patterns.suggest(text).spans:
        assert 0 <= s.start < s.end <= len(text)
        piece = text[s.start:s.end]
        assert piece in {"Trivium China", "China", "Liu He"} or piece.lower() in {
            "xi", "xi jinping"} or piece.lower().replace("\u2028", " ") == "xi jinping"


def test_overlaps_are_settled_as_entityruler_does():
    # (start, end, rank): longest first, then earlier, then the pattern given first
    assert longest_first([(0, 2, 3), (1, 4, 2), (3, 5, 0), (1, 4, 1)]) == [(1, 4, 1)]
    assert longest_first([(0, 2, 1), (2, 4, 0), (1, 3, 0)]) == [(0, 2, 1), (2, 4, 0)]


@pytest.mark.parametrize("line, message", [
    ('{"label": "ORG", "pattern": "x"', "not valid JSON"),
    ('["ORG", "x"]', "must be a JSON object"),
    ('{"pattern": "x"}', "'label' must be a non-empty string"),
    ('{"label": "ORG", "pattern": ""}', "empty phrase"),
    ('{"label": "ORG", "pattern": 5}', "'pattern' must be a phrase"),
    ('{"label": "ORG", "pattern": [{"lower": "a"}, "b"]}', "list of token"),
    ('{"label": "ORG", "pattern": [{"NOT_AN_ATTR": "a"}]}', "not a spaCy token pattern"),
    ('{"label": "ORG", "label": "X", "pattern": "a"}', "given twice"),
])
def test_a_broken_line_names_the_file_and_line(tmp_path, line, message):
    path = write_patterns(tmp_path, [PATTERNS[0], "", line])
    with pytest.raises(InvalidInput) as caught:
        load("patterns", None, path=path)
    assert caught.value.where == f"{path}:3"
    assert message in str(caught.value)


def test_a_missing_file_is_named(tmp_path):
    with pytest.raises(InvalidInput, match="cannot read the patterns file"):
        load("patterns", None, path=str(tmp_path / "none.jsonl"))


def test_without_spacy_the_message_says_how_to_install_it(tmp_path, monkeypatch):
    import sys

    from annotator.core.errors import AnnotatorError

    monkeypatch.setitem(sys.modules, "spacy", None)  # import spacy now fails
    with pytest.raises(AnnotatorError, match=r"pip install 'annotator\[spacy\]'"):
        load("patterns", None, path=write_patterns(tmp_path, PATTERNS))


# ----------------------------------------------------------------- the project's strings
@pytest.fixture
def labelled(fresh_db):
    store = fresh_db
    a, _ = store.add_document("Analysts at Trivium China said Liu He was wary.", uid="a")
    b, _ = store.add_document("Trivium China again. China's Liu.", uid="b")
    store.add_span(a, "alice", 12, 25, "ORG")  # Trivium China
    store.add_span(a, "alice", 31, 37, "PERSON")  # Liu He
    store.add_span(b, "bob", 0, 13, "PLACE")  # Trivium China, once as PLACE
    store.add_span(b, "bob", 21, 26, "PLACE")  # China
    store.add_span(a, GOLD, 12, 25, "ORG")
    return store


def test_a_labelled_string_is_suggested_where_else_it_occurs(labelled):
    source = load("spans", labelled)
    text = "😀 Trivium China\r\nsaw China and Chinatown; Liu He, not Liu Hei."
    got = [(text[s.start:s.end], s.label, round(s.score, 2)) for s in source.suggest(text).spans]
    # ORG twice (alice, gold), PLACE once: ORG with 2/3; whole words only
    assert got == [("Trivium China", "ORG", 0.67), ("China", "PLACE", 1.0),
                   ("Liu He", "PERSON", 1.0)]
    assert {s.source for s in source.suggest(text).spans} == {"spans"}


def test_one_annotator_s_strings_and_gold(labelled):
    text = "Trivium China and China and Liu He"
    bob = load("spans", labelled, annotator="bob")
    assert found(bob, text) == [("Trivium China", "ORG"), ("China", "PLACE")]  # tie: ORG
    assert found(load("spans", labelled, annotator="carol"), text) == [
        ("Trivium China", "ORG")]  # only gold


def test_ties_go_the_same_way_every_time(fresh_db):
    d, _ = fresh_db.add_document("Apple Apple", uid="d")
    fresh_db.add_span(d, "alice", 0, 5, "PLACE")
    fresh_db.add_span(d, "bob", 6, 11, "ORG")
    assert found(load("spans", fresh_db), "An Apple") == [("Apple", "ORG")]


def test_no_spans_no_suggestions(fresh_db):
    fresh_db.add_document("Nothing labelled.", uid="d")
    assert load("spans", fresh_db).suggest("Nothing labelled.").spans == ()


@settings(max_examples=80, deadline=None)
@given(strings=st.lists(st.text(alphabet="ab -é习😀", min_size=1, max_size=6), min_size=1,
                        max_size=8),
       text=st.text(alphabet="ab -é习😀\r\n", max_size=60))
def test_matches_are_labelled_strings_as_whole_words(strings, text):
    from annotator.core.suggest.known_spans import KnownSpans, best_labels

    labels = best_labels([(s, "X", 1) for s in strings])
    spans = KnownSpans(labels).suggest(text).spans
    word = "abé"
    previous_end = 0
    for s in spans:
        piece = text[s.start:s.end]
        assert piece in labels
        assert s.start >= previous_end  # no overlaps
        previous_end = s.end
        if piece[0] in word and s.start > 0:
            assert text[s.start - 1] not in word
        if piece[-1] in word and s.end < len(text):
            assert text[s.end] not in word
