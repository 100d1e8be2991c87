"""The article, read-only, with spans drawn as coloured backgrounds and relations as arcs.

Spans are painted as character formats in one edit block (DESIGN §6: far faster than extra
selections). Where spans overlap, the segment shows the blend of their colours and an underline
in the colour of the innermost span, so nested spans stay visible. A change restyles only the
characters whose spans changed. The selected span is an extra selection (one, so cheap).
A long article is styled a stretch at a time after it shows (the stretch in view first).
"""

from __future__ import annotations

from PySide6.QtCore import QPointF, QRect, Qt, QTimer, Signal
from PySide6.QtGui import (
    QColor, QFont, QPainter, QPainterPath, QPen, QTextCharFormat, QTextCursor, QTextOption,
)
from PySide6.QtWidgets import QFrame, QPlainTextEdit, QTextEdit

from annotator.core.models import Relation, Span
from annotator.ui.positions import PositionMap

_INK = QColor("#111111")  # text on a span: dark on the light label colours, in any palette
_FIRST = 20_000  # code points styled before a document shows (several screens)
_CHUNK = 50_000  # then this many per idle moment (a few ms with 5,000 spans per 1 MB)


def load_text(edit: QPlainTextEdit, text: str) -> None:
    """setPlainText, except that a leading U+FEFF or U+FFFE is kept as a character: Qt would
    take it for a byte order mark (dropping it, or byte-swapping the whole text)."""
    if text[:1] in ("\ufeff", "\ufffe"):
        edit.setPlainText("x" + text)
        cursor = QTextCursor(edit.document())
        cursor.setPosition(1, QTextCursor.MoveMode.KeepAnchor)
        cursor.removeSelectedText()
    else:
        edit.setPlainText(text)


def _blend(colors: list[QColor]) -> QColor:
    n = len(colors)
    return QColor(
        sum(c.red() for c in colors) // n,
        sum(c.green() for c in colors) // n,
        sum(c.blue() for c in colors) // n,
    )


