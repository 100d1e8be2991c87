"""brat, beyond spans: file names one to one with ids and annotators (and what they cannot
carry restored on import), label names with spaces, events read as relations and written
back as events, and the lines our model does not keep said in the summary."""

import orjson
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from annotator.core import exporter, importer
from annotator.core.store import Store
from tests.cli.test_cli import run
from tests.conftest import rows

TEXT = "Mr Yin said talks are off."


def documents_and_layers(path):
    return (sorted(rows(path, "SELECT uid, title, meta FROM documents")),
            sorted(rows(path, "SELECT d.uid, s.annotator, s.start, s.\"end\", s.label FROM spans s "
                              "JOIN documents d ON d.id = s.doc_id")),
            sorted(rows(path, "SELECT d.uid, annotator, status FROM doc_status s "
                              "JOIN documents d ON d.id = s.doc_id")))


def test_ids_and_annotators_that_sanitise_alike_get_files_of_their_own(tmp_path):
    project = tmp_path / "p.annotator"
    with Store.open(project) as store:
        for n, uid in enumerate(["a/b", "a b", "a_b"]):
            doc, _ = store.add_document(f"{TEXT} {n}", uid=uid, title=f"Title {uid}")
            for who in ("bob smith", "bob_smith"):
                store.add_span(doc, who, 0, 6, "SPEAKER")
            store.set_status(doc, "bob smith", "done")
    out = tmp_path / "brat"
    assert "Exported 6 records (3 documents × annotators)" in run("export", project, "--format", "brat", "-o", out).output
    assert len(list(out.rglob("*.ann"))) == 6 and len(list(out.rglob("*.txt"))) == 6
    assert (out / "bob_smith" / "a_b.ann").is_file()  # a safe name is kept as it is
    again = tmp_path / "again.annotator"
    run("import", again, out)
    assert documents_and_layers(again) == documents_and_layers(project)


NAME_PIECES = ["a", "A", "b", "/", " ", "_", ".", "..", "\\", ":", "é", "e\u0301", "中",
               "unannotated", "CON", "x" * 90]


def joined(min_size=0, max_size=4):
    return st.lists(st.sampled_from(NAME_PIECES), min_size=min_size, max_size=max_size).map(
        "".join)


