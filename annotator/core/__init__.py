"""The core: pure Python, never imports Qt (a test enforces it)."""
