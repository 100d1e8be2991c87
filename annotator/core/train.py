"""Training a span model on the project's finished documents, for the `model` suggestion source.

spaCy's named-entity recognizer from a blank English pipeline, on the CPU: no weights to
download. The texts are split by our own tokenizer (as the spacy export does), and further at
the apostrophes, hyphens and dots inside a token, so a span made in the app falls on token
boundaries; a span that does not (one made character-exact with Alt) is counted and left out,
and so is the shorter of two overlapping spans (a recognizer's spans cannot overlap).
Whitespace at a span's edges is trimmed (spaCy refuses such spans, E024).
Suggestions the annotator rejected on a document are learnt as what is *not* a span there
(spaCy's `incorrect_spans_key`), where the project records rejections.

The model is written beside the project, `PROJECT.model/`, only once training has finished:
a cancelled or failed run leaves the model that was there.
"""

from __future__ import annotations

import json
import random
import re
import shutil
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path

from annotator.core.errors import InvalidInput
from annotator.core.models import GOLD, RESERVED_LAYERS
from annotator.core.suggest.patterns import need_spacy as spacy_or_say_how
from annotator.core.text import spaced, trimmed
from annotator.core.wording import plural

MODEL_SUFFIX = ".model"
INCORRECT = "incorrect_spans"  # the Doc's span group of rejected suggestions
ABOUT = "annotator.json"  # what the model was trained on, inside the model's folder


def model_path(project: str | Path) -> Path:
    """Where the model of a project lives: `PROJECT.model/` beside it."""
    project = Path(project)
    return project.with_name(project.name + MODEL_SUFFIX)


@dataclass(frozen=True)
class Example:
    """A finished layer of one document: its text and spans (start, end, label)."""

    text: str
    spans: tuple[tuple[int, int, str], ...]
    rejected: tuple[tuple[int, int, str], ...] = ()  # suggestions rejected: not spans


@dataclass(frozen=True)
class Epoch:
    """Where training is: `number` of `epochs` done, the loss of that pass."""

    number: int
    epochs: int
    loss: float
    seconds: float

    def __str__(self) -> str:
        return (f"epoch {self.number}/{self.epochs}: loss {self.loss:,.1f} "
                f"({self.seconds:.1f} s)")


@dataclass
class TrainReport:
    documents: int = 0
    spans: int = 0
    misaligned: int = 0  # not on token boundaries: left out
    overlapping: int = 0  # the shorter of two overlapping spans: left out
    negatives: int = 0  # rejected suggestions learnt as "not this label here"
    labels: list[str] = field(default_factory=list)
    epochs: int = 0
    seconds: float = 0.0
    path: Path | None = None

    def summary(self) -> str:
        negatives = (f", {plural(self.negatives, 'rejected suggestion')}"
                     if self.negatives else "")
        text = (f"Trained on {plural(self.documents, 'document')} "
                f"({plural(self.spans, 'span')}{negatives}; labels "
                f"{', '.join(self.labels) or 'none'}) in {self.seconds:.0f} s")
        left = []
        if self.misaligned:
            left.append(f"{plural(self.misaligned, 'span')} not on token boundaries "
                        "(made character-exact)")
        if self.overlapping:
            left.append(f"{plural(self.overlapping, 'span')} overlapping a longer one")
        if left:
            text += "; left out: " + ", ".join(left)
        return text + (f"; model in {self.path}" if self.path else "")


