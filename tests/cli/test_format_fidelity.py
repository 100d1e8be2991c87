"""Nothing lost, nothing invented: what each format reads back, and what it says it leaves out.

Label Studio import keeps every label of a region, a cancelled annotation's skip, a relation's
direction, the task's own data fields and the annotator's name; Prodigy export marks only
finished work as accepted; our JSONL reads back byte for byte (provenance, big integers);
small path and number messages name what the user gave.
"""

import json

import orjson
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from annotator.core import jsontext
from annotator.core.store import Store
from tests.cli.test_cli import run
from tests.conftest import rows

TEXT = "Ether Yin said talks are off."


def ls_task(result, **annotation):
    return {"id": 7, "data": {"text": TEXT, "doc_id": "wire-0042", "section": "trade"},
            "annotations": [{"completed_by": 1, "result": result, **annotation}]}


def region(rid, start, end, *labels):
    return {"id": rid, "from_name": "label", "to_name": "text", "type": "labels",
            "value": {"start": start, "end": end, "text": TEXT[start:end],
                      "labels": list(labels)}}


def relation(a, b, direction, label="SAID"):
    return {"type": "relation", "from_id": a, "to_id": b, "direction": direction,
            "labels": [label]}


def import_ls(tmp_path, tasks, *args):
    path = tmp_path / "ls.json"
    path.write_text(json.dumps(tasks), encoding="utf-8")
    project = tmp_path / "p.annotator"
    result = run("import", project, path, *args)
    return project, result


def test_labelstudio_region_with_two_labels_keeps_both(tmp_path):
    project, _ = import_ls(tmp_path, [ls_task([region("r1", 0, 9, "ORG", "SPEAKER")])])
    assert rows(project, 'SELECT start, "end", label FROM spans ORDER BY label') == [
        (0, 9, "ORG"), (0, 9, "SPEAKER")]


def test_labelstudio_cancelled_annotation_is_skipped_not_done(tmp_path):
    project, _ = import_ls(tmp_path, [ls_task([], was_cancelled=True)])
    assert rows(project, "SELECT status FROM doc_status") == [("skipped",)]


@pytest.mark.parametrize("direction, expected", [
    ("right", [("Ether Yin", "talks are off")]),
    ("left", [("talks are off", "Ether Yin")]),
    ("bi", [("Ether Yin", "talks are off"), ("talks are off", "Ether Yin")]),
])
def test_labelstudio_relation_direction(tmp_path, direction, expected):
    result = [region("a", 0, 9, "SPEAKER"), region("b", 15, 28, "CLAIM"),
              relation("a", "b", direction)]
    project, _ = import_ls(tmp_path, [ls_task(result)])
    got = rows(project, "SELECT h.start, h.\"end\", c.start, c.\"end\" FROM relations r "
                        "JOIN spans h ON h.id = r.head_span_id "
                        "JOIN spans c ON c.id = r.child_span_id ORDER BY 1")
    assert [(TEXT[a:b], TEXT[c:d]) for a, b, c, d in got] == expected


def test_labelstudio_data_fields_are_kept_and_id_field_names_the_document(tmp_path):
    project, _ = import_ls(tmp_path, [ls_task([region("r1", 0, 9, "SPEAKER")])],
                           "--id-field", "doc_id")
    ((uid, meta),) = rows(project, "SELECT uid, meta FROM documents")
    assert uid == "wire-0042"
    assert orjson.loads(meta)["section"] == "trade"
    assert orjson.loads(meta)["doc_id"] == "wire-0042"
    # Without --id-field the task's id names it; the fields are still kept
    other = tmp_path / "o"
    other.mkdir()
    project, _ = import_ls(other, [ls_task([])])
    ((uid, meta),) = rows(project, "SELECT uid, meta FROM documents")
    assert uid == "7" and orjson.loads(meta)["doc_id"] == "wire-0042"


def test_labelstudio_id_field_missing_in_a_task_names_it(tmp_path):
    path = tmp_path / "ls.json"
    path.write_text(json.dumps([ls_task([])]), encoding="utf-8")
    result = run("import", tmp_path / "p.annotator", path, "--id-field", "nope", ok=False)
    assert result.exit_code == 1 and "task 1" in result.stderr and "'nope'" in result.stderr


@pytest.mark.parametrize("annotation, name", [
    ({}, "user-1"),
    ({"created_username": "ann@example.org, 1"}, "ann@example.org"),
    ({"completed_by": {"id": 1, "email": "bob@example.org"}}, "bob@example.org"),
    ({"annotator": "carol"}, "carol"),
])
def test_labelstudio_annotator_is_a_name_not_a_number(tmp_path, annotation, name):
    project, _ = import_ls(tmp_path, [ls_task([region("r1", 0, 9, "SPEAKER")], **annotation)])
    assert rows(project, "SELECT DISTINCT annotator FROM spans") == [(name,)]