@settings(max_examples=25, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(ids=st.lists(joined(1), min_size=1, max_size=6, unique=True),
       names=st.lists(joined(1, 3).filter(str.strip), min_size=1, max_size=3, unique=True),
       data=st.data())
def test_any_ids_and_annotators_export_to_distinct_files_and_come_back(
        tmp_path_factory, ids, names, data):
    folder = tmp_path_factory.mktemp("names")
    project = folder / "p.annotator"
    lines = 0
    with Store.open(project) as store:
        for n, uid in enumerate(ids):
            doc, _ = store.add_document(f"Text {n}", uid=uid,
                                        title=data.draw(joined()))
            who = data.draw(st.lists(st.sampled_from(names), unique=True))
            for name in who:
                store.add_span(doc, name, 0, 4, "SPEAKER")
            lines += len(who) or 1
        report = exporter.ExportReport()
        exporter.export_to_path(store, "brat", folder / "brat", report)
    files = list((folder / "brat").rglob("*.ann"))
    assert len(files) == report.lines == lines
    # one to one where case does not count either (macOS, Windows), and no device names
    assert len({f.relative_to(folder).as_posix().casefold() for f in files}) == lines
    assert not any(part.split(".")[0].upper() == "CON" for f in files for part in f.parts)
    with Store.open(folder / "again.annotator") as store:
        importer.import_paths(store, [folder / "brat"])
    assert documents_and_layers(folder / "again.annotator") == documents_and_layers(project)


def with_labels(tmp_path, spans, relation=None):
    """A project with a span per label ({label: (start, end)}), the first two related."""
    project = tmp_path / "p.annotator"
    with Store.open(project) as store:
        doc, _ = store.add_document(TEXT, uid="d")
        made = []
        for label, (start, end) in spans.items():
            store.ensure_label(label, "span")
            made.append(store.add_span(doc, "alice", start, end, label))
        if relation:
            store.ensure_label(relation, "relation")
            store.add_relation(made[0].id, made[1].id, relation, "alice")
    return project


def test_label_names_with_spaces_are_written_with_underscores_and_come_back(tmp_path):
    project = with_labels(tmp_path, {"NEWS ORG": (0, 6), "CLAIM": (12, 25)}, "SAID TO")
    out = tmp_path / "brat"
    run("export", project, "--format", "brat", "-o", out)
    assert (out / "alice" / "d.ann").read_text().splitlines() == [
        "T1\tNEWS_ORG 0 6\tMr Yin", "T2\tCLAIM 12 25\ttalks are off", "R1\tSAID_TO Arg1:T1 Arg2:T2"]
    assert "NEWS_ORG" in (out / "annotation.conf").read_text().split("\n")
    again = tmp_path / "again.annotator"
    run("import", again, out)
    assert sorted(rows(again, "SELECT label FROM spans")) == [("CLAIM",), ("NEWS ORG",)]
    assert rows(again, "SELECT label FROM relations") == [("SAID TO",)]
    conll = run("export", project, "--format", "conll").stdout.splitlines()
    assert "Mr -X- _ B-NEWS_ORG" in conll and all(len(x.split()) in (0, 4) for x in conll)


def test_two_labels_that_would_be_written_alike_stop_the_export(tmp_path):
    project = with_labels(tmp_path, {"NEWS ORG": (0, 6), "NEWS_ORG": (7, 11)})
    for fmt, out in (("brat", tmp_path / "brat"), ("conll", tmp_path / "x.conll")):
        result = run("export", project, "--format", fmt, "-o", out, ok=False)
        assert result.exit_code == 1
        assert "'NEWS ORG' and 'NEWS_ORG' would both be written NEWS_ORG" in result.stderr
        assert not out.exists()
    assert not list(tmp_path.glob("x.conll*"))


ATTRIBUTION = "Officials said to protest the tariffs, Xi told reporters."
ANN = """T1\tSource 0 9\tOfficials
T2\tCue 10 14\tsaid
T3\tContent 15 37\tto protest the tariffs
T4\tAttribution 15 25\tto protest
E1\tAttribution:T4 Content:T3 Cue:T2 Source:T1
T5\tSource 39 41\tXi
T6\tCue 42 46\ttold
T7\tAttribution 42 46\ttold
E2\tAttribution:T7 Source:T5 Cue:T6 Content:E1 Content2:T3
R1\tSAME Arg1:E1 Arg2:T6
A1\tNegated E1
M2\tConfidence E2 High
#1\tAnnotatorNotes T1\tthe ministry
*\tEquiv T1 T5
N1\tReference T5 Wikipedia:1 Xi
"""


def brat_corpus(tmp_path):
    folder = tmp_path / "corpus" / "alice"
    folder.mkdir(parents=True)
    (folder / "doc.txt").write_text(ATTRIBUTION)
    (folder / "doc.ann").write_text(ANN)
    return tmp_path / "corpus"


def relations(path):
    return sorted(rows(path, "SELECT h.label, substr(d.text, h.start + 1, h.\"end\" - h.start), "
                             "r.label, c.label, substr(d.text, c.start + 1, c.\"end\" - c.start) "
                             "FROM relations r JOIN spans h ON h.id = r.head_span_id "
                             "JOIN spans c ON c.id = r.child_span_id "
                             "JOIN documents d ON d.id = r.doc_id"))


def test_brat_events_become_relations_by_role_and_go_back_as_events(tmp_path):
    project = tmp_path / "p.annotator"
    result = run("import", project, brat_corpus(tmp_path))
    assert "7 spans, 8 relations" in result.output
    assert ("2 brat events mapped to 7 relations; not kept: "
            "1 notes (# lines), 1 equivalences (* lines), 1 normalizations (N lines)"
            ) in result.output
    # attributes of an event are its trigger span's (a binary one is "true")
    assert sorted(rows(project, "SELECT s.label, s.start, a.name, a.value FROM "
                                "span_attributes a JOIN spans s ON s.id = a.span_id")) == [
        ("Attribution", 15, "Negated", "true"), ("Attribution", 42, "Confidence", "High")]
    assert relations(project) == sorted([
        ("Attribution", "to protest", "Attribution.Content", "Content", "to protest the tariffs"),
        ("Attribution", "to protest", "Attribution.Cue", "Cue", "said"),
        ("Attribution", "to protest", "Attribution.Source", "Source", "Officials"),
        ("Attribution", "told", "Attribution.Source", "Source", "Xi"),
        ("Attribution", "told", "Attribution.Cue", "Cue", "told"),
        # an argument that is an event stands for its trigger; Content2 is a second Content
        ("Attribution", "told", "Attribution.Content", "Attribution", "to protest"),
        ("Attribution", "told", "Attribution.Content", "Content", "to protest the tariffs"),
        # a relation may name an event too
        ("Attribution", "to protest", "SAME", "Cue", "told"),
    ])
    out = tmp_path / "brat"
    run("export", project, "--format", "brat", "-o", out)
    ann = (out / "alice" / "doc.ann").read_text().splitlines()
    events = [line for line in ann if line.startswith("E")]
    assert events == ["E1\tAttribution:T4 Content:T3 Cue:T2 Source:T1",
                      "E2\tAttribution:T7 Content:E1 Content2:T3 Cue:T6 Source:T5"]
    assert [line for line in ann if line.startswith("R")] == ["R1\tSAME Arg1:T4 Arg2:T6"]
    conf = (out / "annotation.conf").read_text()
    events_section = conf.split("[events]")[1].split("[attributes]")[0]
    assert events_section.strip().startswith("Attribution\tContent*:<EVENT>|")
    assert "Attribution" not in conf.split("[relations]")[0]  # an event type, not an entity
    again = tmp_path / "again.annotator"
    assert "2 brat events mapped to 7 relations" in run("import", again, out).output
    assert relations(again) == relations(project)


def test_events_survive_the_round_trip_through_our_jsonl_and_an_edit(tmp_path):
    """The project remembers event types and roles: a relation added by hand with an event
    role from a trigger is written into that event."""
    project = tmp_path / "p.annotator"
    run("import", project, brat_corpus(tmp_path))
    with Store.open(project) as store:
        spans = {s.label + str(s.start): s for s in store.spans(1)}
        store.add_relation(spans["Attribution42"].id, spans["Source0"].id, "Attribution.Source",
                           "alice")
    out = tmp_path / "brat"
    run("export", project, "--format", "brat", "-o", out)
    e2 = [x for x in (out / "alice" / "doc.ann").read_text().splitlines() if x.startswith("E2")]
    assert e2 == ["E2\tAttribution:T7 Content:E1 Content2:T3 Cue:T6 Source:T5 Source2:T1"]
    meta = orjson.loads((out / "alice" / "doc.meta.json").read_bytes())
    assert (meta["id"], meta["annotator"], meta["status"]) == ("doc", "alice", "in_progress")


def test_meta_integers_beyond_64_bits_go_through_brat_and_come_back(tmp_path):
    path = tmp_path / "in.jsonl"
    path.write_text('{"id": "d", "text": "Yin.", "meta": {"n": 1180591620717411303424, '
                    '"m": -36893488147419103232, "title": "T"}}\n')
    project = tmp_path / "p.annotator"
    run("import", project, path)
    out = tmp_path / "brat"
    run("export", project, "--format", "brat", "-o", out)
    sidecar = next(out.rglob("*.meta.json")).read_text()
    assert '"n": 1180591620717411303424' in sidecar and "\n  " in sidecar  # indented as ever
    again = tmp_path / "again.annotator"
    run("import", again, out)
    line = run("export", again).stdout
    assert '"n":1180591620717411303424' in line and '"m":-36893488147419103232' in line


def test_a_brat_sidecar_giving_a_key_twice_is_refused_naming_the_file(tmp_path):
    project = tmp_path / "p.annotator"
    run("import", project, brat_corpus(tmp_path))
    out = tmp_path / "brat"
    run("export", project, "--format", "brat", "-o", out)
    sidecar = out / "alice" / "doc.meta.json"
    sidecar.write_text(sidecar.read_text().replace('"status"', '"id": "other",\n  "status"'))
    result = run("import", tmp_path / "again.annotator", out, ok=False)
    assert result.exit_code == 1
    assert str(sidecar) in result.stderr and "'id'" in result.stderr \
        and "twice" in result.stderr


def test_brat_events_survive_a_merge_into_another_project(tmp_path):
    project = tmp_path / "p.annotator"
    run("import", project, brat_corpus(tmp_path))
    with Store.open(tmp_path / "other.annotator") as other:  # events of its own, and one alike
        other.set_setting("brat_events", '{"Attribution": ["Topic"], "Quote": ["Speaker"]}')
    merged = tmp_path / "other.annotator"
    run("merge", merged, project)
    out = tmp_path / "brat"
    run("export", merged, "--format", "brat", "-o", out)
    events = [x for x in (out / "alice" / "doc.ann").read_text().splitlines()
              if x.startswith("E")]
    assert events == ["E1\tAttribution:T4 Content:T3 Cue:T2 Source:T1",
                      "E2\tAttribution:T7 Content:E1 Content2:T3 Cue:T6 Source:T5"]
    with Store.open(merged) as store:
        assert orjson.loads(store.setting("brat_events")) == {
            "Attribution": ["Content", "Cue", "Source", "Topic"], "Quote": ["Speaker"]}
