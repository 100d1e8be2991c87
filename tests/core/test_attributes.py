"""Attributes: declared by the scheme, set and undone through the workspace, kept in SQLite,
and brought to projects made before they existed."""

import json

import pytest
from sqlite_utils import Database

from annotator.core import schema
from annotator.core.errors import InvalidInput
from annotator.core.labels import read_scheme_file, scheme_json
from annotator.core.models import Attribute
from annotator.core.store import Store
from annotator.core.workspace import Workspace
from tests.conftest import rows

TEXT = 'Mr Yin said: "The talks are off for now."'


@pytest.fixture
def ws(project):
    store = Store.open(project)
    doc, _ = store.add_document(TEXT, uid="d1")
    workspace = Workspace(store, "alice")
    workspace.open(doc)
    yield workspace
    store.close()


def test_the_default_scheme_declares_quote_kind_cue_and_document_attributes(fresh_db):
    labels = {lb.name: lb for lb in fresh_db.labels()}
    assert labels["CLAIM"].attributes == (Attribute("quote", ("direct", "indirect", "mixed")),)
    assert labels["SPEAKER"].attributes == (
        Attribute("kind", ("person", "organisation", "anonymous", "pronoun")),)
    assert labels["CUE"].kind == "span" and labels["CUE"].key == "9"
    assert labels["CUE"].color not in {lb.color for lb in labels.values() if lb.name != "CUE"}
    assert [a.name for a in fresh_db.document_attributes()] == ["relevant", "genre"]


def test_a_scheme_file_round_trips_with_its_attributes(tmp_path, fresh_db):
    path = tmp_path / "s.json"
    path.write_bytes(scheme_json(fresh_db.labels(), fresh_db.document_attributes()))
    labels, document = read_scheme_file(path)
    assert labels == fresh_db.labels()
    assert document == fresh_db.document_attributes()
    data = json.loads(path.read_text())
    assert data["labels"][1]["attributes"] == {"quote": ["direct", "indirect", "mixed"]}


@pytest.mark.parametrize("attributes, message", [
    ({"quote": []}, "must list its values"),
    ({"quote": ["a", "a"]}, "named twice"),
    ({"quote": "direct"}, "must list its values"),
    (["quote"], "must be an object"),
    ({"quote": ["a\nb"]}, "line breaks"),
])
def test_a_scheme_file_with_bad_attributes_is_refused(tmp_path, attributes, message):
    path = tmp_path / "s.json"
    path.write_text(json.dumps({"labels": [{"name": "CLAIM", "attributes": attributes}]}))
    with pytest.raises(InvalidInput, match=message):
        read_scheme_file(path)


def test_relation_labels_take_no_attributes(tmp_path):
    path = tmp_path / "s.json"
    path.write_text(json.dumps({"labels": [{"name": "SAID", "kind": "relation",
                                            "attributes": {"x": ["y"]}}]}))
    with pytest.raises(InvalidInput, match="only span labels take attributes"):
        read_scheme_file(path)


def test_setting_a_span_attribute_is_stored_and_undone(ws, project):
    claim = ws.apply_label("CLAIM", (14, 40))
    assert ws.choose_attribute("quote", "direct") == "direct"
    assert rows(project, "SELECT span_id, name, value FROM span_attributes") == [
        (claim.id, "quote", "direct")]
    assert ws.choose_attribute("quote", "mixed") == "mixed"
    assert ws.undo_stack.undo_text == "Set CLAIM quote: mixed"
    ws.undo()
    assert rows(project, "SELECT value FROM span_attributes") == [("direct",)]
    ws.redo()
    assert rows(project, "SELECT value FROM span_attributes") == [("mixed",)]
    assert ws.choose_attribute("quote", "mixed") is None  # the same value again: cleared
    assert rows(project, "SELECT value FROM span_attributes") == []
    ws.undo()
    assert rows(project, "SELECT value FROM span_attributes") == [("mixed",)]


