"""A JSON array read element by element (core/jsonarray.py) gives what reading the whole
file gives: the same values, and for a broken file the same message on the same line. Chunks
are made tiny here so that elements, strings and numbers are cut at every place."""

import json

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from annotator.core import jsonarray
from annotator.core.errors import InvalidInput
from annotator.core.formats import labelstudio
from tests.core.test_jsontext import values, with_a_key_twice, write

SPACES = st.sampled_from(["", " ", "\n", "\r\n  ", "\t"])


@st.composite
def array_text(draw):
    """A JSON array as different writers write it: spaced, indented or packed."""
    elements = draw(st.lists(values, max_size=6))
    ascii_only, spaced = draw(st.booleans()), draw(st.booleans())
    parts = [draw(SPACES) + write(v, ascii_only, spaced) + draw(SPACES) for v in elements]
    return draw(SPACES) + "[" + ",".join(parts) + (draw(SPACES) if not parts else "") + "]" \
        + draw(SPACES)


def whole(path):
    """What the reader did before it streamed: the file parsed whole (labelstudio._load)."""
    return labelstudio._load(path, None)


def streamed(path, chunk=jsonarray.CHUNK):
    """Read in chunks of `chunk` bytes."""
    saved, jsonarray.CHUNK = jsonarray.CHUNK, chunk
    try:
        return list(jsonarray.items(path, str(path)))
    finally:
        jsonarray.CHUNK = saved


def outcome(read, path, *args):
    try:
        return read(path, *args)
    except InvalidInput as e:
        return f"error: {e}"
    except jsonarray.SyntaxAt as e:
        return f"error: {labelstudio._not_json(e, str(path))}"


CHUNKS = [1, 3, 64, jsonarray.CHUNK]
chunks = st.sampled_from(CHUNKS)


@settings(max_examples=150, deadline=None)
@given(text=array_text(), bom=st.booleans(), chunk=chunks)
def test_every_element_as_the_whole_file_gives_it(tmp_path_factory, chunk, text, bom):
    path = tmp_path_factory.mktemp("a") / "a.json"
    path.write_bytes((b"\xef\xbb\xbf" if bom else b"") + text.encode())
    assert streamed(path, chunk) == whole(path) == json.loads(text)


@settings(max_examples=300, deadline=None)
@given(text=array_text(), chunk=chunks, at=st.integers(0, 10**6), cut=st.integers(0, 3),
       put=st.sampled_from(["", ",", "]", "[", "{", "}", '"', ":", "x", "1", "\n", "NaN",
                            '"\\ud800"', "\\", "\x00", "é"]))
def test_a_broken_array_is_refused_as_before(tmp_path_factory, chunk, text, at, cut, put):
    """Cut some characters out somewhere and put others in: the message and the line are
    those of the whole file's reading (or both read the same values)."""
    at %= len(text) + 1
    broken = text[:at] + put + text[at + cut:]
    path = tmp_path_factory.mktemp("b") / "b.json"
    path.write_text(broken, encoding="utf-8")
    before = outcome(whole, path)
    if not isinstance(before, str) and not isinstance(before, list):
        return  # no longer an array: the reader reads it whole (labelstudio._tasks)
    try:
        after = outcome(streamed, path, chunk)
    except jsonarray.NotAnArray:
        assert not broken.strip().startswith("[")
        return
    assert after == before


@settings(max_examples=100, deadline=None)
@given(text=with_a_key_twice(), before=st.lists(values, max_size=3), lines=st.integers(0, 3),
       chunk=chunks)
def test_a_key_given_twice_is_refused_on_its_line(tmp_path_factory, text, before, lines,
                                                 chunk):
    path = tmp_path_factory.mktemp("d") / "d.json"
    array = "[" + "\n" * lines + ",\n".join([*(json.dumps(v) for v in before), text]) + "]"
    path.write_text(array, encoding="utf-8")
    expected = outcome(whole, path)
    assert "given twice" in expected
    assert outcome(streamed, path, chunk) == expected


@pytest.mark.parametrize("chunk", CHUNKS)
def test_errors_far_into_a_big_file_name_their_line(tmp_path, chunk):
    if chunk == 1:
        pytest.skip("1-byte chunks of a megabyte: slow, and the smaller files cover it")
    task = '{"data": {"text": "%s", "n": 123456789012345678901234567890}}' % ("é" * 3000)
    lines = [task] * 400
    path = tmp_path / "big.json"
    path.write_text("[\n" + ",\n".join(lines) + "\n]\n", encoding="utf-8")
    values_ = streamed(path, chunk)
    assert len(values_) == 400 and values_[-1]["data"]["n"] == 123456789012345678901234567890
    lines[300] = lines[300].replace('"n"', '"text"')  # a key twice, on line 302
    path.write_text("[\n" + ",\n".join(lines) + "\n]\n", encoding="utf-8")
    assert outcome(streamed, path, chunk) == (f"error: {path}:302: the key 'text' is given twice in "
                                       "one object (which one is meant?)")
    lines[300] = lines[300][:-1]  # a brace missing, on line 302
    path.write_text("[\n" + ",\n".join(lines) + "\n]\n", encoding="utf-8")
    assert outcome(streamed, path, chunk) == outcome(whole, path)
    assert outcome(streamed, path, chunk).startswith(f"error: {path}:303: not valid JSON (")


