"""The review's context pane: the sentence around one cluster as each annotator marked it.

One paragraph per annotator (and one for gold): their name, then the sentence with their
spans in the cluster on their labels' colours, each followed by its label in small grey, and
the characters the annotators disagree on (core review.differing) in bold dark red with a
red wavy underline. Below, each version's links that touch the cluster. The text is inserted
as plain text with character formats, never as markup.
"""

from __future__ import annotations

from PySide6.QtGui import QColor, QFont, QTextCharFormat, QTextCursor
from PySide6.QtWidgets import QPlainTextEdit

from annotator.core.wording import shorten
from annotator.core import review
from annotator.core.models import Span
from annotator.core.store import Store

_INK = QColor("#111111")
_DIFF = QColor("#b00020")
_GREY = QColor("#666666")


def _flat(text: str) -> str:
    """Line breaks and tabs as spaces, one for one (the pane shows one paragraph per line)."""
    return "".join(" " if c in "\r\n\t\u2028\u2029\x0b\x0c" else c for c in text)


def _blend(colors: list[QColor]) -> QColor:
    n = len(colors)
    return QColor(sum(c.red() for c in colors) // n, sum(c.green() for c in colors) // n,
                  sum(c.blue() for c in colors) // n)


class ContextPane(QPlainTextEdit):
    def __init__(self, parent=None):
        super().__init__(parent)
        self.setReadOnly(True)
        self.document().setUndoRedoEnabled(False)
        self.setMinimumHeight(60)
        self.setPlaceholderText("Select a row to see its sentence as each annotator marked it.")

    def show_cluster(self, store: Store, doc_id: int, text: str,
                     cluster: review.Cluster | None, annotators: list[str],
                     colors: dict[str, str]) -> None:
        self.document().clear()
        if cluster is None:
            return
        a, b = review.context(text, cluster.start, cluster.end)
        diff = review.differing(cluster, annotators)
        versions = cluster.versions()
        gold = [g for g in store.spans(doc_id, review.GOLD)
                if g.start < cluster.end and g.end > cluster.start]
        cursor = QTextCursor(self.document())
        rows = [(name, versions.get(name, [])) for name in annotators] + [("gold", gold)]
        for i, (name, spans) in enumerate(rows):
            if i:
                cursor.insertBlock()
            self._line(cursor, name, text, a, b, spans, diff, colors)
        found = review.links(store, doc_id, cluster, [*annotators, review.GOLD])
        cursor.insertBlock()
        cursor.insertBlock()
        cursor.insertText("Links: " if found else "No links touch this stretch.",
                          self._fmt(bold=True))
        for name, relations in found.items():
            for relation, head, child in relations:
                cursor.insertBlock()
                cursor.insertText(f"{name}  ", self._fmt(bold=True))
                cursor.insertText(f"{relation.label}  ", self._fmt(color=_GREY))
                cursor.insertText(_flat(shorten(text[head.start:head.end], 60)),
                                  self._fmt(background=colors.get(head.label)))
                cursor.insertText(" → ", self._fmt())
                cursor.insertText(_flat(shorten(text[child.start:child.end], 60)),
                                  self._fmt(background=colors.get(child.label)))
        self.moveCursor(QTextCursor.MoveOperation.Start)

    def _fmt(self, bold=False, color: QColor | None = None, background: str | None = None,
             small=False) -> QTextCharFormat:
        fmt = QTextCharFormat()
        fmt.setForeground(color or _INK)
        if bold:
            fmt.setFontWeight(QFont.Weight.Bold)
        if background:
            fmt.setBackground(QColor(background))
        if small:
            fmt.setFontPointSize(max(6.0, self.font().pointSizeF() * 0.8))
        return fmt

    def _line(self, cursor: QTextCursor, name: str, text: str, a: int, b: int,
              spans: list[Span], diff: list[tuple[int, int]], colors: dict[str, str]) -> None:
        """One annotator's paragraph: the name, then text[a:b] in stretches of one look."""
        cursor.insertText(name + "  ", self._fmt(bold=True))
        if a > 0:
            cursor.insertText("…", self._fmt(color=_GREY))
        edges = sorted({a, b, *(max(a, min(b, p)) for s in spans for p in (s.start, s.end)),
                        *(max(a, min(b, p)) for d in diff for p in d)})
        for lo, hi in zip(edges, edges[1:]):
            over = [s for s in spans if s.start <= lo and s.end >= hi]
            fmt = self._fmt()
            if over:
                fmt.setBackground(_blend([QColor(colors.get(s.label, "#dddddd"))
                                          for s in over]))
            if any(d0 <= lo and d1 >= hi for d0, d1 in diff):
                fmt.setForeground(_DIFF)
                fmt.setFontWeight(QFont.Weight.Bold)
                fmt.setUnderlineStyle(QTextCharFormat.UnderlineStyle.WaveUnderline)
                fmt.setUnderlineColor(_DIFF)
            cursor.insertText(_flat(text[lo:hi]), fmt)
            ending = [s.label for s in spans if s.end == hi]
            if ending:
                cursor.insertText(f" {'+'.join(ending)}", self._fmt(color=_GREY, small=True))
        if b < len(text):
            cursor.insertText("…", self._fmt(color=_GREY))
        if not spans:
            cursor.insertText("   (nothing here)", self._fmt(color=_GREY, small=True))