# ------------------------------------------------------------------ Prodigy
def statuses_project(path):
    with Store.open(path) as store:
        for uid, status in (("done", "done"), ("skip", "skipped"), ("half", "in_progress"),
                            ("todo", "todo")):
            doc, _ = store.add_document(f"Text of {uid}.", uid=uid)
            store.add_span(doc, "alice", 0, 4, "SPEAKER")
            store.set_status(doc, "alice", status)
        store.add_document("Nobody touched this.", uid="untouched")
    return path


def test_prodigy_export_accepts_only_finished_work(tmp_path):
    project = statuses_project(tmp_path / "p.annotator")
    result = run("export", project, "--format", "prodigy")
    tasks = [orjson.loads(x) for x in result.stdout_bytes.splitlines()]
    assert {t["id"]: t["answer"] for t in tasks} == {"done": "accept", "skip": "ignore"}
    assert "Exported 2 of 5 documents; 3 unfinished (todo or in progress) were left out" in result.stderr


def test_prodigy_export_of_gold_is_accepted(tmp_path):
    project = tmp_path / "p.annotator"
    with Store.open(project) as store:
        doc, _ = store.add_document("Yin said no.", uid="d")
        store.add_span(doc, "gold", 0, 3, "SPEAKER")
    tasks = [orjson.loads(x) for x in
             run("export", project, "--format", "prodigy", "--gold").stdout_bytes.splitlines()]
    assert [t["answer"] for t in tasks] == ["accept"]


# ------------------------------------------------------------------ our JSONL
def test_hand_made_spans_keep_their_source_through_reimport_and_merge(tmp_path):
    project = tmp_path / "p.annotator"
    with Store.open(project) as store:
        doc, _ = store.add_document(TEXT, uid="d")
        store.add_span(doc, "alice", 0, 9, "SPEAKER")  # by hand: source manual
    out = tmp_path / "out.jsonl"
    run("export", project, "-o", out)
    again, merged = tmp_path / "again.annotator", tmp_path / "merged.annotator"
    run("import", again, out)
    run("merge", merged, out)
    for path in (again, merged):
        assert rows(path, "SELECT annotator, source FROM spans") == [("alice", "manual")]


def test_a_span_without_source_from_elsewhere_is_imported(tmp_path):
    path = tmp_path / "in.jsonl"
    path.write_text(json.dumps({"text": TEXT, "annotator": "bob", "spans": [
        {"start": 0, "end": 9, "label": "SPEAKER"},
        {"start": 15, "end": 28, "label": "CLAIM", "source": "en_core_web_sm"}]}) + "\n")
    project = tmp_path / "p.annotator"
    run("import", project, path)
    assert rows(project, "SELECT source FROM spans") == [("imported",), ("imported",)]


def test_meta_integers_beyond_64_bits_stay_integers(tmp_path):
    path = tmp_path / "in.jsonl"
    path.write_text('{"id": "d", "text": "Yin.", "meta": {"n": 1180591620717411303424, '
                    '"m": -36893488147419103232}}\n')
    project = tmp_path / "p.annotator"
    run("import", project, path)
    line = run("export", project).stdout
    assert '"n":1180591620717411303424' in line and '"m":-36893488147419103232' in line


# Arbitrary texts (emoji, ZWJ, \r\n, lone \r, U+2028), spans, relations, statuses and meta.
PIECES = ["a", "Xi", " ", "\r\n", "\r", "😀", "👩‍👩‍👧", "中国", "e\u0301", ".", "\u2028", '"',
          "\\", "\t"]
meta_values = st.recursive(
    st.none() | st.booleans() | st.integers(-2**80, 2**80) | st.text(max_size=5)
    | st.floats(allow_nan=False, allow_infinity=False),
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=4), inner,
                                                                max_size=3),
    max_leaves=6)


@st.composite
def jsonl_lines(draw):
    lines = []
    for n in range(draw(st.integers(1, 3))):
        text = "".join(draw(st.lists(st.sampled_from(PIECES), min_size=1, max_size=15)))
        meta = draw(st.dictionaries(st.sampled_from(["n", "source", "x", "ü"]), meta_values,
                                    max_size=3))
        for name in draw(st.lists(st.sampled_from(["alice", "bob", "gold"]), unique=True,
                                  max_size=2)) or [None]:
            spans, seen = [], set()
            for _ in range(draw(st.integers(0, 4)) if name else 0):
                start = draw(st.integers(0, len(text) - 1))
                end = draw(st.integers(start + 1, len(text)))
                label = draw(st.sampled_from(["SPEAKER", "CLAIM"]))
                if (start, end, label) not in seen:
                    seen.add((start, end, label))
                    spans.append({"id": len(spans), "start": start, "end": end,
                                  "label": label, "text": text[start:end],
                                  "source": draw(st.sampled_from(["manual", "imported"]))})
            relations = ([{"head": 0, "child": len(spans) - 1, "label": "SAID"}]
                         if len(spans) > 1 and draw(st.booleans()) else [])
            lines.append({"id": f"d{n}", "text": text, "meta": meta, "annotator": name,
                          "status": draw(st.sampled_from(["todo", "in_progress", "done",
                                                          "skipped"])) if name else "todo",
                          "spans": spans, "relations": relations})
    return lines


