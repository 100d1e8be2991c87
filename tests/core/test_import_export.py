import io
import json

import orjson
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from annotator.core import importer
from annotator.core.errors import InvalidInput
from annotator.core.formats import jsonl
from annotator.core.importer import import_paths
from annotator.core.store import Store
from annotator.core.text import sha256
from tests.conftest import rows


def write_lines(path, *objects):
    path.write_text("".join(json.dumps(o, ensure_ascii=False) + "\n" for o in objects),
                    encoding="utf-8")
    return path


def exported(store, **kw):
    out = io.BytesIO()
    jsonl.write(store, out, **kw)
    return [orjson.loads(line) for line in out.getvalue().splitlines()]


def test_txt_files_and_folders(tmp_path, fresh_db):
    folder = tmp_path / "articles"
    (folder / "sub").mkdir(parents=True)
    (folder / "a.txt").write_bytes(b"\xef\xbb\xbfFirst line\r\nsecond\r\n")
    (folder / "sub" / "b.txt").write_text("\n\nHeadline B\nbody", encoding="utf-8")
    (folder / "ignored.md").write_text("not imported")
    report = import_paths(fresh_db, [folder])
    assert report.documents_added == 2
    docs = {d.uid: fresh_db.document(d.id) for d in fresh_db.documents()}
    assert docs["a"].text == "First line\r\nsecond\r\n"  # BOM dropped, \r\n kept
    assert docs["a"].title == "First line"
    assert docs["sub/b"].title == "Headline B"
    assert docs["sub/b"].meta == {"source": "b.txt"}
    assert import_paths(fresh_db, [folder]).documents_existing == 2
    assert fresh_db.document_count() == 2


def test_our_shape_prodigy_and_doccano_are_read(tmp_path, fresh_db):
    text = "Mr Yin said: talks are off."
    path = write_lines(
        tmp_path / "in.jsonl",
        {"id": "ours", "text": text, "annotator": "alice", "status": "done",
         "meta": {"title": "T", "source": "wire"},
         "spans": [{"id": 7, "start": 0, "end": 6, "label": "SPEAKER", "text": "Mr Yin"},
                   {"id": 8, "start": 13, "end": 26, "label": "CLAIM"}],
         "relations": [{"head": 7, "child": 8, "label": "SAID"}]},
        {"text": text + " (prodigy)", "_annotator_id": "news-bob", "answer": "accept",
         "spans": [{"start": 3, "end": 6, "label": "SPEAKER", "token_start": 1, "token_end": 1},
                   {"start": 13, "end": 26, "label": "CLAIM"}],
         "relations": [{"head": 1, "child": 4, "label": "SAID",
                        "head_span": {"start": 3, "end": 6, "label": "SPEAKER"},
                        "child_span": {"start": 13, "end": 26, "label": "CLAIM"}}]},
        {"id": 12, "text": text + " (doccano)", "label": [[3, 6, "SPEAKER"], [0, 2, "TITLE"]]},
        {"id": 13, "text": text + " (doccano 2)",
         "entities": [{"id": 100, "start_offset": 3, "end_offset": 6, "label": "SPEAKER"},
                      {"id": 101, "start_offset": 13, "end_offset": 26, "label": "CLAIM"}],
         "relations": [{"id": 1, "from_id": 100, "to_id": 101, "type": "SAID"}]},
    )
    report = import_paths(fresh_db, [path])
    assert (report.documents_added, report.spans_added, report.relations_added) == (4, 8, 3)
    assert report.labels_added == ["TITLE"]  # an unknown label joins the scheme
    by_uid = {d.uid: d.id for d in fresh_db.documents()}
    ours = by_uid["ours"]
    assert [(s.start, s.end, s.label, s.annotator, s.source) for s in fresh_db.spans(ours)] == [
        (0, 6, "SPEAKER", "alice", "imported"), (13, 26, "CLAIM", "alice", "imported")]
    assert fresh_db.status(ours, "alice") == "done"
    assert fresh_db.document(ours).title == "T"
    prodigy = [d.id for d in fresh_db.documents() if d.title.endswith("(prodigy)")][0]
    assert fresh_db.status(prodigy, "news-bob") == "done"
    assert len(fresh_db.relations(prodigy, "news-bob")) == 1
    assert [s.annotator for s in fresh_db.spans(by_uid["12"])] == ["imported", "imported"]
    rel = fresh_db.relations(by_uid["13"])[0]
    assert fresh_db.span(rel.head_span_id).label == "SPEAKER"


