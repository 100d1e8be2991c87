"""Attributes in the main window: `Ctrl+T` offers the selected span's attribute values in a
numbered menu (press the number), `Ctrl+D` the document's; the span panel lists a span's values
under it (double-click one, or right-click the span, for the same menu); a row above the
article shows the document's values. The Workspace decides and checks; this module shows."""

from __future__ import annotations

from PySide6.QtCore import QPoint
from PySide6.QtWidgets import QMenu

from annotator.core.models import Attribute, Span
from annotator.ui import plain

# The mnemonics of a menu's entries: 1…9, then letters (a label key is not a menu's key).
_MNEMONICS = "123456789abcdefghijklmnopqrstuvwxyz"


def values_text(values: tuple[tuple[Attribute, str | None], ...]) -> str:
    """"quote: direct · kind: —", for the status bar and the document row."""
    return " · ".join(f"{a.name}: {'—' if v is None else v}" for a, v in values)


def attribute_menu(parent, values: tuple[tuple[Attribute, str | None], ...], choose,
                   only: str = "") -> QMenu:
    """A menu of every value of these attributes, numbered; the value given is checked
    (choosing it again takes it away). `choose(name, value)` is called with the choice."""
    menu = QMenu(parent)
    n = 0
    for attribute, current in values:
        if only and attribute.name != only:
            continue
        if menu.actions():
            menu.addSeparator()
        for value in attribute.values:
            mnemonic = f"&{_MNEMONICS[n]}  " if n < len(_MNEMONICS) else ""
            action = menu.addAction(
                mnemonic + plain.action_text(f"{attribute.name}: {value}"),
                lambda a=attribute.name, v=value: choose(a, v))
            action.setCheckable(True)
            action.setChecked(value == current)
            n += 1
    return menu


class AttributesMixin:
    """Mixed into MainWindow; uses its workspace, view, span_panel, doc_attributes (a
    label), _attempt and _refresh_spans."""

    def span_attribute_menu(self) -> None:  # (no parameter: a QAction's slot gets `checked`)
        """Ctrl+T: the selected span's attributes and their values, numbered."""
        self.offer_span_values(self.workspace.selected)

    def offer_span_values(self, span_id: int | None, only: str = "",
                          where: QPoint | None = None) -> None:
        """The menu of a span's attribute values (of attribute `only`, if given)."""
        ws = self.workspace
        if ws.document is None:
            return
        if span_id is None:
            self.statusBar().showMessage("Select a span first (click it, or Tab to it), then "
                                         "Ctrl+T to set its attributes.", 5000)
            return
        ws.selected = span_id
        self._refresh_spans()
        values = ws.span_attributes(span_id)
        if not values:
            label = ws.store.span(span_id).label
            self.statusBar().showMessage(f"This {label} has no attributes in this scheme "
                                         "(Ctrl+L to give it some).", 5000)
            return
        menu = attribute_menu(
            self, values, lambda name, value: self._choose_span_value(span_id, name, value),
            only)
        menu.popup(where or self._under_selected_span())

    def document_attribute_menu(self) -> None:
        """Ctrl+D: the document's attributes and their values, numbered."""
        ws = self.workspace
        if ws.document is None:
            return
        values = ws.document_attributes()
        if not values:
            self.statusBar().showMessage("This project's scheme has no document attributes.",
                                         5000)
            return
        menu = attribute_menu(self, values, self._choose_document_value)
        menu.popup(self.doc_attributes.mapToGlobal(self.doc_attributes.rect().bottomLeft()))

    def _choose_span_value(self, span_id: int, name: str, value: str) -> None:
        self._attempt(lambda: self.workspace.choose_attribute(name, value, span_id))
        self.workspace.selected = span_id
        self._refresh_spans()

    def _choose_document_value(self, name: str, value: str) -> None:
        self._attempt(lambda: self.workspace.choose_document_attribute(name, value))
        self._refresh_spans()

    def _under_selected_span(self) -> QPoint:
        """Below the selected span's start (else the caret), where the eye is."""
        span = self.view.selected_span
        rect = self.view._anchor(span) if span is not None else self.view.cursorRect()
        return self.view.viewport().mapToGlobal(rect.bottomLeft())

    # ------------------------------------------------------------------ showing
    def span_values(self, spans: list[Span]) -> dict[int, list[tuple[str, str | None]]]:
        """What the span panel lists under each span: the values it has, in the order its
        label declares them (right-click a span for the ones it has not)."""
        ws = self.workspace
        if ws.document is None:
            return {}
        given = ws.store.span_attributes_of(ws.document.id, ws.layer)
        if not given:
            return {}
        order = {lb.name: [a.name for a in lb.attributes] for lb in ws.labels()}
        out = {}
        for span in spans:
            values = given.get(span.id)
            if values:
                names = [n for n in order.get(span.label, ()) if n in values]
                out[span.id] = [(n, values[n]) for n in names + sorted(values.keys() - set(names))]
        return out

    def values_of(self, span: Span) -> str:
        """The values a span has, as the status bar says them ("" for none, or a span
        gone)."""
        try:
            return values_text(tuple((a, v) for a, v in self.workspace.span_attributes(span.id)
                                     if v is not None))
        except KeyError:
            return ""

    def show_document_values(self) -> None:
        """The row above the article: the document's values in the layer shown."""
        values = self.workspace.document_attributes()
        self.doc_attributes.setVisible(bool(values))
        if values:
            self.doc_attributes.setText(f"Document · {values_text(values)}   (Ctrl+D to set)")
