"""The label scheme editor: add, rename, recolour, reorder, change keys and descriptions, and
which span labels a relation label joins (its heads and children, names separated by commas;
empty: any).

Renames carry their spans along; removing a label that is in use says how many spans and
relations use it and asks first. The store applies the whole edit in one transaction.
"""

from __future__ import annotations

from dataclasses import replace

from PySide6.QtCore import Qt
from PySide6.QtGui import QColor
from PySide6.QtWidgets import (
    QColorDialog, QComboBox, QDialog, QDialogButtonBox, QHBoxLayout, QPushButton,
    QTableWidget, QTableWidgetItem, QVBoxLayout,
)

from annotator.core.errors import AnnotatorError, InvalidInput
from annotator.core.labels import attributes, spare_color
from annotator.core.models import LABEL_KINDS, Attribute, Label
from annotator.core.store import Store
from annotator.ui import plain
from annotator.ui.label_palette import chip
from annotator.ui.window_size import fit_on_screen

NAME, KEY, COLOR, KIND, HEADS, CHILDREN, ATTRIBUTES, DESCRIPTION = range(8)
_HEADERS = ["Name", "Key", "Colour", "Kind", "Heads", "Children", "Attributes",
            "Description"]


def _names(cell: QTableWidgetItem) -> tuple[str, ...]:
    return tuple(n.strip() for n in cell.text().split(",") if n.strip())


def attributes_text(attrs: tuple[Attribute, ...]) -> str:
    """"quote: direct, indirect, mixed; tone: calm, angry", as the Attributes cell shows."""
    return "; ".join(f"{a.name}: {', '.join(a.values)}" for a in attrs)


def _attributes(cell: QTableWidgetItem, where: str) -> tuple[Attribute, ...]:
    """The cell's attributes: as they were if the text is unchanged (a value may hold a
    comma), else read from the text."""
    kept = cell.data(Qt.ItemDataRole.UserRole)
    if kept is not None and cell.text() == attributes_text(kept):
        return kept
    out = {}
    for part in filter(str.strip, cell.text().split(";")):
        name, colon, values = part.partition(":")
        if not colon:
            raise InvalidInput(f"{where}: write an attribute as name: value, value "
                               f"(not {part.strip()!r})")
        out[name.strip()] = [v.strip() for v in values.split(",") if v.strip()]
    return attributes(out, f"{where}: attributes")


