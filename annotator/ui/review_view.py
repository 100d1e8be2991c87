"""The review panel: every annotator's version of each stretch of a document, side by side.

One row per cluster (core/review.py), coloured by its class; one column per annotator, one
for the gold layer, and one for the annotators' notes on the cluster's spans (the notes on
the whole document are above the table). Under the table, the sentence around the selected cluster as each
annotator marked it, the characters they disagree on underlined in red, and the links that
touch it (review_context.py). Keys: N / P next / previous undecided cluster, 1…9 accept that
annotator's version, U accept the union, R (or Del) reject, Ctrl+Z / Ctrl+Shift+Z undo / redo
(the same stack as the workspace), G edit the gold layer in the workspace, Esc close. The keys
are the panel's while it has the focus, also where the main window has the same keys (the
panel sits in a dock of the main window, beside the article). Every decision is undoable.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, Qt, Signal
from PySide6.QtGui import QColor, QKeySequence
from PySide6.QtWidgets import (
    QAbstractItemView, QHBoxLayout, QHeaderView, QLabel, QPushButton, QSplitter, QTableWidget,
    QTableWidgetItem, QVBoxLayout, QWidget,
)

from annotator.core import review
from annotator.core.errors import AnnotatorError
from annotator.core.undo import UndoStack
from annotator.ui.notes import note_line
from annotator.ui.review_context import ContextPane
from annotator.core.wording import shorten

CLASS_COLORS = {"agree": "#d9f2d0", "missing": "#fde2c4", "label": "#f8c9c9",
                "boundary": "#fff0b3", "mixed": "#e3d4f5", "attribute": "#cfe3f7"}
CLASS_TEXT = {"agree": "agree", "missing": "missing in some", "label": "label differs",
              "boundary": "boundaries differ", "mixed": "label and boundaries",
              "attribute": "attributes differ"}
_INK = QColor("#111111")


class ReviewView(QWidget):
    editGold = Signal(int, int)  # doc id, offset: edit the gold layer there in the workspace
    changed = Signal()
    closeRequested = Signal()
    clusterChosen = Signal(int, int)  # doc id, offset: the reviewer went to this cluster

    def __init__(self, stack: UndoStack, doc_id: int, parent=None):
        super().__init__(parent)
        self.stack = stack
        self.store = stack.store
        self.doc_id = doc_id
        self.annotators = [a for a in self.store.annotators(doc_id) if a != review.GOLD]
        self.text = self.store.document(doc_id).text
        self.setWindowTitle(f"Review — {self.store.document(doc_id).title}")
        self.progress = QLabel()
        self.progress.setTextFormat(Qt.TextFormat.PlainText)
        self.progress.setWordWrap(True)
        self.notes = QLabel()  # the document's own notes, if any
        self.notes.setTextFormat(Qt.TextFormat.PlainText)
        self.notes.setWordWrap(True)
        self.table = QTableWidget(0, 4 + len(self.annotators))
        self.table.setHorizontalHeaderLabels(
            ["Where", "Class", *[f"{i + 1} {name}" for i, name in enumerate(self.annotators)],
             "Gold", "Notes"])
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
        self.table.verticalHeader().hide()
        # each row as tall as its wrapped cells (a note or a long version is read whole)
        self.table.verticalHeader().setSectionResizeMode(
            QHeaderView.ResizeMode.ResizeToContents)
        self.table.setVerticalScrollMode(QAbstractItemView.ScrollMode.ScrollPerPixel)
        self.table.itemSelectionChanged.connect(self.show_context)
        self.context = ContextPane()
        unanimous = QPushButton("Accept all unanimous")
        unanimous.setFocusPolicy(Qt.FocusPolicy.NoFocus)  # the keys stay with the table
        unanimous.clicked.connect(self.accept_unanimous)
        top = QHBoxLayout()
        top.addWidget(self.progress, 1)
        top.addWidget(unanimous)
        hint = QLabel("N / P next / previous undecided · 1…9 accept that annotator's version · "
                      "U union · R reject · G edit gold in the article · Ctrl+Z undo · "
                      "Esc close")
        hint.setTextFormat(Qt.TextFormat.PlainText)
        hint.setWordWrap(True)
        split = QSplitter(Qt.Orientation.Vertical)
        split.addWidget(self.table)
        split.addWidget(self.context)
        split.setChildrenCollapsible(False)
        split.setStretchFactor(0, 1)
        split.setStretchFactor(1, 1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(6, 4, 6, 4)
        layout.addLayout(top)
        layout.addWidget(self.notes)
        layout.addWidget(split, 1)
        layout.addWidget(hint)
        keys = {"N": lambda: self.step(+1), "P": lambda: self.step(-1), "U": self.accept_union,
                "R": self.reject_cluster, "Del": self.reject_cluster, "G": self.edit_gold,
                "Ctrl+Z": self.undo, "Ctrl+Shift+Z": self.redo,
                "Esc": self.closeRequested.emit}
        keys.update({str(i + 1): (lambda i=i: self.accept_version(i))
                     for i in range(min(9, len(self.annotators)))})
        self._keys = {QKeySequence(key).toString(): slot for key, slot in keys.items()}
        for widget in (self.table, self.context):
            widget.installEventFilter(self)
        self.setFocusProxy(self.table)
        self.clusters: list[review.Cluster] = []
        self.refresh()
        self.step(+1, from_row=-1)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        """The review's keys, before the main window's shortcuts for the same keys."""
        if event.type() in (QEvent.Type.ShortcutOverride, QEvent.Type.KeyPress):
            slot = self._keys.get(QKeySequence(event.keyCombination()).toString())
            if slot is not None:
                event.accept()
                if event.type() == QEvent.Type.KeyPress:
                    slot()
                return True
        return super().eventFilter(watched, event)

    # ------------------------------------------------------------------ showing
    def refresh(self) -> None:
        row = self.table.currentRow()
        self.clusters = review.clusters(self.store, self.doc_id, self.annotators)
        gold = self.store.spans(self.doc_id, review.GOLD)
        notes = self.store.notes(self.doc_id)
        on_spans = {n.span_id: n for n in notes if n.span_id is not None}
        on_document = [f"{n.annotator}: {note_line(n)}" for n in notes if n.span_id is None]
        self.notes.setText("Notes on the document — " + " · ".join(on_document))
        self.notes.setVisible(bool(on_document))
        gold_values = self.store.span_attributes_of(self.doc_id, review.GOLD)
        self.table.setRowCount(len(self.clusters))
        for r, cluster in enumerate(self.clusters):
            versions = cluster.versions()
            cells = [shorten(self.text[cluster.start:cluster.end], 48),
                     ("✓ " if cluster.decided else "") + CLASS_TEXT[cluster.kind]]
            for name in self.annotators:
                cells.append("; ".join(self._shown(s, cluster.values.get(s.id))
                                       for s in versions.get(name, [])) or "—")
            cells.append("; ".join(
                self._shown(g, gold_values.get(g.id)) for g in gold
                if g.start < cluster.end and g.end > cluster.start)
                or ("rejected" if cluster.decided else ""))
            cells.append("; ".join(f"{on_spans[s.id].annotator}: {note_line(on_spans[s.id])}"
                                   for s in cluster.spans if s.id in on_spans))
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
        self.show_context()

    def _shown(self, span, values: dict[str, str] | None) -> str:
        """A version in a cell: "CLAIM (quote: direct): the talks are off"."""
        given = f" ({', '.join(f'{k}: {v}' for k, v in values.items())})" if values else ""
        return f"{span.label}{given}: {shorten(self.text[span.start:span.end], 30)}"

    def show_context(self) -> None:
        cluster = self.current()
        colors = {label.name: label.color for label in self.store.labels()}
        self.context.show_cluster(self.store, self.doc_id, self.text, cluster,
                                  self.annotators, colors)
        if cluster is not None and self.table.hasFocus():  # the reviewer's move, not a refresh
            self.clusterChosen.emit(self.doc_id, cluster.start)

    def current(self) -> review.Cluster | None:
        row = self.table.currentRow()
        return self.clusters[row] if 0 <= row < len(self.clusters) else None

    def select_at(self, offset: int) -> None:
        """Select the row of the cluster that holds code point `offset`."""
        for r, cluster in enumerate(self.clusters):
            if cluster.start <= offset < cluster.end:
                self.table.selectRow(r)
                self.table.scrollToItem(self.table.item(r, 0))
                return

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
