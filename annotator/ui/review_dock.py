"""The dock under the article that holds the review of one document at a time.

It makes the review panel for a document (or says that nobody has annotated it), keeps it in
step with every edit through the undo stack's listeners, and passes the panel's requests on
to the main window as its own signals, so the window wires them once.
"""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QDockWidget, QLabel

from annotator.core import review
from annotator.core.undo import UndoStack
from annotator.ui import plain
from annotator.ui.review_view import ReviewView


class ReviewDock(QDockWidget):
    editGold = Signal(int, int)  # doc id, offset
    changed = Signal()
    closeRequested = Signal()
    clusterChosen = Signal(int, int)  # doc id, offset

    def __init__(self, parent=None):
        super().__init__("Review", parent)
        self.setObjectName("review")
        self.setAllowedAreas(Qt.DockWidgetArea.BottomDockWidgetArea
                             | Qt.DockWidgetArea.RightDockWidgetArea)
        self.view: ReviewView | None = None

    def show_document(self, stack: UndoStack, doc_id: int) -> ReviewView | None:
        """Review `doc_id` here: the panel already there if it is that document's, else a new
        one; None, with a note in the dock, when nobody has annotated the document."""
        view = self.view
        if view is not None and view.doc_id == doc_id and view.stack is stack:
            view.refresh()
            return view
        self.drop()
        if not [a for a in stack.store.annotators(doc_id) if a != review.GOLD]:
            note = QLabel("Nobody has annotated this document yet.")
            note.setTextFormat(Qt.TextFormat.PlainText)
            note.setAlignment(Qt.AlignmentFlag.AlignCenter)
            self._replace(note, "Review")
            return None
        view = ReviewView(stack, doc_id)
        view.editGold.connect(self.editGold)
        view.changed.connect(self.changed)
        view.closeRequested.connect(self.closeRequested)
        view.clusterChosen.connect(self.clusterChosen)
        stack.listeners.append(self._refresh)
        self.view = view
        self._replace(view, view.windowTitle())
        return view

    def _replace(self, widget, title: str) -> None:
        old = self.widget()
        self.setWidget(widget)
        self.setWindowTitle(plain.action_text(title))  # its title bar takes & as a mnemonic
        if old is not None:
            old.deleteLater()

    def _refresh(self) -> None:
        """An edit anywhere (gold in the article, an undo): the review shows it at once."""
        if self.view is not None and self.view.isVisible():
            self.view.refresh()

    def drop(self) -> None:
        """Forget the panel (its project may be closed) and stop listening to its edits."""
        view, self.view = self.view, None
        if view is not None and self._refresh in view.stack.listeners:
            view.stack.listeners.remove(self._refresh)