class SchemeEditor(QDialog):
    def __init__(self, labels: list[Label], usage: dict[str, int], parent=None):
        super().__init__(parent)
        self.setWindowTitle("Label scheme")
        self.resize(900, 420)
        self.usage = usage
        self.table = QTableWidget(0, len(_HEADERS))
        self.table.setHorizontalHeaderLabels(_HEADERS)
        for column, tip in ((HEADS, "A relation's head labels, e.g. SPEAKER, PERSON, ORG "
                                    "(empty: any span)"),
                            (CHILDREN, "A relation's child labels, e.g. CLAIM (empty: any "
                                       "span)")):
            self.table.horizontalHeaderItem(column).setToolTip(tip)
        self.table.horizontalHeader().setStretchLastSection(True)
        self.table.cellDoubleClicked.connect(self._cell_double_clicked)
        for label in labels:
            self._add_row(label, original=label.name)
        buttons = QHBoxLayout()
        for text, slot in (("Add", self.add_label), ("Remove", self.remove_label),
                           ("Move Up", lambda: self.move(-1)), ("Move Down", lambda: self.move(1))):
            button = QPushButton(text)
            button.clicked.connect(slot)
            buttons.addWidget(button)
        buttons.addStretch(1)
        box = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok
                               | QDialogButtonBox.StandardButton.Cancel)
        box.accepted.connect(self.accept)
        box.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.table)
        layout.addLayout(buttons)
        layout.addWidget(box)
        self.removed: list[str] = []

    def showEvent(self, event) -> None:
        super().showEvent(event)
        fit_on_screen(self)  # 900 pixels is wider than a small screen: OK and Cancel stay on it

    def _add_row(self, label: Label, original: str | None) -> None:
        row = self.table.rowCount()
        self.table.insertRow(row)
        name = QTableWidgetItem(label.name)
        name.setData(Qt.ItemDataRole.UserRole, original)
        self.table.setItem(row, NAME, name)
        self.table.setItem(row, KEY, QTableWidgetItem(label.key or ""))
        color = QTableWidgetItem(label.color)
        color.setIcon(chip(label.color))
        color.setFlags(color.flags() & ~Qt.ItemFlag.ItemIsEditable)
        color.setToolTip("Double-click to choose a colour")
        self.table.setItem(row, COLOR, color)
        kind = QComboBox()
        kind.addItems(LABEL_KINDS)
        kind.setCurrentText(label.kind)
        self.table.setCellWidget(row, KIND, kind)
        self.table.setItem(row, HEADS, QTableWidgetItem(", ".join(label.heads)))
        self.table.setItem(row, CHILDREN, QTableWidgetItem(", ".join(label.children)))
        self.table.setItem(row, DESCRIPTION, QTableWidgetItem(label.description))
        attrs = QTableWidgetItem(attributes_text(label.attributes))
        attrs.setData(Qt.ItemDataRole.UserRole, label.attributes)
        attrs.setToolTip("A span label's attributes and their values, e.g. "
                         "quote: direct, indirect, mixed; tone: calm, angry")
        self.table.setItem(row, ATTRIBUTES, attrs)

    def add_label(self) -> None:
        self._add_row(Label(f"LABEL{self.table.rowCount() + 1}",
                            spare_color(self.table.rowCount())), original=None)
        row = self.table.rowCount() - 1
        # The new row becomes the current one, so that Tab moves along it (not along the row
        # that was current before), and its name is edited at once.
        self.table.setCurrentCell(row, NAME)
        self.table.editItem(self.table.item(row, NAME))

    def remove_label(self) -> None:
        row = self.table.currentRow()
        if row < 0:
            return
        original = self.table.item(row, NAME).data(Qt.ItemDataRole.UserRole)
        if original:
            self.removed.append(original)
        self.table.removeRow(row)

    def move(self, delta: int) -> None:
        row = self.table.currentRow()
        target = row + delta
        if row < 0 or not 0 <= target < self.table.rowCount():
            return
        labels = self.labels()
        originals = [self.table.item(r, NAME).data(Qt.ItemDataRole.UserRole)
                     for r in range(self.table.rowCount())]
        for items in (labels, originals):
            items[row], items[target] = items[target], items[row]
        self.table.setRowCount(0)
        for label, original in zip(labels, originals):
            self._add_row(label, original)
        self.table.setCurrentCell(target, NAME)

    def _cell_double_clicked(self, row: int, column: int) -> None:
        if column != COLOR:
            return
        item = self.table.item(row, COLOR)
        color = QColorDialog.getColor(QColor(item.text()), self, "Label colour")
        if color.isValid():
            item.setText(color.name())
            item.setIcon(chip(color.name()))

    def labels(self) -> list[Label]:
        """The scheme as the table shows it; heads and children typed in another case
        ("speaker") name the span label written so (SPEAKER)."""
        labels = self._rows()
        spelled = {lb.name.casefold(): lb.name for lb in labels if lb.kind == "span"}

        def names(side: tuple[str, ...]) -> tuple[str, ...]:
            return tuple(spelled.get(name.casefold(), name) for name in side)

        return [replace(lb, heads=names(lb.heads), children=names(lb.children))
                for lb in labels]

    def _rows(self) -> list[Label]:
        out = []
        for row in range(self.table.rowCount()):
            key = self.table.item(row, KEY).text().strip() or None
            kind = self.table.cellWidget(row, KIND).currentText()
            name = self.table.item(row, NAME).text().strip()
            out.append(Label(name, self.table.item(row, COLOR).text(), key,
                             self.table.item(row, DESCRIPTION).text().strip(), kind,
                             _names(self.table.item(row, HEADS)),
                             _names(self.table.item(row, CHILDREN)),
                             _attributes(self.table.item(row, ATTRIBUTES), f"label {name}")))
        return out

    def renames(self) -> dict[str, str]:
        out = {}
        for row in range(self.table.rowCount()):
            original = self.table.item(row, NAME).data(Qt.ItemDataRole.UserRole)
            if original:
                out[original] = self.table.item(row, NAME).text().strip()
        return out


def edit_scheme(parent, store: Store) -> bool:
    """Show the editor; apply the edit if the user confirms. True if the scheme changed."""
    dialog = SchemeEditor(store.labels(), store.label_usage(), parent)
    while dialog.exec() == QDialog.DialogCode.Accepted:
        in_use = [(name, dialog.usage[name]) for name in dialog.removed
                  if dialog.usage.get(name)]
        if in_use:
            listed = "\n".join(f"• {name}: {n} spans or relations" for name, n in in_use)
            if not plain.confirm(
                    parent, "Delete labels in use?",
                    f"These labels are in use; their spans will be deleted too:\n{listed}"):
                continue
        try:
            store.set_labels(dialog.labels(), dialog.renames(), delete_used=bool(in_use))
        except AnnotatorError as e:
            plain.warn(parent, "Scheme not changed", str(e))
            continue
        return True
    return False
