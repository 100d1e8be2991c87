"""Exact JSON: what `json` reads (integers of any size exact), at orjson's speed; a key given
twice in any object, at any depth, is refused."""

import json

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from annotator.core import jsontext
from annotator.core.errors import InvalidInput

keys = st.sampled_from(["a", "b", "text", 'q":', "é", "\\", " :"])
values = st.recursive(
    st.none() | st.booleans() | st.integers(-2**90, 2**90) | st.text(max_size=6)
    | st.floats(allow_nan=False, allow_infinity=False),
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(keys, inner, max_size=3),
    max_leaves=8)


def write(value, ascii_only, spaced):
    """JSON text the way various writers write it (escaped or not, spaces around ':')."""
    if isinstance(value, dict):
        colon = " : " if spaced else ":"
        return "{" + ",".join(write(k, ascii_only, spaced) + colon + write(v, ascii_only, spaced)
                              for k, v in value.items()) + "}"
    if isinstance(value, list):
        return "[" + ",".join(write(v, ascii_only, spaced) for v in value) + "]"
    return json.dumps(value, ensure_ascii=ascii_only)


@settings(max_examples=300, deadline=None)
@given(st.dictionaries(keys, values, max_size=4), st.booleans(), st.booleans())
def test_reads_what_json_reads_exactly(value, ascii_only, spaced):
    text = write(value, ascii_only, spaced)
    assert jsontext.loads(text) == json.loads(text)
    assert jsontext.loads(jsontext.dumps(value)) == value


@st.composite
def with_a_key_twice(draw):
    """A JSON text with one object (at some depth) that gives a key twice."""
    value = draw(st.dictionaries(keys, values, max_size=3))
    key = draw(keys)
    inner = "{" + ",".join([json.dumps(key) + ":" + write(draw(values), False, False),
                            *[json.dumps(k) + ":" + write(v, False, False)
                              for k, v in value.items() if k != key],
                            json.dumps(key) + ":" + write(draw(values), False, False)]) + "}"
    for _ in range(draw(st.integers(0, 3))):  # nest it
        inner = draw(st.sampled_from(['{"x": %s}', '[1, %s]', '{"a": [%s, 2], "b": 1}'])) % inner
    return inner


@settings(max_examples=300, deadline=None)
@given(with_a_key_twice())
def test_a_key_given_twice_is_refused(text):
    with pytest.raises(InvalidInput, match="given twice"):
        jsontext.loads(text, "f:1")
