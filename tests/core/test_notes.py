"""Notes on spans and documents: written, resolved and removed through the workspace (each
undoable), exported in our JSONL and read back, carried by a merge, and found by the
document list's filter."""

import io

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from annotator.core import exporter, importer, merge
from annotator.core.errors import InvalidInput
from annotator.core.formats import jsonl
from annotator.core.models import OPEN_NOTES
from annotator.core.store import Store
from annotator.core.workspace import Workspace
from tests.conftest import rows, workspace_on

TEXT = "Mr Liu said tariffs would rise. Beijing disagreed."


@pytest.fixture
def ws(fresh_db):
    return workspace_on(fresh_db, TEXT)


def notes(ws):
    return [(n.span_id, n.text, n.status) for n in ws.store.notes(ws.document.id)]


def test_a_note_on_the_selected_span_is_written_resolved_removed_and_each_undone(ws):
    span = ws.apply_label("CLAIM", (12, 30))  # the new span is selected
    note = ws.set_note("unsure: is this a claim or an opinion?")
    assert notes(ws) == [(span.id, "unsure: is this a claim or an opinion?", "open")]
    assert ws.undo_stack.undo_text == "Note on CLAIM “tariffs would rise”"
    ws.set_note("unsure: is this a claim or an opinion?", resolved=True)
    assert ws.undo_stack.undo_text.startswith("Resolve note on CLAIM")
    assert notes(ws) == [(span.id, "unsure: is this a claim or an opinion?", "resolved")]
    ws.set_note("")  # no text: the note goes
    assert notes(ws) == []
    ws.undo()
    assert notes(ws) == [(span.id, "unsure: is this a claim or an opinion?", "resolved")]
    ws.undo()
    ws.undo()
    assert notes(ws) == []
    ws.redo()
    assert ws.store.notes(ws.document.id)[0].id == note.id  # the same note, id and all


def test_with_no_span_selected_the_note_is_the_documents(ws):
    ws.selected = None
    ws.set_note("  check the date with the desk  ")
    assert notes(ws) == [(None, "check the date with the desk", "open")]
    assert ws.note() == (ws.store.notes(ws.document.id)[0], None)
    assert ws.set_note("check the date with the desk") is not None  # unchanged: no edit
    assert ws.undo_stack.undo_text == "Note on the document"


def test_deleting_a_span_takes_its_note_and_undo_brings_both_back(ws):
    span = ws.apply_label("SPEAKER", (0, 6))
    ws.set_note("which Liu?")
    ws.delete_span(span.id)
    assert notes(ws) == []
    ws.undo()
    assert notes(ws) == [(span.id, "which Liu?", "open")]


def test_another_annotators_layer_takes_no_note(fresh_db):
    ws = workspace_on(fresh_db, TEXT)
    ws.apply_label("SPEAKER", (0, 6))
    bob = Workspace(fresh_db, "bob")
    bob.open(ws.document.id)
    bob.show_layer("alice")
    with pytest.raises(InvalidInput, match="read-only"):
        bob.set_note("not mine")
    assert notes(ws) == []


def test_the_document_filter_lists_documents_with_an_open_note(fresh_db):
    ws = workspace_on(fresh_db, TEXT)
    other, _ = fresh_db.add_document("Nothing to see.", uid="e")
    assert fresh_db.document_ids("bob", OPEN_NOTES) == []
    ws.set_note("unsure")
    assert fresh_db.document_ids("bob", OPEN_NOTES) == [ws.document.id]  # anyone's note
    ws.set_note("unsure", resolved=True)
    assert fresh_db.document_ids("bob", OPEN_NOTES) == []
    assert other not in fresh_db.document_ids("alice", OPEN_NOTES)


def export(store) -> bytes:
    out = io.BytesIO()
    jsonl.write(store, out)
    return out.getvalue()


NOTE_TEXT = st.text(st.characters(blacklist_categories=("Cs", "Cc")) | st.sampled_from("\t\n"),
                    min_size=1, max_size=40
                    ).filter(str.strip).map(str.strip)


