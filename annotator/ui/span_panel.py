"""The span panel: the current document's spans in reading order, each with its relations.

Clicking a span selects it in the view; a relation row can be selected, then deleted (Del) or
relabelled (its label's key, or the context menu: Relabel ▸, Delete Link). All text
comes from the document, so every cell is plain text (item views never render rich text).

A flat table model over the span list, not a widget item per span (nor a tree, whose view
visits every row on a reset): after an edit on a document with thousands of spans, resetting
the model costs next to nothing, and Qt asks only for the rows shown. A span's relations are
the indented rows under it, after the values of its attributes ("quote: direct"):
double-click (or Return on) a value's row, or right-click a span, to set its values; then its
note (✎ open, ✓ resolved). The document's own notes come first.
"""

from __future__ import annotations

from PySide6.QtCore import (QAbstractTableModel, QModelIndex, QPersistentModelIndex, QPoint,
                            Qt, Signal)
from PySide6.QtGui import QIcon
from PySide6.QtWidgets import QAbstractItemView, QHeaderView, QTableView

from typing import NamedTuple

from annotator.core.models import Note, Relation, Span
from annotator.core.wording import shorten
from annotator.ui import plain
from annotator.ui.label_palette import chip
from annotator.ui.notes import note_line

SPAN, RELATION, ATTRIBUTE, NOTE = 1, 2, 3, 4


class AttributeRow(NamedTuple):
    """A row under a span: one of its attributes and the value it has (None: not given)."""

    span: Span
    name: str
    value: str | None
_COLUMNS = ["Label", "Span", "Annotator"]
_ROLES = {Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.DecorationRole,
          Qt.ItemDataRole.ToolTipRole, Qt.ItemDataRole.UserRole}


class SpanModel(QAbstractTableModel):
    """One row per span in reading order, each followed by a row per relation it has."""

    def __init__(self, parent=None):
        super().__init__(parent)
        self.text = ""
        self.rows: list = []  # a Span; under it AttributeRows, (arrow, Relation, other Span), a Note
        self.note_rows: list[int] = []
        self.row_of: dict[int, int] = {}
        self.colors: dict[str, str] = {}
        self._icons: dict[str, QIcon] = {}

    def set_content(self, text: str, spans: list[Span], relations: list[Relation],
                    colors: dict[str, str], notes: list[Note] = (),
                    attributes: dict[int, list[tuple[str, str | None]]] | None = None) -> None:
        """`spans` in reading order (start, longer first, id), as Store.spans gives them;
        `attributes`: span id -> its (attribute, value) pairs, shown under it."""
        attributes = attributes or {}
        links: dict[int, list] = {}
        by_id = {s.id: s for s in spans}
        for relation in relations:
            head, child = by_id.get(relation.head_span_id), by_id.get(relation.child_span_id)
            if head is not None and child is not None:
                links.setdefault(child.id, []).append(("←", relation, head))
                links.setdefault(head.id, []).append(("→", relation, child))
        for note in notes:
            if note.span_id is not None:
                links.setdefault(note.span_id, []).append(note)
        rows = spans
        if links or attributes or notes:
            rows = [note for note in notes if note.span_id is None]
            for span in spans:
                rows.append(span)
                rows += (AttributeRow(span, name, value)
                         for name, value in attributes.get(span.id, ()))
                rows += links.get(span.id, ())
        same = text is self.text and colors == self.colors
        old, self.text, self.colors = self.rows, text, colors
        if not (same and self._change_one_row(old, rows)):
            self.beginResetModel()
            self.rows = rows
            self.endResetModel()
        self.row_of = {entry.id: row for row, entry in enumerate(self.rows)
                       if type(entry) is Span}
        self.note_rows = [row for row, entry in enumerate(self.rows) if type(entry) is Note] \
            if notes else []

    def _change_one_row(self, old: list, new: list) -> bool:
        """After a typical edit one row was added, removed or changed: tell the view just
        that (it repaints a row, not the panel). False when it was more than one row."""
        prefix = next((i for i, (a, b) in enumerate(zip(old, new)) if a != b),
                      min(len(old), len(new)))
        suffix = next((i for i, (a, b) in enumerate(zip(reversed(old), reversed(new)))
                       if a != b or i >= min(len(old), len(new)) - prefix),
                      min(len(old), len(new)) - prefix)
        if len(new) == len(old) + 1 and prefix + suffix == len(old):
            self.beginInsertRows(QModelIndex(), prefix, prefix)
            self.rows = new
            self.endInsertRows()
        elif len(new) == len(old) - 1 and prefix + suffix == len(new):
            self.beginRemoveRows(QModelIndex(), prefix, prefix)
            self.rows = new
            self.endRemoveRows()
        elif len(new) == len(old) and prefix + suffix >= len(old) - 1:
            self.rows = new
            if prefix < len(new):
                self.dataChanged.emit(self.index(prefix, 0),
                                      self.index(prefix, len(_COLUMNS) - 1))
        else:
            return False
        return True

    def rowCount(self, parent=QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self.rows)

    def columnCount(self, parent=QModelIndex()) -> int:
        return 0 if parent.isValid() else len(_COLUMNS)

    def headerData(self, section, orientation, role=Qt.ItemDataRole.DisplayRole):
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return _COLUMNS[section]
        return None

    def data(self, index: QModelIndex, role=Qt.ItemDataRole.DisplayRole):
        if role not in _ROLES or not index.isValid():  # Qt asks for a dozen roles per cell
            return None
        entry, column = self.rows[index.row()], index.column()
        if type(entry) is Span:
            if role == Qt.ItemDataRole.DisplayRole:
                return (entry.label, shorten(self.text[entry.start:entry.end]),
                        entry.annotator)[column]
            if role == Qt.ItemDataRole.DecorationRole and column == 0:
                return self._icon(self.colors.get(entry.label, "#dddddd"))
            if role == Qt.ItemDataRole.ToolTipRole and column == 1:
                return plain.tip(f"{self.text[entry.start:entry.end]}\n[{entry.start}, {entry.end})")
            if role == Qt.ItemDataRole.UserRole:
                return (SPAN, entry.id)
            return None
        if type(entry) is AttributeRow:
            if role == Qt.ItemDataRole.DisplayRole:
                return (f"    {entry.name}:", "—" if entry.value is None else entry.value,
                        "")[column]
            if role == Qt.ItemDataRole.UserRole:
                return (ATTRIBUTE, entry.span.id, entry.name)
            return None
        if type(entry) is Note:  # one cell across the row (SpanPanel spans it)
            if role == Qt.ItemDataRole.DisplayRole:
                where = "    " if entry.span_id is not None else "Document: "
                return f"{where}{note_line(entry)}" if column == 0 else ""
            if role == Qt.ItemDataRole.ToolTipRole:
                return plain.tip(f"{entry.text}\n({entry.status})")
            if role == Qt.ItemDataRole.UserRole:  # a span's note stands for its span
                return (SPAN, entry.span_id) if entry.span_id is not None else (NOTE, entry.id)
            return None
        arrow, relation, other = entry
        if role == Qt.ItemDataRole.DisplayRole:
            return (f"    {arrow} {relation.label}",
                    f"{other.label} “{shorten(self.text[other.start:other.end], 40)}”",
                    relation.annotator)[column]
        if role == Qt.ItemDataRole.UserRole:
            return (RELATION, relation.id)
        return None

    def _icon(self, color: str) -> QIcon:
        if color not in self._icons:
            self._icons[color] = chip(color)
        return self._icons[color]