def test_a_value_the_scheme_does_not_declare_is_refused(ws):
    ws.apply_label("CLAIM", (14, 40))
    with pytest.raises(InvalidInput, match="no kind person"):
        ws.choose_attribute("kind", "person")
    ws.apply_label("PLACE", (0, 6))
    with pytest.raises(InvalidInput, match="it has no attributes"):
        ws.choose_attribute("quote", "direct")
    ws.selected = None
    with pytest.raises(InvalidInput, match="Select a span first"):
        ws.choose_attribute("quote", "direct")


def test_undoing_a_delete_brings_the_values_back(ws, project):
    claim = ws.apply_label("CLAIM", (14, 40))
    ws.choose_attribute("quote", "indirect")
    ws.delete_span(claim.id)
    assert rows(project, "SELECT * FROM span_attributes") == []
    ws.undo()
    assert rows(project, "SELECT span_id, value FROM span_attributes") == [
        (claim.id, "indirect")]


def test_a_relabel_drops_values_the_new_label_has_not_and_undo_restores_them(ws, project):
    span = ws.apply_label("SPEAKER", (0, 6))
    ws.choose_attribute("kind", "person")
    ws.relabel(span.id, "PERSON")
    assert rows(project, "SELECT * FROM span_attributes") == []
    ws.undo()
    assert rows(project, "SELECT name, value FROM span_attributes") == [("kind", "person")]


def test_document_attributes_are_per_annotator_and_undone(ws, project):
    assert ws.choose_document_attribute("relevant", "yes") == "yes"
    assert ws.store.status(ws.document.id, "alice") == "in_progress"
    bob = Workspace(ws.store, "bob", ws.undo_stack)
    bob.open(ws.document.id)
    bob.choose_document_attribute("relevant", "no")
    assert set(rows(project, "SELECT annotator, name, value FROM document_attributes")) == {
        ("alice", "relevant", "yes"), ("bob", "relevant", "no")}
    assert dict(ws.document_attributes())[Attribute("relevant", ("yes", "no"))] == "yes"
    bob.undo()
    ws.undo()
    assert rows(project, "SELECT * FROM document_attributes") == []
    assert ws.store.status_row(ws.document.id, "alice") is None  # as before
    with pytest.raises(InvalidInput, match="no relevant maybe"):
        ws.choose_document_attribute("relevant", "maybe")


def test_a_layer_cleared_takes_its_document_values(ws, project):
    ws.choose_document_attribute("genre", "news")
    ws.store.clear_layer(ws.document.id, "alice")
    assert rows(project, "SELECT * FROM document_attributes") == []


def test_a_project_made_at_version_7_gets_the_tables_and_keeps_its_scheme(project):
    db = Database(project)
    schema.migrate(db, stop_before="m009_attributes")
    version = rows(project, "PRAGMA user_version")[0][0]
    assert version == schema.step_names().index("m009_attributes")
    db.execute("INSERT INTO documents (uid, title, text, length, sha256) "
               "VALUES ('d', 't', 'Yin said no.', 12, 'h')")
    db.execute("INSERT INTO labels (name, color, key) VALUES ('CLAIM', '#9fd3f0', '2')")
    db.execute("INSERT INTO spans (doc_id, annotator, start, \"end\", label) "
               "VALUES (1, 'alice', 9, 11, 'CLAIM')")
    db.close()

    with Store.open(project) as store:
        assert store.backup is not None
        assert [(lb.name, lb.attributes) for lb in store.labels()] == [("CLAIM", ())]
        assert store.document_attributes() == ()  # not rewritten behind its owner's back
        assert [lb.name for lb in store.labels()] == ["CLAIM"]  # no CUE added
        store.set_span_attribute(1, "quote", "direct", "alice")
        assert store.span_attributes(1) == {"quote": "direct"}
    assert rows(project, "PRAGMA user_version") == [(schema.SCHEMA_VERSION,)]
    assert schema.differences(__import__("sqlite3").connect(project),
                              schema.SCHEMA_VERSION) is None


