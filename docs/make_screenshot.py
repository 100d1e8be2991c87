"""Make docs/screenshot.png: the sample article with a few spans, as a new user would see it.

Run: QT_QPA_PLATFORM=offscreen python docs/make_screenshot.py
"""

import os
import sys
import tempfile
from pathlib import Path

from PySide6.QtWidgets import QApplication

os.environ["ANNOTATOR_HOME"] = tempfile.mkdtemp()
app = QApplication(sys.argv[:1])

from annotator.ui.app import create_window  # noqa: E402

window = create_window(None)
window.resize(1280, 820)
window.show()
text = window.workspace.document.text
for phrase, label in [
    ("Xi", "PERSON"), ("Vice-Premier Liu He", "SPEAKER"),
    ("a trade war had been avoided", "CLAIM"),
    ("Mr Trump", "SPEAKER"), ("tariffs on as much as US$50 billion of Chinese imports", "POLICY"),
    ("US$50 billion", "QUANTITY"), ("three Chinese officials", "SPEAKER"),
    ("Washington", "PLACE"), ("this May", "DATE"),
]:
    start = text.index(phrase)
    window.view.select_range(start, start + len(phrase))
    window.apply_label(label)
ws = window.workspace
spans = {window.workspace.document.text[s.start:s.end]: s for s in ws.spans()}
ws.link(spans["Vice-Premier Liu He"].id, spans["a trade war had been avoided"].id)
ws.selected = spans["a trade war had been avoided"].id
window._refresh_spans()
window.view.verticalScrollBar().setValue(0)
app.processEvents()
out = Path(__file__).with_name("screenshot.png")
window.grab().save(str(out))
print(out)
