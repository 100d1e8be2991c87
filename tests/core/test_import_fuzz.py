"""Fuzzing every importer: whatever the bytes, import_paths either succeeds, and then every
stored span lies inside its document, or raises InvalidInput (one line, naming the file) and
leaves the project exactly as it was. Any other exception is a bug."""

import orjson
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from annotator.core.errors import InvalidInput
from annotator.core.importer import import_paths
from annotator.core.labels import check_name
from annotator.core.store import Store

FUZZ = settings(max_examples=200, deadline=None,
                suppress_health_check=[HealthCheck.function_scoped_fixture,
                                       HealthCheck.too_slow])

TEXT = "😀 Mr Yin said:\r\n“talks are off.” Tariffs rose 中国."
VALID_JSONL = orjson.dumps({
    "id": "d1", "text": TEXT, "annotator": "alice", "status": "done",
    "spans": [{"id": 1, "start": 2, "end": 8, "label": "SPEAKER", "text": "Mr Yin"},
              {"id": 2, "start": 17, "end": 32, "label": "CLAIM"}],
    "relations": [{"head": 1, "child": 2, "label": "SAID"}]}) + b"\n" + orjson.dumps(
    {"text": "Second one.", "label": [[0, 6, "CLAIM"]]}) + b"\n"
VALID_ANN = (f"T1\tSPEAKER 2 8\tMr Yin\nT2\tCLAIM 17 32\t{TEXT[17:32]}\n"
             "R1\tSAID Arg1:T1 Arg2:T2\n#1\tAnnotatorNotes T1\tnote\n").encode()
VALID_LS = orjson.dumps([{"id": 1, "data": {"text": TEXT, "uid": "d1"}, "annotations": [{
    "completed_by": 3, "result": [
        {"id": "a", "type": "labels", "value": {"start": 2, "end": 8, "labels": ["SPEAKER"],
                                                "text": "Mr Yin"}},
        {"id": "b", "type": "labels", "value": {"start": 17, "end": 32, "labels": ["CLAIM"]}},
        {"type": "relation", "from_id": "a", "to_id": "b", "labels": ["SAID"]}]}]}])

# Bytes that matter to the formats, so that mutations meet them more often than at random.
TOKENS = [b'"', b"{", b"}", b"[", b"]", b",", b":", b"\n", b"\r", b"\t", b" ", b";", b"-1",
          b"0", b"9", b"99999999999999999999999", b"1.5", b"null", b"true", b"\x00", b"\xff",
          b"\xef\xbb\xbf", b"\xff\xfe", b"\xe2\x80\xa8", b"\\u0000", b"\\ud800", b"T1", b"R1",
          b"Arg1:", b"start", b"end", b"label", b"text", b"[" * 300]


def dump(store: Store) -> dict:
    tables = [name for (name,) in store.db.execute(
        "SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name")]
    return {name: sorted(map(repr, store.db.execute(f'SELECT * FROM "{name}"')))
            for name in tables}


def seeded() -> Store:
    store = Store.memory()
    doc, _ = store.add_document("Already here: Xi spoke.", uid="seed")
    store.add_span(doc, "bob", 14, 16, "SPEAKER")
    return store


def check(paths: list, names: str, **options) -> None:
    """Import `paths` into a seeded project; `names` is what an error must start with."""
    store = seeded()
    before = dump(store)
    try:
        import_paths(store, paths, **options)
    except InvalidInput as e:
        message = str(e)
        assert "\n" not in message and "\r" not in message, message
        assert message.startswith(names), message
        assert dump(store) == before
    else:
        for doc in store.iter_documents():
            for span in store.spans(doc.id):
                assert 0 <= span.start < span.end <= len(doc.text), (span, len(doc.text))
        assert store.db.execute("PRAGMA foreign_key_check").fetchall() == []
        for label in store.labels():  # whatever a file brings, label names stay valid
            check_name(label.name)
    finally:
        store.close()


@st.composite
def mutated(draw, valid: bytes) -> bytes:
    data = bytearray(valid)
    for _ in range(draw(st.integers(1, 6))):
        at = draw(st.integers(0, len(data)))
        kind = draw(st.sampled_from(["flip", "insert", "token", "delete", "cut"]))
        if kind == "flip" and at < len(data):
            data[at] ^= 1 << draw(st.integers(0, 7))
        elif kind == "insert":
            data[at:at] = bytes([draw(st.integers(0, 255))])
        elif kind == "token":
            data[at:at] = draw(st.sampled_from(TOKENS))
        elif kind == "delete":
            del data[at:at + draw(st.integers(1, 8))]
        elif kind == "cut":
            del data[at:]
    return bytes(data)


def any_bytes(valid: bytes):
    return st.one_of(st.binary(max_size=300), mutated(valid))


def check_file(path, data: bytes) -> None:
    path.write_bytes(data)
    check([path], str(path))


@pytest.fixture(scope="module")
def folder(tmp_path_factory):
    return tmp_path_factory.mktemp("fuzz")


@FUZZ
@given(data=any_bytes(VALID_JSONL))
def test_jsonl_bytes(folder, data):
    check_file(folder / "in.jsonl", data)


@FUZZ
@given(data=any_bytes(TEXT.encode()))
def test_txt_bytes(folder, data):
    check_file(folder / "in.txt", data)


@FUZZ
@given(ann=any_bytes(VALID_ANN), txt=st.one_of(st.just(TEXT.encode()), any_bytes(TEXT.encode())))
def test_brat_bytes(folder, ann, txt):
    brat = folder / "brat" / "alice"
    brat.mkdir(parents=True, exist_ok=True)
    (brat / "doc.ann").write_bytes(ann)
    (brat / "doc.txt").write_bytes(txt)
    check([folder / "brat"], str(brat / "doc."))


