"""Where the team packs meet the rest: portable pack file names, notes counted once."""

import pytest

from annotator.core import team
from annotator.core.errors import InvalidInput
from annotator.core.filenames import DEVICES
from annotator.core.store import Store

WINDOWS_REFUSES = set('<>:"/\\|?*')


@pytest.fixture
def lead(tmp_path):
    path = tmp_path / "lead.annotator"
    with Store.open(path) as store:
        for i in range(1, 9):
            store.add_document(f"Mr Liu said the talks went well on day {i}.", uid=f"s{i}")
    return path


def test_pack_file_names_are_portable_whatever_the_annotator_is_called(lead, tmp_path):
    names = ["x:y", "c/d", "CON", "Alice", "alice", "a?b*"]
    with Store.open(lead) as store:
        report = team.assign(store, tmp_path / "packs", names)
        recorded = {name: file for _, name, file, *_ in store.packs()}
    assert set(report.packs) == set(names)
    files = [path.name for path in report.packs.values()]
    assert len({f.casefold() for f in files}) == len(files)  # one file each, whatever the case
    for name, path in report.packs.items():
        assert path.parent == tmp_path / "packs" and path.is_file()
        assert not WINDOWS_REFUSES & set(path.name), path.name
        assert path.name.split(".")[0].upper() not in DEVICES
        assert recorded[name] == str(path)
        with Store.open(path) as pack:
            assert pack.pack_identity()[1] == name  # the owner is the name, not the file's


def test_assigning_an_empty_project_says_it_has_no_documents(tmp_path):
    with Store.open(tmp_path / "empty.annotator") as store:
        with pytest.raises(InvalidInput, match="no documents"):
            team.assign(store, tmp_path / "packs", ["alice", "bob"])
    assert not (tmp_path / "packs").exists()


def test_notes_in_packs_are_the_owners_come_back_once_and_progress_counts_them(lead, tmp_path):
    from annotator.core.merge import merge_paths
    from annotator.core.workspace import Workspace
    from tests.conftest import rows

    with Store.open(lead) as store:
        span = store.add_span(1, "bob", 0, 6, "PERSON")
        store.add_note(1, "bob", span.id, "bob's, on his span")
        store.add_note(1, "bob", None, "bob's, on the document")
        report = team.assign(store, tmp_path / "packs", ["alice", "bob"], overlap=2)
    with Store.open(report.packs["alice"]) as pack:
        assert rows(report.packs["alice"], "SELECT count(*) FROM notes") == [(0,)]
        ws = Workspace(pack, "alice")
        ws.open(1)
        ws.set_note("unsure: a claim or an opinion?")
        ws.open(2)
        ws.set_note("done later", resolved=True)
    with Store.open(lead) as store:
        merge_paths(store, [report.packs["alice"]])
        merge_paths(store, [report.packs["alice"]])  # twice adds nothing
        counts = {r["annotator"]: r["notes"] for r in team.progress(store)["annotators"]}
    assert rows(lead, "SELECT annotator, text FROM notes WHERE annotator = 'alice' "
                      "ORDER BY doc_id") == [("alice", "unsure: a claim or an opinion?"),
                                             ("alice", "done later")]
    assert counts == {"alice": 2, "bob": 2}


def test_a_shared_share_with_one_annotator_says_sharing_needs_two(lead, tmp_path):
    with Store.open(lead) as store:
        with pytest.raises(InvalidInput, match="sharing documents needs 2 annotators; 1 named"):
            team.assign(store, tmp_path / "packs", ["alice"], shared=0.5)


def test_a_pack_brings_back_its_owners_work_only(lead, tmp_path):
    """A pack is its owner's: gold (Review ▸ edit gold in the pack) or another name's
    spans written in it stay out of the project, which keeps its own gold."""
    from annotator.core.merge import merge_paths
    from tests.conftest import rows

    with Store.open(lead) as store:
        report = team.assign(store, tmp_path / "packs", ["alice"])
    with Store.open(report.packs["alice"]) as pack:
        pack.add_span(1, "alice", 0, 6, "PERSON")
        pack.add_span(1, "gold", 0, 6, "PERSON", source="gold")
        pack.add_span(2, "mallory", 0, 6, "PERSON")
    with Store.open(lead) as store:
        merged = merge_paths(store, [report.packs["alice"]])
    assert rows(lead, "SELECT DISTINCT annotator FROM spans") == [("alice",)]
    assert "2 layers of others in the pack left out" in merged.summary()


def test_a_reserved_layer_such_as_suggestions_starts_no_document(lead, tmp_path, monkeypatch):
    """`--status todo`: a document only pre-annotated (a reserved layer's spans, as the
    suggestions layer will hold) is one nobody has started."""
    from annotator.core import models

    monkeypatch.setattr(models, "RESERVED_LAYERS", (models.GOLD, "suggestions"))
    with Store.open(lead) as store:
        store.add_span(1, "suggestions", 0, 6, "PERSON")
        store.add_span(2, "gold", 0, 6, "PERSON")
        store.add_span(3, "zed", 0, 6, "PERSON")
        report = team.assign(store, tmp_path / "packs", ["alice"], status="todo")
        assert sorted(store.assignments()) == [1, 2, 4, 5, 6, 7, 8]
    assert report.assigned == 7
