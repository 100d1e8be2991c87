"""The main window's three panes side by side: the document list, the article, the span panel.

The article keeps room to read: it has a minimum width, the side panes shrink first and, on a
window narrower still, fold away (the span panel first) and come back when the window widens.
The widths a person gives the panes are kept in the settings and restored next time.
"""

from __future__ import annotations

from PySide6.QtCore import QSettings, QSize
from PySide6.QtWidgets import QSplitter, QWidget

ARTICLE_MIN = 450  # the article's pane: about 55 characters a line at the default size
SIDE_MIN = (150, 170)  # the document list, the span panel
_SHARE = (0.19, 0.24)  # of the window a side pane starts with ...
_SIDE_MAX = (300, 380)  # ... up to this width
_KEY = "window/panes"


class Panes(QSplitter):
    def __init__(self, left: QWidget, article: QWidget, right: QWidget):
        super().__init__()
        for i, widget in enumerate((left, article, right)):
            self.addWidget(widget)
            self.setStretchFactor(i, 1 if widget is article else 0)
        self.setCollapsible(1, False)  # the side panes may be dragged shut, never the article
        left.setMinimumWidth(SIDE_MIN[0])
        article.setMinimumWidth(ARTICLE_MIN)
        right.setMinimumWidth(SIDE_MIN[1])
        self.sides = (right, left)  # the order they fold away in
        self.folded: list[QWidget] = []

    def minimumSizeHint(self) -> QSize:
        """The article's minimum alone: side panes fold away rather than widen the window."""
        hint = super().minimumSizeHint()
        return QSize(self.widget(1).minimumWidth(), hint.height())

    def resizeEvent(self, event) -> None:
        self._fold(event.size().width())
        super().resizeEvent(event)

    def _fold(self, width: int) -> None:
        """Show the side panes that fit beside the article's minimum width; fold the rest."""
        sizes = self.sizes()
        open_ = [w for w in self.sides
                 if w in self.folded or sizes[self.indexOf(w)] > 0]  # not dragged shut
        room = width - self.widget(1).minimumWidth()
        keep = []
        for side in reversed(self.sides):  # the document list has the first claim
            need = side.minimumWidth() + self.handleWidth()
            if side in open_ and need <= room:
                keep.append(side)
                room -= need
        for side in open_:
            if side in keep and side in self.folded:
                self.folded.remove(side)
                side.show()
            elif side not in keep and side not in self.folded:
                self.folded.append(side)
                side.hide()

    def first_sizes(self) -> None:
        """The widths saved last time, or a share of the window for each side pane."""
        saved = QSettings().value(_KEY)
        try:
            sizes = [int(v) for v in saved] if saved else []
        except (TypeError, ValueError):
            sizes = []
        if len(sizes) != 3 or self.folded:
            total = self.width() - 2 * self.handleWidth()
            sides = [max(low, min(int(total * share), high))
                     for low, share, high in zip(SIDE_MIN, _SHARE, _SIDE_MAX)]
            spare = total - ARTICLE_MIN - sum(sides)
            if spare < 0:  # shrink the side panes toward their minimums, article first
                give = [s - low for s, low in zip(sides, SIDE_MIN)]
                cut = [min(g, -spare * g // max(1, sum(give))) for g in give]
                sides = [s - c for s, c in zip(sides, cut)]
            sizes = [sides[0], total - sum(sides), sides[1]]
        self.setSizes(sizes)

    def save(self) -> None:
        """Remember the widths (not a folded state a small window forced)."""
        if not self.folded:
            QSettings().setValue(_KEY, self.sizes())
