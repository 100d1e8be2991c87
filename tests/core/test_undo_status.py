"""Undo puts back the status a document had, not just its spans."""

from annotator.core.workspace import Workspace

TEXT = "Ether Yin of Trivium said talks are off."


def status_row(store, doc_id, annotator="alice"):
    return store.db.execute("SELECT status, note FROM doc_status WHERE doc_id = ? AND "
                            "annotator = ?", [doc_id, annotator]).fetchall()


def test_undoing_the_only_span_of_an_untouched_document_leaves_it_untouched(fresh_db):
    doc, _ = fresh_db.add_document(TEXT, uid="d")
    ws = Workspace(fresh_db, "alice")
    ws.open(doc)
    ws.label_selection(0, 9, "SPEAKER")
    assert ws.status() == "in_progress"
    ws.undo()
    assert ws.spans() == [] and ws.status() == "todo"
    assert status_row(fresh_db, doc) == []  # as untouched as before: no status at all
    assert fresh_db.status_counts("alice")["in_progress"] == 0
    ws.redo()
    assert ws.status() == "in_progress" and len(ws.spans()) == 1
    ws.undo()
    assert status_row(fresh_db, doc) == []


def test_undo_keeps_a_status_that_was_there(fresh_db):
    doc, _ = fresh_db.add_document(TEXT, uid="d")
    fresh_db.set_status(doc, "alice", "todo", "look at the quote")
    ws = Workspace(fresh_db, "alice")
    ws.open(doc)
    ws.label_selection(0, 9, "SPEAKER")
    ws.undo()
    assert status_row(fresh_db, doc) == [("todo", "look at the quote")]
    # A second span on a document in progress: undoing it leaves it in progress.
    ws.label_selection(0, 9, "SPEAKER")
    ws.label_selection(26, 39, "CLAIM")
    ws.undo()
    assert ws.status() == "in_progress"


def test_undoing_done_on_an_untouched_document_leaves_it_untouched(fresh_db):
    doc, _ = fresh_db.add_document(TEXT, uid="d")
    other, _ = fresh_db.add_document("Tariffs rose.", uid="e")
    ws = Workspace(fresh_db, "alice")
    ws.open(doc)
    ws.finish("done")
    ws.undo()
    assert status_row(fresh_db, doc) == []
    assert fresh_db.annotators(doc) == []  # the document does not count as alice's
