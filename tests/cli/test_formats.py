"""Export formats: their shapes, what they lose, and import(export(x)) for those that carry
full spans."""

import orjson
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from annotator.core.store import Store
from tests.cli.test_cli import run
from tests.conftest import rows

TEXT = "😀 Mr Yin said:\r\n“talks are off.” Tariffs rose 中国."


def sample(path):
    with Store.open(path) as store:
        doc, _ = store.add_document(TEXT, uid="d1", meta={"source": "wire"})
        speaker = store.add_span(doc, "alice", 2, 8, "SPEAKER")
        claim = store.add_span(doc, "alice", TEXT.index("talks"), TEXT.index("off") + 3, "CLAIM")
        store.add_span(doc, "alice", TEXT.index("talks"), TEXT.index("talks") + 5, "POLICY")
        store.add_relation(speaker.id, claim.id, "SAID", "alice")
        store.set_status(doc, "alice", "done")
    return path


def exported(path, *args):
    return [orjson.loads(x) for x in run("export", path, *args).stdout_bytes.splitlines()]


def test_prodigy_shape(tmp_path):
    project = sample(tmp_path / "p.annotator")
    (task,) = exported(project, "--format", "prodigy")
    assert task["text"] == TEXT and task["answer"] == "accept" and task["_annotator_id"] == "alice"
    words = [t["text"] for t in task["tokens"]]
    assert words[:4] == ["😀", "Mr", "Yin", "said"]
    assert [t["ws"] for t in task["tokens"][:4]] == [True, True, True, False]
    speaker = task["spans"][0]
    assert (speaker["text"], speaker["token_start"], speaker["token_end"]) == ("Mr Yin", 1, 2)
    rel = task["relations"][0]
    assert (rel["label"], rel["head"], rel["head_span"]["label"]) == ("SAID", 2, "SPEAKER")
    assert task["_input_hash"] == exported(project, "--format", "prodigy")[0]["_input_hash"]


def test_jsonl_with_tokens(tmp_path):
    project = sample(tmp_path / "p.annotator")
    (line,) = exported(project, "--tokens")
    assert line["tokens"][1] == {"text": "Mr", "start": 2, "end": 4, "id": 1}
    speaker = line["spans"][0]
    assert [t["text"] for t in line["tokens"][speaker["token_start"]:speaker["token_end"] + 1]] \
        == ["Mr", "Yin"]


def test_doccano_conll_and_hf(tmp_path):
    project = sample(tmp_path / "p.annotator")
    (line,) = exported(project, "--format", "doccano")
    assert {e["label"] for e in line["entities"]} == {"SPEAKER", "CLAIM", "POLICY"}
    assert line["relations"][0]["type"] == "SAID"
    result = run("export", project, "--format", "conll")
    lines = result.stdout.splitlines()
    assert lines[0] == "-DOCSTART- -X- O O"
    assert "Mr -X- _ B-SPEAKER" in lines and "Yin -X- _ I-SPEAKER" in lines
    assert "talks -X- _ B-CLAIM" in lines  # the longer of two overlapping spans wins
    assert "1 span was left out (the format cannot hold overlapping" in result.stderr
    out = tmp_path / "train.jsonl"
    run("export", project, "--format", "hf", "-o", out)
    names = orjson.loads((tmp_path / "train.jsonl.labels.json").read_bytes())
    row = orjson.loads(out.read_bytes())
    assert [names[t] for t in row["ner_tags"][1:3]] == ["B-SPEAKER", "I-SPEAKER"]
    assert names[0] == "O" and len(row["tokens"]) == len(row["ner_tags"])
    assert run("export", project, "--format", "hf", ok=False).exit_code == 2


def test_brat_folder(tmp_path):
    project = sample(tmp_path / "p.annotator")
    out = tmp_path / "brat"
    run("export", project, "--format", "brat", "-o", out)
    assert (out / "alice" / "d1.txt").read_bytes() == TEXT.encode()
    ann = (out / "alice" / "d1.ann").read_text().splitlines()
    assert ann[0] == "T1\tSPEAKER 2 8\tMr Yin"
    assert any(line.startswith("R1\tSAID Arg1:T1 Arg2:") for line in ann)
    conf = (out / "annotation.conf").read_text()
    assert "[entities]" in conf and "SAID\tArg1:<ENTITY>, Arg2:<ENTITY>" in conf
    # a span across a line break is written as fragments, one per line
    with Store.open(project) as store:
        store.add_span(1, "alice", TEXT.index("said"), TEXT.index("talks"), "CLAIM")
    run("export", project, "--format", "brat", "-o", out)
    start = TEXT.index("said")
    assert any(f"CLAIM {start} {start + 5};{start + 7} {start + 8}" in line
               for line in (out / "alice" / "d1.ann").read_text().splitlines())


def test_brat_span_beginning_on_a_line_break_stays_on_its_line(tmp_path):
    project = tmp_path / "p.annotator"
    with Store.open(project) as store:
        doc, _ = store.add_document("\r\nYin said\u2028no.", uid="d")
        store.add_span(doc, "alice", 0, 5, "SPEAKER")  # "\r\nYin"
        store.add_span(doc, "alice", 6, 11, "CLAIM")  # "said\u2028"
    out = tmp_path / "brat"
    run("export", project, "--format", "brat", "-o", out)
    assert (out / "alice" / "d.ann").read_text(encoding="utf-8").split("\n") == [
        "T1\tSPEAKER 0 5\t Yin", "T2\tCLAIM 6 11\tsaid ", ""]
    again = tmp_path / "again.annotator"
    run("import", again, out)
    assert rows(again, 'SELECT start, "end", label FROM spans ORDER BY 1') == [
        (0, 5, "SPEAKER"), (6, 11, "CLAIM")]


