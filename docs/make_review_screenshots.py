"""Make docs/review.png and docs/agreement.png: three annotators' work on the sample article
merged, scored and half reviewed. Run: QT_QPA_PLATFORM=offscreen python docs/make_review_screenshots.py
"""

import os
import sys
import tempfile
from pathlib import Path

from PySide6.QtWidgets import QApplication

os.environ["ANNOTATOR_HOME"] = tempfile.mkdtemp()
app = QApplication(sys.argv[:1])

from annotator.core.project import open_project  # noqa: E402
from annotator.ui.main_window import MainWindow  # noqa: E402

WORK = {
    "alice": [("Vice-Premier Liu He", "SPEAKER"), ("a trade war had been avoided", "CLAIM"),
              ("Ether Yin", "SPEAKER"), ("Trivium China", "ORG"), ("Mr Trump", "SPEAKER"),
              ("tariffs on as much as US$50 billion of Chinese imports", "POLICY")],
    "bob": [("Vice-Premier Liu He", "SPEAKER"), ("trade war had been avoided", "CLAIM"),
            ("Ether Yin", "SPEAKER"), ("Trivium China", "ORG"), ("Mr Trump", "PERSON"),
            ("tariffs", "POLICY")],
    "carol": [("Liu He", "SPEAKER"), ("a trade war had been avoided", "CLAIM"),
              ("Ether Yin", "SPEAKER"), ("Mr Trump", "SPEAKER"),
              ("tariffs on as much as US$50 billion of Chinese imports", "POLICY")],
}
store = open_project(None)
text = store.document(1).text
for name, spans in WORK.items():
    for phrase, label in spans:
        start = text.index(phrase)
        store.add_span(1, name, start, start + len(phrase), label)
window = MainWindow(store, "rita")
window.show()
view = window.review_dialog()
view.accept_unanimous()
view.accept_version(0)
app.processEvents()
out = Path(__file__).parent
window.grab().save(str(out / "review.png"))  # the review is a panel under the article
panel = window.agreement_dialog()
panel.show_disagreements(0, 0)
app.processEvents()
panel.grab().save(str(out / "agreement.png"))
print(out / "review.png", out / "agreement.png")
