"""Start the GUI: the application object, the annotator's name, the project, the main window."""

from __future__ import annotations

import sys

from PySide6.QtCore import QSettings, QTimer
from PySide6.QtWidgets import QApplication, QInputDialog

from annotator.core.errors import AnnotatorError, InvalidInput
from annotator.core.names import check_annotator
from annotator.core.project import default_annotator
from annotator.ui import crash, opening, plain
from annotator.ui.file_menu import remember_project
from annotator.ui.icon import app_icon
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
    try:
        check_annotator(name)
    except InvalidInput:  # an OS user called "gold", say: not a layer of one's own
        name = "annotator"
    while ask:
        typed, ok = QInputDialog.getText(
            None, "Welcome to annotator",
            "Your name, recorded with every span you make (you can change it later):",
            text=name)
        if not (ok and typed.strip()):
            break
        try:
            name = check_annotator(typed.strip())
            break
        except InvalidInput as e:  # asked again, with the reason
            plain.warn(None, "Choose another name", str(e))
    settings.setValue(NAME_KEY, name)
    return name


def create_window(project: str | None, ask_name: bool = False) -> MainWindow | None:
    """The main window on `project` (or the default project); None if it could not be opened
    (the user was told why, or chose not to open it read-only)."""
    store = opening.open_store(None, project, create=True)
    if store is None:
        return None
    if store.path:
        remember_project(store.path.resolve())
    try:
        # A pack names its owner (the window works as them there): nobody is asked for a
        # name to open one, and the person's own name is kept for the projects opened after.
        in_pack = store.pack_identity() is not None
        return MainWindow(store, annotator_name(ask_name and not in_pack))
    except AnnotatorError as e:  # e.g. damage met while showing the first document
        store.close()
        opening.say(None, "Cannot open project", str(e))
        return None


def run(project: str | None = None, close_when_shown: bool = False) -> int:
    """The app's event loop. `close_when_shown`: a check of an installed or built app —
    the window is shown (no first-start question), its title printed, and closed."""
    app = QApplication.instance() or QApplication(sys.argv[:1])
    app.setApplicationName("annotator")
    app.setOrganizationName("annotator")
    app.setWindowIcon(app_icon())
    app.setDesktopFileName("annotator")  # Wayland: the icon of resources/annotator.desktop
    crash.install()
    window = create_window(project, ask_name=not close_when_shown)
    if window is None:
        return 1
    window.show()
    if close_when_shown:
        QTimer.singleShot(0, lambda: _report_and_close(window))
    return app.exec()


def _report_and_close(window: MainWindow) -> None:
    icon = QApplication.windowIcon().availableSizes()
    print(f"shown: {window.windowTitle()} ({window.width()}x{window.height()}); "
          f"icon sizes: {', '.join(str(s.width()) for s in icon) or 'none'}", flush=True)
    window.close()
