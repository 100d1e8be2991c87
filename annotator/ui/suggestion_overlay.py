"""Suggestions drawn over the article so that they are never taken for annotations: a dashed
outline in the label's colour, no fill, the label's name small and faint above its start;
the current suggestion's outline is thicker and darker. Suggested links are dashed arcs.
Only what is in view is drawn, on every paint (nothing is stored in the text's formats)."""

from __future__ import annotations

from PySide6.QtCore import QPointF, QRect, QRectF, Qt
from PySide6.QtGui import QColor, QFont, QPainter, QPen

from annotator.ui.document_view import DocumentView, _Arcs

_GREY = QColor("#777777")


class _DashedArcs(_Arcs):
    def _pen(self, color: QColor, dashed: bool = False) -> None:
        super()._pen(color, dashed=True)


def ink(color: QColor) -> QColor:
    """A label's colour dark enough to be seen as a thin line on white."""
    return color.darker(150)


def line_rects(view: DocumentView, start: int, end: int, bottom: float) -> list[QRectF]:
    """The rectangles on the viewport of code points [start, end) that are in view down to
    `bottom`, a line piece at a time (a right-to-left piece too: its ends are swapped)."""
    qa, qb = view.positions.to_qt(start), view.positions.to_qt(end)
    offset = view.contentOffset()
    block = view.firstVisibleBlock()
    while block.isValid() and block.position() + block.length() <= qa:
        block = block.next()
    rects = []
    while block.isValid() and block.position() < qb:
        top = view.blockBoundingGeometry(block).translated(offset)
        if top.top() > bottom:
            break
        layout, base = block.layout(), block.position()
        for i in range(layout.lineCount()):
            line = layout.lineAt(i)
            a = max(qa - base, line.textStart())
            b = min(qb - base, line.textStart() + line.textLength())
            if a >= b:
                continue
            x1, x2 = line.cursorToX(a)[0], line.cursorToX(b)[0]
            rects.append(QRectF(min(x1, x2), line.y(), abs(x2 - x1), line.height())
                         .translated(top.topLeft()))
        block = block.next()
    return rects


def draw(view: DocumentView) -> None:
    """Paint the view's suggestions and suggested links that are in view."""
    found, links, current = view.suggested
    if not found:
        return
    viewport = view.viewport().rect()
    top = view.top_offset()
    corner = view.cursorForPosition(viewport.bottomRight()).position()
    last = view.positions.from_qt(corner, round_up=True) if corner else view.positions.length
    painter = QPainter(view.viewport())
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    line = view.fontMetrics().height()
    width = max(1.0, line / 16)
    small = QFont(view.font())
    small.setPointSizeF(max(6.0, view.font().pointSizeF() * 0.55))
    painter.setFont(small)
    anchors: dict[tuple, QRect] = {}
    for s in found:
        if s.end < top or s.start > last + 1:
            continue
        rects = [r for r in line_rects(view, s.start, s.end, viewport.bottom())
                 if r.width() >= 1]
        if not rects:
            continue
        anchors[s.key] = rects[0].toAlignedRect()
        chosen = s.key == current
        color = ink(view.label_color(s.label))
        if chosen:
            color = color.darker(140)
        pen = QPen(color, width * (2.2 if chosen else 1.0))
        pen.setStyle(Qt.PenStyle.DashLine)
        painter.setPen(pen)
        painter.setBrush(Qt.BrushStyle.NoBrush)
        for rect in rects:
            painter.drawRoundedRect(rect.adjusted(0.5, 1.0, -0.5, -0.5), 3, 3)
        faint = QColor(color)
        faint.setAlpha(255 if chosen else 150)
        painter.setPen(faint)
        painter.drawText(QPointF(rects[0].left() + 1, rects[0].top() + 1), s.label)
    if links:
        arcs = _DashedArcs(painter, viewport, line)
        for link in links:
            ends = [anchors.get(k) or _span_anchor(view, k) for k in (link.head, link.child)]
            if None not in ends:
                arcs.draw(*ends, ink(view.label_color(link.label)))
    painter.end()


def _span_anchor(view: DocumentView, key: tuple[int, int, str]) -> QRect | None:
    """Where a span of the layer (an end of a suggested link) starts on the viewport."""
    span = next((s for s in view.spans() if (s.start, s.end, s.label) == key), None)
    return view._anchor(span) if span is not None else None
