import pytest
from PySide6.QtCore import QSettings, Qt
from PySide6.QtGui import QTextCursor

from annotator.core.store import Store
from annotator.ui.main_window import MainWindow


@pytest.fixture(autouse=True)
def _isolated_settings(qapp, tmp_path_factory):
    """Qt settings (annotator name, zoom, recent projects) in a folder of the test run's own,
    emptied before each test."""
    qapp.setOrganizationName("annotator-tests")
    qapp.setApplicationName("annotator-tests")
    QSettings.setDefaultFormat(QSettings.Format.IniFormat)
    QSettings.setPath(QSettings.Format.IniFormat, QSettings.Scope.UserScope,
                      str(tmp_path_factory.getbasetemp() / "qsettings"))
    QSettings().clear()
    yield
    QSettings().clear()


@pytest.fixture
def open_window(qtbot):
    """Open a main window on a project file, shown and focused like a user's."""

    def _open(path, annotator="alice"):
        window = MainWindow(Store.open(path), annotator)
        qtbot.addWidget(window)
        with qtbot.waitActive(window):
            window.show()
            window.activateWindow()
        window.view.setFocus()
        return window

    return _open


def select_with_keyboard(qtbot, view, start, end):
    """Put the caret at code point `start`, then extend with Shift+Right to `end`, as a user."""
    cursor = QTextCursor(view.document())
    cursor.setPosition(view.positions.to_qt(start))
    view.setTextCursor(cursor)
    while view.positions.from_qt(view.textCursor().position(), round_up=True) < end:
        qtbot.keyClick(view, Qt.Key.Key_Right, Qt.KeyboardModifier.ShiftModifier)


@pytest.fixture
def person(qtbot):
    """Open a main window on a project file and return the Person at it:
    `me = person(path)`; `me.window` is the window."""
    from tests.ui.scenario import Person

    def _start(path, annotator="alice", size=(1360, 840)):
        # Unlike open_window, nothing is focused by hand: the focus is where the window puts it.
        window = MainWindow(Store.open(path), annotator)
        qtbot.addWidget(window)
        window.resize(*size)
        with qtbot.waitActive(window):
            window.show()
            window.activateWindow()
        qtbot.wait(10)
        return Person(qtbot, window)

    return _start
