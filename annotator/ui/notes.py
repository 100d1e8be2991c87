"""Notes in the main window: `;` (Edit ▸ Note…) opens a small plain-text input for the note
on the selected span, or on the document when no span is selected. Empty text removes the
note; "Resolved" closes it (the document list's "With open notes" then leaves it out)."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (QCheckBox, QDialog, QDialogButtonBox, QLabel, QLineEdit,
                               QVBoxLayout)

from annotator.core.models import OPEN_NOTES, Note
from annotator.core.wording import shorten


class NoteDialog(QDialog):
    def __init__(self, parent, what: str, note: Note | None):
        super().__init__(parent)
        self.setWindowTitle("Note")
        label = QLabel(f"Note on {what}:")
        label.setTextFormat(Qt.TextFormat.PlainText)  # a span's text is data
        self.edit = QLineEdit(note.text if note else "")
        self.edit.setPlaceholderText("unsure: is this a claim or an opinion?")
        self.edit.setMinimumWidth(420)
        self.edit.setMaxLength(2000)
        self.resolved = QCheckBox("Resolved")
        self.resolved.setChecked(note is not None and note.status == "resolved")
        hint = QLabel("Leave it empty to remove the note.")
        hint.setTextFormat(Qt.TextFormat.PlainText)
        hint.setStyleSheet("color: palette(mid);")
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok
                                   | QDialogButtonBox.StandardButton.Cancel)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        for widget in (label, self.edit, self.resolved, hint, buttons):
            layout.addWidget(widget)


class NotesMixin:
    """Mixed into MainWindow; uses its workspace, _attempt, _refresh_spans and doc_list."""

    def edit_note(self) -> None:
        ws = self.workspace
        found = self._attempt(lambda: ws.note(editing=True), failed=False)
        if found is False:
            return  # no document, or another's layer shown: the status bar says why
        note, span = found
        what = (f"{span.label} “{shorten(ws.document.text[span.start:span.end], 40)}”"
                if span is not None else "this document")
        dialog = NoteDialog(self, what, note)
        if dialog.exec() != QDialog.DialogCode.Accepted:
            return
        self._attempt(lambda: ws.set_note(dialog.edit.text(), dialog.resolved.isChecked()))
        self._refresh_spans()
        self.notes_changed()

    def notes_changed(self) -> None:
        """A note was written, resolved, removed, or brought back by undo: "With open notes"
        lists the documents that have one now."""
        if self.doc_list.status_filter.currentData() == OPEN_NOTES:
            self.doc_list.reapply()  # a resolved note's document leaves the list


def note_line(note: Note) -> str:
    """A note as one line: "✎ unsure: …" while open, "✓ …" once resolved."""
    return f"{'✓' if note.status == 'resolved' else '✎'} {note.text}"
