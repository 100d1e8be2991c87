"""Showing another annotator's layer in the workspace: read-only, every edit refused."""

import pytest

from annotator.core.errors import InvalidInput
from annotator.core.workspace import Workspace
from tests.conftest import add_layers, rows

TEXT = "Mr Yin said the talks are off. Tariffs rose."


def test_another_layer_is_shown_and_every_edit_is_refused_until_back_to_ones_own(project):
    from annotator.core.store import Store

    with Store.open(project) as store:
        doc = add_layers(store, TEXT, {"alice": [("Mr Yin", "SPEAKER")],
                                       "bob": [("Mr Yin", "SPEAKER"), ("Tariffs", "POLICY")]})
        store.add_span(doc, "rita", 0, 2, "PERSON")
        ws = Workspace(store, "rita")
        ws.open(doc)
        assert ws.layers() == ["alice", "bob"]  # the others with work on this document
        ws.show_layer("bob")
        assert ws.layer == "bob" and ws.annotator == "rita"
        assert [(TEXT[s.start:s.end], s.label) for s in ws.spans()] == [
            ("Mr Yin", "SPEAKER"), ("Tariffs", "POLICY")]
        tariffs = ws.click(TEXT.index("Tariffs"))  # selecting is looking, not editing
        assert tariffs.annotator == "bob" and ws.selected == tariffs.id
        edits = [lambda: ws.apply_label("CLAIM", (12, 30)),
                 lambda: ws.apply_label("CLAIM", None),  # relabel the selected span
                 lambda: ws.move_selected("end", +1),
                 ws.start_link,
                 ws.delete_selected,
                 lambda: ws.finish("done"),
                 ws.undo]
        before = rows(project, "SELECT * FROM spans ORDER BY id")
        ws.selected = None  # a label key with nothing selected: still the read-only message
        with pytest.raises(InvalidInput, match="Viewing bob's spans"):
            ws.apply_label("CLAIM", None)
        for edit in edits:
            ws.selected = tariffs.id
            with pytest.raises(InvalidInput, match="Viewing bob's spans \\(read-only\\)"):
                edit()
        assert rows(project, "SELECT * FROM spans ORDER BY id") == before
        assert rows(project, "SELECT status FROM doc_status WHERE annotator = 'rita'") == [
            ("in_progress",)]
        ws.show_layer(None)  # back to one's own: editing works again
        assert ws.layer == "rita" and [s.label for s in ws.spans()] == ["PERSON"]
        ws.apply_label("CLAIM", (12, 29))
        assert [s.label for s in ws.spans()] == ["PERSON", "CLAIM"]
