"""The main window's three panes side by side: the document list, the article, the span panel.

The article keeps room to read: it has a minimum width, the side panes shrink first and, on a
window narrower still, fold away (the span panel first) and come back when the window widens,
or when the person drags the other side pane shut to make room.
The widths a person gives the panes are kept in the settings and restored next time.
"""

from __future__ import annotations

from PySide6.QtCore import QSettings, QSize
from PySide6.QtWidgets import QSplitter, QWidget

ARTICLE_MIN = 450  # the article's pane: about 55 characters a line at the default size
SIDE_MIN = (180, 200)  # the document list, the span panel: narrower, they show nothing useful
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
        self.folded: list[QWidget] = []  # hidden for want of room
        self.shut: list[QWidget] = []  # dragged shut by the person
        self.splitterMoved.connect(self._moved)
        self.restored = False  # first_sizes put back the widths saved last time

    def minimumSizeHint(self) -> QSize:
        """The article's minimum alone: side panes fold away rather than widen the window."""
        hint = super().minimumSizeHint()
        return QSize(self.widget(1).minimumWidth(), hint.height())

    def resizeEvent(self, event) -> None:
        self._fold(event.size().width())
        super().resizeEvent(event)

    def _moved(self) -> None:
        sizes = self.sizes()
        self.shut = [w for w in self.sides if not w.isHidden() and sizes[self.indexOf(w)] == 0]
        self._fold(self.width())

    def _fold(self, width: int) -> None:
        """Show the side panes that fit beside the article's minimum width; fold the rest."""
        open_ = [w for w in self.sides if w not in self.shut]
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
            shown = [self.widget(0).isVisibleTo(self), self.widget(2).isVisibleTo(self)]
            total = self.width() - sum(shown) * self.handleWidth()
            sides = [max(low, min(int(total * share), high)) if visible else 0
                     for low, share, high, visible in zip(SIDE_MIN, _SHARE, _SIDE_MAX, shown)]
            spare = total - ARTICLE_MIN - sum(sides)
            if spare < 0:  # shrink the side panes toward their minimums, article first
                give = [max(0, s - low) for s, low in zip(sides, SIDE_MIN)]
                cut = [min(g, -spare * g // max(1, sum(give))) for g in give]
                sides = [s - c for s, c in zip(sides, cut)]
            sizes = [sides[0], total - sum(sides), sides[1]]
            self.restored = False
        else:  # a side pane saved at 0 was dragged shut: it stays shut
            self.restored = True
            self.shut = [w for w in self.sides if sizes[self.indexOf(w)] == 0]
            self._fold(self.width())
        self.setSizes(sizes)

    def make_room(self, side: QWidget, width: int) -> None:
        """Widen a side pane toward `width`, taking only what the article has beyond its
        minimum (its columns appeared: news in the document list)."""
        index = self.indexOf(side)
        sizes = self.sizes()
        if side.isHidden() or index < 0 or sizes[index] == 0:
            return  # folded or dragged shut: left so
        grow = min(width - sizes[index], sizes[1] - self.widget(1).minimumWidth())
        if grow > 0:
            sizes[index] += grow
            sizes[1] -= grow
            self.setSizes(sizes)

    def save(self) -> None:
        """Remember the widths (not a folded state a small window forced)."""
        if not self.folded:
            QSettings().setValue(_KEY, self.sizes())
