"""The span panel: the current document's spans in reading order, each with its relations.

Clicking a span selects it in the view; a relation row can be selected and deleted. All text
comes from the document, so every cell is plain text (QTreeWidget never renders rich text).
"""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QAbstractItemView, QHeaderView, QTreeWidget, QTreeWidgetItem

from annotator.core.models import Relation, Span
from annotator.ui.label_palette import chip

_SPAN, _RELATION = 1, 2


def _short(text: str, limit: int = 60) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1] + "…"


class SpanPanel(QTreeWidget):
    spanChosen = Signal(int)
    relationChosen = Signal(int)

    def __init__(self, parent=None):
        super().__init__(parent)
        self.setHeaderLabels(["Label", "Span", "Annotator"])
        self.setRootIsDecorated(True)
        self.setUniformRowHeights(True)
        self.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        header = self.header()
        header.setStretchLastSection(False)
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Interactive)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(2, QHeaderView.ResizeMode.Interactive)
        header.resizeSection(0, 118)
        header.resizeSection(2, 64)
        self.itemClicked.connect(self._chosen)
        self.itemActivated.connect(self._chosen)
        self._items: dict[int, QTreeWidgetItem] = {}

    def set_content(self, text: str, spans: list[Span], relations: list[Relation],
                    colors: dict[str, str]) -> None:
        self.clear()
        self._items = {}
        by_id = {s.id: s for s in spans}
        for span in sorted(spans, key=lambda s: (s.start, -s.end, s.id)):
            item = QTreeWidgetItem([span.label, _short(text[span.start:span.end]),
                                    span.annotator])
            item.setData(0, Qt.ItemDataRole.UserRole, (_SPAN, span.id))
            item.setIcon(0, chip(colors.get(span.label, "#dddddd")))
            item.setToolTip(1, f"{text[span.start:span.end]}\n[{span.start}, {span.end})")
            self.addTopLevelItem(item)
            self._items[span.id] = item
        for relation in relations:
            head, child = by_id.get(relation.head_span_id), by_id.get(relation.child_span_id)
            if head is None or child is None:
                continue
            for span, other, arrow in ((child, head, "←"), (head, child, "→")):
                row = QTreeWidgetItem([
                    f"{arrow} {relation.label}",
                    f"{other.label} “{_short(text[other.start:other.end], 40)}”",
                    relation.annotator])
                row.setData(0, Qt.ItemDataRole.UserRole, (_RELATION, relation.id))
                self._items[span.id].addChild(row)
        self.expandAll()

    def show_selected(self, span_id: int | None) -> None:
        item = self._items.get(span_id) if span_id is not None else None
        self.blockSignals(True)
        self.setCurrentItem(item) if item else self.clearSelection()
        self.blockSignals(False)
        if item:
            self.scrollToItem(item)

    def _chosen(self, item: QTreeWidgetItem) -> None:
        kind, ident = item.data(0, Qt.ItemDataRole.UserRole)
        (self.spanChosen if kind == _SPAN else self.relationChosen).emit(ident)
