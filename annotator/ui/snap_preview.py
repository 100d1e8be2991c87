"""While text is selected in the article, an outline round the span a label key would make of it:
the selection grown to whole words, without surrounding space and punctuation. A first drag
that starts on the comma of "May," shows at once that the span will be "Vice-Premier", before
any key is pressed. While Alt is held (Alt+key labels the exact characters), the outline is
the selection itself.

The outline is a transparent widget over the article's viewport, so the article's own painting
(spans, links) is left alone; the extent comes from the core (`Workspace.snapped`).
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QEvent, QObject, QRectF, Qt
from PySide6.QtGui import QColor, QPainter, QPen
from PySide6.QtWidgets import QWidget

OUTLINE = "#c2185b"  # not a label colour, and not the selection's blue

Snapper = Callable[[int, int, bool], "tuple[int, int] | None"]  # start, end, exact


class SnapPreview(QWidget):
    """Draws the outline of `snapper(selection)` over `view`, a DocumentView."""

    def __init__(self, view, snapper: Snapper):
        super().__init__(view.viewport())
        self.view = view
        self.snapper = snapper
        self.extent: tuple[int, int] | None = None
        self.exact = False  # Alt is held
        self.setAttribute(Qt.WidgetAttribute.WA_TransparentForMouseEvents)
        self.setAttribute(Qt.WidgetAttribute.WA_NoSystemBackground)
        view.selectionChanged.connect(self.refresh)
        for bar in (view.verticalScrollBar(), view.horizontalScrollBar()):
            bar.valueChanged.connect(self._cover)
        view.viewport().installEventFilter(self)
        view.installEventFilter(self)
        self._cover()

    def refresh(self) -> None:
        """Follow the view's selection (called as it changes, a drag included)."""
        selection = self.view.selected_range()
        self.extent = self.snapper(*selection, self.exact) if selection is not None else None
        self.update()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        kind = event.type()
        if kind == QEvent.Type.Resize and watched is not self.view:
            self._cover()
        elif kind in (QEvent.Type.KeyPress, QEvent.Type.KeyRelease) \
                and event.key() == Qt.Key.Key_Alt:
            self.exact = kind == QEvent.Type.KeyPress
            self.refresh()
        elif kind == QEvent.Type.FocusOut and self.exact:
            self.exact = False  # the Alt release may go to another window
            self.refresh()
        return False

    def _cover(self) -> None:
        """Lie exactly over the viewport (scrolling the viewport moves its children)."""
        self.setGeometry(self.view.viewport().rect())
        self.raise_()
        self.update()

    def paintEvent(self, event) -> None:
        if self.extent is None:
            return
        painter = QPainter(self)
        pen = QPen(QColor(OUTLINE), 2)
        pen.setJoinStyle(Qt.PenJoinStyle.MiterJoin)
        painter.setPen(pen)
        for rect in self._rects(*self.extent):
            painter.drawRect(rect.adjusted(-1, 0, 1, -1))
        painter.end()

    def _rects(self, start: int, end: int) -> list[QRectF]:
        """One rectangle per visible line piece of code points [start, end), in viewport
        coordinates."""
        from annotator.ui.suggestion_overlay import line_rects

        return line_rects(self.view, start, end, self.height())
