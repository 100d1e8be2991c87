"""Unexpected errors in the GUI: logged with their traceback to a file in the user's data
folder, and shown as one short message naming that file; the app keeps running."""

from __future__ import annotations

import logging
import sys
import traceback
from pathlib import Path

from PySide6.QtWidgets import QApplication, QMessageBox

from annotator.core.project import user_data_dir

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
    print(f"annotator: unexpected error {kind.__name__}: {error} (details in {path})",
          file=sys.stderr)
    if QApplication.instance() is not None:
        QMessageBox.warning(
            QApplication.activeWindow(), "Something went wrong",
            f"{kind.__name__}: {error}\n\nYour work so far is saved. The details are in\n{path}")
