"""The quote rules: who said what, found by rule in news sentences."""

from __future__ import annotations

import json
from pathlib import Path

from hypothesis import given, settings, strategies as st

from annotator.core.suggest import load
from annotator.core.suggest.quotes import make

SEED = Path(__file__).resolve().parents[2] / "seeds" / "bt-xi-trade-talks.jsonl"


def found(text: str) -> dict:
    """What the rules propose, as text: spans by label, attrs, and SAID pairs."""
    proposal = make(None).suggest(text)
    out: dict = {"CLAIM": [], "SPEAKER": [], "CUE": [], "attrs": {}, "pairs": []}
    for span in proposal.spans:
        words = text[span.start:span.end]
        out[span.label].append(words)
        out["attrs"][words] = dict(span.attrs)
    for link in proposal.links:
        head, child = proposal.spans[link.head], proposal.spans[link.child]
        assert link.label == "SAID"
        out["pairs"].append((text[head.start:head.end], text[child.start:child.end]))
    return out


def test_a_direct_quote_with_the_speaker_after_it_and_his_title():
    out = found('"We will not accept these tariffs under any circumstances," said '
                'Vice-Premier Liu He.')
    assert out["pairs"] == [("Vice-Premier Liu He",
                             "We will not accept these tariffs under any circumstances")]
    assert out["CUE"] == ["said"]
    assert out["attrs"]["Vice-Premier Liu He"] == {"kind": "person"}
    assert out["attrs"]["We will not accept these tariffs under any circumstances"] == {
        "quote": "direct"}


def test_a_direct_quote_after_a_colon_and_the_speaker_before_it():
    out = found('Regina Ip said in a press conference: "The behaviour of my colleagues is '
                'anti-democratic."')
    assert out["pairs"] == [("Regina Ip", "The behaviour of my colleagues is anti-democratic.")]


def test_reported_speech_after_a_speech_verb_with_a_date_between():
    out = found("US Trade Representative Robert Lighthizer said on Monday the talks would resume "
                "in September.")
    assert out["pairs"] == [("US Trade Representative Robert Lighthizer",
                             "the talks would resume in September")]
    assert out["attrs"]["the talks would resume in September"] == {"quote": "indirect"}


def test_said_that_and_a_described_speaker():
    out = found("Analysts said that the yuan would weaken further this year.")
    assert out["pairs"] == [("Analysts", "the yuan would weaken further this year")]
    assert out["attrs"]["Analysts"] == {"kind": "anonymous"}


def test_told_reporters():
    out = found("Mr Trump told reporters that China wanted a deal very badly.")
    assert out["pairs"] == [("Mr Trump", "China wanted a deal very badly")]
    assert out["CUE"] == ["told"]


def test_according_to_before_and_after_the_claim():
    out = found("According to the sources, Beijing is preparing a new offer.")
    assert out["pairs"] == [("the sources", "Beijing is preparing a new offer")]
    assert out["CUE"] == ["According to"]
    out = found("Beijing is preparing a new offer, according to a spokesman for the ministry.")
    assert out["pairs"] == [("a spokesman for the ministry", "Beijing is preparing a new offer")]
    assert out["attrs"]["a spokesman for the ministry"] == {"kind": "anonymous"}


def test_the_claim_before_the_speaker():
    out = found("The talks will resume in Washington next month, the ministry said on Friday.")
    assert out["pairs"] == [("the ministry", "The talks will resume in Washington next month")]
    assert out["attrs"]["the ministry"] == {"kind": "organisation"}


def test_a_split_quote_is_two_claims_of_one_speaker():
    out = found('"The deal is off," she said, "and we will not be returning to the table."')
    assert out["pairs"] == [("she", "The deal is off"),
                            ("she", "and we will not be returning to the table.")]
    assert out["SPEAKER"] == ["she"]
    assert out["attrs"]["she"] == {"kind": "pronoun"}


def test_a_quote_continues_over_paragraphs():
    text = ('Ether Yin said: "The first round went badly for both sides.\n\n'
            '"Nobody wants to be seen to blink first."')
    out = found(text)
    assert out["pairs"] == [("Ether Yin", "The first round went badly for both sides."),
                            ("Ether Yin", "Nobody wants to be seen to blink first.")]


def test_a_mixed_quote_is_the_reported_clause_with_its_fragment():
    out = found('Mr Liu said he had "a very strong feeling" that Mr Trump wanted good relations '
                'with Beijing.')
    claim = 'he had "a very strong feeling" that Mr Trump wanted good relations with Beijing'
    assert out["pairs"] == [("Mr Liu", claim)]
    assert out["attrs"][claim] == {"quote": "mixed"}


def test_scare_quotes_and_terms_give_nothing():
    for text in ('The so-called "phase one" deal was signed in January.',
                 'Officials warned of a "trade war" that nobody would win.',
                 'The band released "Uncle John\'s Band" in 1970.'):
        assert found(text)["CLAIM"] == [], text


def test_no_line_break_between_a_quote_and_its_speaker():
    out = found('"We are ready to talk whenever they are."\nMr Trump said nothing more.')
    assert ("Mr Trump", "We are ready to talk whenever they are.") not in out["pairs"]


