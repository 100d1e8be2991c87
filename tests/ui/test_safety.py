"""The window when the project cannot simply be written: in use by another process or a
read-only file (offered read-only: browsing, search and export work, edits change nothing),
a full disk (a short message, the edit not shown as done), a damaged file (its backup offered,
or the window turns read-only)."""

import sqlite3

from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QApplication, QMessageBox

from annotator.core.store import Store
from annotator.ui import plain
from annotator.ui import crash, opening
from annotator.ui.app import create_window
from tests.conftest import fill_disk, rows
from tests.faults.test_damage import damage, old_project_with_backup
from tests.faults.test_sharing import Holder
from tests.ui.conftest import select_with_keyboard


def answer(monkeypatch, yes: bool) -> list:
    """Answer every offer (open read-only, restore) with `yes`; returns what was asked."""
    asked = []
    monkeypatch.setattr(opening, "ask", lambda parent, title, text, choice:
                        asked.append((title, text, choice)) or yes)
    return asked


def test_an_offer_is_a_warning_with_its_way_forward_as_default_and_cancel(qtbot):
    for click, expected in (("default", True), ("cancel", False)):
        def choose(click=click):
            box = QApplication.activeModalWidget()
            assert box.textFormat() == Qt.TextFormat.PlainText
            button = box.defaultButton() if click == "default" else \
                box.button(QMessageBox.StandardButton.Cancel)
            button.click()
        QTimer.singleShot(0, choose)
        assert opening.ask(None, "Project in use", "p: in use", "Open Read-Only") is expected


def test_a_project_in_use_opens_read_only_on_request_and_refuses_edits(
        qtbot, project, monkeypatch, tmp_path):
    holder = Holder(project)
    try:
        holder.add_span()
        cancelled = answer(monkeypatch, False)
        assert create_window(str(project)) is None and cancelled  # Cancel: no window
        asked = answer(monkeypatch, True)
        window = create_window(str(project))
        qtbot.addWidget(window)
        with qtbot.waitActive(window):
            window.show()
            window.activateWindow()
        title, text, choice = asked[0]
        assert (title, choice) == ("Project in use", "Open Read-Only")
        assert f"open for writing in another annotator window or process (process " \
               f"{holder.process.pid})" in text
        assert window.windowTitle().endswith("— read-only")
        assert window.status_mode.isVisible()
        for name in ("import", "merge", "delete", "link", "done", "skip", "scheme", "undo"):
            assert not window.actions[name].isEnabled(), name
        for name in ("export", "find", "next_doc", "review", "agreement", "gold"):
            assert window.actions[name].isEnabled(), name
        assert not window.palette_bar.actions_by_label["SPEAKER"].isEnabled()

        before = rows(project, "SELECT * FROM spans")
        window.view.setFocus()
        select_with_keyboard(qtbot, window.view, 0, 3)
        qtbot.keyClick(window.view, Qt.Key.Key_1)  # the label key does nothing
        window.apply_label("SPEAKER")  # and the slot, reached some other way, refuses
        assert "read-only" in window.statusBar().currentMessage()
        assert window.import_files([str(tmp_path)]) is None
        assert window.view.spans() == []
        assert rows(project, "SELECT * FROM spans") == before

        window.use_annotator("holder", remember=False)  # browse the other window's work...
        holder.add_span()
        window.open_document(window.workspace.document.id)
        assert len(window.view.spans()) == 2  # ...including what it saved meanwhile
        out = tmp_path / "out.jsonl"
        task = window.export_to(out)  # export works
        with qtbot.waitSignal(task.finished, timeout=30000):
            pass
        assert out.read_text().count("\n") == 1
        window.close()
    finally:
        holder.kill()


