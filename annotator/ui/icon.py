"""The application's icon: resources/icons/annotator-N.png, drawn from annotator.svg."""

from __future__ import annotations

from PySide6.QtGui import QIcon

from annotator.core.resources import resource_path

SIZES = (16, 32, 48, 64, 128, 256)


def app_icon() -> QIcon:
    """Every size, so the window manager, the task bar and Alt+Tab each take the sharp one."""
    icon = QIcon()
    for size in SIZES:
        path = resource_path("icons", f"annotator-{size}.png")
        if path.is_file():
            icon.addFile(str(path))
    return icon
