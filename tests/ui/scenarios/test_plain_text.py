"""Text from files is shown as written: a title, id, span text, label or annotator name, or
path holding HTML (`<img src=…>`, `<a href=…>`, `<b>`) is never rendered as markup, and `&` in
a name is never taken as a mnemonic. Each check reads what Qt would show: a tooltip or
message box is rendered the way Qt decides (rich text if `Qt.mightBeRichText`, unless the
widget is plain text), and the rendered text must be the data, character for character."""

import logging

import orjson
import pytest
from PySide6.QtCore import QModelIndex, Qt
from PySide6.QtGui import Qt as QtGui
from PySide6.QtGui import QTextDocument
from PySide6.QtWidgets import QToolButton, QInputDialog, QLineEdit, QMessageBox

from annotator.core.errors import ProjectError
from annotator.core.importer import import_paths
from annotator.core.models import Label
from annotator.core.store import Store
from annotator.ui import crash
from annotator.ui.file_menu import remember_project

TITLE = "<b>bold</b> <img src=x>"
UID = "<a href='https://example.com'>id</a>"
SPAN = '<a href="https://example.com/repair">Click to repair</a>'
TEXT = f"Yin said {SPAN} today."
LABEL = "<b>R&D</b>"
ANNOTATOR = "<i>eve</i>"


def shown(text: str, fmt=Qt.TextFormat.AutoText) -> str:
    """What a person sees of `text` in a widget of text format `fmt`."""
    rich = fmt == Qt.TextFormat.RichText or (fmt == Qt.TextFormat.AutoText
                                             and QtGui.mightBeRichText(text))
    doc = QTextDocument()
    if rich:
        doc.setHtml(text)
    else:
        doc.setPlainText(text)
    return doc.toPlainText().replace("\u00a0", " ").replace("\u2029", "\n").replace("\u2028", "\n")


def without_mnemonic(text: str) -> str:
    """An action's text as a menu or button shows it (`&x` underlines x; `&&` is `&`)."""
    out, i = [], 0
    while i < len(text):
        if text[i] == "&" and i + 1 < len(text):
            i += 1
        out.append(text[i])
        i += 1
    return "".join(out)


@pytest.fixture
def html_project(tmp_path):
    path = tmp_path / "p.annotator"
    source = tmp_path / "html.jsonl"
    start = TEXT.index(SPAN)
    source.write_bytes(orjson.dumps({
        "id": UID, "text": TEXT, "meta": {"title": TITLE}, "annotator": ANNOTATOR,
        "spans": [{"start": start, "end": start + len(SPAN), "label": LABEL}]}) + b"\n")
    with Store.open(path) as store:
        store.set_labels([Label(LABEL, "#aabbcc", key="1", description=SPAN),
                          Label("R&D", "#ccbbaa", key="2")])
        import_paths(store, [source])
    return path


def box_seen(me, trigger) -> str:
    """Run `trigger`; return what the message box it opens shows, and close the box."""
    seen = []

    def answer(box):
        seen.append(shown(box.text(), box.textFormat()))
        box.done(0)

    me.will_answer(answer, QMessageBox)
    trigger()
    me.qtbot.waitUntil(lambda: bool(seen), timeout=30000)
    return seen[0]


def test_tooltips_labels_and_actions_show_html_and_ampersands_as_written(person,
                                                                       html_project):
    me = person(html_project, annotator=ANNOTATOR)
    window = me.window
    row = window.doc_model.index(0, 0)
    assert shown(window.doc_model.data(row, Qt.ItemDataRole.ToolTipRole)) == f"{TITLE}\n{UID}"
    assert window.title.textFormat() == Qt.TextFormat.PlainText and window.title.text() == TITLE

    panel = window.span_panel.model()
    tip = panel.data(panel.index(0, 1), Qt.ItemDataRole.ToolTipRole)
    assert shown(tip).startswith(SPAN + "\n")

    for name, action in window.palette_bar.actions_by_label.items():
        label = {lb.name: lb for lb in window.workspace.labels()}[name]
        assert without_mnemonic(action.text()) == f"{label.key} {name}"
        assert without_mnemonic(window.palette_bar.findChild(QToolButton, f"label:{name}").text()) \
            == f"{label.key} {name}"
        assert shown(action.toolTip()).startswith(f"{name} ({label.key})")
    assert shown(window.palette_bar.actions_by_label[LABEL].toolTip()).endswith(SPAN)

    me.drag(0, 3)  # "Yin", labelled R&D
    me.press("2")
    undo = without_mnemonic(window.actions["undo"].text())
    assert "R&D" in undo and "RD" not in undo