def test_annotator_option_wins_over_the_line(tmp_path, fresh_db):
    path = write_lines(tmp_path / "in.jsonl", {"text": "abc def", "annotator": "alice",
                                               "spans": [{"start": 0, "end": 3, "label": "CLAIM"}]})
    import_paths(fresh_db, [path], annotator="carol")
    assert fresh_db.annotators() == ["carol"]


@pytest.mark.parametrize("bad_line, message", [
    ('{"text": "abc", "spans": [{"start": 0, "end": 9, "label": "X"}]}', "outside the text"),
    ('{"text": "abc", "spans": [{"start": 2, "end": 1, "label": "X"}]}', "reversed"),
    ('{"text": "abc", "spans": [{"start": 0.5, "end": 2, "label": "X"}]}', "whole number"),
    ('{"text": "abc", "spans": [{"start": 0, "end": 2, "label": "X", "text": "bc"}]}',
     "is not the text at"),
    ('{"text": "abc", "spans": [{"start": 0, "end": 2}]}', "has no 'label'"),
    ('{"text": 5}', "'text' must be a string"),
    ('{"title": "no text"}', "no 'text' field"),
    ('{"text": "abc", ', "not valid JSON"),
    ('["a list"]', "a JSON array"),
    ('{"text": "\\ud800"}', "not valid JSON"),
    ('{"text": "abc", "status": "finished"}', "'status' must be one of"),
    ('{"text": "abc", "answer": [1]}', "no 'text'|^$") if False else
    ('{"text": "ab", "spans": [{"start": 0, "end": 1, "label": "X", "id": [1]}]}',
     "'id' must be a string or a whole number"),
    ('{"text": "ab", "spans": [{"start": 0, "end": 1, "label": "X", "id": 1}], '
     '"relations": [{"head": [1], "child": 1, "label": "SAID"}]}', "'head' must be a string"),
    ('{"text": "ab cd", "spans": [{"start": 0, "end": 2, "label": "X", "id": 1}, '
     '{"start": 3, "end": 5, "label": "X", "id": 1}]}', "used by another span"),
    ('{"text": "ab", "spans": [{"start": 0, "end": 1, "label": "X"}], "relations": '
     '[{"head": 0, "child": 0, "label": "R", "head_span": {"start": [0], "end": 1, "label": "X"}, '
     '"child_span": {"start": 0, "end": 1, "label": "X"}}]}', "not among the spans"),
    ('{"text": "ab", "spans": [{"start": 0, "end": 1, "label": " X "}]}', "surrounding spaces"),
    ('{"text": "ab", "spans": [{"start": 0, "end": 1, "label": "X", "id": 1}], '
     '"relations": [{"head": 1, "child": 9, "label": "SAID"}]}', "names no span"),
])
def test_a_bad_line_names_file_and_line_and_nothing_is_written(tmp_path, project, bad_line,
                                                               message):
    good = tmp_path / "good.txt"
    good.write_text("A good document.")
    path = tmp_path / "in.jsonl"
    first = '{"text": "fine", "spans": [{"start": 0, "end": 4, "label": "CLAIM"}]}\n'
    line_no = 1 if bad_line.startswith("[") else 2
    path.write_text(bad_line + "\n" if line_no == 1 else first + bad_line + "\n")
    store = Store.open(project)
    with pytest.raises(InvalidInput, match=message) as info:
        import_paths(store, [good, path])
    assert str(info.value).startswith(f"{path}:{line_no}: ")
    assert store.document_count() == 0
    store.close()
    assert rows(project, "SELECT count(*) FROM spans") == [(0,)]
    assert rows(project, "SELECT count(*) FROM labels WHERE name = 'X'") == [(0,)]


