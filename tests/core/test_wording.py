"""One way to shorten text for display: on one line, and "…" wherever it was cut."""

from hypothesis import given
from hypothesis import strategies as st

from annotator.core.text import title_of
from annotator.core.wording import shorten


@given(st.text(alphabet=st.sampled_from("ab \n\t\u00a0é😀"), max_size=400),
       st.integers(min_value=2, max_value=80))
def test_a_shortened_text_is_whole_or_says_it_was_cut(text, limit):
    one_line = " ".join(text.split())
    short = shorten(text, limit)
    assert len(short) <= limit
    if short == one_line:
        return
    assert short.endswith("…")
    assert one_line.startswith(short[:-1])


def test_a_span_cut_short_does_not_look_whole():
    claim = "the talks would reflect badly on Xinhua's coverage of the summit"
    assert shorten(claim, 36) == "the talks would reflect badly on Xi…"
    assert shorten("  Yin\n said  ") == "Yin said"
    assert shorten("word " * 20 + " " * 500 + "end", 200).endswith("end")


def test_a_title_from_a_long_first_line_is_cut_with_an_ellipsis():
    assert title_of("A" * 300 + "\nbody", limit=120) == "A" * 119 + "…"