class DocumentView(QPlainTextEdit):
    """Shows one document; reports selections and clicks in code points."""

    clicked = Signal(int)  # a click without a drag, at this code point
    caretMoved = Signal(int)

    def __init__(self, parent=None):
        super().__init__(parent)
        self.setReadOnly(True)
        self.setTextInteractionFlags(
            Qt.TextInteractionFlag.TextSelectableByMouse
            | Qt.TextInteractionFlag.TextSelectableByKeyboard
        )
        self.setFrameShape(QFrame.Shape.NoFrame)
        self.setWordWrapMode(QTextOption.WrapMode.WrapAtWordBoundaryOrAnywhere)
        font = QFont(self.font())
        font.setPointSizeF(max(font.pointSizeF(), 10.0) * 1.25)
        self.setFont(font)
        self.document().setDocumentMargin(24)
        self.document().setUndoRedoEnabled(False)
        self.positions = PositionMap("")
        self._spans: dict[int, Span] = {}
        self._relations: list[Relation] = []
        self._colors: dict[str, QColor] = {}
        self.selected_span: Span | None = None
        # (suggestions, suggested links, the current one's key): drawn over the text.
        self.suggested: tuple[list, list, tuple | None] = ([], [], None)
        self._unpainted: list[tuple[int, int]] = []  # code-point stretches not styled yet
        self._painter = QTimer(self, interval=0)
        self._painter.timeout.connect(self._paint_some)
        self.cursorPositionChanged.connect(lambda: self.caretMoved.emit(self.caret()))

    # ----------------------------------------------------------------- content
    def show_document(self, text: str, spans: list[Span], relations: list[Relation],
                      colors: dict[str, str]) -> None:
        self.positions = PositionMap(text)
        self.selected_span = None
        self.suggested = ([], [], None)
        self.setExtraSelections([])
        # The text edit gives the text it loads the caret's character format: a caret left
        # inside a span would paint the whole next document in that span's colour.
        self.setCurrentCharFormat(QTextCharFormat())
        load_text(self, text)
        self._colors = {name: QColor(value) for name, value in colors.items()}
        self._spans = {s.id: s for s in spans}
        self._relations = list(relations)
        # The first screens now; the rest a stretch at a time while the window is idle, the
        # stretch in view first: a long article shows at once and never freezes the window.
        length = self.positions.length
        self._paint(0, min(length, _FIRST), fresh=True)
        self._unpainted = [(a, min(a + _CHUNK, length)) for a in range(_FIRST, length, _CHUNK)]
        if self._unpainted:
            self._painter.start()

    def _paint_some(self) -> None:
        """Paint one unpainted stretch (the one in view, if any), on the idle timer."""
        if not self._unpainted:
            self._painter.stop()
            return
        top = self.top_offset()
        stretch = next((r for r in self._unpainted if r[0] <= top + _CHUNK and r[1] > top),
                       self._unpainted[0])
        self._unpainted.remove(stretch)
        self._paint(*stretch, fresh=True)

    def finish_painting(self) -> None:
        """Paint what is left now (before a screenshot, a print, or a test's look)."""
        while self._unpainted:
            self._paint(*self._unpainted.pop(), fresh=True)
        self._painter.stop()

    def set_colors(self, colors: dict[str, str]) -> None:
        self._colors = {name: QColor(value) for name, value in colors.items()}
        self._unpainted = []
        self._paint(0, self.positions.length)

    def update_spans(self, spans: list[Span], relations: list[Relation]) -> None:
        """Show these spans and relations, restyling only where spans changed."""
        new = {s.id: s for s in spans}
        changed = set(self._spans.values()).symmetric_difference(new.values())
        self._spans = new
        if changed:
            self._paint(min(s.start for s in changed), max(s.end for s in changed))
        self._relations = list(relations)
        if self.selected_span is not None:
            self.select_span(new.get(self.selected_span.id))
        self.viewport().update()

    def spans(self) -> list[Span]:
        return list(self._spans.values())

    def show_suggestions(self, suggestions: list, links: list, current: tuple | None) -> None:
        """Draw these suggestions (and suggested links) over the text; `current` is the key
        of the one the keys act on."""
        self.suggested = (list(suggestions), list(links), current)
        self.viewport().update()

    def label_color(self, label: str) -> QColor:
        return self._colors.get(label, QColor("#dddddd"))

    # --------------------------------------------------------------- selection
    def caret(self) -> int:
        """The caret's code point."""
        return self.positions.from_qt(self.textCursor().position())

    def selected_range(self) -> tuple[int, int] | None:
        """The text selection in code points [start, end), or None when nothing is selected."""
        cursor = self.textCursor()
        if not cursor.hasSelection():
            return None
        start = self.positions.from_qt(cursor.selectionStart())
        end = self.positions.from_qt(cursor.selectionEnd(), round_up=True)
        return (start, end) if start < end else None

    def select_range(self, start: int, end: int) -> None:
        """Select code points [start, end) through the real text cursor."""
        cursor = QTextCursor(self.document())
        cursor.setPosition(self.positions.to_qt(start))
        cursor.setPosition(self.positions.to_qt(end), QTextCursor.MoveMode.KeepAnchor)
        self.setTextCursor(cursor)

    def clear_selection(self) -> None:
        cursor = self.textCursor()
        cursor.clearSelection()
        self.setTextCursor(cursor)

    def select_span(self, span: Span | None) -> None:
        """Mark one span as selected (a darker fill and a frame-like underline)."""
        self.selected_span = span
        if span is None:
            self.setExtraSelections([])
            return
        selection = QTextEdit.ExtraSelection()
        cursor = QTextCursor(self.document())
        cursor.setPosition(self.positions.to_qt(span.start))
        cursor.setPosition(self.positions.to_qt(span.end), QTextCursor.MoveMode.KeepAnchor)
        selection.cursor = cursor
        fmt = QTextCharFormat()
        color = self._colors.get(span.label, QColor("#dddddd"))
        fmt.setBackground(color.darker(135))
        fmt.setForeground(_INK)
        fmt.setUnderlineStyle(QTextCharFormat.UnderlineStyle.SingleUnderline)
        fmt.setUnderlineColor(_INK)
        selection.format = fmt
        self.setExtraSelections([selection])
        self.ensure_visible(span.start)

    def ensure_visible(self, offset: int) -> None:
        cursor = QTextCursor(self.document())
        cursor.setPosition(self.positions.to_qt(offset))
        self.setTextCursor(cursor)
        self.ensureCursorVisible()

    # ---------------------------------------------------------------- position
    def top_offset(self) -> int:
        """The code point at the top left of the visible text."""
        return self.positions.from_qt(self.firstVisibleBlock().position())

    def scroll_to(self, offset: int) -> None:
        """Scroll so that the line holding `offset` is at the top (the caret goes there)."""
        bar = self.verticalScrollBar()
        bar.setValue(bar.maximum())  # from below, ensureCursorVisible stops at the top line
        self.ensure_visible(offset)

    # ------------------------------------------------------------------- mouse
    def mouseReleaseEvent(self, event) -> None:
        super().mouseReleaseEvent(event)
        if event.button() == Qt.MouseButton.LeftButton and not self.textCursor().hasSelection():
            position = self.cursorForPosition(event.position().toPoint()).position()
            self.clicked.emit(self.positions.from_qt(position))

    # ---------------------------------------------------------------- painting
    def _paint(self, lo: int, hi: int, fresh: bool = False) -> None:
        """Restyle code points [lo, hi) from the spans that touch them. On a `fresh` text
        (just loaded, no formats yet) the stretches without spans are left alone."""
        if lo >= hi:
            return
        touching = sorted(
            (s for s in self._spans.values() if s.start < hi and s.end > lo),
            key=lambda s: s.start)
        edges = sorted({lo, hi, *(max(lo, min(hi, p)) for s in touching for p in (s.start, s.end))})
        positions = self.positions.to_qt_sorted(edges)
        cursor = QTextCursor(self.document())
        cursor.beginEditBlock()
        plain = QTextCharFormat()
        formats: dict[tuple, QTextCharFormat] = {}
        active: list[Span] = []
        pending = iter(touching)
        upcoming = next(pending, None)
        keep = QTextCursor.MoveMode.KeepAnchor
        for i, a in enumerate(edges[:-1]):
            while upcoming is not None and upcoming.start <= a:
                active.append(upcoming)
                upcoming = next(pending, None)
            active = [s for s in active if s.end > a]
            if active:
                fmt = self._format(active, formats)
            elif fresh:
                continue
            else:
                fmt = plain
            cursor.setPosition(positions[i])
            cursor.setPosition(positions[i + 1], keep)
            cursor.setCharFormat(fmt)
        cursor.endEditBlock()

    def _format(self, active: list[Span], cache: dict) -> QTextCharFormat:
        """The look of a stretch covered by `active` spans (cached by their labels)."""
        inner = min(active, key=lambda s: s.end - s.start).label if len(active) > 1 else None
        key = (tuple(sorted(s.label for s in active)), inner)
        fmt = cache.get(key)
        if fmt is None:
            fmt = cache[key] = QTextCharFormat()
            fmt.setBackground(_blend([self._colors.get(name, QColor("#dddddd"))
                                      for name in key[0]]))
            fmt.setForeground(_INK)
            if inner is not None:
                fmt.setUnderlineStyle(QTextCharFormat.UnderlineStyle.SingleUnderline)
                fmt.setUnderlineColor(self._colors.get(inner, QColor("#555555")).darker(200))
        return fmt

    def _anchor(self, span: Span) -> QRect:
        cursor = QTextCursor(self.document())
        cursor.setPosition(self.positions.to_qt(span.start))
        return self.cursorRect(cursor)

    def paintEvent(self, event) -> None:
        """Draw each relation as a thin arc from its head span to its child span, with an
        arrow head at the child. A relation with one end off screen is a short stub from the
        end in view towards the other; one with both ends off screen is not drawn."""
        super().paintEvent(event)
        if self.suggested[0]:
            from annotator.ui import suggestion_overlay

            suggestion_overlay.draw(self)
        if not self._relations:
            return
        painter = QPainter(self.viewport())
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        # Sizes follow the text (zoom); they are logical pixels, which the painter multiplies
        # by the screen's device pixel ratio.
        line = self.fontMetrics().height()
        arcs = _Arcs(painter, self.viewport().rect(), line)
        for relation in self._relations:
            head = self._spans.get(relation.head_span_id)
            child = self._spans.get(relation.child_span_id)
            if head is not None and child is not None:
                arcs.draw(self._anchor(head), self._anchor(child),
                          self._colors.get(relation.label, QColor("#555555")))
        painter.end()