def test_utf16_offsets_are_named_not_guessed(tmp_path, fresh_db):
    path = write_lines(tmp_path / "in.jsonl", {"text": "😀 Mr Yin", "spans": [
        {"start": 3, "end": 9, "label": "SPEAKER", "text": "Mr Yin"}]})
    with pytest.raises(InvalidInput, match="count UTF-16 units"):
        import_paths(fresh_db, [path])
    assert fresh_db.document_count() == 0


def test_an_unhashable_answer_is_ignored_not_a_crash(tmp_path, fresh_db):
    path = write_lines(tmp_path / "in.jsonl", {"text": "abc", "answer": [1]})
    assert import_paths(fresh_db, [path]).documents_added == 1


def test_positional_span_keys_cannot_clash_with_explicit_ids(tmp_path, fresh_db):
    path = write_lines(tmp_path / "in.jsonl", {
        "text": "ab cd ef", "annotator": "a",
        "spans": [{"start": 0, "end": 2, "label": "SPEAKER"},
                  {"id": 1, "start": 3, "end": 5, "label": "SPEAKER"},
                  {"id": 3, "start": 6, "end": 8, "label": "CLAIM"}],
        "relations": [{"head": 1, "child": 3, "label": "SAID"}]})
    import_paths(fresh_db, [path])
    rel = fresh_db.relations(1)[0]
    assert (fresh_db.span(rel.head_span_id).start, fresh_db.span(rel.child_span_id).start) == (3, 6)
    report = import_paths(fresh_db, [path])  # again: nothing new
    assert (report.spans_added, report.relations_added) == (0, 0)


def test_utf16_jsonl_with_encoding(tmp_path, fresh_db):
    path = tmp_path / "in.jsonl"
    path.write_bytes('{"text": "naïve\u2028line"}\n{"text": "two"}\n'.encode("utf-16"))
    import_paths(fresh_db, [path], encoding="utf-16")
    assert [fresh_db.document(d.id).text for d in fresh_db.documents()] == [
        "naïve\u2028line", "two"]


def test_a_folder_without_importable_files_is_an_error(tmp_path, fresh_db):
    (tmp_path / "notes.md").write_text("x")
    with pytest.raises(InvalidInput, match="no .jsonl, .ndjson, .ann, .txt, .html, .htm, .warc, .warc.gz, .csv or .tsv files"):
        import_paths(fresh_db, [tmp_path])
    (tmp_path / "UPPER.TXT").write_text("Upper case suffix.")
    assert import_paths(fresh_db, [tmp_path]).documents_added == 1


def test_non_utf8_text_is_refused_naming_the_file(tmp_path, fresh_db):
    path = tmp_path / "latin.txt"
    path.write_bytes("Café au lait".encode("latin-1"))
    with pytest.raises(InvalidInput, match=f"^{path}: not UTF-8"):
        import_paths(fresh_db, [path])
    import_paths(fresh_db, [path], encoding="latin-1")
    assert fresh_db.document(1).text == "Café au lait"


def test_unknown_file_types_and_missing_files_are_refused(tmp_path, fresh_db):
    (tmp_path / "a.docx").write_text("x")
    with pytest.raises(InvalidInput, match="unknown file type .docx"):
        import_paths(fresh_db, [tmp_path / "a.docx"])
    with pytest.raises(InvalidInput, match="no such file"):
        import_paths(fresh_db, [tmp_path / "missing.jsonl"])


def test_export_shape(fresh_db):
    text = "😀 Mr Yin said\r\nit is off."
    d, _ = fresh_db.add_document(text, uid="doc-1", meta={"source": "wire"})
    speaker = fresh_db.add_span(d, "alice", 2, 8, "SPEAKER")
    claim = fresh_db.add_span(d, "alice", 15, 24, "CLAIM")
    fresh_db.add_relation(speaker.id, claim.id, "SAID", "alice")
    fresh_db.set_status(d, "alice", "done")
    fresh_db.add_document("Nobody touched this.", uid="doc-2")
    lines = exported(fresh_db)
    assert lines[0] == {
        "id": "doc-1", "text": text, "meta": {"title": "😀 Mr Yin said", "source": "wire"},
        "annotator": "alice", "status": "done",
        "spans": [
            {"id": 1, "start": 2, "end": 8, "label": "SPEAKER", "text": "Mr Yin",
             "source": "manual"},
            {"id": 2, "start": 15, "end": 24, "label": "CLAIM", "text": "it is off",
             "source": "manual"},
        ],
        "relations": [{"head": 1, "child": 2, "label": "SAID"}],
    }
    assert lines[1]["annotator"] is None and lines[1]["spans"] == []
    assert [line["id"] for line in exported(fresh_db, status="done")] == ["doc-1"]
    for_bob = exported(fresh_db, annotator="bob")
    assert [(x["id"], x["annotator"], x["status"], x["spans"]) for x in for_bob] == [
        ("doc-1", "bob", "todo", []), ("doc-2", "bob", "todo", [])]


