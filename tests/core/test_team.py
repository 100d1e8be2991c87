"""A team without a server: assign packs, annotate in them, merge them back, follow it."""

from collections import Counter

import pytest

from annotator.core import team
from annotator.core.agreement import agreement
from annotator.core.errors import InvalidInput
from annotator.core.merge import merge_paths
from annotator.core.store import Store
from annotator.core.workspace import Workspace
from tests.conftest import rows

GUIDE = "# How we label\n\nA **SPEAKER** is who said it; a CLAIM is what they said.\n"


def text(i):
    return f"Story zebra{i}: Mr Liu said the talks went well on day {i}."


def phrase(doc_text, words):
    start = doc_text.index(words)
    return start, start + len(words)


@pytest.fixture
def lead(tmp_path):
    path = tmp_path / "lead.annotator"
    with Store.open(path) as store:
        for i in range(1, 7):
            store.add_document(text(i), uid=f"s{i}", title=f"Story {i}")
        store.set_guidelines(GUIDE)
        # work the annotators must not see in their packs: someone else's and gold
        store.add_span(1, "zed", 0, 5, "PERSON")
        store.add_span(1, "gold", 0, 5, "PERSON", source="gold")
    return path


def give_out(lead, tmp_path, **options):
    with Store.open(lead) as store:
        return team.assign(store, tmp_path / "packs", ["alice", "bob", "carol"],
                           seed=3, **options)


# What each annotator does in their pack, through the workspace, as the window does it.
def annotate(pack, owner):
    made = {}
    with Store.open(pack) as store:
        ws = Workspace(store, owner)
        ids = store.every_document_id()
        for n, doc_id in enumerate(ids):
            doc = ws.open(doc_id)
            if owner == "alice":
                ws.label_selection(*phrase(doc.text, "Mr Liu"), "SPEAKER")
                ws.finish("done")
            elif owner == "bob":
                ws.label_selection(*phrase(doc.text, "Mr Liu"), "SPEAKER")
                ws.label_selection(*phrase(doc.text, "the talks went well"), "CLAIM")
                ws.finish("skipped" if n == len(ids) - 1 else "done")
            else:  # carol: only the name, and finishes her first document only
                ws.label_selection(*phrase(doc.text, "Liu"), "SPEAKER")
                if n == 0:
                    ws.finish("done")
            made[doc.uid] = {(s.start, s.end, s.label) for s in ws.spans()}
    return made


def test_round_trip_assign_annotate_merge_gives_the_figures_computed_directly(lead,
                                                                              tmp_path):
    report = give_out(lead, tmp_path, shared=0.5)
    assert report.assigned == 6 and report.shared == 3
    assert sorted(report.packs) == ["alice", "bob", "carol"]
    work = {name: annotate(path, name) for name, path in report.packs.items()}
    with Store.open(lead) as store:
        merged = merge_paths(store, report.packs.values())
        assert merged.layers_added == sum(len(w) for w in work.values())
        figures = team.progress(store)
        assignments = store.assignments()
        statuses = {(d, n): s for d, n, s in store.all_statuses()}
        uid = {d.id: d.uid for d in store.documents()}

    # progress, computed directly from what each one did
    rows_by_name = {row["annotator"]: row for row in figures["annotators"]}
    for name, made in work.items():
        row = rows_by_name[name]
        assert row["assigned"] == report.documents[name] == len(made)
        assert row["spans"] == sum(len(spans) for spans in made.values())
        assert row["notes"] == 0  # no notes table in this project
        assert row["last_activity"] is not None
    assert rows_by_name["alice"]["done"] == rows_by_name["alice"]["assigned"]
    assert (rows_by_name["bob"]["done"], rows_by_name["bob"]["skipped"]) == (
        rows_by_name["bob"]["assigned"] - 1, 1)
    assert (rows_by_name["carol"]["done"], rows_by_name["carol"]["skipped"]) == (1, 0)
    expected_states = Counter()
    for doc_id, names in assignments.items():
        finished = [statuses.get((doc_id, n)) in ("done", "skipped") for n in names]
        expected_states["all done" if all(finished) else "in progress"] += 1
    assert {k: figures["documents"][k] for k in expected_states} == dict(expected_states)
    assert figures["documents"]["not started"] == figures["documents"]["reviewed"] == 0

    # agreement on shared documents both have done: exact span F1 = 2·|A∩B| / (|A|+|B|)
    matched, spans = Counter(), Counter()
    for doc_id, names in assignments.items():
        done = tuple(sorted(n for n in names if statuses.get((doc_id, n)) == "done"))
        if len(done) == 2:
            a, b = (work[n][uid[doc_id]] for n in done)
            matched[done] += len(a & b)
            spans[done] += len(a) + len(b)
    got = {(p["a"], p["b"]): p["exact_f1"] for p in figures["agreement"]["pairs"]
           if p["exact_f1"] is not None}
    want = {pair: 2 * matched[pair] / spans[pair] for pair in spans}
    assert got == pytest.approx(want) and want


