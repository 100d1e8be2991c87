"""Linking spans in the main window: `A` (or a relation label's key) offers the links the
selected span can take part in, a click on a span while linking makes one, and a link in the
span panel is relabelled or deleted from its context menu. The Workspace decides which links
fit the scheme; this module shows its answers."""

from __future__ import annotations

from PySide6.QtCore import QPoint
from PySide6.QtWidgets import QMenu

from annotator.core.wording import shorten
from annotator.core.workspace import LinkOption
from annotator.ui import plain


class LinkingMixin:
    """Mixed into MainWindow; uses its workspace, view, _attempt and _refresh_spans."""

    def start_link(self) -> None:  # (no parameter: a QAction's slot would get `checked`)
        options = self._attempt(self.workspace.start_link)
        self._refresh_spans()
        if options:
            self._offer_links(options)

    def relation_key(self, label: str) -> None:
        """A relation label's key: relabel the selected link, or link the selected span
        under that label."""
        options = self._attempt(lambda: self.workspace.relation_key(label))
        self._refresh_spans()
        if options:
            self._offer_links(options)

    def _offer_links(self, options: list[LinkOption]) -> None:
        text = self.workspace.document.text
        menu = QMenu(self)
        nearest = None
        for option in options:
            other = option.other
            snippet = shorten(text[other.start:other.end], 40)
            action = menu.addAction(
                plain.action_text(f"{option.label} {option.arrow} {other.label}: {snippet}"),
                lambda o=option: self._link_to(o))
            nearest = nearest or action
        menu.addSeparator()
        menu.addAction("…or click the span in the text").setEnabled(False)
        rect = self.view.cursorRect()
        nearest = menu.actions()[0]  # Return takes the nearest; arrows move along
        menu.popup(self.view.viewport().mapToGlobal(rect.bottomRight()))
        menu.setActiveAction(nearest)

    def _link_to(self, option: LinkOption) -> None:
        self.workspace.stop_linking()
        self._attempt(lambda: self.workspace.link(option.head.id, option.child.id,
                                                  option.label))
        self._refresh_spans()

    def relation_menu(self, relation_id: int, where: QPoint) -> None:
        """The span panel's context menu on a link: Relabel ▸ (each label that fits), Delete."""
        self.choose_relation(relation_id)
        choices = self._attempt(lambda: self.workspace.relabel_choices(relation_id))
        if choices is None:
            return
        menu = QMenu(self)
        relabel = menu.addMenu("Relabel")
        for label in choices:
            relabel.addAction(plain.action_text(label),
                              lambda name=label: self._relabel_link(relation_id, name))
        if not choices:
            relabel.addAction("No other relation label fits these spans").setEnabled(False)
        menu.addAction("Delete Link", lambda: self._delete_link(relation_id))
        menu.popup(where)

    def _relabel_link(self, relation_id: int, label: str) -> None:
        self._attempt(lambda: self.workspace.relabel_relation(relation_id, label))
        self.workspace.select_relation(relation_id)
        self._refresh_spans()

    def _delete_link(self, relation_id: int) -> None:
        self._attempt(lambda: self.workspace.unlink(relation_id))
        self.workspace.selected = None
        self._refresh_spans()