def test_recent_project_paths_keep_their_ampersands(person, html_project, tmp_path):
    odd = tmp_path / "R&D <b>notes</b>.annotator"
    remember_project(odd)
    me = person(html_project, annotator=ANNOTATOR)
    me.window._fill_recent()
    texts = [without_mnemonic(a.text()) for a in me.window.recent_menu.actions()]
    assert str(odd) in texts


def test_message_boxes_show_data_as_plain_text(person, html_project, tmp_path, monkeypatch):
    monkeypatch.setattr(logging.getLogger("annotator"), "handlers", [])  # crash.report's log
    me = person(html_project, annotator=ANNOTATOR)
    window = me.window
    message = f"{tmp_path}/{TITLE}.jsonl:1: {SPAN}"
    assert message in box_seen(me, lambda: window._task_failed(message))  # Nothing was written

    bad = tmp_path / "<img src=x> <b>bold.jsonl"  # (a file name cannot hold a slash)
    bad.write_text('{"id": "x", "text": ""}\n')
    assert str(bad) in box_seen(me, lambda: window.merge_files([str(bad)]))  # Nothing merged

    assert SPAN in box_seen(me, lambda: window.project_failed(ProjectError(SPAN)))  # Not saved

    error = ValueError(SPAN)
    assert f"ValueError: {SPAN}" in box_seen(me, lambda: crash.report(ValueError, error, None))


def test_the_scheme_editor_box_shows_label_names_as_written(person, html_project,
                                                            monkeypatch):
    from annotator.ui import scheme_editor

    me = person(html_project, annotator=ANNOTATOR)
    with Store.open(html_project, read_only=True) as store:
        assert store.label_usage().get(LABEL)

    class Removing(scheme_editor.SchemeEditor):
        """The editor as a person leaves it: the label in use removed, OK pressed."""

        def exec(self):
            if getattr(self, "_done", False):
                return 0
            self._done = True
            self.removed = [LABEL]
            return 1
    monkeypatch.setattr(scheme_editor, "SchemeEditor", Removing)
    seen = box_seen(me, lambda: scheme_editor.edit_scheme(me.window, me.window.workspace.store))
    assert f"• {LABEL}: 1 spans" in seen


def test_the_scheme_editor_says_a_refused_scheme_as_written(person, html_project,
                                                            monkeypatch):
    from annotator.ui import scheme_editor

    me = person(html_project, annotator=ANNOTATOR)

    class Doubling(scheme_editor.SchemeEditor):
        """The editor as a person leaves it: the label given twice, OK pressed."""

        def exec(self):
            if getattr(self, "_done", False):
                return 0
            self._done = True
            return 1

        def labels(self):
            return [Label(LABEL, "#aabbcc"), Label(LABEL, "#aabbcc")]
    monkeypatch.setattr(scheme_editor, "SchemeEditor", Doubling)
    seen = box_seen(me, lambda: scheme_editor.edit_scheme(me.window, me.window.workspace.store))
    assert f"label {LABEL} appears twice" in seen


@pytest.mark.parametrize("typed", ["gold", "ev\u202ee", "bob\tsmith"])
def test_a_name_that_would_read_as_another_is_refused_in_the_name_dialog(person, html_project,
                                                                         typed):
    me = person(html_project, annotator="alice")
    seen = []

    def answer(box):
        seen.append(box.text())
        box.done(0)

    def paste(dialog):  # (QTest cannot type U+202E: the name is pasted, as it would be)
        dialog.findChild(QLineEdit).setText(typed)
        dialog.accept()

    me.will_answer(paste, QInputDialog)
    me.will_answer(answer, QMessageBox)  # (the box opens before the dialog's call returns)
    me.window.annotator_dialog()
    me.qtbot.waitUntil(lambda: bool(seen), timeout=30000)
    assert "annotator name" in seen[0]
    assert me.window.workspace.annotator == "alice"
