"""Text from files shown as written: never as rich text, never with `&` taken as a mnemonic.

A title, span text, label or annotator name, id or path can hold `<img src=…>` or `<a href=…>`;
Qt guesses rich text in tooltips and message boxes (and a message box opens links), and
takes `&x` in an action's or button's text as a shortcut letter. Every place that shows such
data goes through one of these.
"""

from __future__ import annotations

import html
import re

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMessageBox, QWidget


def tip(text: str) -> str:
    """A tooltip that shows `text` as it is (escaped into rich text Qt cannot misread), its
    lines unwrapped as a plain-text tooltip shows them."""
    return f"<p style='white-space:pre'>{html.escape(text, quote=False)}</p>"


def action_text(text: str) -> str:
    """Text for an action, menu entry or button: `&` shown as itself, not as a mnemonic."""
    return text.replace("&", "&&")


def without_mnemonics(text: str) -> str:
    """An action's text as a menu shows it: `&x` is x (underlined), `&&` is `&`."""
    return re.sub("&(.)", r"\1", text)


def box(parent: QWidget | None, title: str, text: str, icon=None,
        buttons=None) -> QMessageBox:
    """A message box whose text is plain text (no links, no images); a warning with OK
    unless told. (QMessageBox's enums are made by PySide on first use: not at start-up.)"""
    icon = QMessageBox.Icon.Warning if icon is None else icon
    buttons = QMessageBox.StandardButton.Ok if buttons is None else buttons
    shown = QMessageBox(icon, title, text, buttons, parent)
    shown.setTextFormat(Qt.TextFormat.PlainText)
    return shown


def warn(parent: QWidget | None, title: str, text: str) -> None:
    """QMessageBox.warning, with `text` as plain text (tests replace this to answer)."""
    box(parent, title, text).exec()


def confirm(parent: QWidget | None, title: str, text: str) -> bool:
    """QMessageBox.question (Yes/No), with `text` as plain text; True for Yes."""
    Button = QMessageBox.StandardButton
    shown = box(parent, title, text, QMessageBox.Icon.Question, Button.Yes | Button.No)
    return shown.exec() == Button.Yes