def test_packs_hold_exactly_their_documents_the_scheme_and_guidelines_and_nothing_else(
        lead, tmp_path):
    report = give_out(lead, tmp_path, overlap=2)
    with Store.open(lead) as store:
        labels = store.labels()
        assignments = store.assignments()
        project_id = store.project_id()
        all_docs = {d.id: d.uid for d in store.documents()}
    for name, path in report.packs.items():
        mine = {all_docs[d] for d, names in assignments.items() if name in names}
        with Store.open(path) as pack:
            assert {d.uid for d in pack.documents()} == mine
            assert pack.guidelines() == GUIDE
            assert pack.labels() == labels
            assert pack.pack_identity()[:2] == (project_id, name)
            assert pack.project_id() != project_id
            assert set(pack.annotators()) <= {name}  # not zed's, not gold
        assert rows(path, "SELECT count(*) FROM history") == [(0,)]
        others = [i for i, u in all_docs.items() if u not in mine]
        data = path.read_bytes()
        assert all(f"zebra{i}:".encode() not in data for i in others)  # gone, not unlinked
    assert all(len(names) == 2 for names in assignments.values())


def test_a_pack_merged_twice_adds_nothing_and_newer_work_in_it_replaces_the_older(
        lead, tmp_path):
    report = give_out(lead, tmp_path, shared=0.5)
    annotate(report.packs["alice"], "alice")
    with Store.open(lead) as store:
        merge_paths(store, [report.packs["alice"]])
    before = rows(lead, "SELECT doc_id, annotator, start, \"end\", label FROM spans "
                        "ORDER BY 1, 2, 3")
    with Store.open(lead) as store:
        again = merge_paths(store, [report.packs["alice"]])
    assert (again.layers_added, again.documents_added, again.spans_added) == (0, 0, 0)
    assert rows(lead, "SELECT doc_id, annotator, start, \"end\", label FROM spans "
                      "ORDER BY 1, 2, 3") == before
    with Store.open(report.packs["alice"]) as pack:  # alice goes on working in her pack
        ws = Workspace(pack, "alice")
        doc = ws.open(pack.every_document_id()[0])
        ws.label_selection(*phrase(doc.text, "day"), "DATE")
    with Store.open(lead) as store:
        later = merge_paths(store, [report.packs["alice"]])
        assert later.layers_replaced == 1
        assert store.find_span(store.find_document(doc.uid, doc.text), "alice",
                               *phrase(doc.text, "day"), "DATE") is not None


