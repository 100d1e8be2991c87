"""The agreement panel: annotator pair × label, exact span F1, coloured as a heat map.

Clicking a cell lists the clusters where that pair disagrees on that label; opening one shows
it in the review panel, on that cluster's row. The overall figures (κ, α, F1) are above the table.
"""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QColor, QGuiApplication
from PySide6.QtWidgets import (
    QDialog, QHeaderView, QLabel, QListWidget, QListWidgetItem, QTableWidget, QTableWidgetItem,
    QVBoxLayout,
)

from annotator.core import review
from annotator.core.agreement import agreement, compared_annotators
from annotator.core.errors import InvalidInput
from annotator.core.store import Store
from annotator.core.wording import shorten


def heat(value: float | None) -> QColor:
    """Red (0) through yellow to green (1); grey when undefined. Light, so text stays dark."""
    if value is None:
        return QColor("#e6e6e6")
    hue = int(120 * max(0.0, min(1.0, value)))
    return QColor.fromHsv(hue, 90, 250)


def _fmt(value: float | None) -> str:
    return "–" if value is None else f"{value:.2f}"


def _versions(cluster: review.Cluster, name: str) -> str:
    """An annotator's spans in a cluster by label, with their values where those differ:
    "CLAIM (quote: direct)"."""
    def shown(span) -> str:
        values = cluster.values.get(span.id) if cluster.kind == "attribute" else None
        given = ", ".join(f"{k}: {v}" for k, v in values.items()) if values else ""
        return f"{span.label} ({given})" if given else span.label

    return ", ".join(shown(s) for s in cluster.versions().get(name, [])) or "—"


def attribute_summary(result: dict) -> str:
    """Each attribute's agreement in one line: "Attributes (spans both have): quote 0.67
    (κ 0.40, 3) · document relevant 1.00 (κ –, 2)"."""
    parts = [f"{prefix}{name} {_fmt(row['observed'])} (κ {_fmt(row['cohen_kappa'])}, "
             f"{row['units']})"
             for prefix, found in (("", result["attributes"]),
                                   ("document ", result["document_attributes"]))
             for name, row in found.items() if row["units"]]
    return ("Attributes, agreed share (κ, units; spans both have): " + " · ".join(parts)
            if parts else "")


class AgreementView(QDialog):
    openCluster = Signal(int, int)  # doc id, the cluster's start: review it there

    def __init__(self, store: Store, parent=None):
        super().__init__(parent)
        self.store = store
        self.setWindowTitle("Agreement")
        screen = QGuiApplication.primaryScreen().availableGeometry()
        self.resize(min(900, screen.width() - 40), min(560, screen.height() - 60))
        try:
            names = compared_annotators(store)
        except InvalidInput as e:  # fewer than two annotators: say so, not empty tables
            self.resize(520, 160)
            note = QLabel(str(e)[:1].upper() + str(e)[1:] + ".")
            note.setTextFormat(Qt.TextFormat.PlainText)
            note.setWordWrap(True)
            QVBoxLayout(self).addWidget(note)
            self.result = None
            return
        self.result = agreement(store, names)
        overall = self.result["overall"]
        summary = QLabel(
            f"Annotators: {', '.join(self.result['annotators']) or 'none'}\n"
            f"Exact span F1 {_fmt(overall['exact_f1'])} · overlap F1 "
            f"{_fmt(overall['overlap_f1'])} · Fleiss' κ {_fmt(overall['fleiss_kappa'])} · "
            f"Krippendorff's α {_fmt(overall['krippendorff_alpha'])} · relation F1 "
            f"{_fmt(overall['relation_f1'])}")
        summary.setTextFormat(Qt.TextFormat.PlainText)
        summary.setWordWrap(True)
        attributes = attribute_summary(self.result)
        if attributes:
            summary.setText(summary.text() + "\n" + attributes)
        self.labels = sorted(self.result["per_label"])
        pairs = self.result["pairs"]
        self.table = QTableWidget(len(pairs), len(self.labels) + 2)
        self.table.setHorizontalHeaderLabels(["All labels", "Cohen's κ", *self.labels])
        self.table.setVerticalHeaderLabels([f"{p['a']} × {p['b']}" for p in pairs])
        self.table.horizontalHeader().setSectionResizeMode(
            QHeaderView.ResizeMode.Stretch)  # every label in view, no sideways scrolling
        for r, pair in enumerate(pairs):
            values = [pair["exact_f1"], pair["cohen_kappa"],
                      *[pair["per_label"].get(name) for name in self.labels]]
            for c, value in enumerate(values):
                item = QTableWidgetItem(_fmt(value))
                item.setBackground(heat(value))
                item.setForeground(QColor("#111111"))
                item.setTextAlignment(Qt.AlignmentFlag.AlignCenter)
                self.table.setItem(r, c, item)
        self.table.cellClicked.connect(self.show_disagreements)
        self.disagreements = QListWidget()
        self.disagreements.itemActivated.connect(
            lambda item: self.openCluster.emit(*item.data(Qt.ItemDataRole.UserRole)))
        layout = QVBoxLayout(self)
        layout.addWidget(summary)
        layout.addWidget(self.table, 2)
        hint = QLabel("Click a cell for the disagreements behind it; double-click one to review.")
        hint.setTextFormat(Qt.TextFormat.PlainText)
        layout.addWidget(hint)
        layout.addWidget(self.disagreements, 1)

    def show_disagreements(self, row: int, column: int) -> None:
        pair = self.result["pairs"][row]
        label = self.labels[column - 2] if column >= 2 else None
        self.disagreements.clear()
        for doc in self.store.iter_documents():
            for cluster in review.clusters(self.store, doc.id, [pair["a"], pair["b"]]):
                if cluster.kind == "agree":
                    continue
                if label is not None and all(s.label != label for s in cluster.spans):
                    continue
                versions = cluster.versions()
                text = shorten(doc.text[cluster.start:cluster.end])
                line = (f"{shorten(doc.title or doc.uid, 40)} · “{text}” · {pair['a']}: "
                        f"{_versions(cluster, pair['a'])} · {pair['b']}: "
                        f"{_versions(cluster, pair['b'])}")
                item = QListWidgetItem(line)
                item.setData(Qt.ItemDataRole.UserRole, (doc.id, cluster.start))
                self.disagreements.addItem(item)
