"""The review view: every annotator's version of each stretch of a document, side by side.

One row per cluster (core/review.py), coloured by its class; one column per annotator and one
for the gold layer. Keys: N / P next / previous undecided cluster, 1…9 accept that annotator's
version, U accept the union, R (or Del) reject, Ctrl+Z / Ctrl+Shift+Z undo / redo (the same
stack as the workspace), G edit the gold layer in the workspace. Every decision is undoable.
"""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QColor, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QAbstractItemView, QDialog, QHBoxLayout, QHeaderView, QLabel, QPushButton, QTableWidget,
    QTableWidgetItem, QVBoxLayout,
)

from annotator.core import review
from annotator.core.errors import AnnotatorError
from annotator.core.undo import UndoStack
from annotator.core.wording import shorten

CLASS_COLORS = {"agree": "#d9f2d0", "missing": "#fde2c4", "label": "#f8c9c9",
                "boundary": "#fff0b3", "mixed": "#e3d4f5"}
CLASS_TEXT = {"agree": "agree", "missing": "missing in some", "label": "label differs",
              "boundary": "boundaries differ", "mixed": "label and boundaries"}
_INK = QColor("#111111")


class ReviewView(QDialog):
    editGold = Signal(int, int)  # doc id, offset: edit the gold layer there in the workspace
    changed = Signal()

    def __init__(self, stack: UndoStack, doc_id: int, parent=None):
        super().__init__(parent)
        self.stack = stack
        self.store = stack.store
        self.doc_id = doc_id
        self.resize(1100, 560)
        self.annotators = [a for a in self.store.annotators(doc_id) if a != review.GOLD]
        self.text = self.store.document(doc_id).text
        self.setWindowTitle(f"Review — {self.store.document(doc_id).title}")
        self.progress = QLabel()
        self.progress.setTextFormat(Qt.TextFormat.PlainText)
        self.table = QTableWidget(0, 3 + len(self.annotators))
        self.table.setHorizontalHeaderLabels(
            ["Where", "Class", *[f"{i + 1} {name}" for i, name in enumerate(self.annotators)],
             "Gold"])
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
        self.table.verticalHeader().hide()
        unanimous = QPushButton("Accept all unanimous")
        unanimous.clicked.connect(self.accept_unanimous)
        top = QHBoxLayout()
        top.addWidget(self.progress, 1)
        top.addWidget(unanimous)
        hint = QLabel("N / P next / previous undecided · 1…9 accept that annotator's version · "
                      "U union · R reject · G edit gold in the workspace · Ctrl+Z undo")
        hint.setTextFormat(Qt.TextFormat.PlainText)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.table, 1)
        layout.addWidget(hint)
        keys = {"N": lambda: self.step(+1), "P": lambda: self.step(-1), "U": self.accept_union,
                "R": self.reject_cluster, "Del": self.reject_cluster, "G": self.edit_gold,
                "Ctrl+Z": self.undo, "Ctrl+Shift+Z": self.redo}
        keys.update({str(i + 1): (lambda i=i: self.accept_version(i))
                     for i in range(min(9, len(self.annotators)))})
        for key, slot in keys.items():
            QShortcut(QKeySequence(key), self, slot)
        self.clusters: list[review.Cluster] = []
        self.refresh()
        self.step(+1, from_row=-1)
        self.table.setFocus()

    # ------------------------------------------------------------------ showing
    def refresh(self) -> None:
        row = self.table.currentRow()
        self.clusters = review.clusters(self.store, self.doc_id, self.annotators)
        gold = self.store.spans(self.doc_id, review.GOLD)
        self.table.setRowCount(len(self.clusters))
        for r, cluster in enumerate(self.clusters):
            versions = cluster.versions()
            cells = [shorten(self.text[cluster.start:cluster.end], 48),
                     ("✓ " if cluster.decided else "") + CLASS_TEXT[cluster.kind]]
            for name in self.annotators:
                cells.append("; ".join(f"{s.label}: {shorten(self.text[s.start:s.end], 30)}"
                                       for s in versions.get(name, [])) or "—")
            cells.append("; ".join(
                f"{g.label}: {shorten(self.text[g.start:g.end], 30)}" for g in gold
                if g.start < cluster.end and g.end > cluster.start)
                or ("rejected" if cluster.decided else ""))
            color = QColor(CLASS_COLORS[cluster.kind])
            if cluster.decided:
                color = color.lighter(112)
            for c, value in enumerate(cells):
                item = QTableWidgetItem(value)
                item.setBackground(color)
                item.setForeground(_INK if not cluster.decided else QColor("#555555"))
                self.table.setItem(r, c, item)
        decided, total = review.progress(self.store, self.doc_id, self.annotators)
        disagreements = sum(c.kind != "agree" for c in self.clusters)
        done, to_review = review.project_progress(self.store)
        self.progress.setText(
            f"{decided} of {total} decided · {disagreements} disagreements · "
            + ("reviewed ✓" if decided == total else "not reviewed yet")
            + f"   —   project: {done} of {to_review} documents reviewed")
        if 0 <= row < self.table.rowCount():
            self.table.selectRow(row)

    def current(self) -> review.Cluster | None:
        row = self.table.currentRow()
        return self.clusters[row] if 0 <= row < len(self.clusters) else None

    def step(self, delta: int, from_row: int | None = None) -> None:
        """Go to the next (or previous) undecided cluster."""
        row = self.table.currentRow() if from_row is None else from_row
        rows = range(row + 1, len(self.clusters)) if delta > 0 else range(row - 1, -1, -1)
        for r in rows:
            if not self.clusters[r].decided:
                self.table.selectRow(r)
                return

    # ---------------------------------------------------------------- deciding
    def _decide(self, action) -> None:
        try:
            action()
        except AnnotatorError as e:
            self.progress.setText(str(e))
            return
        self.refresh()
        self.changed.emit()
        current = self.current()
        if current is None or current.decided:
            self.step(+1)

    def accept_version(self, index: int) -> None:
        cluster = self.current()
        if cluster is None or index >= len(self.annotators):
            return
        name = self.annotators[index]
        spans = cluster.versions().get(name, [])
        if spans:
            self._decide(lambda: review.accept(self.stack, self.doc_id, spans,
                                               f"Accept {name}'s version"))
        else:  # this annotator has nothing here: taking their version means nothing in gold
            self.reject_cluster()

    def accept_union(self) -> None:
        cluster = self.current()
        if cluster is not None:
            self._decide(lambda: review.accept(self.stack, self.doc_id, cluster.spans,
                                               "Accept the union"))

    def accept_unanimous(self) -> None:
        self._decide(lambda: review.accept_unanimous(self.stack, self.doc_id, self.annotators))

    def reject_cluster(self) -> None:
        cluster = self.current()
        if cluster is not None and not cluster.decided:
            self._decide(lambda: review.reject(self.stack, self.doc_id, cluster))

    def undo(self) -> None:
        self._replay(self.stack.undo)

    def redo(self) -> None:
        self._replay(self.stack.redo)

    def _replay(self, action) -> None:
        """Undo or redo; one that cannot be replayed (the project changed under it) says so
        here, and the view shows the project as it is."""
        try:
            action()
        except AnnotatorError as e:
            self.refresh()
            self.progress.setText(str(e))
        else:
            self.refresh()
        self.changed.emit()

    def edit_gold(self) -> None:
        cluster = self.current()
        if cluster is not None:
            self.editGold.emit(self.doc_id, cluster.start)