def test_an_import_declares_values_the_scheme_lacks(fresh_db):
    assert fresh_db.ensure_attribute("CLAIM", "quote", "paraphrase")
    assert not fresh_db.ensure_attribute("CLAIM", "quote", "direct")
    assert fresh_db.ensure_attribute(None, "topic", "trade")
    claim = next(lb for lb in fresh_db.labels() if lb.name == "CLAIM")
    assert claim.attribute("quote").values[-1] == "paraphrase"
    assert fresh_db.document_attributes()[-1] == Attribute("topic", ("trade",))


def test_a_merge_carries_values_and_declarations_and_sees_a_changed_value(tmp_path):
    from annotator.core.merge import merge_paths

    with Store.open(tmp_path / "alice.annotator") as store:
        doc, _ = store.add_document(TEXT, uid="d1")
        claim = store.add_span(doc, "alice", 14, 40, "CLAIM")
        store.ensure_attribute("CLAIM", "quote", "partial")
        store.set_span_attribute(claim.id, "quote", "partial", "alice")
        store.set_document_value(doc, "alice", "relevant", "yes", "alice")
    with Store.open(tmp_path / "lead.annotator") as lead:
        report = merge_paths(lead, [tmp_path / "alice.annotator"])
        assert report.layers_added == 1
        (span,) = lead.spans(1, "alice")
        assert lead.span_attributes(span.id) == {"quote": "partial"}
        assert lead.document_values(1, "alice") == {"relevant": "yes"}
        claim_label = next(lb for lb in lead.labels() if lb.name == "CLAIM")
        assert claim_label.attribute("quote").values == ("direct", "indirect", "mixed",
                                                         "partial")
        assert merge_paths(lead, [tmp_path / "alice.annotator"]).layers_same == 1
    with Store.open(tmp_path / "alice.annotator") as store:
        store.set_span_attribute(1, "quote", "direct", "alice")
    with Store.open(tmp_path / "lead.annotator") as lead:
        with pytest.raises(InvalidInput, match="differs"):
            merge_paths(lead, [tmp_path / "alice.annotator"])
        merge_paths(lead, [tmp_path / "alice.annotator"], replace=True)
        (span,) = lead.spans(1, "alice")
        assert lead.span_attributes(span.id) == {"quote": "direct"}
        assert lead.document_values(1, "alice") == {"relevant": "yes"}


def test_the_cli_sets_and_prints_a_scheme_with_attributes(tmp_path):
    from click.testing import CliRunner

    from annotator.cli import main

    scheme = tmp_path / "s.json"
    scheme.write_text(json.dumps({
        "labels": [{"name": "CLAIM", "color": "#9fd3f0",
                    "attributes": {"quote": ["direct", "indirect"]}}],
        "document_attributes": {"stance": ["for", "against"]}}))
    runner = CliRunner()
    path = str(tmp_path / "p.annotator")
    result = runner.invoke(main, ["labels", path, "--set", str(scheme)])
    assert result.exit_code == 0, result.output
    assert "quote: direct / indirect" in result.output
    assert "document stance: for / against" in result.output
    result = runner.invoke(main, ["labels", path, "--json"])
    data = json.loads(result.output)
    assert data["labels"][0]["attributes"] == {"quote": ["direct", "indirect"]}
    assert data["document_attributes"] == {"stance": ["for", "against"]}


def test_the_cli_agreement_prints_a_row_per_attribute(tmp_path):
    from click.testing import CliRunner

    from annotator.cli import main

    path = tmp_path / "p.annotator"
    with Store.open(path) as store:
        doc, _ = store.add_document(TEXT, uid="d1")
        for name, quote in (("alice", "direct"), ("bob", "direct")):
            span = store.add_span(doc, name, 14, 40, "CLAIM")
            store.set_span_attribute(span.id, "quote", quote, name)
            store.set_document_value(doc, name, "relevant", "yes" if name == "alice" else "no",
                                     name)
    result = CliRunner().invoke(main, ["agreement", str(path)])
    assert result.exit_code == 0, result.output
    lines = result.output.splitlines()
    assert lines[lines.index(next(x for x in lines if x.startswith("attribute"))) + 1:] == [
        f"{'quote':<28}{1:>9}{' 1.000':>9}{'   -  ':>9}",
        f"{'document relevant':<28}{1:>9}{' 0.000':>9}{' 0.000':>9}"]