# ---------------------------------------------------------------- what is trained on
def examples(store, annotator: str | None = None, gold: bool = False,
             status: str = "done") -> list[Example]:
    """The finished layers to learn from. `gold`: the gold layer of every document that has
    one. `annotator`: that annotator's documents with `status`. Neither: a document's gold
    layer where it has one, else every annotator's layer with `status`."""
    if gold and annotator is not None:
        raise InvalidInput("train on one annotator or on the gold layer, not both")
    span_labels = {lb.name for lb in store.labels("span")}
    # The suggestions layer records each annotator's rejections; a project without it has none.
    rejections = getattr(store, "suggestion_rejections", lambda doc_id, name: ())
    out = []
    for doc in store.iter_documents():
        rows, _, statuses = store.layer_rows(doc.id)
        layers: dict[str, list[tuple[int, int, str]]] = {}
        for name, _, start, end, label, _ in rows:
            if label in span_labels:
                layers.setdefault(name, []).append((start, end, label))
        for name in _chosen(layers, statuses, annotator, gold, status):
            rejected = tuple(sorted(r for r in rejections(doc.id, name) if r[2] in span_labels))
            out.append(Example(doc.text, tuple(layers.get(name, ())), rejected))
    return out


def _chosen(layers: dict, statuses: dict, annotator: str | None, gold: bool,
            status: str) -> list[str]:
    has_gold = GOLD in layers or statuses.get(GOLD) == "done"
    if gold:
        return [GOLD] if has_gold else []
    if annotator is not None:
        return [annotator] if statuses.get(annotator) == status else []
    if has_gold:
        return [GOLD]
    return sorted(name for name, s in statuses.items()
                  if s == status and name not in RESERVED_LAYERS)


# ---------------------------------------------------------------------------- spaCy
def need_spacy():
    return spacy_or_say_how("training a model")


# Our tokens join words by inner apostrophes, hyphens and dots ("Xi's", "Vice-Premier"); a
# span often ends inside one ("Mr Xi" in "Mr Xi's"), so the model's tokens are split there too.
_INNER = re.compile(r"['’.\-]|[^'’.\-]+")


def model_words(text: str) -> tuple[list[str], list[bool]]:
    """The words and trailing spaces the model sees: our tokens (as the spacy export writes
    them), each also split at its inner apostrophes, hyphens and dots. Joined, `text`."""
    words, spaces = [], []
    for start, end, space in spaced(text):
        pieces = _INNER.findall(text, start, end) if end - start > 1 else [text[start:end]]
        words += pieces
        spaces += [False] * (len(pieces) - 1) + [space]
    return words, spaces


def make_doc(vocab, text: str):
    """A spaCy Doc of `text` split into model_words (its text is `text` exactly)."""
    from spacy.tokens import Doc

    words, spaces = model_words(text)
    return Doc(vocab, words=words, spaces=spaces)


def reference_doc(vocab, example: Example, report: TrainReport):
    """The example as a Doc whose entities are its spans (those a recognizer can hold)."""
    doc = make_doc(vocab, example.text)
    ents, taken = [], set()
    for start, end, label in sorted(example.spans, key=lambda s: (s[0] - s[1], s[0], s[2])):
        start, end = trimmed(example.text, start, end)
        span = doc.char_span(start, end, label=label, alignment_mode="strict") \
            if start < end else None
        if span is None:
            report.misaligned += 1
            continue
        tokens = set(range(span.start, span.end))
        if tokens & taken:
            report.overlapping += 1
            continue
        taken |= tokens
        ents.append(span)
    doc.ents = sorted(ents, key=lambda s: s.start)
    report.spans += len(ents)
    kept = {(s.start_char, s.end_char, s.label_) for s in ents}
    wrong = []
    for start, end, label in example.rejected:
        start, end = trimmed(example.text, start, end)
        span = doc.char_span(start, end, label=label, alignment_mode="strict") \
            if start < end else None
        if span is not None and (start, end, label) not in kept:
            wrong.append(span)
    doc.spans[INCORRECT] = wrong
    report.negatives += len(wrong)
    return doc