@FUZZ
@given(data=any_bytes(VALID_LS))
def test_labelstudio_bytes(folder, data):
    check_file(folder / "in.json", data)


# ------------------------------------------------ well-formed JSON, any values in the fields
scalars = (st.none() | st.booleans() | st.integers(-3, 60) | st.integers(-2**63, 2**64 - 1)
           | st.floats(allow_nan=False, allow_infinity=False)
           | st.text(st.characters(exclude_categories=["Cs"]), max_size=8)
           | st.sampled_from(["SPEAKER", "CLAIM", "SAID", "", " X", "A\nB", "done", "a", "b"]))
values = st.recursive(scalars, lambda inner: st.lists(inner, max_size=3) | st.dictionaries(
    st.sampled_from(["text", "id", "start", "labels", "x"]), inner, max_size=2), max_leaves=4)


def paths(value, prefix=()) -> list[tuple]:
    """Every place in a JSON value (a path of keys and indices)."""
    found = [prefix]
    items = value.items() if isinstance(value, dict) else enumerate(value) \
        if isinstance(value, list) else []
    for key, inner in items:
        found += paths(inner, (*prefix, key))
    return found


def changed(valid, places: list[tuple]):
    """`valid` with a few places set to any JSON value, or removed (Ellipsis)."""
    def apply(changes):
        data = orjson.loads(orjson.dumps(valid))
        for path, value in changes:  # a path an earlier change took away is skipped
            parent = data
            try:
                for key in path[:-1]:
                    parent = parent[key]
                if isinstance(parent, dict) != isinstance(path[-1], str):
                    continue
                if value is ...:
                    del parent[path[-1]]
                else:
                    parent[path[-1]] = value
            except (KeyError, IndexError, TypeError):
                continue
        return data
    return st.lists(st.tuples(st.sampled_from([p for p in places if p]), values | st.just(...)),
                    min_size=1, max_size=3).map(apply)


JSONL_RECORD = {"id": "d1", "text": TEXT, "title": "t", "meta": {"id": "m"}, "annotator": "a",
                "status": "done", "answer": "accept",
                "spans": [{"id": 1, "start": 2, "end": 8, "label": "SPEAKER", "text": "Mr Yin"},
                          {"id": 2, "start": 17, "end": 32, "label": "CLAIM"}],
                "relations": [{"head": 1, "child": 2, "label": "SAID"}]}
DOCCANO_RECORD = {"id": "d2", "text": TEXT,
                  "entities": [{"id": 1, "start_offset": 2, "end_offset": 8, "label": "X"}],
                  "relations": [{"from_id": 1, "to_id": 1, "type": "R"}],
                  "label": [[2, 8, "SPEAKER"]]}
PRODIGY_RECORD = {"text": TEXT, "_annotator_id": "p", "spans": [
    {"start": 2, "end": 8, "label": "SPEAKER"}, {"start": 17, "end": 32, "label": "CLAIM"}],
    "relations": [{"head": 0, "child": 1, "label": "SAID",
                   "head_span": {"start": 2, "end": 8, "label": "SPEAKER"},
                   "child_span": {"start": 17, "end": 32, "label": "CLAIM"}}]}
RECORDS = [JSONL_RECORD, DOCCANO_RECORD, PRODIGY_RECORD]
jsonl_records = st.one_of(*[changed(r, paths(r)) for r in RECORDS], st.sampled_from(RECORDS))


@FUZZ
@given(records=st.lists(jsonl_records, min_size=1, max_size=3))
def test_jsonl_values(folder, records):
    path = folder / "values.jsonl"
    path.write_bytes(b"".join(orjson.dumps(r) + b"\n" for r in records))
    check([path], str(path))


LS_TASKS = orjson.loads(VALID_LS)


@FUZZ
@given(tasks=changed(LS_TASKS, paths(LS_TASKS)),
       offsets=st.sampled_from(["codepoints", "utf16"]))
def test_labelstudio_values(folder, tasks, offsets):
    path = folder / "values.json"
    path.write_bytes(orjson.dumps(tasks))
    check([path], str(path), offsets=offsets)


BRAT_PIECES = ["T1", "T2", "R1", "E1", "A1", "N1", "*", "#1", "\t", " ", "SPEAKER", "SAID",
               "Arg1:T1", "Arg2:T2", "Arg1:", "0", "2", "8", "17", "32", "-1", "999", ";",
               "2 8", "2 4;5 8", "Mr Yin", "Mr", "\r"]


@FUZZ
@given(lines=st.lists(st.lists(st.sampled_from(BRAT_PIECES), max_size=8).map("".join),
                      max_size=5))
def test_brat_lines(folder, lines):
    brat = folder / "brat_lines"
    brat.mkdir(exist_ok=True)
    (brat / "doc.ann").write_text("\n".join(lines) + "\n", encoding="utf-8")
    (brat / "doc.txt").write_text(TEXT, encoding="utf-8", newline="")
    check([brat], str(brat / "doc."))


def test_a_brat_offset_field_with_a_carriage_return_is_named_on_one_line(tmp_path):
    """Found by test_brat_bytes: the offsets were shown as written ("0\r1"), which broke
    the one-line message; they are shown as read."""
    brat = tmp_path / "brat" / "alice"
    brat.mkdir(parents=True)
    (brat / "doc.ann").write_bytes("T1\tSPEAKER 0\r1\t\n".encode())
    (brat / "doc.txt").write_bytes("😀 said".encode())
    check([tmp_path / "brat"], str(brat / "doc."))