class _Arcs:
    """Draws relations on the viewport: arcs that stay inside it, stubs towards ends off it."""

    def __init__(self, painter: QPainter, view: QRect, line: int):
        self.painter = painter
        self.view = view
        self.line = line
        self.width = max(1.0, line / 14)
        self.head_size = max(4.0, line * 0.28)

    def draw(self, a: QRect, b: QRect, color: QColor) -> None:
        a_in, b_in = self._in_view(a), self._in_view(b)
        if a_in and b_in:
            self._arc(a, b, color)
        elif a_in or b_in:
            self._stub(a if a_in else b, above=(b if a_in else a).top() < self.view.top(),
                       to_child=a_in, color=color)

    def _in_view(self, rect: QRect) -> bool:
        return self.view.top() <= rect.center().y() <= self.view.bottom()

    def _pen(self, color: QColor, dashed: bool = False) -> None:
        pen = QPen(color, self.width)
        if dashed:
            pen.setStyle(Qt.PenStyle.DashLine)
        self.painter.setPen(pen)
        self.painter.setBrush(Qt.BrushStyle.NoBrush)  # a path is a line, never a filled shape

    def _arc(self, a: QRect, b: QRect, color: QColor) -> None:
        start = QPointF(a.left() + 4, a.top() + 1)
        end = QPointF(b.left() + 4, b.top() + 1)
        lift = self.line * 0.7 + abs(start.y() - end.y()) * 0.15
        # The arc rises above the higher end, but never out of the view.
        top = max(min(start.y(), end.y()) - lift, self.view.top() + self.width + 1)
        path = QPainterPath(start)
        path.cubicTo(QPointF(start.x(), top), QPointF(end.x(), top), end)
        self._pen(color)
        self.painter.drawPath(path)
        self._head(end, down=True, color=color)

    def _stub(self, rect: QRect, above: bool, to_child: bool, color: QColor) -> None:
        """A dashed stub a few lines long from `rect` towards the end off screen (above or
        below); its arrow points at the child, whichever end that is."""
        x = rect.left() + 4
        near = rect.top() + 1 if above else rect.bottom()
        edge = self.view.top() + 2 if above else self.view.bottom() - 2
        far = near - 2.5 * self.line if above else near + 2.5 * self.line
        far = max(far, edge) if above else min(far, edge)
        self._pen(color, dashed=True)
        self.painter.drawLine(QPointF(x, near), QPointF(x, far))
        if to_child:  # the visible end is the head: the arrow leaves the view
            self._head(QPointF(x, far), down=not above, color=color)
        else:  # the visible end is the child: the arrow arrives at it
            self._head(QPointF(x, near), down=above, color=color)

    def _head(self, tip: QPointF, down: bool, color: QColor) -> None:
        size = self.head_size
        back = -size if down else size
        self.painter.save()
        self.painter.setPen(Qt.PenStyle.NoPen)
        self.painter.setBrush(color)
        self.painter.drawPolygon([tip, QPointF(tip.x() - size * 0.6, tip.y() + back),
                                  QPointF(tip.x() + size * 0.6, tip.y() + back)])
        self.painter.restore()
