"""The project model: what it learns from, what it skips, that it learns, and `annotator train`."""

from __future__ import annotations

import json

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from click.testing import CliRunner

from annotator.cli import main
from annotator.core.errors import Cancelled, InvalidInput
from annotator.core.models import GOLD
from annotator.core.store import Store
from annotator.core.suggest import load
from annotator.core.train import Example, TrainReport, examples, model_path, train, \
    train_project

TEXTS = ["Analysts at Trivium China said exports fell.",
         "Trivium China expects tariffs to rise, said Liu.",
         "A report by Trivium China on Monday was gloomy.",
         "Officials met Trivium China staff in Beijing.",
         "The data, Trivium China said, show a slowdown.",
         "Trivium China is a consultancy.",
         "Nobody at the ministry spoke.",
         "Beijing said the talks would go on."]


def done_project(path, annotator="alice") -> Store:
    store = Store.open(path)
    for i, text in enumerate(TEXTS):
        doc, _ = store.add_document(text, uid=str(i))
        for name, label in (("Trivium China", "ORG"), ("Beijing", "PLACE")):
            k = text.find(name)
            if k >= 0:
                store.add_span(doc, annotator, k, k + len(name), label)
        store.set_status(doc, annotator, "done")
    return store


def test_a_trained_model_finds_a_repeated_span_in_an_unseen_document(project):
    store = done_project(project)
    epochs = []
    report = train_project(store, epochs=30, progress=lambda e: e and epochs.append(e))
    assert [e.number for e in epochs] == list(range(1, 31))
    assert report.documents == 8 and report.spans == 8 and report.labels == ["ORG", "PLACE"]
    assert model_path(project).is_dir()
    assert json.loads((model_path(project) / "annotator.json").read_text())["documents"] == 8
    text = "😀 Later, Trivium China\r\nwrote to us."
    found = [(text[s.start:s.end], s.label, s.source) for s in
             load("model", store).suggest(text).spans]
    assert ("Trivium China", "ORG", "model") in found
    store.close()


def test_what_is_learnt_from(fresh_db):
    store = fresh_db
    a, _ = store.add_document("Xi met Liu.", uid="a")
    b, _ = store.add_document("Liu met Xi.", uid="b")
    store.add_span(a, "alice", 0, 2, "PERSON")
    store.set_status(a, "alice", "done")
    store.add_span(b, "bob", 0, 3, "PERSON")  # in progress: not learnt
    store.set_status(a, "bob", "done")  # done, no spans: learnt as "nothing here"
    store.add_span(b, GOLD, 7, 9, "PERSON")
    everyone = examples(store)
    assert sorted(everyone, key=lambda e: e.text) == [
        Example("Liu met Xi.", ((7, 9, "PERSON"),)),  # its gold layer
        Example("Xi met Liu.", ((0, 2, "PERSON"),)), Example("Xi met Liu.", ())]
    assert examples(store, annotator="bob") == [Example("Xi met Liu.", ())]
    assert examples(store, annotator="bob", status="in_progress") == [
        Example("Liu met Xi.", ((0, 3, "PERSON"),))]
    assert examples(store, gold=True) == [Example("Liu met Xi.", ((7, 9, "PERSON"),))]
    with pytest.raises(InvalidInput, match="not both"):
        examples(store, annotator="bob", gold=True)


def test_spans_are_trimmed_and_those_off_token_boundaries_counted():
    report = TrainReport()
    items = [Example("Mr Liu He said no.", ((2, 9, "PERSON"),  # " Liu He": trimmed
                                            (4, 9, "PERSON"),  # "u He": not on tokens
                                            (3, 6, "ORG"),  # "Liu" inside "Liu He"
                                            (0, 2, "PERSON")))]
    train(items, None, epochs=1, report=report)
    assert (report.spans, report.misaligned, report.overlapping) == (2, 1, 1)
    assert "1 span not on token boundaries" in report.summary()


