"""Open a 1 MB article with 5,000 spans in the real document view, and add one span to it.

Prints each figure beside plain `QPlainTextEdit.setPlainText` of the same text, measured in
the same run, and the ratio. Targets (DESIGN §6): show < 150 ms, add one span < 16 ms.

Run: QT_QPA_PLATFORM=offscreen python benchmarks/view.py
"""

from __future__ import annotations

import os
import random
import statistics
import time

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtWidgets import QApplication, QPlainTextEdit  # noqa: E402

from annotator.core.models import Span  # noqa: E402
from annotator.core.text import Tokens  # noqa: E402
from annotator.ui.document_view import DocumentView  # noqa: E402

LABELS = {"SPEAKER": "#ffd166", "CLAIM": "#9fd3f0", "POLICY": "#b9e6a1", "ORG": "#d7c4f2"}


def article(size: int = 1_000_000) -> str:
    rnd = random.Random(7)
    words = ("trade talks tariffs Beijing Washington officials said the US and China "
             "negotiations deal 😀 Mr Xi Liu He would".split())
    paragraphs, n = [], 0
    while n < size:
        p = " ".join(rnd.choice(words) for _ in range(rnd.randint(40, 120))) + "."
        paragraphs.append(p)
        n += len(p) + 2
    return "\r\n\r\n".join(paragraphs)[:size]


def spans(text: str, count: int = 5000) -> list[Span]:
    rnd = random.Random(11)
    tokens = Tokens.of(text)
    out = []
    for i in range(count):
        first = rnd.randrange(len(tokens) - 12)
        last = first + rnd.randint(0, 10)
        out.append(Span(i + 1, 1, "bench", tokens.starts[first], tokens.ends[last],
                        rnd.choice(list(LABELS))))
    return out


def best_of(n: int, fn) -> float:
    times = []
    for _ in range(n):
        t = time.perf_counter()
        fn()
        QApplication.processEvents()
        times.append((time.perf_counter() - t) * 1000)
    return statistics.median(times)


def main() -> None:
    app = QApplication.instance() or QApplication([])
    text = article()
    many = spans(text)
    plain = QPlainTextEdit()
    plain.resize(900, 700)
    plain.show()
    view = DocumentView()
    view.resize(900, 700)
    view.show()

    baseline = best_of(5, lambda: plain.setPlainText(text))
    show = best_of(5, lambda: view.show_document(text, many, [], LABELS))
    extra = Span(10_000, 1, "bench", many[0].start, many[0].end, "ORG")
    view.show_document(text, many, [], LABELS)

    def add_one():
        view.update_spans(many + [extra], [])
        view.update_spans(many, [])  # and take it away again, for the next round

    add = best_of(11, add_one) / 2
    print(f"text: {len(text):,} code points, {len(many):,} spans")
    print(f"{'':34}{'ms':>9}{'× baseline':>12}{'target':>10}")
    print(f"{'setPlainText (baseline)':34}{baseline:9.1f}{1:12.2f}")
    print(f"{'show with highlights':34}{show:9.1f}{show / baseline:12.2f}{'< 150':>10}")
    print(f"{'add one span (restyle)':34}{add:9.1f}{add / baseline:12.2f}{'< 16':>10}")
    app.quit()


if __name__ == "__main__":
    main()