def train(items: list[Example], target: Path | None, *, epochs: int = 10, seed: int = 0,
          progress: Callable[[Epoch], None] | None = None, report: TrainReport | None = None):
    """Train a recognizer on `items`; write it to `target` (a folder, replaced only when
    training has finished) unless None. `progress` is called after each epoch and may raise
    Cancelled (it is also called with None between batches, so a cancel is felt soon).
    Returns the pipeline."""
    if not items:
        raise InvalidInput("no finished documents to train on (mark documents done, or "
                           "choose another annotator or status)")
    spacy = need_spacy()
    from spacy.training import Example as SpacyExample
    from spacy.util import fix_random_seed, minibatch

    fix_random_seed(seed)
    report = report if report is not None else TrainReport()
    began = time.perf_counter()
    nlp = spacy.blank("en")
    nlp.max_length = 10**10
    ner = nlp.add_pipe("ner", config={"incorrect_spans_key": INCORRECT})
    gold = [reference_doc(nlp.vocab, item, report) for item in items]
    report.documents = len(gold)
    report.labels = sorted({ent.label_ for doc in gold for ent in doc.ents})
    if not report.labels:
        raise InvalidInput("the finished documents have no spans to learn from")
    for label in report.labels:
        ner.add_label(label)
    pairs = [SpacyExample(make_doc(nlp.vocab, doc.text), doc) for doc in gold]
    optimizer = nlp.initialize(lambda: pairs)
    shuffle = random.Random(seed)
    for number in range(1, epochs + 1):
        started, losses = time.perf_counter(), {}
        shuffle.shuffle(pairs)
        for batch in minibatch(pairs, size=8):
            nlp.update(batch, drop=0.2, sgd=optimizer, losses=losses)
            if progress is not None:
                progress(None)
        report.epochs = number
        if progress is not None:
            progress(Epoch(number, epochs, losses.get("ner", 0.0),
                           time.perf_counter() - started))
    report.seconds = time.perf_counter() - began
    if target is not None:
        save(nlp, target, report)
        report.path = target
    return nlp


def save(nlp, target: Path, report: TrainReport) -> None:
    """Write the model to `target`, replacing what was there only once it is whole."""
    partial = target.with_name(target.name + ".partial")
    old = target.with_name(target.name + ".old")
    try:
        shutil.rmtree(partial, ignore_errors=True)
        nlp.to_disk(partial)
        (partial / ABOUT).write_text(json.dumps({
            "documents": report.documents, "spans": report.spans, "labels": report.labels,
            "epochs": report.epochs, "trained": time.strftime("%Y-%m-%dT%H:%M:%SZ",
                                                              time.gmtime())}, indent=1))
        if target.exists():
            shutil.rmtree(old, ignore_errors=True)
            target.rename(old)
        partial.rename(target)
        shutil.rmtree(old, ignore_errors=True)
    except OSError as e:
        shutil.rmtree(partial, ignore_errors=True)
        raise InvalidInput(f"cannot write the model: {e.strerror}", str(target)) from None


def train_project(store, *, annotator: str | None = None, gold: bool = False,
                  status: str = "done", epochs: int = 10,
                  progress: Callable[[Epoch | None], None] | None = None) -> TrainReport:
    """Train on the project's finished documents and store the model beside the project."""
    if store.path is None:
        raise InvalidInput("a model is stored beside its project file; this project has none")
    report = TrainReport()
    train(examples(store, annotator, gold, status), model_path(store.path), epochs=epochs,
          progress=progress, report=report)
    return report


# ------------------------------------------------------------------------ scoring
def predicted_spans(nlp, text: str) -> list[tuple[int, int, str]]:
    doc = nlp(make_doc(nlp.vocab, text))
    return [(e.start_char, e.end_char, e.label_) for e in doc.ents]


def exact_scores(nlp, items: Iterable[Example]) -> dict[str, float]:
    """Exact-span precision, recall and F1 of the model on `items` (pooled)."""
    found = wanted = right = 0
    for item in items:
        predicted = set(predicted_spans(nlp, item.text))
        truth = {(*trimmed(item.text, s, e), label) for s, e, label in item.spans}
        found, wanted = found + len(predicted), wanted + len(truth)
        right += len(predicted & truth)
    p = right / found if found else 0.0
    r = right / wanted if wanted else 0.0
    return {"precision": p, "recall": r, "f1": 2 * p * r / (p + r) if p + r else 0.0}