class SpanPanel(QTableView):
    spanChosen = Signal(int)
    relationChosen = Signal(int)
    relationMenuRequested = Signal(int, QPoint)  # a link's id, where (global) to show the menu
    attributeMenuRequested = Signal(int, str, QPoint)  # span id, attribute ('': all), where

    def __init__(self, parent=None):
        super().__init__(parent)
        self.span_model = SpanModel(self)
        self.setModel(self.span_model)
        self.setShowGrid(False)
        self.setWordWrap(False)
        self.verticalHeader().hide()
        self.verticalHeader().setDefaultSectionSize(self.fontMetrics().height() + 6)
        self.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        header = self.horizontalHeader()
        header.setHighlightSections(False)
        header.setStretchLastSection(False)
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Interactive)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(2, QHeaderView.ResizeMode.Interactive)
        header.resizeSection(0, 118)
        header.resizeSection(2, 64)
        self.clicked.connect(self._chosen)
        self.activated.connect(self._chosen)
        self.activated.connect(self._activated)
        self.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        self.customContextMenuRequested.connect(self._context_menu)

    def set_content(self, text: str, spans: list[Span], relations: list[Relation],
                    colors: dict[str, str], notes: list[Note] = (),
                    attributes: dict[int, list[tuple[str, str | None]]] | None = None) -> None:
        had = self.span_model.note_rows
        self.span_model.set_content(text, spans, relations, colors, notes, attributes)
        if had or notes:  # a note reads across the row, not cut at the Label column
            self.clearSpans()
            for row in self.span_model.note_rows:
                self.setSpan(row, 0, 1, len(_COLUMNS))

    def show_selected(self, span_id: int | None, relation_id: int | None = None) -> None:
        """Select the row of span `span_id`, or else of link `relation_id` (its first row)."""
        row = self.span_model.row_of.get(span_id) if span_id is not None else None
        if row is None and relation_id is not None:
            row = next((i for i, entry in enumerate(self.span_model.rows)
                        if type(entry) is tuple and entry[1].id == relation_id), None)
        self.blockSignals(True)
        if row is None:
            self.clearSelection()
        else:
            index = self.span_model.index(row, 0)
            self.setCurrentIndex(index)
            self.scrollTo(index)
        self.blockSignals(False)

    def _chosen(self, index: QModelIndex | QPersistentModelIndex) -> None:
        kind, ident, *_ = index.siblingAtColumn(0).data(Qt.ItemDataRole.UserRole)
        if kind != NOTE:  # (a document's note selects nothing in the text)
            (self.relationChosen if kind == RELATION else self.spanChosen).emit(ident)

    def _activated(self, index: QModelIndex | QPersistentModelIndex) -> None:
        """Double-click or Return: on an attribute row, offer its values."""
        kind, ident, *name = index.siblingAtColumn(0).data(Qt.ItemDataRole.UserRole)
        if kind == ATTRIBUTE:
            rect = self.visualRect(index.siblingAtColumn(1))
            self.attributeMenuRequested.emit(ident, name[0],
                                             self.viewport().mapToGlobal(rect.bottomLeft()))

    def _context_menu(self, pos: QPoint) -> None:
        index = self.indexAt(pos)
        if not index.isValid():
            return
        kind, ident, *name = index.siblingAtColumn(0).data(Qt.ItemDataRole.UserRole)
        if kind in (SPAN, ATTRIBUTE):
            self.attributeMenuRequested.emit(ident, name[0] if name else "",
                                             self.viewport().mapToGlobal(pos))
        if kind == RELATION:
            self.setCurrentIndex(index)
            self.relationMenuRequested.emit(ident, self.viewport().mapToGlobal(pos))
