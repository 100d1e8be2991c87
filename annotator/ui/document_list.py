"""The document list: a lazy Qt model over the store, with a status filter and a search box.

The model holds only the ids of the documents that match (100,000 ints is nothing); rows are read
from the store a page at a time when the view asks for them, and never the texts.
"""

from __future__ import annotations

import threading

from PySide6.QtCore import QAbstractTableModel, QModelIndex, Qt, QTimer, Signal
from PySide6.QtGui import QColor
from PySide6.QtWidgets import (
    QAbstractItemView, QCheckBox, QComboBox, QHBoxLayout, QHeaderView, QLabel, QLineEdit,
    QTableView, QVBoxLayout, QWidget,
)

from annotator.core import listing
from annotator.core.errors import AnnotatorError
from annotator.core.models import OPEN_NOTES, STATUSES, DocumentRow
from annotator.core.store import Store
from annotator.ui import plain

PAGE = 200
TITLE_MIN = 140  # px: "Burned once by Tr…", a title one can tell from the others
TITLE_WIDE = 200  # px: the title's width the list asks room for when news columns appear
_STATUS_TEXT = {"todo": "todo", "in_progress": "in progress", "done": "done ✓",
                "skipped": "skipped"}


class DocumentListModel(QAbstractTableModel):
    HEADERS = ("Title", "Status", "Spans", "Outlet", "Date")
    OUTLET, DATE = 3, 4  # shown when some document has them (news)
    SORTS = {0: "title", 1: "status", 3: "outlet", 4: "date"}  # column -> listing order

    def __init__(self, store, annotator: str, parent=None):
        super().__init__(parent)
        self.store = store
        self.annotator = annotator
        self.status: str | None = None
        self.search = ""
        self.hide_duplicates = False
        self.order: str | None = None  # None: project order
        self.descending = False
        self.shown = {"outlet": False, "date": False, "duplicate": False}
        self._shown_for = None  # (store, document count) `shown` was read for
        self._ids: list[int] = []
        self._pages: dict[int, list[DocumentRow]] = {}
        self.reload()

    def query(self) -> dict:
        """store.document_ids' arguments for what the list is asked to show."""
        search, meta = listing.split_search(self.search)
        return {"annotator": self.annotator, "status": self.status, "search": search or None,
                "meta": meta, "hide_duplicates": self.hide_duplicates, "order": self.order,
                "descending": self.descending}

    def reload(self) -> None:
        self.beginResetModel()
        self._ids = self.store.document_ids(**self.query())
        self._pages = {}
        self._read_shown()
        self.endResetModel()

    def _read_shown(self) -> None:
        """Which news columns the project's documents fill (read again when documents were
        added or another project opened)."""
        key = (self.store, self.store.document_count()) if not self.store.closed else None
        if key is not None and key != self._shown_for:
            self.shown, self._shown_for = self.store.meta_shown(), key

    def set_ids(self, ids: list[int]) -> None:
        """Show these documents (a search's result, found off the UI thread)."""
        self.beginResetModel()
        self._ids, self._pages = ids, {}
        self.endResetModel()

    def detach(self) -> None:
        """Forget the store (it is about to close): the list shows nothing."""
        self.beginResetModel()
        self._ids, self._pages = [], {}
        self.endResetModel()

    def refresh_row(self, doc_id: int) -> None:
        """Re-read one document's line (after an edit changed its status or span count)."""
        row = self.row_of(doc_id)
        if row is None:
            return
        self._pages.pop(row // PAGE, None)
        self.dataChanged.emit(self.index(row, 0), self.index(row, len(self.HEADERS) - 1))

    def _row(self, row: int) -> DocumentRow | None:
        page = row // PAGE
        if page not in self._pages:
            ids = self._ids[page * PAGE:(page + 1) * PAGE]
            self._pages[page] = self.store.document_rows(ids, self.annotator)
        rows = self._pages[page]
        return rows[row % PAGE] if row % PAGE < len(rows) else None

    def rowCount(self, parent=QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self._ids)

    def columnCount(self, parent=QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self.HEADERS)

    def headerData(self, section, orientation, role=Qt.ItemDataRole.DisplayRole):
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return self.HEADERS[section]
        return None

    def data(self, index: QModelIndex, role: int = Qt.ItemDataRole.DisplayRole):
        if not index.isValid():
            return None
        if role == Qt.ItemDataRole.UserRole:
            return self._ids[index.row()]
        if role not in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole,
                        Qt.ItemDataRole.ForegroundRole):
            return None
        row = self._row(index.row())
        if row is None:
            return None
        if role == Qt.ItemDataRole.ForegroundRole:  # a copy of another story: greyed
            return QColor("#888888") if row.duplicate_of is not None else None
        if role == Qt.ItemDataRole.ToolTipRole:
            copy = ("" if row.duplicate_of is None else
                    f"\nDuplicate of {row.duplicate_of}{self._title_of(row.duplicate_of)}")
            return plain.tip(f"{row.title or row.uid}\n{row.uid}{copy}")
        return (row.title or row.uid, _STATUS_TEXT[row.status], row.spans,
                _cell(row.outlet), _cell(row.date))[index.column()]

    def _title_of(self, uid: str) -> str:
        """': “its title”' for the document with this id (a copy's tooltip names the
        story it copies as the list shows it), or nothing."""
        doc_id = self.store.find_document(uid, "")
        title = self.store.document(doc_id).title if doc_id is not None else None
        return f": “{title}”" if title else ""

    def row_of(self, doc_id: int) -> int | None:
        try:
            return self._ids.index(doc_id)
        except ValueError:
            return None

    def id_at(self, row: int) -> int | None:
        return self._ids[row] if 0 <= row < len(self._ids) else None


