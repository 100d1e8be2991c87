"""Suggestion sources: without spaCy each says what needs it; project strings nested deep."""

import sys

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from annotator.core.errors import AnnotatorError
from annotator.core.suggest import model, patterns
from annotator.core import train


@pytest.fixture
def no_spacy(monkeypatch):
    monkeypatch.setitem(sys.modules, "spacy", None)  # `import spacy` raises ImportError


@pytest.mark.parametrize("start, needs", [
    (lambda tmp: model.ModelSource(tmp), "suggesting from the model needs spaCy"),
    (lambda tmp: train.train([train.Example("Mr Liu said.", ((0, 6, "PERSON"),))], None),
     "training a model needs spaCy"),
    (lambda tmp: patterns.need_spacy("a patterns file"), "a patterns file needs spaCy"),
])
def test_without_spacy_the_message_names_what_needs_it(no_spacy, tmp_path, start, needs):
    with pytest.raises(AnnotatorError, match=needs) as raised:
        start(tmp_path)
    assert "pip install 'annotator[spacy]'" in str(raised.value)


def test_project_strings_each_a_prefix_of_the_next_are_all_found_longest_first():
    """A project whose labelled strings nest, each the start of the next (a quote labelled
    from ever longer starts): hundreds deep made a regular expression Python could not
    compile (RecursionError)."""
    from annotator.core.suggest.known_spans import KnownSpans

    words = [f"w{i}" for i in range(700)]
    strings = {" ".join(words[:n]): ("CLAIM", 1.0) for n in range(2, 700)}
    source = KnownSpans(strings)
    text = "Said: " + " ".join(words[:400]) + ". Then " + " ".join(words[:3]) + "x."
    found = [(s.start, s.end) for s in source.suggest(text).spans]
    first = text.index("w0")
    assert found[0] == (first, first + len(" ".join(words[:400])))
    second = text.index("w0", first + 1)
    assert found[1:] == [(second, second + len(" ".join(words[:2])))]  # "w2x" is no word w2


_PIECES = st.text(alphabet="ab .", min_size=1, max_size=6)


@settings(max_examples=200, deadline=None)
@given(strings=st.lists(_PIECES, min_size=1, max_size=12),
       text=st.text(alphabet="ab .x", max_size=40))
def test_the_flat_pattern_finds_what_the_trie_finds(strings, text):
    from annotator.core.suggest import known_spans

    nested = known_spans.trie_pattern(strings)
    saved = known_spans._DEEPEST
    known_spans._DEEPEST = 0  # every branch written flat
    try:
        flat = known_spans.trie_pattern(strings)
    finally:
        known_spans._DEEPEST = saved
    assert [m.span() for m in nested.finditer(text)] == [m.span() for m in flat.finditer(text)]


@pytest.mark.parametrize("label", ["ORG\nX", "\u202eGRO", "OR\x07G"])
def test_a_pattern_label_that_would_not_show_as_itself_is_refused_naming_the_line(
        tmp_path, label):
    import orjson

    path = tmp_path / "patterns.jsonl"
    path.write_bytes(orjson.dumps({"label": "ORG", "pattern": "Trivium China"}) + b"\n"
                     + orjson.dumps({"label": label, "pattern": "Xi"}) + b"\n")
    with pytest.raises(AnnotatorError, match="label") as raised:
        patterns.read_patterns(path)
    assert raised.value.where == f"{path}:2"
