"""Suggestion sources without spaCy: each says what needs it and how to install it."""

import sys

import pytest

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