def _cell(value) -> str:
    return "" if value is None else " ".join(str(value).split())


class _Table(QTableView):
    """The list's table; knows whether the current row is being moved by its own keys."""

    keyed = False
    resized = Signal()

    def resizeEvent(self, event) -> None:
        super().resizeEvent(event)
        self.resized.emit()

    def keyPressEvent(self, event) -> None:
        self.keyed = True
        try:
            super().keyPressEvent(event)
        finally:
            self.keyed = False


class DocumentListPanel(QWidget):
    """Filter, search and the list; emits the id of the document the user picks."""

    documentChosen = Signal(int)
    wants_width = Signal(int)  # news columns appeared: the list's width to show them all
    filtered = Signal()  # the list now shows another selection of documents
    _searched = Signal(int, object, str, object)  # generation, ids (None: failed), error, current

    def __init__(self, model: DocumentListModel, parent=None):
        super().__init__(parent)
        self.model = model
        self.status_filter = QComboBox()
        self.status_filter.addItem("All documents", None)
        for status in STATUSES:
            self.status_filter.addItem(_STATUS_TEXT[status].capitalize(), status)
        self.status_filter.addItem("With open notes", OPEN_NOTES)  # anyone's
        self.search = QLineEdit()
        self.search.setPlaceholderText("Search titles and text… (or outlet=Reuters)")
        self.duplicates = QCheckBox("Hide duplicates")
        self.duplicates.setToolTip("Hide the documents marked as copies of another story")
        self.search.setClearButtonEnabled(True)
        self.table = _Table()
        self.table.setModel(model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.verticalHeader().hide()
        self.table.verticalHeader().setDefaultSectionSize(24)
        self.table.setShowGrid(False)
        self.table.setWordWrap(False)
        self.table.setTextElideMode(Qt.TextElideMode.ElideRight)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(2, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(model.OUTLET, QHeaderView.ResizeMode.Interactive)
        header.resizeSection(model.OUTLET, 96)  # a long outlet name is elided, not the title
        header.setSectionResizeMode(model.DATE, QHeaderView.ResizeMode.ResizeToContents)
        # A header click sorts (again: the other way); project order until then.
        header.setSectionsClickable(True)
        header.setSortIndicatorShown(True)
        header.setSortIndicator(-1, Qt.SortOrder.AscendingOrder)
        header.sortIndicatorChanged.connect(self._sort)
        # Size those two columns from the first 50 rows, not Qt's default 1,000: each row
        # sized is ~8 data() calls into Python, and the sizing runs several times while the
        # window opens (≈ 0.5 s of the first show).
        header.setResizeContentsPrecision(50)
        # The search box on a line of its own (beside the status filter, a narrow list left
        # it a few characters: 'outlet=reuters' read 'ters'), the filter on the next.
        filters = QHBoxLayout()
        filters.addWidget(self.status_filter)
        filters.addStretch(1)
        self.found = QLabel()  # "Searching…", then how many documents match
        self.found.setTextFormat(Qt.TextFormat.PlainText)
        self.found.hide()
        self._generation, self._asked = 0, None
        self._quiet = False  # True while the list moves to a row that is already open
        self._searched.connect(self._search_done)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 0, 4)
        layout.addWidget(self.search)
        layout.addLayout(filters)
        layout.addWidget(self.duplicates, 0, Qt.AlignmentFlag.AlignLeft)  # a line of its own
        layout.addWidget(self.found)
        layout.addWidget(self.table, 1)
        self._debounce = QTimer(self, singleShot=True, interval=200)
        self._debounce.timeout.connect(self._apply_filter)
        self.search.textChanged.connect(self._debounce.start)
        self.search.returnPressed.connect(self._open_found)
        self._open_first = False  # Return was pressed: open what the search finds
        self.status_filter.currentIndexChanged.connect(self._apply_filter)
        self.duplicates.toggled.connect(self._apply_filter)
        self.table.selectionModel().currentRowChanged.connect(self._row_changed)
        model.modelReset.connect(self._show_news_columns)
        self.table.resized.connect(self._keep_title_readable)
        self._show_news_columns()

    def _show_news_columns(self) -> None:
        """Outlet and date columns, and the duplicates switch, only where there is news."""
        shown = self.model.shown
        hidden = [self.table.isColumnHidden(c) for c in (self.model.OUTLET, self.model.DATE)]
        self.table.setColumnHidden(self.model.OUTLET, not shown["outlet"])
        self.table.setColumnHidden(self.model.DATE, not shown["date"])
        self.duplicates.setVisible(shown["duplicate"] or self.duplicates.isChecked())
        if (shown["outlet"] and hidden[0]) or (shown["date"] and hidden[1]):
            self.wants_width.emit(self.news_width())
        self._keep_title_readable()

    def news_width(self) -> int:
        """The list's width for its shown columns, the title at TITLE_WIDE."""
        header = self.table.horizontalHeader()
        for column in range(1, header.count()):
            if header.sectionResizeMode(column) == QHeaderView.ResizeMode.ResizeToContents:
                self.table.resizeColumnToContents(column)
        others = sum(header.sectionSize(c) for c in range(1, header.count())
                     if not header.isSectionHidden(c))
        frame = self.width() - self.table.viewport().width()  # margins, frame, scroll bar
        return TITLE_WIDE + others + max(frame, 0) + self.table.verticalScrollBar().sizeHint(
            ).width()

    def _keep_title_readable(self) -> None:
        """The title takes the room the other columns leave, but never less than TITLE_MIN:
        in a narrow list (news columns shown) the table scrolls sideways instead."""
        header = self.table.horizontalHeader()
        others = sum(header.sectionSize(c) for c in range(1, header.count())
                     if not header.isSectionHidden(c))
        narrow = self.table.viewport().width() - others < TITLE_MIN
        mode = header.sectionResizeMode(0)
        if narrow and mode != QHeaderView.ResizeMode.Interactive:
            header.setSectionResizeMode(0, QHeaderView.ResizeMode.Interactive)
            header.resizeSection(0, TITLE_MIN)
        elif not narrow and mode != QHeaderView.ResizeMode.Stretch:
            header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)

    def _sort(self, column: int, order: Qt.SortOrder) -> None:
        self.model.order = self.model.SORTS.get(column)
        self.model.descending = order == Qt.SortOrder.DescendingOrder
        self._apply_filter()

    def reapply(self) -> None:
        """Filter again (a status changed), keeping the current document if it still shows."""
        self._apply_filter()

    def _apply_filter(self) -> None:
        current = self.current_id()
        self.model.status = self.status_filter.currentData()
        self.model.search = self.search.text()
        self.model.hide_duplicates = self.duplicates.isChecked()
        path = getattr(self.model.store, "path", None)
        self._generation += 1
        if self.model.query()["search"] and path is not None:
            # Searching the texts reads them all (a second or so for 100,000 articles): in a
            # thread, on its own read-only connection; the list keeps working meanwhile and
            # only the latest search's answer is shown.
            self.found.setText("Searching…")
            self.found.show()
            query = self.model.query()
            self._asked = (self._generation, self.model.store)
            threading.Thread(target=self._search, args=(self._generation, path, query, current),
                             daemon=True).start()
            return
        self.model.reload()
        self._show_found(current)

    def _search(self, generation: int, path, query: dict, current: int | None) -> None:
        try:
            with Store.open(path, read_only=True, checked=True) as store:
                ids = store.document_ids(**query)
        except AnnotatorError as e:
            self._searched.emit(generation, None, str(e), current)
            return
        self._searched.emit(generation, ids, "", current)

    def _search_done(self, generation: int, ids: list[int] | None, error: str,
                     current: int | None) -> None:
        if (generation, self.model.store) != self._asked or self.model.store.closed:
            return  # a newer search or filter was asked for since, or another project opened
        if ids is None:
            self.found.setText(f"Search failed: {error}")
            self._open_first = False
            return
        self.model.set_ids(ids)
        self._show_found(current)

    def _show_found(self, current: int | None) -> None:
        if current is not None:
            self.select(current, emit=False)
        self.found.setText(f"{self.model.rowCount():,} found")
        self.found.setVisible(bool(self.model.search))
        self.filtered.emit()
        if self._open_first:
            self._open_first = False
            doc_id = self.current_id()
            doc_id = doc_id if doc_id is not None else self.model.id_at(0)
            if doc_id is not None:
                self.select(doc_id, emit=False)
                self.documentChosen.emit(doc_id)  # opens it, the keyboard in the article

    def _open_found(self) -> None:
        """Return in the search box: open the document found (the open one if it is among
        them, else the first), once the search has answered."""
        self._open_first = True
        if self._debounce.isActive():
            self._debounce.stop()
            self._apply_filter()
        elif self.found.text() != "Searching…":
            self._show_found(None)

    def _row_changed(self, current, _previous) -> None:
        doc_id = self.model.id_at(current.row())
        if doc_id is not None and not self._quiet:
            self.documentChosen.emit(doc_id)

    def browsing(self) -> bool:
        """True while the person moves through the list with its arrow keys (the keyboard
        stays in the list then)."""
        return self.table.keyed

    def current_id(self) -> int | None:
        return self.model.id_at(self.table.currentIndex().row())

    def select(self, doc_id: int, emit: bool = True) -> bool:
        row = self.model.row_of(doc_id)
        if row is None:
            return False
        # Not by blocking the selection model's signals: the table repaints the row it
        # leaves on them, and a row left unrepainted stays highlighted on screen.
        self._quiet, quiet = not emit, self._quiet
        try:
            self.table.setCurrentIndex(self.model.index(row, 0))  # selects the whole row
        finally:
            self._quiet = quiet
        self.table.scrollTo(self.model.index(row, 0))
        return True

    def step(self, delta: int) -> None:
        row = self.table.currentIndex().row() + delta
        if 0 <= row < self.model.rowCount():
            self.select(self.model.id_at(row))
