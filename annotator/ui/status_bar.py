"""The main window's status bar: a passing message (after a merge, an import, a training)
that is longer than the room left of the permanent figures ends in "…" and is whole in the
tooltip. Qt's own status bar cuts it at the edge, mid-word, with nothing to say it goes on."""

from __future__ import annotations

from PySide6.QtCore import QRect, QSize, Qt
from PySide6.QtGui import QPainter
from PySide6.QtWidgets import QLabel, QStatusBar, QStyle, QStyleOption, QWidget

from annotator.ui import plain

FLAGS = Qt.AlignmentFlag.AlignLeading | Qt.AlignmentFlag.AlignVCenter


class ElidingStatusBar(QStatusBar):
    def __init__(self, parent=None):
        super().__init__(parent)
        self.messageChanged.connect(self._explain)

    def message_rect(self) -> QRect:
        """Where the message is drawn: from the left edge to the first widget still shown
        (while a message shows, only the permanent widgets and the size grip are)."""
        right = self.width() - 12
        for child in self.findChildren(QWidget, options=Qt.FindChildOption.FindDirectChildrenOnly):
            if child.isVisible():
                right = min(right, child.x() - 1)
        return QRect(6, 0, max(0, right - 6), self.height())

    def shown_message(self) -> str:
        """The message as drawn: whole, or cut with "…" where it does not fit."""
        message = self.currentMessage()
        return self.fontMetrics().elidedText(message, Qt.TextElideMode.ElideRight,
                                             self.message_rect().width())

    def _explain(self, message: str) -> None:
        # A message names data (span texts, annotators, paths): shown as written.
        self.setToolTip(plain.tip(message) if message and self.shown_message() != message
                        else "")

    def resizeEvent(self, event) -> None:
        super().resizeEvent(event)
        self._explain(self.currentMessage())

    def paintEvent(self, event) -> None:
        if not self.currentMessage():
            super().paintEvent(event)
            return
        painter = QPainter(self)
        option = QStyleOption()
        option.initFrom(self)
        self.style().drawPrimitive(QStyle.PrimitiveElement.PE_PanelStatusBar, option, painter,
                                   self)
        painter.setPen(self.palette().windowText().color())
        painter.drawText(self.message_rect(), int(FLAGS) | int(Qt.TextFlag.TextSingleLine),
                         self.shown_message())


class ElidingLabel(QLabel):
    """A plain-text label in the status bar whose text, where it does not fit, ends in "…"
    and is whole in the tooltip. `text()` is the whole text; what is drawn is QLabel's."""

    def __init__(self, parent=None):
        super().__init__(parent)
        self.setTextFormat(Qt.TextFormat.PlainText)
        self._whole = ""

    def setText(self, text: str) -> None:
        self._whole = text
        self._fit()

    def text(self) -> str:
        return self._whole

    def minimumSizeHint(self) -> QSize:  # the text gives way; it never widens the window
        return QSize(1, super().minimumSizeHint().height())

    def resizeEvent(self, event) -> None:
        super().resizeEvent(event)
        self._fit()

    def _fit(self) -> None:
        drawn = self.fontMetrics().elidedText(self._whole, Qt.TextElideMode.ElideRight,
                                              max(self.contentsRect().width(), 1))
        if drawn != QLabel.text(self):
            QLabel.setText(self, drawn)
        self.setToolTip(plain.tip(self._whole) if drawn != self._whole else "")
