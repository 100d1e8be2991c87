"""The label palette: one button per span label with its colour chip, key and name (a relation
label's key is bound too, without a button: it relabels the selected link).

Each button triggers the same QAction as the label's key, so a click and a key press are one
mechanism; Alt+key labels the exact characters selected, without snapping to tokens. The
buttons wrap onto a second row when the article is narrow: every label stays in sight.
Label names are data: they are shown as plain text only.
"""

from __future__ import annotations

from PySide6.QtCore import QRectF, Qt, Signal
from PySide6.QtGui import (
    QAction, QColor, QGuiApplication, QIcon, QKeySequence, QPainter, QPen, QPixmap,
)
from PySide6.QtWidgets import QToolButton, QWidget

from annotator.core.models import Label
from annotator.ui.flow_layout import FlowLayout
from annotator.ui import plain


def chip(color: str, size: int = 14) -> QIcon:
    """A label's colour swatch with a thin darker edge, drawn at the screen's pixel density
    (sharp at 200 % scaling, not a 14-pixel square blown up)."""
    screen = QGuiApplication.primaryScreen()
    ratio = screen.devicePixelRatio() if screen is not None else 1.0
    pixmap = QPixmap(round(size * ratio), round(size * ratio))
    pixmap.setDevicePixelRatio(ratio)
    pixmap.fill(Qt.GlobalColor.transparent)
    fill = QColor(color)
    painter = QPainter(pixmap)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    painter.setPen(QPen(fill.darker(140), 1))
    painter.setBrush(fill)
    painter.drawRoundedRect(QRectF(0.5, 0.5, size - 1, size - 1), 2.5, 2.5)
    painter.end()
    return QIcon(pixmap)


class LabelPalette(QWidget):
    labelChosen = Signal(str, bool)  # label name, exact (no token snapping)

    def __init__(self, parent=None):
        super().__init__(parent)
        self.flow = FlowLayout(self, spacing=2)
        self.flow.setContentsMargins(0, 2, 0, 4)
        self.actions_by_label: dict[str, QAction] = {}
        self._extra: list[QAction] = []

    def set_labels(self, labels: list[Label], shortcut_owner: QWidget) -> None:
        """Rebuild buttons and key actions for `labels`; shortcuts live on `shortcut_owner`."""
        for action in [*self.actions_by_label.values(), *self._extra]:
            shortcut_owner.removeAction(action)
            action.deleteLater()
        while (item := self.flow.takeAt(0)) is not None:
            item.widget().hide()  # gone from the screen now; deleted once the loop is idle
            item.widget().deleteLater()
        self.actions_by_label, self._extra = {}, []
        for label in labels:
            if label.kind == "relation":  # its key relabels a link: no button, no Alt+key
                self._relation_key(label, shortcut_owner)
                continue
            text = f"{label.key} {label.name}" if label.key else label.name
            action = QAction(chip(label.color), plain.action_text(text), self)
            if label.key:
                action.setShortcut(QKeySequence(label.key))
            action.setToolTip(plain.tip(
                f"{label.name} ({label.key or 'no key'}): {label.description}"))
            action.triggered.connect(
                lambda _=False, name=label.name: self.labelChosen.emit(name, False))
            shortcut_owner.addAction(action)
            button = QToolButton(self)
            button.setDefaultAction(action)
            button.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextBesideIcon)
            button.setAutoRaise(True)
            button.setObjectName(f"label:{label.name}")
            self.flow.addWidget(button)
            if label.key:  # Alt+key: the exact characters selected, no snapping
                exact = QAction(plain.action_text(f"{label.name} (exact)"), self)
                exact.setShortcut(QKeySequence(f"Alt+{label.key}"))
                exact.triggered.connect(
                    lambda _=False, name=label.name: self.labelChosen.emit(name, True))
                shortcut_owner.addAction(exact)
                self._extra.append(exact)
            self.actions_by_label[label.name] = action

    def _relation_key(self, label: Label, shortcut_owner: QWidget) -> None:
        if not label.key:
            return
        action = QAction(label.name, self)
        action.setShortcut(QKeySequence(label.key))
        action.triggered.connect(
            lambda _=False, name=label.name: self.labelChosen.emit(name, False))
        shortcut_owner.addAction(action)
        self._extra.append(action)

    def set_editable(self, editable: bool) -> None:
        """Enable or disable every label action: the buttons and their keys."""
        for action in [*self.actions_by_label.values(), *self._extra]:
            action.setEnabled(editable)
