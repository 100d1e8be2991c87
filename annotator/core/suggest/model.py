"""Suggestions from the model trained on the project (`annotator train PROJECT`, or the
window's Tools ▸ Train Model on Done Documents): its spans in a text, as suggestions.

The model is read from `PROJECT.model/` when the source is made; spaCy is imported only then.
A recognizer gives no confidence for a span, so every score is 1.0.
"""

from __future__ import annotations

from pathlib import Path

from annotator.core.errors import InvalidInput
from annotator.core.suggest import Proposal, Suggestion
from annotator.core.suggest.patterns import need_spacy
from annotator.core.train import model_path, predicted_spans

NAME = "model"


class ModelSource:
    name = NAME

    def __init__(self, path: Path):
        spacy = need_spacy("suggesting from the model")
        try:
            self.nlp = spacy.load(path)
        except (OSError, ValueError) as e:  # not a model folder, or a damaged one
            raise InvalidInput(f"cannot read the model ({' '.join(str(e).split())[:200]}); "
                               "train it again", str(path)) from None
        self.nlp.max_length = 10**10
        self.path = path

    def suggest(self, text: str) -> Proposal:
        return Proposal(tuple(Suggestion(start, end, label, NAME)
                              for start, end, label in predicted_spans(self.nlp, text)))


def make(store, path: str | Path | None = None) -> ModelSource:
    """The model stored beside `store`'s project file (or the one at `path`)."""
    if path is None:
        if store is None or store.path is None:
            raise InvalidInput("no model: a model is stored beside its project file")
        path = model_path(store.path)
    path = Path(path)
    if not path.is_dir():
        raise InvalidInput("no model trained for this project yet: run `annotator train "
                           "PROJECT` (or Tools ▸ Train Model on Done Documents)", str(path))
    return ModelSource(path)
