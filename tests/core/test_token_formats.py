"""What token-based exports promise: Prodigy's `ws` rebuilds the text, a span inside a run of
Chinese or Japanese characters has token boundaries in every format, and CoNLL is valid IOB2
that maps back to the spans it kept."""

import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from annotator.core import exporter
from annotator.core.formats import others
from annotator.core.text import Tokens, snap, spaced

UNSPACED = "习近平表示中国ひらがなカタカナภาษา"
PIECES = ["Xi", "said", " ", "  ", "\n", "\r\n", "\r", "\t", "\u2028", "\xa0", ".", "!", ",",
          "“", "😀", "e\u0301", "3.5", "U.S", *UNSPACED, "習近平", "다"]


def texts(min_size=1):
    return st.lists(st.sampled_from(PIECES), min_size=min_size, max_size=25).map("".join)


def line_with(text, spans):
    return {"id": "d", "text": text, "meta": {}, "annotator": "alice", "status": "done",
            "spans": [{"id": i, "start": s, "end": e, "label": lb, "text": text[s:e]}
                      for i, (s, e, lb) in enumerate(spans)], "relations": []}


# ------------------------------------------------------------------ Prodigy's ws
@settings(max_examples=400, deadline=None)
@given(st.one_of(texts(0), st.text()))
def test_prodigy_tokens_and_ws_rebuild_the_text(text):
    task = others.prodigy(line_with(text, []))
    assert "".join(t["text"] + " " * t["ws"] for t in task["tokens"]) == text
    position = 0
    for t in task["tokens"]:
        assert t["start"] == position and text[t["start"]:t["end"]] == t["text"]
        position = t["end"] + t["ws"]
    assert [t["id"] for t in task["tokens"]] == list(range(len(task["tokens"])))


def test_a_line_break_is_a_token_not_a_space():
    task = others.prodigy(line_with("said:\r\n“no”  deal", [(8, 10, "CLAIM")]))
    assert [(t["text"], t["ws"]) for t in task["tokens"]] == [
        ("said", False), (":", False), ("\r\n", False), ("“", False), ("no", False),
        ("”", True), (" ", False), ("deal", False)]
    assert task["spans"][0]["token_start"] == task["spans"][0]["token_end"] == 4


@settings(max_examples=200, deadline=None)
@given(st.lists(st.sampled_from(["Xi", "said", " ", "  ", "\n", "\r\n", "\t", "\r", "\xa0"]),
                max_size=20).map("".join))
def test_words_and_whitespace_are_split_as_spacy_splits_them(text):
    spacy = pytest.importorskip("spacy")
    doc = _blank(spacy)(text)
    assert [(t.idx, t.idx + len(t.text), bool(t.whitespace_)) for t in doc] == spaced(text)


_NLP = {}


def _blank(spacy):
    if "nlp" not in _NLP:
        _NLP["nlp"] = spacy.blank("xx")
    return _NLP["nlp"]


# ------------------------------------------------------------------ scripts without spaces
def is_unspaced(ch):
    return ch in UNSPACED or ch in "習近平"


@settings(max_examples=300, deadline=None)
@given(st.one_of(texts(), st.text()))
def test_every_place_inside_a_run_of_han_kana_or_thai_is_a_token_boundary(text):
    tokens = Tokens.of(text)
    for i in range(1, len(text)):
        if is_unspaced(text[i - 1]) and is_unspaced(text[i]):
            assert i in tokens.ends and i in tokens.starts, (text, i)


def test_han_is_one_token_per_character_and_snapping_stays_inside_the_run():
    text = "习近平表示，中国“不会”让步。Hangul 한국어 stays a word"
    tokens = Tokens.of(text)
    words = [text[s:e] for s, e in zip(tokens.starts, tokens.ends)]
    assert words[:6] == ["习", "近", "平", "表", "示", "，"] and "한국어" in words
    assert snap(text, tokens, 0, 3) == (0, 3)


@st.composite
def span_on_tokens(draw):
    text = draw(texts())
    tokens = Tokens.of(text)
    if not len(tokens):
        return text, None
    first = draw(st.integers(0, len(tokens) - 1))
    last = draw(st.integers(first, len(tokens) - 1))
    return text, (tokens.starts[first], tokens.ends[last])