def dumps(obj):
    return json.dumps(obj, ensure_ascii=False)


@settings(max_examples=40, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(lines=jsonl_lines())
def test_our_jsonl_export_import_export_is_byte_identical(tmp_path_factory, lines):
    folder = tmp_path_factory.mktemp("rt")
    source = folder / "in.jsonl"
    source.write_text("".join(dumps(line) + "\n" for line in lines), encoding="utf-8")
    first, second = folder / "a.annotator", folder / "b.annotator"
    # A gold layer comes into a project by merge (import refuses the reserved name).
    command = "merge" if any(line["annotator"] == "gold" for line in lines) else "import"
    run(command, first, source)
    one = run("export", first).stdout_bytes
    (folder / "one.jsonl").write_bytes(one)
    run(command, second, folder / "one.jsonl")
    assert run("export", second).stdout_bytes == one


# ------------------------------------------------------------------ small
def test_a_device_target_gets_no_files_beside_it(tmp_path):
    project = statuses_project(tmp_path / "p.annotator")
    run("export", project, "--format", "labelstudio", "-o", "/dev/null")
    assert not __import__("os").path.exists("/dev/null.config.xml")


def test_duplicate_keys_are_refused_naming_file_and_line(tmp_path):
    path = tmp_path / "in.jsonl"
    path.write_text('{"text": "Yin said."}\n{"text": "Yin.", "spans": [], "text": "Xi."}\n')
    result = run("import", tmp_path / "p.annotator", path, ok=False)
    assert result.exit_code == 1
    assert f"{path}:2" in result.stderr and "'text'" in result.stderr \
        and "twice" in result.stderr
    assert not (tmp_path / "p.annotator").exists()


def test_duplicate_keys_in_a_label_studio_file_are_refused(tmp_path):
    path = tmp_path / "ls.json"
    path.write_text('[\n {"data": {"text": "Yin."}},\n'
                    ' {"data": {"text": "Xi.", "text": "Li."}}\n]\n')
    result = run("import", tmp_path / "p.annotator", path, ok=False)
    assert result.exit_code == 1 and f"{path}:3" in result.stderr and "'text'" in result.stderr


def test_a_huge_offset_is_said_as_the_integer(tmp_path):
    path = tmp_path / "in.jsonl"
    path.write_text('{"text": "Yin.", "spans": [{"start": 0, "end": %d, "label": "X"}]}\n'
                    % 2**70)
    result = run("import", tmp_path / "p.annotator", path, ok=False)
    assert str(2**70) in result.stderr and "e+21" not in result.stderr


def test_a_missing_folder_is_named_as_the_user_gave_it(tmp_path):
    project = statuses_project(tmp_path / "p.annotator")
    target = tmp_path / "missing" / "x.jsonl"
    result = run("export", project, "-o", target, ok=False)
    assert result.exit_code == 1 and str(target) + ":" in result.stderr
    assert ".partial" not in result.stderr


def test_duplicate_keys_in_a_scheme_are_refused(tmp_path):
    scheme = tmp_path / "scheme.json"
    scheme.write_text('{"labels": [{"name": "A", "kind": "span", "name": "B"}]}')
    result = run("labels", tmp_path / "p.annotator", "--set", scheme, ok=False)
    assert result.exit_code == 1 and "'name'" in result.stderr and "twice" in result.stderr


def test_labelstudio_export_marks_skipped_work_cancelled_and_reads_it_back(tmp_path):
    project = statuses_project(tmp_path / "p.annotator")
    out = tmp_path / "tasks.json"
    run("export", project, "--format", "labelstudio", "-o", out)
    tasks = orjson.loads(out.read_bytes())
    cancelled = {t["data"]["uid"]: [a["was_cancelled"] for a in t["annotations"]]
                 for t in tasks}
    assert cancelled["skip"] == [True] and cancelled["done"] == [False]
    again = tmp_path / "again.annotator"
    run("import", again, out)
    assert rows(again, "SELECT d.uid, s.status FROM doc_status s JOIN documents d "
                       "ON d.id = s.doc_id ORDER BY 1") == [
        ("done", "done"), ("half", "in_progress"), ("skip", "skipped"), ("todo", "todo")]


def test_labelstudio_data_fields_named_like_ours_are_kept_too(tmp_path):
    task = {"id": 3, "data": {"text": TEXT, "meta": "front page", "uid": "u-1",
                              "doc_id": "wire-1"}, "annotations": []}
    project, _ = import_ls(tmp_path, [task], "--id-field", "doc_id")
    ((uid, meta),) = rows(project, "SELECT uid, meta FROM documents")
    assert uid == "wire-1"
    assert {k: v for k, v in orjson.loads(meta).items() if k != "title"} == {
        "meta": "front page", "uid": "u-1", "doc_id": "wire-1"}


# ------------------------------------------------------------------ properties
LABELS = ["SPEAKER", "CLAIM", "ORG", "PERSON"]
DATA_FIELDS = st.dictionaries(st.sampled_from(["doc_id", "section", "url", "n", "tags"]),
                              st.integers(-2**70, 2**70) | st.text(max_size=5)
                              | st.lists(st.text(max_size=3), max_size=2), max_size=4)


@st.composite
def ls_tasks(draw):
    regions, seen = [], set()
    for r in range(draw(st.integers(0, 4))):
        start = draw(st.integers(0, len(TEXT) - 1))
        end = draw(st.integers(start + 1, len(TEXT)))
        labels = draw(st.lists(st.sampled_from(LABELS), min_size=1, max_size=3, unique=True))
        if (start, end) not in seen:
            seen.add((start, end))
            regions.append(region(f"r{r}", start, end, *labels))
    relations = [relation(a["id"], b["id"], draw(st.sampled_from(["right", "left", "bi"])))
                 for a, b in zip(regions, regions[1:]) if draw(st.booleans())]
    task = {"id": 1, "data": {"text": TEXT, **draw(DATA_FIELDS)},
            "annotations": [{"completed_by": draw(st.integers(1, 9)),
                             "was_cancelled": draw(st.booleans()),
                             "result": regions + relations}]}
    return task


@settings(max_examples=60, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(task=ls_tasks())
def test_labelstudio_import_keeps_every_label_direction_field_and_skip(tmp_path_factory, task):
    folder = tmp_path_factory.mktemp("ls")
    project, _ = import_ls(folder, [task])
    annotation = task["annotations"][0]
    results = annotation["result"]
    extent = {r["id"]: (r["value"]["start"], r["value"]["end"], r["value"]["labels"][0])
              for r in results if r["type"] == "labels"}
    assert set(rows(project, 'SELECT start, "end", label FROM spans')) == {
        (r["value"]["start"], r["value"]["end"], label)
        for r in results if r["type"] == "labels" for label in r["value"]["labels"]}
    expected = set()
    for r in results:
        if r["type"] == "relation":
            a, b = extent[r["from_id"]], extent[r["to_id"]]
            expected |= {"right": {(a, b)}, "left": {(b, a)}, "bi": {(a, b), (b, a)}}[
                r["direction"]]
    got = rows(project, 'SELECT h.start, h."end", h.label, c.start, c."end", c.label '
                        "FROM relations r JOIN spans h ON h.id = r.head_span_id "
                        "JOIN spans c ON c.id = r.child_span_id")
    assert {(tuple(g[:3]), tuple(g[3:])) for g in got} == expected
    ((meta,),) = rows(project, "SELECT meta FROM documents")
    meta = jsontext.loads(meta)
    assert all(meta[k] == v for k, v in task["data"].items() if k != "text")
    status = rows(project, "SELECT annotator, status FROM doc_status")
    assert status == [(f"user-{annotation['completed_by']}",
                       "skipped" if annotation["was_cancelled"] else "done")]


@settings(max_examples=40, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(statuses=st.lists(st.sampled_from([None, "todo", "in_progress", "done", "skipped"]),
                         min_size=1, max_size=6))
def test_prodigy_accepts_exactly_the_finished_work(tmp_path_factory, statuses):
    project = tmp_path_factory.mktemp("pr") / "p.annotator"
    with Store.open(project) as store:
        for n, status in enumerate(statuses):
            doc, _ = store.add_document(f"Text {n}.", uid=f"d{n}")
            if status is not None:
                store.set_status(doc, "alice", status)
    result = run("export", project, "--format", "prodigy")
    answers = {t["id"]: t["answer"] for t in map(orjson.loads,
                                                 result.stdout_bytes.splitlines())}
    assert answers == {f"d{n}": {"done": "accept", "skipped": "ignore"}[s]
                       for n, s in enumerate(statuses) if s in ("done", "skipped")}
    unfinished = sum(s not in ("done", "skipped") for s in statuses)
    assert (f"{unfinished} unfinished" in result.stderr) == bool(unfinished)
