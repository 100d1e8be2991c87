"""Team ▸ Assign Documents…: the window's form of `annotator assign` (the same core call).

Annotators (comma-separated), how many annotators a shared document goes to, the share of
documents shared for agreement (0 %: none, each document to one annotator; 100 %: every
document to `overlap` annotators), the status the documents must have, the seed, and the folder
the packs are written to.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtWidgets import (
    QComboBox, QDialog, QDialogButtonBox, QFileDialog, QFormLayout, QHBoxLayout, QLineEdit,
    QPushButton, QSpinBox, QWidget,
)

from annotator.core.models import STATUSES


class AssignDialog(QDialog):
    def __init__(self, folder: Path | None, parent=None):
        super().__init__(parent)
        self.setWindowTitle("Assign documents")
        self.annotators = QLineEdit()
        self.annotators.setObjectName("annotators")
        self.annotators.setPlaceholderText("alice, bob, carol")
        self.overlap = QSpinBox()
        self.overlap.setObjectName("overlap")
        self.overlap.setRange(1, 20)
        self.overlap.setValue(2)
        self.shared = QSpinBox()
        self.shared.setObjectName("shared")
        self.shared.setRange(0, 100)
        self.shared.setValue(20)
        self.shared.setSuffix(" %")
        self.status = QComboBox()
        self.status.addItem("any status", None)
        self.status.addItem("not started by anyone", "todo")
        for status in STATUSES[1:]:
            self.status.addItem(status.replace("_", " "), status)
        self.seed = QSpinBox()
        self.seed.setRange(0, 2**31 - 1)
        self.folder = QLineEdit(str(folder) if folder else "")
        self.folder.setObjectName("folder")
        self.folder.setMinimumWidth(self.folder.fontMetrics().averageCharWidth() * 60)  # a path
        browse = QPushButton("Choose…")
        browse.clicked.connect(self._choose_folder)
        where = QWidget()
        row = QHBoxLayout(where)
        row.setContentsMargins(0, 0, 0, 0)
        row.addWidget(self.folder, 1)
        row.addWidget(browse)
        form = QFormLayout(self)
        form.addRow("Annotators:", self.annotators)
        form.addRow("Shared documents go to:", self.overlap)
        form.addRow("Share of documents shared:", self.shared)
        form.addRow("Only documents:", self.status)
        form.addRow("Seed:", self.seed)
        form.addRow("Write the packs to:", where)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok
                                   | QDialogButtonBox.StandardButton.Cancel)
        buttons.button(QDialogButtonBox.StandardButton.Ok).setText("Assign")
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        form.addRow(buttons)

    def _choose_folder(self) -> None:
        chosen = QFileDialog.getExistingDirectory(self, "Folder for the packs",
                                                  self.folder.text())
        if chosen:
            self.folder.setText(chosen)

    def request(self) -> dict:
        """The core's arguments (annotator.core.team.assign) for what the form says."""
        names = [n.strip() for n in self.annotators.text().split(",") if n.strip()]
        shared = self.shared.value()
        return {"folder": Path(self.folder.text().strip()), "annotators": names,
                "overlap": self.overlap.value() if len(names) > 1 and shared else 1,
                "shared": shared / 100 if 0 < shared < 100 else None,
                "status": self.status.currentData(), "seed": self.seed.value()}
