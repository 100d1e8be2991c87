"""Opening a project in the GUI when it cannot simply be opened for writing.

In use by another window or process, or a read-only file: offer to open it read-only. Damaged,
with an automatic backup beside it: offer to put the backup back (the damaged file is kept).
Anything else (not a project, from a newer version, ...) is said as it is; the file is
untouched either way (the core makes sure of that).
"""

from __future__ import annotations

import datetime
import os
import sys

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMessageBox, QWidget

from annotator.core.errors import AnnotatorError, ProjectDamaged, ProjectInUse, ProjectNotWritable
from annotator.core.project import open_project
from annotator.core.store import Store, restore_backup
from annotator.ui import plain

OPEN_READ_ONLY = "Open Read-Only"
RESTORE = "Restore Backup"


def offer_box(parent: QWidget | None, title: str, text: str, choice: str) -> QMessageBox:
    """A warning with one way forward (`choice`, the default) and Cancel."""
    box = QMessageBox(QMessageBox.Icon.Warning, title, text, QMessageBox.StandardButton.Cancel,
                      parent)
    box.setTextFormat(Qt.TextFormat.PlainText)  # paths and messages are data
    box.setDefaultButton(box.addButton(choice, QMessageBox.ButtonRole.AcceptRole))
    return box


def ask(parent: QWidget | None, title: str, text: str, choice: str) -> bool:
    """True if the user takes `choice` (tests replace this function to answer)."""
    box = offer_box(parent, title, text, choice)
    box.exec()
    return box.clickedButton() is box.defaultButton()


def say(parent: QWidget | None, title: str, text: str) -> None:
    """A warning box; before any window (at start-up) it also goes to stderr, for whoever
    started the app from a terminal."""
    if parent is None:
        print(f"Error: {' '.join(text.split())}", file=sys.stderr)
    plain.warn(parent, title, text)


def read_only_offer(error: ProjectNotWritable) -> tuple[str, str]:
    if isinstance(error, ProjectInUse):
        return ("Project in use",
                f"{error}.\n\nYou can open it read-only: browse, search and export, but not "
                "edit. What the other window saves shows up as you move between documents.")
    return ("Read-only project",
            f"{error}.\n\nYou can open it read-only: browse, search and export, but not edit.")


def restore_offer(error: ProjectDamaged) -> tuple[str, str]:
    taken = datetime.datetime.fromtimestamp(error.backup.stat().st_mtime)
    return ("Project damaged",
            f"{error.path} is damaged ({error.detail}).\n\n"
            f"A backup that annotator made before it last upgraded the project is beside it:\n"
            f"{error.backup.name} (from {taken:%Y-%m-%d %H:%M}).\n\n"
            "Restore it? Work done since then is not in the backup. Nothing is deleted: the "
            f"damaged file is kept as {error.path.name}.damaged.")


def open_store(parent: QWidget | None, path: str | os.PathLike | None,
               create: bool = False) -> Store | None:
    """Open the project at `path` (the default project for None), asking the user what to do
    when it cannot be opened for writing. None if it was not opened (the user was told)."""
    try:
        return open_project(path, create=create)
    except ProjectNotWritable as e:
        if not ask(parent, *read_only_offer(e), OPEN_READ_ONLY):
            return None
        try:
            return open_project(path, read_only=True)
        except AnnotatorError as again:
            say(parent, "Cannot open project", str(again))
    except ProjectDamaged as e:
        if e.backup is None:
            say(parent, "Project damaged", f"{e}.\n\nThe file was left as it is.")
        elif ask(parent, *restore_offer(e), RESTORE):
            try:
                restore_backup(e.path, e.backup)
            except AnnotatorError as failed:
                say(parent, "Backup not restored", str(failed))
                return None
            return open_store(parent, path, create)
    except AnnotatorError as e:
        say(parent, "Cannot open project", str(e))
    return None
