import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QTextCursor

from annotator.core.store import Store
from annotator.ui.main_window import MainWindow


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
