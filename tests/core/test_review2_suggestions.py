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
