"""View ▸ Show Layer: show another annotator's spans in the article, read-only.

A reviewer reads alice's or bob's work where it was done, in the article with its colours,
links and span panel, instead of only in the review table. While another layer is shown a
banner above the article (and the window title) says whose spans these are; every edit is
refused by the workspace with a message in the status bar. "My Own Spans" goes back to
editing. The choice stays while moving between documents.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QAction, QActionGroup
from PySide6.QtWidgets import QLabel, QMenu

from annotator.ui import plain


class LayerMenuMixin:
    """Mixed into MainWindow; uses its workspace, view, menus and _refresh_spans."""

    layer_banner: QLabel | None = None

    def setup_layer_menu(self) -> None:
        self.layer_menu = QMenu("Show &Layer", self)
        self.layer_menu.aboutToShow.connect(self._fill_layer_menu)
        self.menus["&View"].addMenu(self.layer_menu)

    def _fill_layer_menu(self) -> None:
        menu, ws = self.layer_menu, self.workspace
        menu.clear()
        group = QActionGroup(menu)
        own = QAction(f"My Own Spans ({plain.action_text(ws.annotator)})", menu, checkable=True)
        own.setChecked(ws.shown is None)
        own.triggered.connect(lambda: self.show_layer(None))
        entries = [own]
        names = ws.layers()
        if ws.shown is not None and ws.shown not in names:
            names.append(ws.shown)  # shown, though without work on this document
        for name in names:
            action = QAction(f"{plain.action_text(name)}'s Spans (read-only)", menu, checkable=True)
            action.setChecked(ws.shown == name)
            action.triggered.connect(lambda _=False, name=name: self.show_layer(name))
            entries.append(action)
        for action in entries:
            group.addAction(action)
            menu.addAction(action)
        if not ws.layers():
            menu.addSeparator()
            menu.addAction("Nobody else has work on this document").setEnabled(False)

    def show_layer(self, name: str | None) -> None:
        """Show `name`'s spans read-only (None: one's own, editable)."""
        self.workspace.show_layer(name)
        self._refresh_spans()
        self.show_layer_banner()
        self.view.setFocus()

    def show_layer_banner(self) -> None:
        """Say whose spans the article shows, when they are not one's own."""
        if self.layer_banner is None:
            self.layer_banner = QLabel()
            self.layer_banner.setTextFormat(Qt.TextFormat.PlainText)
            self.layer_banner.setObjectName("layer_banner")
            self.layer_banner.setWordWrap(True)
            self.layer_banner.setStyleSheet(
                "background: #fff3c4; color: #3d3000; border: 1px solid #d9b300;"
                " border-radius: 3px; padding: 4px 8px;")
            column = self.view.parentWidget().layout()
            column.insertWidget(column.indexOf(self.view), self.layer_banner)
        ws = self.workspace
        shown = ws.shown
        self.layer_banner.setVisible(shown is not None)
        title = self.windowTitle().split(" — viewing ")[0]
        if shown is None:
            self.setWindowTitle(title)
            return
        none_here = ws.document is not None and not ws.spans()
        self.layer_banner.setText(
            f"Viewing {shown}'s spans (read-only)"
            + (f": {shown} has none in this document" if none_here else "")
            + f" — View ▸ Show Layer ▸ My Own Spans to edit as {ws.annotator}.")
        self.setWindowTitle(f"{title} — viewing {shown}'s spans (read-only)")
