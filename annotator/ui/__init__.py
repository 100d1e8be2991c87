"""The Qt layer: the only package that imports PySide6. Widgets lay out and forward to the core."""
