"""Where the suggestions layer meets the rest: team packs, the reserved name, attributes."""

import pytest

from annotator.core import team
from annotator.core.merge import merge_paths
from annotator.core.store import Store
from annotator.core.suggest.decide import shown
from annotator.core.suggest.run import suggest_documents
from tests.suggest_source import TEXT, Marks


@pytest.fixture
def lead(tmp_path):
    path = tmp_path / "lead.annotator"
    with Store.open(path) as store:
        store.add_document(TEXT, uid="s1")
        suggest_documents(store, [Marks()], [1])
    return path


def test_a_pack_carries_its_documents_suggestions_and_brings_back_its_owners_rejections(
        lead, tmp_path):
    """bob rejects a suggestion in his pack; once the pack is merged it does not come back
    for bob in the project (nor is it rejected for anyone else)."""
    with Store.open(lead) as store:
        report = team.assign(store, tmp_path / "packs", ["bob"])
        before = [s.key for s in shown(store, 1, "bob")]
    with Store.open(report.packs["bob"]) as pack:
        assert [s.key for s in shown(pack, 1, "bob")] == before  # the pack has them
        pack.reject_suggestion(1, "bob", *before[0])
        pack.add_span(1, "bob", *before[1])
    with Store.open(lead) as store:
        merge_paths(store, [report.packs["bob"]])
        assert [s.key for s in shown(store, 1, "bob")] == before[2:]
        assert [s.key for s in shown(store, 1, "carol")] == before
        merge_paths(store, [report.packs["bob"]])  # again: nothing changes
        assert store.suggestion_rejections(1, "bob") == {before[0]}


def test_suggestions_and_rejections_follow_a_label_renamed_and_go_with_one_removed(fresh_db):
    """Scheme editor: SPEAKER renamed SOURCE, CLAIM removed (no span had it). The suggestions
    are shown as SOURCE, a rejected one stays rejected, and accepting all makes SOURCE spans
    (it stopped on 'CLAIM is not a span label' — or a KeyError — before)."""
    from dataclasses import replace

    from tests.conftest import workspace_on

    ws = workspace_on(fresh_db, TEXT)
    suggest_documents(fresh_db, [Marks()], [ws.document.id])
    speakers = [s.key for s in ws.suggestions.shown() if s.label == "SPEAKER"]
    ws.suggestions.current = speakers[0]
    ws.suggestions.reject()
    labels = [replace(lb, name="SOURCE") if lb.name == "SPEAKER" else lb
              for lb in fresh_db.labels() if lb.name != "CLAIM"]
    labels = [replace(lb, heads=(), children=()) if lb.kind == "relation" else lb
              for lb in labels]
    fresh_db.set_labels(labels, {"SPEAKER": "SOURCE"})
    assert [s.key for s in ws.suggestions.shown()] == [(*speakers[1][:2], "SOURCE")]
    assert ws.suggestions.accept_all() == 1
    assert [(s.start, s.end, s.label) for s in ws.spans()] == [(*speakers[1][:2], "SOURCE")]
    assert fresh_db.suggestion_rejections(ws.document.id, "alice") == {
        (*speakers[0][:2], "SOURCE")}


def test_the_suggestions_export_read_back_is_not_an_annotators_work(tmp_path):
    """`annotator export --suggestions` writes lines whose annotator is 'suggestions'. Imported
    or merged, they became a person called 'suggestions' whose spans were counted (stats,
    agreement, exports) before anyone accepted them. Now that name is refused, as gold's is
    to a person, saying what the file is."""
    from annotator.core import importer
    from annotator.core.errors import InvalidInput
    from annotator.core.names import check_annotator
    from annotator.core.suggest import export

    with Store.open(tmp_path / "p.annotator") as store:
        store.add_document(TEXT, uid="s1")
        suggest_documents(store, [Marks()], [1])
        with open(tmp_path / "s.jsonl", "wb") as out:
            assert export.write(store, out) == 1
        with pytest.raises(InvalidInput, match="export --suggestions"):
            merge_paths(store, [tmp_path / "s.jsonl"])
        assert store.annotators() == []
    with Store.open(tmp_path / "q.annotator") as other:
        with pytest.raises(InvalidInput, match="export --suggestions"):
            importer.import_paths(other, [tmp_path / "s.jsonl"])
        assert other.annotators() == []
    with pytest.raises(InvalidInput, match="suggestions"):
        check_annotator("suggestions")
