"""File ▸ Export as a person uses it: Ctrl+E opens a dialog with the command line's choices
(format, annotator, status, gold, labels, tokens), starting in the documents folder; the
file written is the selection; the next Export remembers the choices."""

from pathlib import Path

import orjson
from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QDialogButtonBox

from annotator.core.store import Store

TEXT = "Ether Yin said talks are off."


def project_with_work(path):
    with Store.open(path) as store:
        for uid, status in (("done", "done"), ("skipped", "skipped"), ("half", "in_progress")):
            doc, _ = store.add_document(f"{uid}: {TEXT}", uid=uid, title=uid)
            start = len(uid) + 2
            store.add_span(doc, "alice", start, start + 9, "SPEAKER")
            store.add_span(doc, "alice", start + 15, start + 28, "CLAIM")
            store.set_status(doc, "alice", status)
            store.add_span(doc, "bob", start, start + 5, "PERSON")
    return path


def answer_export(me, check):
    """When the Export dialog opens, let `check(dialog)` look at it and fill it in, then
    press its Export button."""
    from annotator.ui.export_dialog import ExportDialog

    seen = []

    def answer(dialog):
        seen.append(dialog)
        check(dialog)
        button = dialog.findChild(QDialogButtonBox).button(QDialogButtonBox.StandardButton.Ok)
        assert button.text() == "Export"
        QTest.mouseClick(button, Qt.MouseButton.LeftButton)

    me.will_answer(answer, ExportDialog)
    return seen


def type_into(edit, text):
    edit.setFocus()
    edit.selectAll()
    QTest.keyClicks(edit, text)


def test_export_dialog_offers_the_selection_and_remembers_it(person, project, tmp_path, qtbot):
    from annotator.ui.export_dialog import documents_folder

    me = person(project_with_work(project))
    target = tmp_path / "out" / "train.jsonl"
    target.parent.mkdir()

    def fill(dialog):
        # It starts in the documents folder, named after the project, in our JSONL.
        assert Path(dialog.target.text()) == Path(documents_folder()) / "test.jsonl"
        assert dialog.format.currentData() == "jsonl"
        dialog.format.setCurrentIndex(dialog.format.findData("prodigy"))
        assert "unfinished" in dialog.loses.text()  # what the format leaves out is shown
        assert not dialog.tokens.isEnabled()  # tokens are a JSONL option
        dialog.annotator.setCurrentIndex(dialog.annotator.findText("alice"))
        claim = dialog.labels.findItems("CLAIM", Qt.MatchFlag.MatchExactly)[0]
        claim.setCheckState(Qt.CheckState.Unchecked)
        type_into(dialog.target, str(target))

    seen = answer_export(me, fill)
    me.press("Ctrl+E")
    qtbot.waitUntil(lambda: bool(seen) and me.window.task is not None
                    and me.window.task.isFinished(), timeout=20000)
    tasks = [orjson.loads(line) for line in target.read_bytes().splitlines()]
    assert [(t["id"], t["answer"], t["_annotator_id"]) for t in tasks] == [
        ("done", "accept", "alice"), ("skipped", "ignore", "alice")]
    assert {s["label"] for t in tasks for s in t["spans"]} == {"SPEAKER"}
    qtbot.waitUntil(lambda: "1 unfinished (todo or in progress) was left out" in me.status())

    # The next Export starts where the last one left off.
    def look(dialog):
        assert dialog.format.currentData() == "prodigy"
        assert dialog.annotator.currentText() == "alice"
        assert Path(dialog.target.text()).parent == target.parent
        checked = {dialog.labels.item(i).text(): dialog.labels.item(i).checkState()
                   for i in range(dialog.labels.count())}
        assert checked["CLAIM"] == Qt.CheckState.Unchecked
        assert checked["SPEAKER"] == Qt.CheckState.Checked
        dialog.gold.click()  # the gold layer: nobody reviewed, so one empty line per document
        assert not dialog.annotator.isEnabled()
        dialog.format.setCurrentIndex(dialog.format.findData("jsonl"))
        dialog.tokens.setChecked(True)
        type_into(dialog.target, str(target.with_name("gold.jsonl")))

    first_task = me.window.task
    seen = answer_export(me, look)
    me.press("Ctrl+E")
    qtbot.waitUntil(lambda: bool(seen) and me.window.task is not first_task
                    and me.window.task.isFinished(), timeout=20000)
    lines = [orjson.loads(x) for x in target.with_name("gold.jsonl").read_bytes().splitlines()]
    assert [(x["annotator"], x["spans"], "tokens" in x) for x in lines] == [
        ("gold", [], True)] * 3
