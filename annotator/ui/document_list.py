"""The document list: a Qt model over document summaries (titles, never texts)."""

from __future__ import annotations

from PySide6.QtCore import QAbstractListModel, QModelIndex, Qt

from annotator.core.models import DocumentSummary


class DocumentListModel(QAbstractListModel):
    def __init__(self, summaries: list[DocumentSummary], parent=None):
        super().__init__(parent)
        self._rows = summaries

    def rowCount(self, parent=QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self._rows)

    def data(self, index: QModelIndex, role: int = Qt.ItemDataRole.DisplayRole):
        if not index.isValid():
            return None
        row = self._rows[index.row()]
        if role == Qt.ItemDataRole.DisplayRole:
            return row.title or row.uid
        if role == Qt.ItemDataRole.ToolTipRole:
            return f"{row.uid} · {row.length:,} characters"
        if role == Qt.ItemDataRole.UserRole:
            return row.id
        return None

    def row_of(self, doc_id: int) -> int | None:
        return next((i for i, r in enumerate(self._rows) if r.id == doc_id), None)

    def reset(self, summaries: list[DocumentSummary]) -> None:
        self.beginResetModel()
        self._rows = summaries
        self.endResetModel()
