"""Help ▸ Guidelines: the project's annotation guidelines, a Markdown text the project holds
(set with `annotator guidelines PROJECT --set FILE.md`; every pack carries them).

The guidelines are the project's own document, written to be read as Markdown, so they are
rendered; links are not followed from here and nothing is fetched."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QDialog, QDialogButtonBox, QTextBrowser, QVBoxLayout

NONE_YET = ("This project has no guidelines yet.\n\nThe lead sets them with\n\n"
            "    annotator guidelines PROJECT --set GUIDELINES.md\n\n"
            "and every pack given out afterwards carries them. Each label's description "
            "shows when you hover over it in the label palette.")


class GuidelinesView(QDialog):
    def __init__(self, text: str, parent=None):
        super().__init__(parent)
        self.setWindowTitle("Guidelines")
        screen = QGuiApplication.primaryScreen().availableGeometry()
        self.resize(min(720, screen.width() - 40), min(640, screen.height() - 60))
        self.browser = QTextBrowser()
        self.browser.setOpenLinks(False)
        self.browser.setOpenExternalLinks(False)
        if text.strip():
            self.browser.setMarkdown(text)
        else:
            self.browser.setPlainText(NONE_YET)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.browser)
        layout.addWidget(buttons)
        self.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