def test_a_read_only_file_is_offered_read_only_too(qtbot, read_only_folder,
                                                    monkeypatch):
    asked = answer(monkeypatch, True)
    window = create_window(str(read_only_folder / "p.annotator"))
    qtbot.addWidget(window)
    assert asked[0][0] == "Read-only project" and "read-only" in asked[0][1]
    assert window.windowTitle().endswith("— read-only")
    assert window.workspace.document.uid == "d"
    window.close()
    assert [p.name for p in read_only_folder.iterdir()] == ["p.annotator"]


def test_an_edit_on_a_full_disk_is_said_briefly_and_not_shown_as_done(
        qtbot, open_window, project, monkeypatch):
    with Store.open(project) as store:
        store.add_document("Yin said no to Xi.", uid="d")
        store.add_document("Another article.", uid="e")
    window = open_window(project)
    warnings = []
    monkeypatch.setattr(plain, "warn", lambda *a: warnings.append(a[1:3]))
    fill_disk(window.workspace.store)
    select_with_keyboard(qtbot, window.view, 0, 3)
    qtbot.keyClick(window.view, Qt.Key.Key_1)
    assert [title for title, _ in warnings] == ["Not saved: the disk is full"]
    assert "Traceback" not in warnings[0][1]
    assert window.view.spans() == [] and not window.actions["undo"].isEnabled()
    assert rows(project, "SELECT count(*) FROM spans") == [(0,)]
    assert rows(project, "PRAGMA integrity_check") == [("ok",)]

    window.next_document()  # still usable
    assert window.workspace.document.uid == "e"
    window.workspace.store.db.execute("DELETE FROM history WHERE action = 'fill'")
    window.previous_document()
    select_with_keyboard(qtbot, window.view, 0, 3)
    qtbot.keyClick(window.view, Qt.Key.Key_1)
    assert [s.label for s in window.view.spans()] == ["SPEAKER"]
    assert len(warnings) == 1


def test_a_damaged_project_offers_its_backup_and_opens_it(qtbot, project, monkeypatch):
    old_project_with_backup(project)
    damaged = damage(project, 0.6)
    asked = answer(monkeypatch, True)
    window = create_window(str(project))
    qtbot.addWidget(window)
    title, text, choice = asked[0]
    assert (title, choice) == ("Project damaged", "Restore Backup")
    assert "test.annotator.schema1.bak" in text and "test.annotator.damaged" in text
    assert window.workspace.document.uid == "old"
    assert project.with_name("test.annotator.damaged").read_bytes() == damaged
    window.close()


def test_damage_met_while_working_is_said_and_the_window_turns_read_only(
        qtbot, open_window, project, monkeypatch):
    with Store.open(project) as store:
        store.add_document("Yin said no.", uid="d")
    window = open_window(project)
    warnings = []
    monkeypatch.setattr(plain, "warn", lambda *a: warnings.append(a[1:3]))
    error = sqlite3.DatabaseError("database disk image is malformed")
    error.sqlite_errorcode = 11  # as SQLite raises it while rows are read
    crash.report(type(error), error, None)
    assert warnings[0][0] == "Project damaged" and str(project) in warnings[0][1]
    assert window.windowTitle().endswith("— read-only")
    window.apply_label("SPEAKER")
    assert rows(project, "SELECT count(*) FROM spans") == [(0,)]


def test_a_file_that_is_not_a_project_at_start_up_is_said_in_a_box_and_on_stderr(
        qtbot, tmp_path, monkeypatch, capsys):
    notes = tmp_path / "notes.annotator"
    notes.write_text("my notes, not a project\n" * 10)
    boxes = []
    monkeypatch.setattr(plain, "warn",
                        lambda parent, title, text: boxes.append((title, text)))
    assert create_window(str(notes)) is None
    assert boxes == [("Cannot open project", f"{notes}: not an annotator project (not a SQLite "
                                             "database)")]
    err = capsys.readouterr().err
    assert err == f"Error: {notes}: not an annotator project (not a SQLite database)\n"
    assert notes.read_text() == "my notes, not a project\n" * 10
