"""Start the GUI: the application object, the project, the main window."""

from __future__ import annotations

import sys

from PySide6.QtCore import QSettings
from PySide6.QtWidgets import QApplication, QMessageBox

from annotator.core.errors import AnnotatorError
from annotator.core.project import default_annotator, open_project
from annotator.ui.main_window import MainWindow


def annotator_name() -> str:
    """The annotator's name, kept in the user's settings; the OS user until they choose one."""
    return str(QSettings().value("annotator/name", default_annotator()))


def create_window(project: str | None) -> MainWindow:
    store = open_project(project)
    return MainWindow(store, annotator_name())


def run(project: str | None = None) -> int:
    app = QApplication.instance() or QApplication(sys.argv[:1])
    app.setApplicationName("annotator")
    app.setOrganizationName("annotator")
    try:
        window = create_window(project)
    except AnnotatorError as e:
        print(f"Error: {e}", file=sys.stderr)
        QMessageBox.critical(None, "annotator", str(e))
        return 1
    window.show()
    return app.exec()