@pytest.mark.parametrize("data, says", [
    (b'[{"a": 1}]\x00', "holds NUL bytes"),
    (b'[{"a": "\xff"}]', "not UTF-8 (byte 0xff at offset 8)"),
    (b'[{"a": "\xe2\x82"}]', "not UTF-8 (byte 0xe2 at offset 8)"),
    (b'[{"a": "\xe2\x82', "not UTF-8 (byte 0xe2 at offset 8)"),
])
@pytest.mark.parametrize("chunk", CHUNKS)
def test_a_file_that_is_not_utf8_text_is_refused_as_before(tmp_path, chunk, data, says):
    path = tmp_path / "x.json"
    path.write_bytes(data)
    assert says in outcome(whole, path)
    assert outcome(streamed, path, chunk) == outcome(whole, path)


@pytest.mark.parametrize("chunk", CHUNKS)
def test_other_encodings_are_read_too(tmp_path, chunk):
    path = tmp_path / "u16.json"
    path.write_text('[{"text": "Mr Yin said"}, 2]', encoding="utf-16")  # with its BOM
    assert streamed(path, chunk) == [{"text": "Mr Yin said"}, 2]
    path.write_bytes('[{"text": "été"}]'.encode("latin-1"))
    assert list(jsonarray.items(path, str(path), "latin-1")) == [{"text": "été"}]


def test_not_an_array_is_left_to_the_whole_reading(tmp_path):
    path = tmp_path / "o.json"
    path.write_text('{"a": [1, 2]}')
    with pytest.raises(jsonarray.NotAnArray):
        streamed(path)


@pytest.mark.parametrize("chunk", CHUNKS)
def test_deep_nesting_is_refused_as_before(tmp_path, chunk):
    for depth in (990, 1022, 1023, 1024, 5000):
        path = tmp_path / f"deep{depth}.json"
        path.write_text("[" * depth + "]" * depth)
        assert outcome(streamed, path, chunk) == outcome(whole, path), depth
    path.write_text("[" + "[" * 1010 + "1" + "]" * 1010 + ", 2]")  # json's scanner gives up
    assert outcome(streamed, path, chunk) == outcome(whole, path)
    assert "depth limit exceeded" in outcome(whole, path)  # (a traceback before)
    path.write_text("[" + "[" * 900 + "1" + "]" * 900 + ", 2]")
    assert streamed(path, chunk) == whole(path)


# ------------------------------------------------- the Label Studio reader, streamed
WORDS = ["Mr", "Yin", "said", "talks", "é", "😀", "\u2028", "Beijing", " ", "\n"]


@st.composite
def label_studio_export(draw):
    """Tasks as Label Studio (or our export) writes them: texts, regions with one or more
    labels, relations, users, meta fields that include integers beyond 64 bits."""
    tasks = []
    for n in range(draw(st.integers(0, 4))):
        text = "".join(draw(st.lists(st.sampled_from(WORDS), min_size=1, max_size=12)))
        data = {"text": text, **draw(st.dictionaries(st.sampled_from(["uid", "source", "n"]),
                                                     st.integers(-2**80, 2**80) | st.text(
                                                         max_size=4), max_size=2))}
        annotations = []
        for a in range(draw(st.integers(0, 2))):
            result = []
            for m in range(draw(st.integers(0, 3))):
                start = draw(st.integers(0, len(text) - 1))
                end = draw(st.integers(start + 1, len(text)))
                result.append({"id": f"r{m}", "from_name": "label", "to_name": "text",
                               "type": "labels", "value": {
                                   "start": start, "end": end, "text": text[start:end],
                                   "labels": draw(st.lists(st.sampled_from(["PER", "ORG"]),
                                                           min_size=1, max_size=2))}})
            if len(result) > 1 and draw(st.booleans()):
                result.append({"type": "relation", "from_id": "r0", "to_id": "r1",
                               "direction": draw(st.sampled_from(["right", "left", "bi"]))})
            annotations.append({"result": result, "completed_by": {"email": f"u{a}@x.org"},
                                "was_cancelled": draw(st.booleans())})
        tasks.append({"id": n + 1, "data": data, "annotations": annotations})
    return tasks


@settings(max_examples=150, deadline=None)
@given(tasks=label_studio_export(), indent=st.sampled_from([None, 1, 2]),
       ascii_only=st.booleans(), chunk=chunks)
def test_the_label_studio_reader_reads_what_it_read_whole(tmp_path_factory, tasks, indent,
                                                         ascii_only, chunk):
    path = tmp_path_factory.mktemp("ls") / "export.json"
    path.write_text(json.dumps(tasks, indent=indent, ensure_ascii=ascii_only),
                    encoding="utf-8")
    saved = jsonarray.CHUNK
    try:
        jsonarray.CHUNK = chunk
        now = list(labelstudio.read(path))
    finally:
        jsonarray.CHUNK = saved
    read_whole = labelstudio._tasks
    try:  # the reader as it was: the whole file parsed, then its tasks
        labelstudio._tasks = lambda path, encoding: iter(whole(path))
        before = list(labelstudio.read(path))
    finally:
        labelstudio._tasks = read_whole
    assert now == before
    assert len({r.where.split(", annotation")[0] for r in now}) == len(tasks)