def test_cancel_leaves_the_model_that_was_there(project):
    store = done_project(project)
    train_project(store, epochs=1)
    about = (model_path(project) / "annotator.json").read_text()

    def cancel(epoch):
        if epoch is not None:
            raise Cancelled("cancelled")

    with pytest.raises(Cancelled):
        train_project(store, epochs=3, progress=cancel)
    assert (model_path(project) / "annotator.json").read_text() == about
    assert sorted(p.name for p in project.parent.iterdir() if ".model" in p.name) == [
        "test.annotator.model"]
    store.close()


def test_nothing_finished_nothing_trained(project):
    store = Store.open(project)
    store.add_document("Xi met Liu.", uid="a")
    with pytest.raises(InvalidInput, match="no finished documents"):
        train_project(store)
    store.close()
    assert not model_path(project).exists()


def test_no_model_yet_says_how_to_make_one(project):
    store = Store.open(project)
    with pytest.raises(InvalidInput, match="annotator train"):
        load("model", store)
    store.close()


def test_the_train_command(project):
    done_project(project).close()
    result = CliRunner().invoke(main, ["train", str(project), "--epochs", "2"])
    assert result.exit_code == 0, result.output
    assert "epoch 1/2: loss" in result.output and "epoch 2/2" in result.output
    assert "Trained on 8 documents (8 spans; labels ORG, PLACE)" in result.output
    assert model_path(project).is_dir()
    result = CliRunner().invoke(main, ["train", str(project), "--gold"])
    assert result.exit_code == 1
    assert "Error: no finished documents to train on" in result.output
    result = CliRunner().invoke(main, ["train", str(project), "--gold", "-a", "x"])
    assert result.exit_code == 2


def test_rejected_suggestions_are_learnt_as_not_spans(project, monkeypatch):
    store = done_project(project)
    first = store.document_ids("alice")[0]  # "Analysts at Trivium China said exports fell."
    rejected = {(0, 8, "PERSON"), (12, 25, "ORG"), (1, 8, "ORG")}  # Analysts; a span; off tokens
    monkeypatch.setattr(Store, "suggestion_rejections", lambda self, doc_id, name:
                        rejected if (doc_id, name) == (first, "alice") else set(),
                        raising=False)
    items = examples(store)
    assert items[0].rejected == ((0, 8, "PERSON"), (1, 8, "ORG"), (12, 25, "ORG"))
    report = train_project(store, epochs=2)
    # "Analysts" as PERSON is learnt as wrong; the ORG alice kept and the span off tokens not
    assert report.negatives == 1
    assert "8 spans, 1 rejected suggestion;" in report.summary()
    assert load("model", store).nlp.get_pipe_config("ner")["incorrect_spans_key"] == \
        "incorrect_spans"  # the model that reads back learnt them
    store.close()


def test_ctrl_c_stops_the_train_command_and_keeps_the_model(project, monkeypatch):
    import annotator.core.train as training

    done_project(project).close()
    assert CliRunner().invoke(main, ["train", str(project), "--epochs", "1"]).exit_code == 0
    about = (model_path(project) / "annotator.json").read_text()

    def interrupted(*args, **kwargs):
        kwargs["progress"](None)
        raise KeyboardInterrupt

    monkeypatch.setattr(training, "train", interrupted)
    result = CliRunner().invoke(main, ["train", str(project)])
    assert result.exit_code == 1
    assert "Cancelled: the model that was there is kept" in result.output
    assert (model_path(project) / "annotator.json").read_text() == about


@settings(max_examples=80, deadline=None)
@given(st.text(alphabet="ab '’.-\r\n\t😀习é", max_size=40))
def test_the_model_s_words_are_the_text_and_keep_every_token_boundary(text):
    from annotator.core.text import Tokens
    from annotator.core.train import model_words

    words, spaces = model_words(text)
    assert "".join(w + (" " if s else "") for w, s in zip(words, spaces)) == text
    edges, at = set(), 0
    for w, s in zip(words, spaces):
        edges |= {at, at + len(w)}
        at += len(w) + s
    tokens = Tokens.of(text)
    assert set(tokens.starts) | set(tokens.ends) <= edges
