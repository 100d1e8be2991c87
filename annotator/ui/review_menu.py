"""The Review menu's work for the main window: merge, agreement, the review panel (in a dock
under the article, so that editing gold with `G` leaves both in view), and editing the gold
layer with every workspace tool."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QFileDialog

from annotator.core import review
from annotator.core.errors import AnnotatorError
from annotator.ui import plain

if TYPE_CHECKING:  # (imported when first used: the window's start does not need them)
    from annotator.ui.agreement_view import AgreementView
    from annotator.ui.review_dock import ReviewDock
    from annotator.ui.review_view import ReviewView


class ReviewMenuMixin:
    """Mixed into MainWindow; uses its workspace, doc_list and use_annotator."""

    review_dock: ReviewDock | None = None
    agreement_view: AgreementView | None = None

    def merge_dialog(self) -> None:
        files, _ = QFileDialog.getOpenFileNames(
            self, "Merge annotators' work", "",
            "Projects and JSON Lines (*.annotator *.db *.jsonl *.ndjson)")
        if files:
            self.merge_files(files)

    def merge_files(self, files: list[str]) -> None:
        from annotator.core.merge import merge_paths

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
        return self.review_document(doc.id)

    def review_document(self, doc_id: int, offset: int | None = None) -> ReviewView | None:
        """Show the review of a document in the dock under the article (one review at a
        time: the one already there comes forward), on the cluster at `offset` if given."""
        store = self.workspace.store
        if not [a for a in store.annotators(doc_id) if a != review.GOLD]:
            self.statusBar().showMessage("Nobody has annotated this document yet.", 5000)
            return None
        if self.workspace.document is None or self.workspace.document.id != doc_id:
            self.go_to(doc_id)
        dock = self._review_dock()
        view = dock.show_document(self.workspace.undo_stack, doc_id)
        if dock.isHidden():
            dock.show()
            self.resizeDocks([dock], [max(220, int(self.height() * 0.42))],
                             Qt.Orientation.Vertical)
        dock.raise_()
        self.raise_()  # above the agreement window, which opened it
        self.activateWindow()
        if offset is not None:
            view.select_at(offset)
            # In the article too, once the dock has taken its height from it.
            QTimer.singleShot(0, lambda: self._show_cluster_in_article(doc_id, offset))
        view.table.setFocus()
        return view

    @property
    def review_view(self) -> ReviewView | None:
        return self.review_dock.view if self.review_dock is not None else None

    def _review_dock(self) -> ReviewDock:
        if self.review_dock is None:
            from annotator.ui.review_dock import ReviewDock

            dock = ReviewDock(self)
            dock.editGold.connect(self.edit_gold_at)
            dock.changed.connect(self._refresh_spans)
            dock.closeRequested.connect(self.close_review)
            dock.clusterChosen.connect(self._show_cluster_in_article)
            dock.hide()
            self.addDockWidget(Qt.DockWidgetArea.BottomDockWidgetArea, dock)
            self.review_dock = dock
        return self.review_dock

    def review_follows(self, doc_id: int) -> None:
        """The article went to another document: an open review goes with it."""
        dock = self.review_dock
        if dock is not None and not dock.isHidden() \
                and (dock.view is None or dock.view.doc_id != doc_id):
            dock.show_document(self.workspace.undo_stack, doc_id)

    def _show_cluster_in_article(self, doc_id: int, offset: int) -> None:
        if self.workspace.document is not None and self.workspace.document.id == doc_id:
            self.view.ensure_visible(offset)

    def close_stale_review(self) -> None:
        """Close the review and agreement of a project that is no longer the open one."""
        agreement = self.agreement_view
        if agreement is not None and agreement.store is not self.workspace.store:
            agreement.close()
            agreement.deleteLater()
            self.agreement_view = None
        dock = self.review_dock
        if dock is not None and dock.view is not None \
                and dock.view.stack is not self.workspace.undo_stack:
            dock.drop()
            dock.hide()

    def close_review(self) -> None:
        if self.review_dock is not None:
            self.review_dock.hide()
        self.view.setFocus()

    def agreement_dialog(self) -> AgreementView:
        """The agreement window, with today's figures (one at a time). A window of its own,
        not the main window's dialog: a review opened from it comes in front of it."""
        from annotator.ui.agreement_view import AgreementView

        old = self.agreement_view
        view = AgreementView(self.workspace.store)
        view.setAttribute(Qt.WidgetAttribute.WA_QuitOnClose, False)
        view.openCluster.connect(self.review_document)
        if old is not None:
            if old.isVisible():
                view.setGeometry(old.geometry())
            old.close()
            old.deleteLater()
        self.agreement_view = view
        view.show()
        view.raise_()
        view.activateWindow()
        return view

    def closeEvent(self, event) -> None:
        if self.agreement_view is not None:
            self.agreement_view.close()
        super().closeEvent(event)

    def toggle_gold(self) -> None:
        """Switch between editing your own layer and the gold layer."""
        if self.workspace.annotator == review.GOLD:
            self.use_annotator(self.own_name, remember=False)
        else:
            self.own_name = self.workspace.annotator
            self.use_annotator(review.GOLD, remember=False)

    def edit_gold_at(self, doc_id: int, offset: int) -> None:
        """Edit the gold layer in the article, at `offset`; the review stays in view below."""
        if self.workspace.annotator != review.GOLD:
            self.toggle_gold()
        self.go_to(doc_id)
        self.view.ensure_visible(offset)
        self.activateWindow()
        self.view.setFocus()
