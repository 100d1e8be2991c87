"""The main window: lays out the widgets and wires them to the core Workspace. No decisions here."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QItemSelectionModel, Qt
from PySide6.QtWidgets import (
    QFileDialog, QLabel, QListView, QMainWindow, QMessageBox, QSplitter,
    QVBoxLayout, QWidget,
)

from annotator.core.errors import AnnotatorError
from annotator.core.formats import jsonl
from annotator.core.importer import import_paths
from annotator.core.store import Store
from annotator.core.workspace import Workspace
from annotator.ui import actions
from annotator.ui.document_list import DocumentListModel
from annotator.ui.document_view import DocumentView
from annotator.ui.label_palette import LabelPalette


def _plain_label(text: str = "", object_name: str = "") -> QLabel:
    label = QLabel(text)
    label.setTextFormat(Qt.TextFormat.PlainText)  # document data is never rich text
    label.setObjectName(object_name)
    return label


class MainWindow(QMainWindow):
    def __init__(self, store: Store, annotator: str):
        super().__init__()
        self.workspace = Workspace(store, annotator)
        self.resize(1200, 800)

        self.palette_bar = LabelPalette()
        self.view = DocumentView()
        self.title = _plain_label(object_name="title")
        self.title.setWordWrap(True)
        font = self.title.font()
        font.setPointSizeF(font.pointSizeF() * 1.5)
        font.setBold(True)
        self.title.setFont(font)
        self.source = _plain_label(object_name="source")
        self.source.setStyleSheet("color: palette(mid);")

        self.doc_model = DocumentListModel(store.documents())
        self.doc_list = QListView()
        self.doc_list.setModel(self.doc_model)
        self.doc_list.setUniformItemSizes(True)
        self.doc_list.setTextElideMode(Qt.TextElideMode.ElideRight)
        self.doc_list.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.doc_list.selectionModel().currentChanged.connect(
            lambda current, _: current.isValid() and self.open_document(current.data(Qt.ItemDataRole.UserRole))
        )

        reader = QWidget()
        column = QVBoxLayout(reader)
        column.setContentsMargins(24, 16, 8, 0)
        column.addWidget(self.title)
        column.addWidget(self.source)
        column.addWidget(self.palette_bar)
        column.addWidget(self.view, 1)
        split = QSplitter()
        split.addWidget(self.doc_list)
        split.addWidget(reader)
        split.setStretchFactor(1, 1)
        split.setSizes([260, 940])
        self.setCentralWidget(split)

        self.status_annotator = _plain_label()
        self.status_position = _plain_label()
        self.statusBar().addWidget(self.status_annotator)
        self.statusBar().addPermanentWidget(self.status_position)

        self.actions = actions.build(self)
        self.palette_bar.labelChosen.connect(self.apply_label)
        self.palette_bar.set_labels(self.workspace.labels(), self)
        self._refresh_title()
        self._open_first()

    # ------------------------------------------------------------- documents
    def _open_first(self) -> None:
        last = self.workspace.last_document()
        row = self.doc_model.row_of(last) if last is not None else None
        if row is None and self.doc_model.rowCount():
            row = 0
        if row is not None:
            self._select_row(row)
        else:
            self.title.setText("This project has no documents yet")
            self.source.setText("Use File ▸ Import… to add .txt or .jsonl files.")

    def _select_row(self, row: int) -> None:
        index = self.doc_model.index(row)
        self.doc_list.selectionModel().setCurrentIndex(
            index, QItemSelectionModel.SelectionFlag.ClearAndSelect)

    def open_document(self, doc_id: int) -> None:
        doc = self.workspace.open(doc_id)
        self.title.setText(doc.title or doc.uid)
        self.source.setText(" · ".join(
            str(v) for v in (doc.meta.get("source"), doc.meta.get("url"), doc.uid) if v))
        colors = {lb.name: lb.color for lb in self.workspace.store.labels()}
        self.view.show_document(doc.text, self.workspace.spans(), colors)
        self._refresh_status()

    def next_document(self) -> None:
        self._step(+1)

    def previous_document(self) -> None:
        self._step(-1)

    def _step(self, delta: int) -> None:
        row = self.doc_list.currentIndex().row() + delta
        if 0 <= row < self.doc_model.rowCount():
            self._select_row(row)

    # ------------------------------------------------------------------ spans
    def apply_label(self, label: str, exact: bool = False) -> None:
        selected = self.view.selected_range()
        if selected is None:
            self.statusBar().showMessage("Select some text first, then press a label key.", 3000)
            return
        try:
            span = self.workspace.label_selection(*selected, label, exact=exact)
        except AnnotatorError as e:
            self.statusBar().showMessage(str(e), 5000)
            return
        if span is not None:
            self.view.add_span(span)
            self.view.clear_selection()
        self._refresh_status()

    # ------------------------------------------------------------ status, title
    def _refresh_title(self) -> None:
        self.setWindowTitle(f"{self.workspace.store.name} — {self.workspace.annotator} — annotator")

    def _refresh_status(self) -> None:
        ws = self.workspace
        self.status_annotator.setText(f"Annotator: {ws.annotator}")
        row = self.doc_list.currentIndex().row() + 1
        self.status_position.setText(
            f"Document {row} of {self.doc_model.rowCount()} · {len(ws.spans())} spans")

    # ------------------------------------------------------------------- files
    def open_project_dialog(self) -> None:
        path, _ = QFileDialog.getSaveFileName(
            self, "Open or create a project", "", "Projects (*.annotator *.db);;All files (*)",
            options=QFileDialog.Option.DontConfirmOverwrite)
        if path:
            self._switch_project(path)

    def _switch_project(self, path: str) -> None:
        try:
            store = Store.open(path)
        except AnnotatorError as e:
            QMessageBox.warning(self, "Cannot open project", str(e))
            return
        old = self.workspace.store
        self.workspace = Workspace(store, self.workspace.annotator)
        old.close()
        self.doc_model.reset(store.documents())
        self.palette_bar.set_labels(self.workspace.labels(), self)
        self._refresh_title()
        self._open_first()

    def import_dialog(self) -> None:
        files, _ = QFileDialog.getOpenFileNames(
            self, "Import documents", "", "Text and JSON Lines (*.txt *.jsonl *.ndjson)")
        if not files:
            return
        try:
            report = import_paths(self.workspace.store, files)
        except AnnotatorError as e:
            QMessageBox.warning(self, "Nothing was imported", str(e))
            return
        self.doc_model.reset(self.workspace.store.documents())
        self.statusBar().showMessage(report.summary(), 8000)
        if self.doc_list.currentIndex().row() < 0:
            self._open_first()

    def export_dialog(self) -> None:
        path, _ = QFileDialog.getSaveFileName(
            self, "Export JSON Lines", f"{self.workspace.store.name}.jsonl",
            "JSON Lines (*.jsonl)")
        if not path:
            return
        with Path(path).open("wb") as out:
            n = jsonl.write(self.workspace.store, out)
        self.statusBar().showMessage(f"Exported {n} lines to {path}", 8000)

    def closeEvent(self, event) -> None:
        self.workspace.store.close()
        super().closeEvent(event)