@settings(max_examples=200, deadline=None)
@given(span_on_tokens())
def test_a_span_on_token_boundaries_survives_prodigy_jsonl_tokens_conll_and_hf(case):
    text, span = case
    if span is None:
        return
    line = line_with(text, [(*span, "PER")])
    task = others.prodigy(line)
    s = task["spans"][0]
    assert task["tokens"][s["token_start"]]["start"] == span[0]
    assert task["tokens"][s["token_end"]]["end"] == span[1]
    ours = exporter.with_tokens(line)  # our JSONL with --tokens
    s = ours["spans"][0]
    assert (ours["tokens"][s["token_start"]]["start"], ours["tokens"][s["token_end"]]["end"]) \
        == span
    assert conll_spans(text, others.conll(line)[0]) == [(*span, "PER")]
    names = others.tag_names(["PER"])
    row, _ = others.hf(line, names)
    assert tag_spans(text, row["tokens"], [names[t] for t in row["ner_tags"]]) == [
        (*span, "PER")]


def test_a_span_in_the_middle_of_a_chinese_run_survives_the_docbin(tmp_path):
    spacy = pytest.importorskip("spacy")
    from spacy.tokens import DocBin

    from annotator.core.formats import spacy_docbin
    text = "习近平表示，中国不会让步。"
    spacy_docbin.write([line_with(text, [(0, 3, "PER"), (6, 8, "GPE")])], tmp_path / "x.spacy")
    (doc,) = DocBin().from_disk(tmp_path / "x.spacy").get_docs(spacy.blank("zh").vocab)
    assert [(e.text, e.label_) for e in doc.spans["sc"]] == [("习近平", "PER"), ("中国", "GPE")]


# ------------------------------------------------------------------ CoNLL is valid IOB2
def conll_sentences(block):
    sentences, current = [], []
    for row in block.split("\n"):
        if row.startswith("-DOCSTART-"):
            continue
        if not row:
            if current:
                sentences.append(current)
            current = []
            continue
        word, x, underscore, tag = row.split(" ")  # four columns, always
        assert (x, underscore) == ("-X-", "_")
        current.append((word, tag))
    assert not current
    return sentences


def tag_spans(text, words, tags):
    """Character spans from words (in order, whitespace between) and IOB2 tags."""
    spans, position, open_span = [], 0, None
    for word, tag in zip(words, tags):
        start = text.index(word, position)
        assert not text[position:start].strip()
        position = start + len(word)
        if tag.startswith("B-"):
            open_span = [start, position, tag[2:]]
            spans.append(open_span)
        elif tag.startswith("I-"):
            open_span[1] = position
    return [tuple(s) for s in spans]


def conll_spans(text, block):
    sentences = conll_sentences(block)
    for sentence in sentences:
        previous = "O"
        for _, tag in sentence:
            if tag.startswith("I-"):  # IOB2: I-X only after B-X or I-X, in one sentence
                assert previous in (f"B-{tag[2:]}", tag), sentence
            previous = tag
    words = [w for sentence in sentences for w, _ in sentence]
    tags = [t for sentence in sentences for _, t in sentence]
    return tag_spans(text, words, tags)


@st.composite
def annotated(draw):
    text = draw(texts())
    spans = []
    for _ in range(draw(st.integers(0, 4))):
        start = draw(st.integers(0, len(text) - 1))
        end = draw(st.integers(start + 1, len(text)))
        spans.append((start, end, draw(st.sampled_from(["CLAIM", "NEWS ORG"]))))
    return text, spans


@settings(max_examples=300, deadline=None)
@given(annotated())
def test_conll_is_valid_iob2_and_maps_back_to_the_spans_it_kept(case):
    text, spans = case
    line = line_with(text, spans)
    block, left_out = others.conll(line)
    tokens = Tokens.of(text)
    covered = set()
    for start, end, label in spans:
        hit = tokens.covering(start, end)
        if hit:
            covered.add((tokens.starts[hit[0]], tokens.ends[hit[1]], others.one_word(label)))
    back = conll_spans(text, block)
    assert set(back) <= covered
    assert len(back) == len(spans) - left_out


def test_a_span_across_a_sentence_end_keeps_its_sentence_whole():
    text = "He said: talks.\nare off. Then left"
    start, end = text.index("talks"), text.index("off") + 3
    block, _ = others.conll(line_with(text, [(start, end, "CLAIM")]))
    rows = block.split("\n")
    at = rows.index("talks -X- _ B-CLAIM")
    assert rows[at:at + 5] == ["talks -X- _ B-CLAIM", ". -X- _ I-CLAIM", "are -X- _ I-CLAIM",
                               "off -X- _ I-CLAIM", ". -X- _ O"]
    assert rows[at + 5] == ""  # the sentence ends after the span
    assert re.search(r"^Then", block, re.M)
