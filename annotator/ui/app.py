"""Start the GUI: the application object, the annotator's name, the project, the main window."""

from __future__ import annotations

import sys

from PySide6.QtCore import QSettings
from PySide6.QtWidgets import QApplication, QInputDialog, QMessageBox

from annotator.core.errors import AnnotatorError
from annotator.core.project import default_annotator, open_project
from annotator.ui import crash
from annotator.ui.file_menu import remember_project
from annotator.ui.main_window import MainWindow

NAME_KEY = "annotator/name"


def annotator_name(ask: bool = False) -> str:
    """The annotator's name from the user's settings. On first start (`ask`), the user is
    asked once, the OS user name filled in."""
    settings = QSettings()
    name = settings.value(NAME_KEY)
    if name:
        return str(name)
    name = default_annotator()
    if ask:
        typed, ok = QInputDialog.getText(
            None, "Welcome to annotator",
            "Your name, recorded with every span you make (you can change it later):",
            text=name)
        if ok and typed.strip():
            name = typed.strip()
    settings.setValue(NAME_KEY, name)
    return name


def create_window(project: str | None, ask_name: bool = False) -> MainWindow:
    store = open_project(project)
    if store.path:
        remember_project(store.path.resolve())
    return MainWindow(store, annotator_name(ask_name))


def run(project: str | None = None) -> int:
    app = QApplication.instance() or QApplication(sys.argv[:1])
    app.setApplicationName("annotator")
    app.setOrganizationName("annotator")
    crash.install()
    try:
        window = create_window(project, ask_name=True)
    except AnnotatorError as e:
        print(f"Error: {e}", file=sys.stderr)
        QMessageBox.critical(None, "annotator", str(e))
        return 1
    window.show()
    return app.exec()
