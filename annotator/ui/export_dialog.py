"""The Export dialog: the command line's selection (format, annotator, status, gold, labels,
tokens) and where to write, starting in the user's documents folder. The last choices are
remembered. The formats, their titles, endings and what each loses come from the format
registry; what the choices mean is decided in core (exporter.selection)."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QSettings, QStandardPaths, Qt
from PySide6.QtWidgets import (
    QCheckBox, QComboBox, QDialog, QDialogButtonBox, QFileDialog, QFormLayout, QHBoxLayout,
    QLabel, QLineEdit, QListWidget, QListWidgetItem, QPushButton, QVBoxLayout, QWidget,
)

from annotator.core import exporter
from annotator.core.formats import registry
from annotator.core.models import STATUSES
from annotator.core.review import GOLD
from annotator.core.store import Store

KEY = "export/"  # QSettings keys of the last choices
EVERYONE = "Everyone (a line per annotator)"
ANY_STATUS = "Any status"


def export_formats() -> list[registry.Format]:
    return [registry.get(name) for name in registry.EXPORTS]


def documents_folder() -> str:
    """The user's documents folder, or their home folder on a system without one (an
    export into a folder that does not exist would fail)."""
    found = QStandardPaths.writableLocation(QStandardPaths.StandardLocation.DocumentsLocation)
    return found if found and Path(found).is_dir() else str(Path.home())


def _plain(label: QLabel) -> QLabel:
    label.setTextFormat(Qt.TextFormat.PlainText)  # names and paths are data
    label.setWordWrap(True)
    return label


class ExportDialog(QDialog):
    def __init__(self, store: Store, parent: QWidget | None = None):
        super().__init__(parent)
        self.setWindowTitle("Export")
        self.store = store
        settings = QSettings()

        self.format = QComboBox()
        for form in export_formats():
            self.format.addItem(f"{form.title} ({form.name})", form.name)
        self.loses = _plain(QLabel())
        self.annotator = QComboBox()
        self.annotator.addItem(EVERYONE, None)
        for name in store.annotators():
            if name != GOLD:
                self.annotator.addItem(name, name)
        self.gold = QCheckBox("The gold layer (adjudicated), instead of an annotator")
        self.status = QComboBox()
        self.status.addItem(ANY_STATUS, None)
        for status in STATUSES:
            self.status.addItem(status.replace("_", " "), status)
        self.labels = QListWidget()
        for label in store.labels("span"):
            item = QListWidgetItem(label.name)  # an item's text is plain text
            item.setCheckState(Qt.CheckState.Checked)
            self.labels.addItem(item)
        self.labels.setMaximumHeight(120)
        self.tokens = QCheckBox("Add each document's tokens (JSONL)")
        self.target = QLineEdit()
        browse = QPushButton("Browse…")
        browse.clicked.connect(self.browse)
        where = QHBoxLayout()
        where.addWidget(self.target, 1)
        where.addWidget(browse)

        form = QFormLayout()
        form.addRow("Format:", self.format)
        form.addRow("", self.loses)
        form.addRow("Annotator:", self.annotator)
        form.addRow("", self.gold)
        form.addRow("Status:", self.status)
        form.addRow("Labels:", self.labels)
        form.addRow("", self.tokens)
        form.addRow("Save to:", where)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok
                                   | QDialogButtonBox.StandardButton.Cancel)
        buttons.button(QDialogButtonBox.StandardButton.Ok).setText("Export")
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(buttons)

        self._restore(settings)
        self.format.currentIndexChanged.connect(self._format_changed)
        self.gold.toggled.connect(self._gold_changed)
        self._format_changed()
        self._gold_changed()
        self.resize(560, self.sizeHint().height())

    # ---------------------------------------------------------------- state
    def _restore(self, settings: QSettings) -> None:
        for combo, key in ((self.format, "format"), (self.annotator, "annotator"),
                           (self.status, "status")):
            index = combo.findData(settings.value(KEY + key))
            if index >= 0:
                combo.setCurrentIndex(index)
        self.gold.setChecked(settings.value(KEY + "gold", False, type=bool))
        self.tokens.setChecked(settings.value(KEY + "tokens", False, type=bool))
        unchecked = set(settings.value(KEY + "unchecked_labels", [], type=list) or [])
        for i in range(self.labels.count()):
            if self.labels.item(i).text() in unchecked:
                self.labels.item(i).setCheckState(Qt.CheckState.Unchecked)
        folder = settings.value(KEY + "folder", "") or documents_folder()
        if not Path(folder).is_dir():
            folder = documents_folder()
        self.target.setText(str(Path(folder) / exporter.default_name(
            self.store.name, self.fmt())))

    def remember(self) -> None:
        settings = QSettings()
        settings.setValue(KEY + "format", self.fmt())
        settings.setValue(KEY + "annotator", self.annotator.currentData() or "")
        settings.setValue(KEY + "status", self.status.currentData() or "")
        settings.setValue(KEY + "gold", self.gold.isChecked())
        settings.setValue(KEY + "tokens", self.tokens.isChecked())
        settings.setValue(KEY + "unchecked_labels", [
            self.labels.item(i).text() for i in range(self.labels.count())
            if self.labels.item(i).checkState() != Qt.CheckState.Checked])
        settings.setValue(KEY + "folder", str(self.path().parent))

    def _format_changed(self) -> None:
        form = registry.get(self.fmt())
        self.loses.setText(f"Loses: {form.loses}".replace("`", ""))
        self.tokens.setEnabled(form.name == "jsonl")
        # The offered name follows the format (a.jsonl -> a.conll), unless the user named it.
        path = self.path()
        offered = {exporter.default_name(self.store.name, f.name) for f in export_formats()}
        if path.name in offered:
            self.target.setText(str(path.with_name(exporter.default_name(self.store.name,
                                                                         form.name))))

    def _gold_changed(self) -> None:
        self.annotator.setEnabled(not self.gold.isChecked())

    def browse(self) -> None:
        form = registry.get(self.fmt())
        pattern = "Folder (*)" if form.folder else f"{form.title} (*{form.suffix})"
        path, _ = QFileDialog.getSaveFileName(self, "Export to", self.target.text(), pattern)
        if path:
            self.target.setText(path)

    # ---------------------------------------------------------------- answer
    def fmt(self) -> str:
        return self.format.currentData()

    def path(self) -> Path:
        return Path(self.target.text().strip()).expanduser()

    def selection(self) -> dict:
        checked = [self.labels.item(i).text() for i in range(self.labels.count())
                   if self.labels.item(i).checkState() == Qt.CheckState.Checked]
        every = len(checked) == self.labels.count()
        return exporter.selection(self.annotator.currentData(), self.status.currentData(),
                                  self.gold.isChecked(), None if every else checked)

    def accept(self) -> None:
        if not self.target.text().strip():
            self.target.setFocus()
            return
        if self.labels.count() and not any(
                self.labels.item(i).checkState() == Qt.CheckState.Checked
                for i in range(self.labels.count())):
            self.loses.setText("Check at least one label.")
            self.labels.setFocus()
            return
        self.remember()
        super().accept()
