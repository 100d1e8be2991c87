"""The main window's size and place: the last session's, else a comfortable size, and always
inside the screen's available area (a 2560×1600 laptop at 200 % has 1280×800 to offer, minus
its panels), so that no pane and no status bar starts off screen."""

from __future__ import annotations

from PySide6.QtCore import QByteArray, QRect, QSettings, QSize
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QWidget

PREFERRED = QSize(1360, 840)
_FRAME_GUESS = QSize(16, 48)  # a window manager's borders and title bar, before they exist
_KEY = "window/geometry"


def _available(window: QWidget) -> QRect:
    # QWidget.screen() here crashed a later window (PySide 6.11): ask the application.
    screen = (QGuiApplication.screenAt(window.geometry().center())
              or QGuiApplication.primaryScreen())
    return screen.availableGeometry() if screen is not None else QRect(0, 0, 1360, 840)


def first_geometry(window: QWidget) -> QSize:
    """Before the first show: the saved geometry, else the preferred size, within the screen.
    Returns the size given."""
    saved = QSettings().value(_KEY)
    if isinstance(saved, QByteArray) and window.restoreGeometry(saved):
        fit_on_screen(window)
        return window.size()
    area = _available(window)
    size = PREFERRED.boundedTo(area.size() - _FRAME_GUESS)
    window.resize(size)
    window.move(area.x() + (area.width() - size.width() - _FRAME_GUESS.width()) // 2,
                area.y() + (area.height() - size.height() - _FRAME_GUESS.height()) // 2)
    return size


def fit_on_screen(window: QWidget) -> None:
    """Shrink and move the window so that its frame lies inside the available area."""
    area = _available(window)
    frame, inner = window.frameGeometry(), window.geometry()
    extra = QSize(frame.width() - inner.width(), frame.height() - inner.height())
    if extra.width() <= 0 and extra.height() <= 0 and not window.isVisible():
        extra = _FRAME_GUESS
    size = window.size().boundedTo(area.size() - extra).expandedTo(window.minimumSize())
    if size != window.size():
        window.resize(size)
    frame = window.frameGeometry()
    width, height = size.width() + extra.width(), size.height() + extra.height()
    x = min(max(frame.x(), area.x()), area.right() + 1 - width)
    y = min(max(frame.y(), area.y()), area.bottom() + 1 - height)
    if (x, y) != (frame.x(), frame.y()):
        window.move(max(x, area.x()), max(y, area.y()))


def save_geometry(window: QWidget) -> None:
    QSettings().setValue(_KEY, window.saveGeometry())