@settings(max_examples=30, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(span_note=NOTE_TEXT, doc_notes=st.lists(NOTE_TEXT, max_size=3, unique=True),
       resolved=st.booleans())
def test_notes_survive_export_import_export_byte_for_byte(tmp_path_factory, span_note,
                                                          doc_notes, resolved):
    folder = tmp_path_factory.mktemp("notes")
    with Store.open(folder / "a.annotator") as store:
        doc, _ = store.add_document(TEXT, uid="d")
        span = store.add_span(doc, "alice", 0, 6, "SPEAKER")
        store.add_span(doc, "alice", 12, 30, "CLAIM")
        store.add_note(doc, "alice", span.id, span_note, "resolved" if resolved else "open")
        for text in doc_notes:
            store.add_note(doc, "bob", None, text)
        first = export(store)
    (folder / "a.jsonl").write_bytes(first)
    with Store.open(folder / "b.annotator") as again:
        importer.import_paths(again, [folder / "a.jsonl"])
        assert export(again) == first
        importer.import_paths(again, [folder / "a.jsonl"])  # a second import adds nothing
        assert export(again) == first


def test_the_jsonl_shape_of_notes(fresh_db):
    ws = workspace_on(fresh_db, TEXT)
    ws.apply_label("CLAIM", (12, 30))
    ws.set_note("claim or opinion?")
    ws.selected = None
    ws.set_note("ask the desk", resolved=True)
    line = next(jsonl.lines(fresh_db))
    assert line["spans"][0]["note"] == {"text": "claim or opinion?", "status": "open"}
    assert line["notes"] == [{"text": "ask the desk", "status": "resolved"}]
    plain = workspace_on(Store.memory(), TEXT)
    assert "notes" not in next(jsonl.lines(plain.store))  # no key where there is no note


@pytest.mark.parametrize("bad, message", [
    ('"notes": "x"', "'notes' must be a list"),
    ('"notes": [{"text": ""}]', "note 1: a note's text must be a non-empty string"),
    ('"notes": [{"text": "a", "status": "done"}]', "note 1: a note's status must be one of"),
    ('"notes": [{"text": "a\\u0000b"}]', "note 1: a note's text holds a control character"),
    ('"spans": [{"start": 0, "end": 2, "label": "X", "note": "x"}]', "span 1: a note must be"),
])
def test_a_bad_note_is_refused_naming_the_line(tmp_path, fresh_db, bad, message):
    path = tmp_path / "bad.jsonl"
    path.write_text('{"text": "Mr Liu", ' + bad + "}\n")
    with pytest.raises(InvalidInput, match=f"bad.jsonl:1: {message}"):
        importer.import_paths(fresh_db, [path])
    assert fresh_db.document_count() == 0


def merged_twice(tmp_path, annotator, write_notes):
    """A pack where `annotator` wrote notes (`write_notes(workspace)`), merged twice into a
    project of its own from the pack file and from its JSONL export: yields each project,
    open, after checking the second merge added nothing."""
    pack = tmp_path / f"{annotator}.annotator"
    with Store.open(pack) as store:
        write_notes(workspace_on(store, TEXT, annotator))
        exported = tmp_path / f"{annotator}.jsonl"
        exporter.export_to_path(store, "jsonl", exported, exporter.ExportReport())
    for source in (pack, exported):
        with Store.open(tmp_path / f"lead-{source.suffix[1:]}.annotator") as store:
            merge.merge_paths(store, [source])
            report = merge.merge_paths(store, [source])
            assert (report.layers_added, report.layers_same) == (0, 1)
            yield store


def test_merge_carries_notes_from_projects_and_exports_and_twice_adds_nothing(tmp_path):
    def write(ws):
        ws.apply_label("CLAIM", (12, 30))
        ws.set_note("claim or opinion?")
        ws.selected = None
        ws.set_note("the second sentence is unclear", resolved=True)

    for lead in merged_twice(tmp_path, "alice", write):
        assert rows(lead.path, "SELECT n.annotator, s.label, n.text, n.status FROM notes n "
                               "LEFT JOIN spans s ON s.id = n.span_id ORDER BY n.span_id") == [
            ("alice", None, "the second sentence is unclear", "resolved"),
            ("alice", "CLAIM", "claim or opinion?", "open")]


def test_a_pack_whose_notes_changed_is_a_conflict_unless_replaced(tmp_path):
    pack, lead = tmp_path / "alice.annotator", tmp_path / "lead.annotator"
    with Store.open(pack) as store:
        ws = workspace_on(store, TEXT)
        ws.set_note("first thought")
    with Store.open(lead) as store:
        merge.merge_paths(store, [pack])
    with Store.open(pack) as store:
        Workspace(store, "alice").open(1)
        store.update_note(1, "alice", "second thought", "open")
    with Store.open(lead) as store:
        with pytest.raises(InvalidInput, match="differs from what the project already has"):
            merge.merge_paths(store, [pack])
        merge.merge_paths(store, [pack], replace=True)
    assert rows(lead, "SELECT text FROM notes") == [("second thought",)]


def test_a_note_alone_travels_in_a_merge_but_does_not_count_for_agreement(tmp_path):
    """An annotator who only wrote a note on a document has no spans or status there: the
    document is not theirs for agreement, but the note is merged, once."""
    def write(ws):
        ws.set_note("skipping: not about trade")
        assert ws.store.annotators(1) == []

    for lead in merged_twice(tmp_path, "carol", write):
        assert lead.annotators(1) == []
        assert rows(lead.path, "SELECT annotator, text FROM notes") == [
            ("carol", "skipping: not about trade")]