def test_labelstudio_tasks_config_and_utf16_offsets(tmp_path):
    project = sample(tmp_path / "p.annotator")
    out = tmp_path / "tasks.json"
    run("export", project, "--format", "labelstudio", "-o", out)
    (task,) = orjson.loads(out.read_bytes())
    assert task["data"]["text"] == TEXT
    regions = task["annotations"][0]["result"]
    assert regions[0]["value"] == {"start": 2, "end": 8, "text": "Mr Yin", "labels": ["SPEAKER"]}
    assert regions[-1]["type"] == "relation" and regions[-1]["labels"] == ["SAID"]
    config = (tmp_path / "tasks.json.config.xml").read_text()
    assert '<Label value="SPEAKER" background="#ffd166"/>' in config
    assert '<Relation value="SAID"/>' in config
    # A file written with UTF-16 offsets (after the emoji, every offset is one too high)
    regions[0]["value"].update(start=3, end=9)
    task["annotations"][0]["result"] = regions[:1]
    out.write_bytes(orjson.dumps([task]))
    again = tmp_path / "again.annotator"
    result = run("import", again, out, ok=False)
    assert result.exit_code == 1 and "count UTF-16 units" in result.stderr
    run("import", again, out, "--offsets", "utf16")
    assert rows(again, 'SELECT start, "end" FROM spans') == [(2, 8)]


def test_label_selection_applies_to_every_format(tmp_path):
    project = sample(tmp_path / "p.annotator")
    for fmt in ("jsonl", "prodigy"):
        (line,) = exported(project, "--format", fmt, "--labels", "SPEAKER")
        assert [s["label"] for s in line["spans"]] == ["SPEAKER"]
        assert line["relations"] == []
    assert run("export", project, "--labels", "NOPE", ok=False).exit_code == 1


def test_labels_select_spans_by_span_label_and_links_by_relation_label(tmp_path):
    project = sample(tmp_path / "p.annotator")
    with Store.open(project) as store:
        speaker, _, policy = store.spans(1, "alice")
        store.add_relation(speaker.id, policy.id, "RESPONSIBLE_FOR", "alice")

    def selected(labels):
        (line,) = exported(project, "--labels", labels)
        return (sorted(s["label"] for s in line["spans"]),
                sorted(r["label"] for r in line["relations"]))

    every = ["CLAIM", "POLICY", "SPEAKER"]
    assert selected("SAID") == (every, ["SAID"])  # only a relation label: every span
    assert selected("SPEAKER,CLAIM") == (["CLAIM", "SPEAKER"], ["SAID"])
    assert selected("SPEAKER,CLAIM,RESPONSIBLE_FOR") == (["CLAIM", "SPEAKER"], [])
    assert selected("SPEAKER,POLICY,RESPONSIBLE_FOR") == (["POLICY", "SPEAKER"],
                                                           ["RESPONSIBLE_FOR"])


PIECES = ["a", "Xi", " ", "\r\n", "😀", "👩‍👩‍👧", "中国", "e\u0301", ".", "\u2028"]


@st.composite
def annotated(draw):
    text = "".join(draw(st.lists(st.sampled_from(PIECES), min_size=2, max_size=20)))
    spans, seen = [], set()
    for _ in range(draw(st.integers(0, 4))):
        start = draw(st.integers(0, len(text) - 1))
        end = draw(st.integers(start + 1, len(text)))
        label = draw(st.sampled_from(["SPEAKER", "CLAIM"]))
        if (start, end, label) not in seen:  # identical spans are one span once stored
            seen.add((start, end, label))
            spans.append({"id": len(spans), "start": start, "end": end, "label": label})
    relations = [{"head": 0, "child": 1, "label": "SAID"}] if len(spans) > 1 else []
    return {"id": "d", "text": text, "annotator": "alice", "spans": spans,
            "relations": relations}


@pytest.mark.parametrize("fmt", ["jsonl", "prodigy", "doccano", "brat", "labelstudio"])
@settings(max_examples=20, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(line=annotated())
def test_import_of_export_is_the_identity(tmp_path_factory, fmt, line):
    folder = tmp_path_factory.mktemp(fmt)
    source = folder / "in.jsonl"
    if fmt == "prodigy":  # only finished work is an accepted Prodigy example
        line = {**line, "status": "done"}
    source.write_bytes(orjson.dumps(line) + b"\n")
    first, second = folder / "a.annotator", folder / "b.annotator"
    run("import", first, source)
    out = folder / {"brat": "out", "labelstudio": "out.json"}.get(fmt, "out.jsonl")
    run("export", first, "--format", fmt, "-o", out)
    run("import", second, out, "--annotator", "alice")

    def content(path):
        return (rows(path, "SELECT text FROM documents"),
                rows(path, 'SELECT annotator, start, "end", label FROM spans ORDER BY 2, 3, 4'),
                rows(path, "SELECT h.start, h.label, c.start, c.label, r.label FROM relations r "
                           "JOIN spans h ON h.id = r.head_span_id "
                           "JOIN spans c ON c.id = r.child_span_id ORDER BY 1, 3"))
    assert content(second) == content(first)
