"""Render annotator.svg to the PNG sizes the window and the build use.

Run from anywhere after changing the SVG: `python resources/icons/make_icons.py`.
QtSvg ships with PySide6-Essentials, so no other tool is needed; it runs offscreen."""

from __future__ import annotations

import os
import sys
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtCore import Qt  # noqa: E402
from PySide6.QtGui import QGuiApplication, QImage, QPainter  # noqa: E402
from PySide6.QtSvg import QSvgRenderer  # noqa: E402

HERE = Path(__file__).resolve().parent
SIZES = (16, 32, 48, 64, 128, 256)


def main() -> int:
    app = QGuiApplication.instance() or QGuiApplication(sys.argv[:1])  # noqa: F841
    renderer = QSvgRenderer(str(HERE / "annotator.svg"))
    if not renderer.isValid():
        print("annotator.svg could not be read", file=sys.stderr)
        return 1
    for size in SIZES:
        image = QImage(size, size, QImage.Format.Format_ARGB32)
        image.fill(Qt.GlobalColor.transparent)
        painter = QPainter(image)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        renderer.render(painter)
        painter.end()
        target = HERE / f"annotator-{size}.png"
        image.save(str(target))
        print(target.name)
    # The build's icon on Windows and macOS (PyInstaller's `icon=`), written by Qt's own
    # image plugins, so the build needs no image library.
    for suffix in ("ico", "icns"):
        image = QImage(str(HERE / "annotator-256.png"))
        if not image.save(str(HERE / f"annotator.{suffix}"), suffix.upper()):
            print(f"annotator.{suffix} not written (no Qt {suffix} plugin)", file=sys.stderr)
            return 1
        print(f"annotator.{suffix}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
