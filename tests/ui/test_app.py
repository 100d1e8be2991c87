"""Starting the app: the annotator's name, recent projects, the README's key table."""

import re

from PySide6.QtCore import QSettings, QTimer
from PySide6.QtGui import QKeySequence
from PySide6.QtWidgets import QApplication, QInputDialog

from annotator.ui import actions
from annotator.ui.app import annotator_name, create_window
from annotator.ui.file_menu import recent_projects
from tests.conftest import ROOT, rows
from tests.ui.conftest import select_with_keyboard


def test_first_start_asks_the_name_once_and_spans_record_it(qtbot, project, monkeypatch):
    monkeypatch.setattr("annotator.ui.app.default_annotator", lambda: "osuser")

    def answer():
        dialog = next(w for w in QApplication.topLevelWidgets()
                      if isinstance(w, QInputDialog) and w.isVisible())
        assert dialog.textValue() == "osuser"  # pre-filled with the OS user
        dialog.setTextValue("Dana")
        dialog.accept()

    QTimer.singleShot(50, answer)
    assert annotator_name(ask=True) == "Dana"
    assert annotator_name(ask=True) == "Dana"  # not asked again (no dialog would answer)
    assert QSettings().value("annotator/name") == "Dana"

    window = create_window(str(project))
    qtbot.addWidget(window)
    assert "Dana" in window.windowTitle()
    assert str(project.resolve()) in recent_projects()
    text = window.workspace.document.text if window.workspace.document else None
    assert text is None  # a new project: nothing to annotate yet
    window.close()
    assert rows(project, "SELECT count(*) FROM documents") == [(0,)]


def test_changing_the_name_records_later_spans_under_it(qtbot, open_window, project,
                                                        monkeypatch):
    from annotator.core.store import Store

    with Store.open(project) as store:
        store.add_document("Yin said no.", uid="d")
    window = open_window(project)
    monkeypatch.setattr(QInputDialog, "getText", lambda *a, **k: ("Eve", True))
    window.annotator_dialog()
    select_with_keyboard(qtbot, window.view, 0, 3)
    window.apply_label("SPEAKER")
    assert rows(project, "SELECT annotator FROM spans") == [("Eve",)]
    assert "Eve" in window.windowTitle()


def test_readme_key_table_lists_every_shortcut():
    readme = (ROOT / "README.md").read_text()
    table = readme[readme.index("| Key |"):]
    table = table[:table.index("\n\n")]
    for spec in actions.ACTIONS:
        for shortcut in spec.shortcuts:
            text = QKeySequence(shortcut).toString()
            if not text:
                continue
            keys = [k for k in re.split(r"\+(?!$)", text)]
            shown = "+".join(f"`{k}`" for k in keys)
            assert shown in table, f"{spec.text}: {shown} is not in README's key table"


def test_an_unexpected_error_is_logged_and_shown_briefly(qtbot, monkeypatch, _isolated_home):
    from annotator.ui import crash, plain

    shown = []
    monkeypatch.setattr(plain, "warn", lambda *a: shown.append(a[2]))
    try:
        raise ZeroDivisionError("boom")
    except ZeroDivisionError as e:
        crash.report(type(e), e, e.__traceback__)
    log = (_isolated_home / "annotator.log").read_text()
    assert "Traceback" in log and "ZeroDivisionError: boom" in log
    assert shown and "Traceback" not in shown[0] and str(_isolated_home) in shown[0]


def test_first_start_refuses_the_gold_layers_name_and_asks_again(qtbot, monkeypatch):
    monkeypatch.setattr("annotator.ui.app.default_annotator", lambda: "osuser")
    typed = iter(["gold", "Dana"])
    warned = []
    monkeypatch.setattr("annotator.ui.plain.warn", lambda parent, title, text: warned.append(text))

    def answer(left=40):
        dialog = next((w for w in QApplication.topLevelWidgets()
                       if isinstance(w, QInputDialog) and w.isVisible()), None)
        if dialog is None:
            if left:
                QTimer.singleShot(20, lambda: answer(left - 1))
            return
        dialog.setTextValue(next(typed))
        dialog.accept()
        QTimer.singleShot(20, answer)

    QTimer.singleShot(20, answer)
    assert annotator_name(ask=True) == "Dana"
    assert len(warned) == 1 and "gold" in warned[0]
    assert QSettings().value("annotator/name") == "Dana"
