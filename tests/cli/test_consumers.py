"""The real consumers read our exports as they are: spaCy (DocBin and `spacy convert`) and
Hugging Face datasets (`load_dataset("json")` with a ClassLabel feature)."""

import subprocess
import sys

import orjson
import pytest

from annotator.core.store import Store
from tests.cli.test_cli import run
from tests.conftest import ROOT

spacy = pytest.importorskip("spacy")
from spacy.tokens import DocBin  # noqa: E402

SEED = ROOT / "seeds" / "bt-xi-trade-talks.jsonl"
TEXT = orjson.loads(SEED.read_bytes())["text"]
PHRASES = [("Vice-Premier Liu He", "SPEAKER"), ("a trade war had been avoided", "CLAIM"),
           ("Liu He", "PERSON"), ("US$50 billion", "QUANTITY"), ("Washington", "PLACE"),
           ("Ether Yin", "SPEAKER"), ("Trivium China", "ORG"), ("July 16", "DATE")]


@pytest.fixture
def sample_project(tmp_path):
    project = tmp_path / "sample.annotator"
    run("import", project, SEED)
    with Store.open(project) as store:
        spans = []
        for phrase, label in PHRASES:
            start = TEXT.index(phrase)
            spans.append(store.add_span(1, "alice", start, start + len(phrase), label))
        store.add_relation(spans[0].id, spans[1].id, "SAID", "alice")
        # one emoji-and-CRLF document too
        doc, _ = store.add_document("Mr Xi 😀 said:\r\n  “no deal”.\tBeijing waits.", uid="x")
        store.add_span(doc, "alice", 0, 5, "SPEAKER")
        store.add_span(doc, "alice", 18, 25, "CLAIM")
    return project


def test_spacy_reads_the_docbin_and_every_span_aligns(sample_project, tmp_path):
    out = tmp_path / "train.spacy"
    run("export", sample_project, "--format", "spacy", "-o", out)
    nlp = spacy.blank("en")
    docs = list(DocBin().from_disk(out).get_docs(nlp.vocab))
    lines = [orjson.loads(x) for x in run("export", sample_project).stdout_bytes.splitlines()]
    assert len(docs) == len(lines)
    for doc, line in zip(docs, lines):
        assert doc.text == line["text"]  # character for character, \r\n and emoji included
        for s in line["spans"]:
            span = doc.char_span(s["start"], s["end"], s["label"], alignment_mode="strict")
            assert span is not None and span.text == s["text"]
        assert sorted((sp.start_char, sp.end_char, sp.label_) for sp in doc.spans["sc"]) == \
            sorted((s["start"], s["end"], s["label"]) for s in line["spans"])
        ents = [(e.start_char, e.end_char) for e in doc.ents]
        assert ents == sorted(ents) and len(ents) <= len(line["spans"])
    assert docs[0].user_data["relations"][0]["label"] == "SAID"


def test_spacy_convert_reads_the_conll_export(sample_project, tmp_path):
    conll = tmp_path / "train.conll"
    conll.write_bytes(run("export", sample_project, "--format", "conll").stdout_bytes)
    out = tmp_path / "converted"
    out.mkdir()
    subprocess.run([sys.executable, "-m", "spacy", "convert", str(conll), str(out), "-c", "ner"],
                   check=True, capture_output=True)
    docs = list(DocBin().from_disk(out / "train.spacy").get_docs(spacy.blank("en").vocab))
    ents = {(e.text, e.label_) for doc in docs for e in doc.ents}
    assert ("Ether Yin", "SPEAKER") in ents and ("Trivium China", "ORG") in ents
    assert ("a trade war had been avoided", "CLAIM") in ents


def test_datasets_loads_hf_and_jsonl_and_the_label_feature_round_trips(sample_project,
                                                                        tmp_path, monkeypatch):
    monkeypatch.setenv("HF_DATASETS_OFFLINE", "1")
    monkeypatch.setenv("HF_HOME", str(tmp_path / "hf"))
    datasets = pytest.importorskip("datasets")
    hf = tmp_path / "train.jsonl"
    run("export", sample_project, "--format", "hf", "-o", hf)
    names = orjson.loads((tmp_path / "train.jsonl.labels.json").read_bytes())
    data = datasets.load_dataset("json", data_files=str(hf), split="train",
                                 cache_dir=str(tmp_path / "cache"))
    data = data.cast_column("ner_tags", datasets.Sequence(datasets.ClassLabel(names=names)))
    feature = data.features["ner_tags"].feature
    first = data[0]
    tagged = {(w, feature.int2str(t)) for w, t in zip(first["tokens"], first["ner_tags"])}
    assert ("Ether", "B-SPEAKER") in tagged and ("Yin", "I-SPEAKER") in tagged
    ours = tmp_path / "ours.jsonl"
    run("export", sample_project, "-o", ours)
    lines = datasets.load_dataset("json", data_files=str(ours), split="train",
                                  cache_dir=str(tmp_path / "cache2"))
    assert lines[0]["text"] == TEXT
    assert {(s["text"], s["label"]) for s in lines[0]["spans"]} == set(PHRASES)
