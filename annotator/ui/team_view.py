"""The Team view: how far each annotator is, from the packs merged back so far.

The same figures as `annotator progress` (annotator.core.team.progress), as plain-text
tables: per annotator, assigned, done, skipped, spans, notes, agreement with the others on
the shared documents, last activity; then the documents per state.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QColor, QGuiApplication
from PySide6.QtWidgets import (
    QDialog, QHeaderView, QLabel, QTableWidget, QTableWidgetItem, QVBoxLayout,
)

from annotator.core.store import Store
from annotator.core.team import STATES, progress
from annotator.core.wording import plural
from annotator.ui.agreement_view import heat

COLUMNS = (("assigned", "Assigned"), ("done", "Done"), ("skipped", "Skipped"),
           ("in_progress", "In progress"), ("spans", "Spans"), ("notes", "Notes"),
           ("agreement", "Agreement"), ("last_activity", "Last activity"))


def _text(key: str, value) -> str:
    if value is None:
        return "–"
    if key == "agreement":
        return f"{value:.2f}"
    if key == "last_activity":
        return value[:16].replace("T", " ") + " UTC"  # to the minute
    return f"{value:,}"


def _plain(text: str) -> QLabel:
    label = QLabel(text)
    label.setTextFormat(Qt.TextFormat.PlainText)
    label.setWordWrap(True)
    return label


class TeamView(QDialog):
    def __init__(self, store: Store, parent=None):
        super().__init__(parent)
        self.store = store
        self.setWindowTitle("Team")
        screen = QGuiApplication.primaryScreen().availableGeometry()
        self.resize(min(860, screen.width() - 40), min(360, screen.height() - 60))
        self.figures = figures = progress(store)
        docs = figures["documents"]
        layout = QVBoxLayout(self)
        if not figures["annotators"]:
            layout.addWidget(_plain(
                "No documents are assigned yet. Team ▸ Assign Documents… (or `annotator "
                "assign`) gives each annotator a pack of their own."))
        self.table = QTableWidget(len(figures["annotators"]), len(COLUMNS))
        self.table.setObjectName("team_table")
        self.table.setHorizontalHeaderLabels([title for _, title in COLUMNS])
        self.table.setVerticalHeaderLabels([r["annotator"] for r in figures["annotators"]])
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(len(COLUMNS) - 1, QHeaderView.ResizeMode.ResizeToContents)
        self.table.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        self.table.setSelectionMode(QTableWidget.SelectionMode.NoSelection)
        for r, row in enumerate(figures["annotators"]):
            for c, (key, _) in enumerate(COLUMNS):
                item = QTableWidgetItem(_text(key, row[key]))
                item.setTextAlignment(Qt.AlignmentFlag.AlignCenter)
                if key == "agreement":
                    item.setBackground(heat(row[key]))
                    item.setForeground(QColor("#111111"))
                self.table.setItem(r, c, item)
        for table in (self.table,):
            table.setFocusPolicy(Qt.FocusPolicy.NoFocus)
            table.resizeRowsToContents()
        rows_height = sum(self.table.rowHeight(r) for r in range(self.table.rowCount()))
        self.table.setMaximumHeight(max(rows_height, 60) + 2 * self.table.frameWidth()
                                    + self.table.horizontalHeader().sizeHint().height())
        layout.addWidget(self.table, 1)
        layout.addWidget(_plain(
            f"Documents: {docs['total']:,} · assigned {docs['assigned']:,} · shared for "
            f"agreement {figures['shared']:,}"))
        self.states = QTableWidget(1, len(STATES))
        self.states.setObjectName("team_states")
        self.states.setHorizontalHeaderLabels([s.capitalize() for s in STATES])
        self.states.setVerticalHeaderLabels(["Assigned documents"])  # the states count those
        self.states.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
        self.states.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        self.states.setSelectionMode(QTableWidget.SelectionMode.NoSelection)
        self.states.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        for c, state in enumerate(STATES):
            item = QTableWidgetItem(f"{docs[state]:,}")
            item.setTextAlignment(Qt.AlignmentFlag.AlignCenter)
            self.states.setItem(0, c, item)
        self.states.resizeRowsToContents()
        self.states.setFixedHeight(self.states.rowHeight(0) + 2 * self.states.frameWidth()
                                   + self.states.horizontalHeader().sizeHint().height())
        layout.addWidget(self.states)
        agreed = figures["agreement"]
        layout.addWidget(_plain(
            "Agreement: none yet — it counts shared documents that two annotators have "
            "marked done and that are merged back (File ▸ Merge Annotators' Work)."
            if agreed is None else
            f"Agreement on {plural(agreed['documents'], 'shared document')} (work marked "
            f"done): exact span F1 {_text('agreement', agreed['exact_f1'])} · overlap F1 "
            f"{_text('agreement', agreed['overlap_f1'])} · Krippendorff's α "
            f"{_text('agreement', agreed['krippendorff_alpha'])}. Each annotator's figure is "
            "their exact span F1 with the others."))
        layout.addStretch(1)

    def cell(self, annotator: str, key: str) -> str:
        """The text shown for `annotator` under the column `key` (tests, screenshots)."""
        row = [r["annotator"] for r in self.figures["annotators"]].index(annotator)
        column = [k for k, _ in COLUMNS].index(key)
        return self.table.item(row, column).text()
