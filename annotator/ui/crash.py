"""Unexpected errors in the GUI: logged with their traceback to a file in the user's data
folder, and shown as one short message naming that file; the app keeps running. A project
problem (disk full, a damaged page met while reading) is logged too, but the main window
says it in its own words (SafetyMixin.project_failed)."""

from __future__ import annotations

import logging
import sqlite3
import sys
import traceback
from pathlib import Path

from PySide6.QtWidgets import QApplication

from annotator.core.errors import ProjectError
from annotator.core.project import user_data_dir
from annotator.core.store import user_error
from annotator.ui import plain

LOG_NAME = "annotator.log"


def log_path() -> Path:
    return user_data_dir() / LOG_NAME


def install() -> None:
    """Route uncaught exceptions (also those raised in Qt slots) to `report`."""
    sys.excepthook = report


def report(kind, error, tb) -> None:
    path = log_path()
    path.parent.mkdir(parents=True, exist_ok=True)
    logger = logging.getLogger("annotator")
    if not logger.handlers:
        handler = logging.FileHandler(path, encoding="utf-8")
        handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(message)s"))
        logger.addHandler(handler)
    logger.error("".join(traceback.format_exception(kind, error, tb)))
    window = _main_window()
    known = _project_error(error, window.workspace.store.path if window else None)
    if known is not None and window is not None:
        window.project_failed(known)  # disk full, damaged...: said briefly, no log file named
        return
    print(f"annotator: unexpected error {kind.__name__}: {error} (details in {path})",
          file=sys.stderr)
    if QApplication.instance() is not None:
        plain.warn(
            QApplication.activeWindow(), "Something went wrong",
            f"{kind.__name__}: {error}\n\nYour work so far is saved. The details are in\n{path}")


def _main_window():
    """The main window the active window belongs to (it knows how to say project problems)."""
    widget = QApplication.activeWindow() if QApplication.instance() else None
    while widget is not None and not hasattr(widget, "project_failed"):
        widget = widget.parentWidget()
    return widget


def _project_error(error: BaseException, project: Path | None) -> ProjectError | None:
    """A project problem (disk full, damaged, ...) met outside the window's own checks, such
    as a damaged page found while a document's rows are read."""
    if isinstance(error, sqlite3.Error):
        error = user_error(error, project)
    return error if isinstance(error, ProjectError) else None