# ----------------------------------------------------------- batched import = one by one
def _tables(store):
    conn = store.db.conn
    return [conn.execute(sql).fetchall() for sql in (
        "SELECT id, uid, title, text, length, meta, sha256 FROM documents ORDER BY id",
        'SELECT doc_id, annotator, start, "end", label, source FROM spans ORDER BY 1, 2, 3, 4, 5',
        "SELECT doc_id, annotator, status, note FROM doc_status ORDER BY doc_id, annotator",
        "SELECT annotator, action, doc_id, payload FROM history ORDER BY 1, 2, 3, 4",
        "SELECT name, kind FROM labels ORDER BY name")]


TEXTS = ["One.", "Two words.", "Mr Yin said no.", ""]
RECORDS = st.lists(st.fixed_dictionaries({
    "text": st.sampled_from(TEXTS),
    "id": st.sampled_from([None, "a", "", "b", sha256("One.")[:16]]),
    "annotator": st.sampled_from([None, "alice"]),
    "status": st.sampled_from([None, "done", "skipped"]),
    "spans": st.lists(st.tuples(st.integers(0, 3), st.integers(1, 4),
                                st.sampled_from(["SPEAKER", "NEW"])), max_size=3),
}), max_size=8)


@settings(max_examples=80, deadline=None)
@given(RECORDS)
def test_the_batched_import_stores_what_one_by_one_does(tmp_path_factory, records):
    """Same documents (and ids), spans, statuses, history and labels as adding each record
    by itself — or a refusal in both. (Spans and history rows of documents met twice may be
    written in another order, so those are compared sorted.)"""
    lines = []
    for r in records:
        line = {"text": r["text"], "spans": [{"start": s, "end": s + w, "label": lab}
                                             for s, w, lab in r["spans"]]}
        line.update({k: r[k] for k in ("id", "annotator", "status") if r[k] is not None})
        lines.append(line)
    source = tmp_path_factory.mktemp("batch") / "in.jsonl"
    source.write_bytes(b"".join(orjson.dumps(x) + b"\n" for x in lines))
    results = []
    for batched in (True, False):
        store = Store.memory()
        if not batched:  # every record through add_record, as before batching
            original = importer.add_batch

            def one_by_one(store_, batch, annotator, report):
                for record in batch:
                    importer.add_record(store_, record, annotator, report)
                batch.clear()
            importer.add_batch = one_by_one
        try:
            import_paths(store, [source])
            results.append(_tables(store))
        except InvalidInput:
            results.append("refused")
        finally:
            if not batched:
                importer.add_batch = original
    assert results[0] == results[1]


def test_statuses_without_annotator_empty_ids_and_derived_ids(tmp_path, fresh_db):
    source = write_lines(
        tmp_path / "in.jsonl",
        {"text": "One.", "answer": "accept"},  # Prodigy, no _annotator_id: no one's status
        {"id": "", "text": "Empty id."},
        {"text": "Same text."}, {"id": sha256("Same text.")[:16], "text": "Same text."})
    report = import_paths(fresh_db, [source])
    assert (report.documents_added, report.documents_existing) == (3, 1)
    assert [d.uid for d in fresh_db.documents()][:2] == [sha256("One.")[:16], ""]
    assert import_paths(fresh_db, [source]).documents_existing == 4
    # our own export of untouched documents (annotator null, status todo) imports again
    out = io.BytesIO()
    jsonl.write(fresh_db, out)
    again = tmp_path / "again.jsonl"
    again.write_bytes(out.getvalue())
    assert import_paths(Store.memory(), [again]).documents_added == 3
