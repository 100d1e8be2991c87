"""The Review menu's work for the main window: merge, agreement, the review view, and editing
the gold layer with every workspace tool."""

from __future__ import annotations

from PySide6.QtWidgets import QFileDialog

from annotator.core import review
from annotator.core.errors import AnnotatorError
from annotator.core.merge import merge_paths
from annotator.ui import plain
from annotator.ui.agreement_view import AgreementView
from annotator.ui.review_view import ReviewView


class ReviewMenuMixin:
    """Mixed into MainWindow; uses its workspace, doc_list and use_annotator."""

    review_view: ReviewView | None = None

    def merge_dialog(self) -> None:
        files, _ = QFileDialog.getOpenFileNames(
            self, "Merge annotators' work", "",
            "Projects and JSON Lines (*.annotator *.db *.jsonl *.ndjson)")
        if files:
            self.merge_files(files)

    def merge_files(self, files: list[str]) -> None:
        try:
            report = merge_paths(self.workspace.store, files)
        except AnnotatorError as e:
            plain.warn(self, "Nothing was merged", str(e))
            return
        self.statusBar().showMessage(report.summary(), 10000)
        self.reload_documents()

    def review_dialog(self) -> ReviewView | None:
        doc = self.workspace.document
        if doc is None:
            return None
        if len([a for a in self.workspace.store.annotators(doc.id) if a != review.GOLD]) < 1:
            self.statusBar().showMessage("Nobody has annotated this document yet.", 5000)
            return None
        view = ReviewView(self.workspace.undo_stack, doc.id, self)
        view.editGold.connect(self.edit_gold_at)
        view.changed.connect(self._refresh_spans)
        view.show()
        self.review_view = view
        return view

    def agreement_dialog(self) -> AgreementView:
        view = AgreementView(self.workspace.store, self)
        view.openDocument.connect(self._review_document)
        view.show()
        return view

    def _review_document(self, doc_id: int) -> None:
        self.doc_list.select(doc_id)
        self.review_dialog()

    def toggle_gold(self) -> None:
        """Switch between editing your own layer and the gold layer."""
        if self.workspace.annotator == review.GOLD:
            self.use_annotator(self.own_name, remember=False)
        else:
            self.own_name = self.workspace.annotator
            self.use_annotator(review.GOLD, remember=False)

    def edit_gold_at(self, doc_id: int, offset: int) -> None:
        if self.workspace.annotator != review.GOLD:
            self.toggle_gold()
        self.doc_list.select(doc_id)
        self.view.ensure_visible(offset)
        self.activateWindow()