def test_straight_and_typographic_marks_give_the_same_spans():
    text = json.loads(SEED.read_text(encoding="utf-8").splitlines()[0])["text"]
    curly, opening = [], True
    for ch in text:
        if ch == '"':
            curly.append("“" if opening else "”")
            opening = not opening
        else:
            curly.append(ch)
    curly_text = "".join(curly)
    assert len(curly_text) == len(text) and curly_text != text

    def shape(t):
        p = make(None).suggest(t)
        return ([(s.start, s.end, s.label, dict(s.attrs)) for s in p.spans],
                [(link.head, link.child) for link in p.links])

    assert shape(text) == shape(curly_text)
    assert shape(text)[0]  # and they are not both empty


def test_the_seed_article_quotes_are_found_with_their_speakers():
    text = json.loads(SEED.read_text(encoding="utf-8").splitlines()[0])["text"]
    pairs = found(text)["pairs"]
    expected = [
        ("Ether Yin", "If another deal is rejected it would also reflect badly on Xi"),
        ("Ether Yin", "Negotiations are about who has the upper hand. If you've been rejected "
                      "once and then you approach the other party again, it makes you look weak."),
        ("Susan Shirk", "They are calling for greater moderation and restraint."),
        ("Mr Yin", "The narrative is that China has been stealing tech from the West, and poses a "
                   "strategic threat"),
        ("the sources", "Mr Xi's administration still wants to cut a deal with the US and is open "
                        "to talks, but it will be hard for Chinese negotiators to trust their "
                        "American counterparts"),
        ("Mr Trump", "the US would slap tariffs on as much as US$50 billion of Chinese imports, a "
                     "precursor to further escalations"),
        ("he", "I want to hear if any big company here would like to make a complaint here on "
               "the theft of intellectual property, so that I will take great measures"),
    ]
    for pair in expected:
        assert pair in pairs, pair
    speakers = {s for s, _ in pairs}
    assert "Vice-Premier Liu He" in speakers and "three Chinese officials" in speakers


def test_the_registry_loads_the_quote_source():
    source = load("quotes", None)
    assert source.name == "quotes"
    assert found("Analysts said the yuan would weaken.")["CLAIM"] == ["the yuan would weaken"]


_PIECES = st.sampled_from([
    '"', "“", "”", "„", "«", "»", "'", " ", "  ", "\n", "\n\n", ",", ".", ":", "?", "!", " said ",
    " told reporters ", "according to ", "According to ", "Mr Trump", "the sources", " he ",
    "She", " that ", "Vice-Premier Liu He", "a spokesman for the ministry", "The talks failed",
    "we will never accept this deal", "analysts", " added", "😀", "\r\n", "\u2028", "\t", "x",
])


@settings(max_examples=300, deadline=None)
@given(st.lists(_PIECES, max_size=40).map("".join))
def test_spans_lie_in_the_text_are_trimmed_and_links_join_a_speaker_to_a_claim(text):
    proposal = make(None).suggest(text)
    for span in proposal.spans:
        assert 0 <= span.start < span.end <= len(text)
        words = text[span.start:span.end]
        assert words == words.strip()
        assert span.label in ("CLAIM", "SPEAKER", "CUE")
        assert span.source == "quotes"
    for link in proposal.links:
        assert proposal.spans[link.head].label == "SPEAKER"
        assert proposal.spans[link.child].label == "CLAIM"
    assert len(set((s.start, s.end, s.label) for s in proposal.spans)) == len(proposal.spans)


def test_the_benchmark_sets_read_as_our_jsonl_with_attributes_and_said_links():
    from annotator.core.formats import jsonl

    data = SEED.parents[1] / "benchmarks" / "data" / "quotes"
    for name in ("dev", "test"):
        records = list(jsonl.read(data / f"{name}.jsonl"))
        assert len(records) >= 15
        for line, record in zip((data / f"{name}.jsonl").read_text("utf-8").splitlines(),
                                records):
            spans = {s["id"]: s for s in json.loads(line)["spans"]}
            for span in spans.values():
                words = record.text[span["start"]:span["end"]]
                assert words == span["text"] == words.strip()
                if span["label"] == "CLAIM":
                    assert span["attrs"]["quote"] in ("direct", "indirect", "mixed")
                if span["label"] == "SPEAKER":
                    assert span["attrs"]["kind"] in ("person", "organisation", "anonymous",
                                                     "pronoun")
            for rel in record.relations:
                assert rel.label == "SAID"
                assert spans[rel.head]["label"] == "SPEAKER"
                assert spans[rel.child]["label"] == "CLAIM"


def test_text_without_sentence_ends_is_cut_into_pieces_without_losing_a_quote():
    text = " and ".join(['"We will never accept this deal," said Mr Trump'] * 300)
    assert len(text) > 3 * 3000
    out = found(text)
    assert set(out["CLAIM"]) == {"We will never accept this deal"}
    assert len(out["pairs"]) == 300 and {s for s, _ in out["pairs"]} == {"Mr Trump"}