def test_a_pack_from_another_project_is_refused_and_nothing_is_merged(lead, tmp_path):
    other = tmp_path / "other.annotator"
    with Store.open(other) as store:
        store.add_document(text(1), uid="s1")
        foreign = team.assign(store, tmp_path / "other-packs", ["alice"])
    annotate(foreign.packs["alice"], "alice")
    give_out(lead, tmp_path, shared=0.5)
    before = rows(lead, "SELECT count(*) FROM spans")
    with Store.open(lead) as store:
        with pytest.raises(InvalidInput, match="alice's pack from another project"):
            merge_paths(store, [foreign.packs["alice"]])
    assert rows(lead, "SELECT count(*) FROM spans") == before


def test_assigning_again_after_an_import_gives_out_only_the_new_documents(lead, tmp_path):
    first = give_out(lead, tmp_path, shared=0.5)
    again = give_out(lead, tmp_path, shared=0.5)
    assert again.assigned == 0 and not again.packs
    with Store.open(lead) as store:
        before = store.assignments()
        store.add_document(text(7), uid="s7")
        store.add_document(text(8), uid="s8")
    third = give_out(lead, tmp_path, shared=0.5)
    assert third.assigned == 2
    with Store.open(lead) as store:
        after = store.assignments()
        new = {d for d in after if d not in before}
        assert {d: n for d, n in after.items() if d in before} == before
        assert {store.document(d).uid for d in new} == {"s7", "s8"}
    for name, path in third.packs.items():
        assert path.name.startswith(f"{name}-2") and first.packs[name].exists()
        with Store.open(path) as pack:
            assert {d.uid for d in pack.documents()} <= {"s7", "s8"}


def test_only_documents_nobody_started_with_status_todo(lead, tmp_path):
    with Store.open(lead) as store:
        store.set_status(2, "zed", "done")  # doc 1 has zed's span, doc 2 is done by zed
        report = team.assign(store, tmp_path / "packs", ["alice"], status="todo")
        assert sorted(store.assignments()) == [3, 4, 5, 6]
    assert report.assigned == 4


def test_agreement_can_be_limited_to_documents_and_finished_work(fresh_db):
    for i in (1, 2):
        fresh_db.add_document(text(i), uid=f"s{i}")
        for name in ("alice", "bob"):
            fresh_db.add_span(i, name, *phrase(text(i), "Mr Liu"), "SPEAKER")
    fresh_db.add_span(2, "bob", *phrase(text(2), "talks"), "CLAIM")
    assert agreement(fresh_db, ["alice", "bob"])["overall"]["exact_f1"] == pytest.approx(0.8)
    assert agreement(fresh_db, ["alice", "bob"], only_documents={1})["overall"]["exact_f1"] == 1
    fresh_db.set_status(2, "alice", "done")
    fresh_db.set_status(2, "bob", "done")
    finished = agreement(fresh_db, ["alice", "bob"], finished_only=True)
    assert [d["id"] for d in finished["documents"]] == ["s2"]


def test_a_pack_keeps_its_owners_earlier_work_whole_and_nobody_elses(lead, tmp_path):
    with Store.open(lead) as store:
        t = store.document(1).text
        head = store.add_span(1, "alice", *phrase(t, "Mr Liu"), "SPEAKER")
        child = store.add_span(1, "alice", *phrase(t, "the talks went well"), "CLAIM")
        store.add_relation(head.id, child.id, "SAID", "alice")
        zed = store.add_span(1, "zed", *phrase(t, "the talks went well"), "CLAIM")
        store.add_relation(store.find_span(1, "zed", 0, 5, "PERSON").id, zed.id, "SAID", "zed")
        store.add_rejection(1, 0, 5, "rita")
        report = team.assign(store, tmp_path / "packs", ["alice"])
    pack = report.packs["alice"]
    assert rows(pack, "SELECT annotator, label FROM relations") == [("alice", "SAID")]
    assert rows(pack, "SELECT DISTINCT annotator FROM spans") == [("alice",)]
    assert rows(pack, "SELECT count(*) FROM review_rejections") == [(0,)]
    assert rows(pack, "PRAGMA foreign_key_check") == []
