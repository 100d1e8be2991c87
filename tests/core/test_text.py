import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from annotator.core.errors import InvalidInput
from annotator.core.text import Tokens, decode, snap, title_of


def test_decode_drops_only_a_utf8_bom():
    assert decode(b"\xef\xbb\xbfa\r\nb", "f") == "a\r\nb"
    assert decode("a\ufeffb".encode(), "f") == "a\ufeffb"


def test_decode_refuses_other_encodings_naming_the_file():
    with pytest.raises(InvalidInput, match=r"^x.txt: not UTF-8 \(byte 0xe9 at offset 3\)"):
        decode("caf\u00e9".encode("latin-1"), "x.txt")
    assert decode("caf\u00e9".encode("latin-1"), "x.txt", "latin-1") == "café"
    with pytest.raises(InvalidInput, match="unknown encoding"):
        decode(b"abc", "x.txt", "klingon")


def test_tokens_keep_words_with_inner_punctuation():
    text = "Mr Xi's Vice-Premier, US$50 billion 😀!"
    tokens = Tokens.of(text)
    words = [text[s:e] for s, e in zip(tokens.starts, tokens.ends)]
    assert words == ["Mr", "Xi's", "Vice-Premier", ",", "US", "$", "50", "billion", "😀", "!"]


@pytest.mark.parametrize("word", ["हिन्दी", "كَتَبَ", "e\u0301te\u0301"])
def test_combining_marks_stay_inside_their_word(word):
    text = f"say {word} now"
    tokens = Tokens.of(text)
    assert [text[s:e] for s, e in zip(tokens.starts, tokens.ends)] == ["say", word, "now"]
    start = text.index(word)
    assert snap(text, tokens, start + 1, start + 2) == (start, start + len(word))


@pytest.mark.parametrize("selected, expected", [
    ("ther Yi", "Ether Yin"),          # grows to whole words
    (' "Ether Yin," ', "Ether Yin"),   # drops surrounding space and punctuation
    ('Yin,"  a par', 'Yin,"  a partner'),  # keeps inner punctuation
    ("  ", None),                      # only whitespace: nothing
    (",", ","),                        # only punctuation: kept
])
def test_snap(selected, expected):
    text = 'said "Ether Yin,"  a partner'
    start = text.index(selected)
    got = snap(text, Tokens.of(text), start, start + len(selected))
    assert (text[got[0]:got[1]] if got else None) == expected


@given(st.text(alphabet="ab ,.😀\r\n\u2028é\u0301", max_size=40), st.data())
def test_snap_result_is_within_tokens_and_covers_the_selection_words(text, data):
    tokens = Tokens.of(text)
    start = data.draw(st.integers(0, len(text)))
    end = data.draw(st.integers(start, len(text)))
    got = snap(text, tokens, start, end)
    if got is None:
        return
    s, e = got
    assert 0 <= s < e <= len(text)
    assert s in tokens.starts and e in tokens.ends
    assert not text[s].isspace() and not text[e - 1].isspace()


def test_title_is_the_first_non_blank_line():
    assert title_of("\n\n  Burned once   by Trump \nbody") == "Burned once by Trump"
    assert title_of("x" * 200, limit=10) == "xxxxxxxxx…"


def _first_line_title(text: str, limit: int) -> str:
    """The rule, read off the whole text: first non-blank line, spaces collapsed, shortened."""
    for line in text.splitlines():
        line = " ".join(line.split())
        if line:
            return line if len(line) <= limit else line[: limit - 1].rstrip() + "…"
    return ""


@settings(max_examples=300, deadline=None)
@given(st.text(st.sampled_from(list("ab \n\r\t\u2028\x1c😀")), max_size=600),
       st.integers(1, 130))
def test_title_reads_only_the_head_but_equals_the_first_line_rule(text, limit):
    assert title_of(text, limit) == _first_line_title(text, limit)


@settings(max_examples=300, deadline=None)
@given(st.text(st.sampled_from(list("ab.' -\n\u00a0\u0301😀中国ภา\u0e48,")), max_size=300),
       st.integers(0, 300), st.integers(0, 40), st.integers(0, 20))
def test_tokens_near_a_selection_are_the_whole_texts_there(text, start, width, margin):
    start = min(start, len(text))
    end = min(len(text), start + width)
    whole, near = Tokens.of(text), Tokens.near(text, start, end, margin)
    pairs = set(zip(whole.starts, whole.ends))
    assert set(zip(near.starts, near.ends)) <= pairs
    if near.starts:  # nothing of the whole text's is missing inside the stretch
        inside = {(s, e) for s, e in pairs if near.starts[0] <= s and e <= near.ends[-1]}
        assert inside == set(zip(near.starts, near.ends))
    assert snap(text, near, start, end) == snap(text, whole, start, end)
