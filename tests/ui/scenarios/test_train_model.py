"""Tools ▸ Train Model on Done Documents, as a person uses it: the model trains in the
background with a progress dialog counting epochs, the status bar says what it learnt, and
the model's suggestions find a span it learnt in a document it never saw; Cancel keeps the
model that was there."""

from __future__ import annotations

from PySide6.QtWidgets import QApplication, QProgressDialog, QPushButton

from annotator.core.suggest import load
from annotator.core.train import model_path
from annotator.ui import train_action
from tests.core.test_train import done_project
from tests.ui.scenario import choose_from_menu_bar


def progress_dialog() -> QProgressDialog | None:
    return next((w for w in QApplication.topLevelWidgets()
                 if isinstance(w, QProgressDialog) and w.isVisible()), None)


def test_train_model_from_the_tools_menu(person, project, qtbot, monkeypatch):
    monkeypatch.setattr(train_action, "EPOCHS", 30)
    done_project(project).close()
    me = person(project)
    labels = []
    choose_from_menu_bar(me, "Tools", "Train Model on Done Documents")
    qtbot.waitUntil(lambda: progress_dialog() is not None, timeout=3000)
    dialog = progress_dialog()
    qtbot.waitUntil(lambda: "epoch" in dialog.labelText() and labels.append(dialog.labelText())
                    is None, timeout=10000)
    qtbot.waitUntil(lambda: "Trained on" in me.status(), timeout=30000)
    assert "epoch" in labels[0] and "of 30 done (loss" in labels[0]
    assert "Trained on 8 documents (8 spans; labels ORG, PLACE)" in me.status()
    assert str(model_path(project)) in me.status()
    qtbot.waitUntil(lambda: progress_dialog() is None, timeout=3000)
    text = "Later, Trivium China wrote to us."
    found = [(text[s.start:s.end], s.label)
             for s in load("model", me.window.workspace.store).suggest(text).spans]
    assert ("Trivium China", "ORG") in found


def test_cancel_keeps_the_model_that_was_there(person, project, qtbot, monkeypatch):
    done_project(project).close()
    me = person(project)
    monkeypatch.setattr(train_action, "EPOCHS", 1)
    choose_from_menu_bar(me, "Tools", "Train Model")
    qtbot.waitUntil(lambda: "Trained on" in me.status(), timeout=30000)
    # the first training's dialog closes a moment after its message: its Cancel is not the
    # one to click (under load the test clicked it and the second training ran on)
    qtbot.waitUntil(lambda: progress_dialog() is None, timeout=5000)
    before = (model_path(project) / "annotator.json").read_text()
    monkeypatch.setattr(train_action, "EPOCHS", 100_000)
    choose_from_menu_bar(me, "Tools", "Train Model")
    qtbot.waitUntil(lambda: progress_dialog() is not None
                    and "epoch" in progress_dialog().labelText(), timeout=20000)
    cancel = progress_dialog().findChild(QPushButton)
    assert cancel.text() == "Cancel"
    cancel.click()
    qtbot.waitUntil(lambda: "Training cancelled" in me.status(), timeout=30000)
    assert "the model that was there is kept" in me.status()
    assert (model_path(project) / "annotator.json").read_text() == before
    assert not model_path(project).with_name("test.annotator.model.partial").exists()
