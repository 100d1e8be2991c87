"""The label palette: one button per span label with its colour chip, key and name.

Each button triggers the same QAction as the label's key, so a click and a key press are one
mechanism; Alt+key labels the exact characters selected, without snapping to tokens. It is a
tool bar, so on a narrow window the labels that do not fit move behind its » button.
Label names are data: they are shown as plain text only.
"""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QAction, QColor, QIcon, QKeySequence, QPixmap
from PySide6.QtWidgets import QLabel, QToolBar, QWidget

from annotator.core.models import Label
from annotator.ui import plain


def chip(color: str, size: int = 14) -> QIcon:
    pixmap = QPixmap(size, size)
    pixmap.fill(QColor(color))
    return QIcon(pixmap)


class LabelPalette(QToolBar):
    labelChosen = Signal(str, bool)  # label name, exact (no token snapping)

    def __init__(self, parent=None):
        super().__init__(parent)
        self.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextBesideIcon)
        self.setMovable(False)
        self.actions_by_label: dict[str, QAction] = {}
        self._extra: list[QAction] = []

    def set_labels(self, labels: list[Label], shortcut_owner: QWidget) -> None:
        """Rebuild buttons and key actions for `labels`; shortcuts live on `shortcut_owner`."""
        for action in [*self.actions_by_label.values(), *self._extra]:
            shortcut_owner.removeAction(action)
            action.deleteLater()
        self.clear()
        self.actions_by_label, self._extra = {}, []
        caption = QLabel("Labels: ")
        caption.setTextFormat(Qt.TextFormat.PlainText)
        self.addWidget(caption)
        for label in labels:
            text = f"{label.key} {label.name}" if label.key else label.name
            action = QAction(chip(label.color), plain.action_text(text), self)
            if label.key:
                action.setShortcut(QKeySequence(label.key))
            action.setToolTip(plain.tip(
                f"{label.name} ({label.key or 'no key'}): {label.description}"))
            action.triggered.connect(
                lambda _=False, name=label.name: self.labelChosen.emit(name, False))
            shortcut_owner.addAction(action)
            self.addAction(action)
            self.widgetForAction(action).setObjectName(f"label:{label.name}")
            if label.key:  # Alt+key: the exact characters selected, no snapping
                exact = QAction(plain.action_text(f"{label.name} (exact)"), self)
                exact.setShortcut(QKeySequence(f"Alt+{label.key}"))
                exact.triggered.connect(
                    lambda _=False, name=label.name: self.labelChosen.emit(name, True))
                shortcut_owner.addAction(exact)
                self._extra.append(exact)
            self.actions_by_label[label.name] = action

    def set_editable(self, editable: bool) -> None:
        """Enable or disable every label action: the buttons and their keys."""
        for action in [*self.actions_by_label.values(), *self._extra]:
            action.setEnabled(editable)
