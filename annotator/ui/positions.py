"""Mapping between code-point offsets (what we store) and QTextDocument positions (what Qt has).

`QPlainTextEdit.setPlainText` does not keep one position per code point (DESIGN §3, measured on
PySide6 6.11): a character outside the BMP takes two positions (UTF-16) and a `\\r\\n` pair
becomes one paragraph break. Everything else (lone `\\r`, U+2028, U+2029, tabs, NUL, combining
marks) keeps one position each. (Qt also drops a leading U+FEFF and byte-swaps a text that
starts with U+FFFE; `load_text` in document_view.py keeps both from happening.)

The map stores only where the two disagree, so it costs nothing for plain text and is built in
one regex pass (O(n), in C). Look-ups are a bisect. Pure Python, so it is tested headless and
checked against a real QTextDocument in tests/ui.
"""

from __future__ import annotations

import bisect
import re
from itertools import accumulate

# Code points whose width in Qt positions is not 1: astral ones are 2; in "\r\n" the "\n" is 0
# (the pair is one break, and the "\r" keeps the position).
_SPECIAL = re.compile("[\U00010000-\U0010ffff]|\r\n")


class PositionMap:
    def __init__(self, text: str):
        self.length = len(text)
        # Segment k starts at code point boundary cp[k]; within it, qt = cp + shift[k]. Matches
        # never overlap, so each boundary after a special character is distinct.
        matches = [(m.end(), 1 if m.end() - m.start() == 1 else -1)
                   for m in _SPECIAL.finditer(text)]
        cp = [0] + [end for end, _ in matches]
        shift = list(accumulate((change for _, change in matches), initial=0))
        self._cp, self._shift = cp, shift
        self._qt = [c + d for c, d in zip(cp, shift)]
        self.qt_length = self.to_qt(self.length)

    def to_qt(self, offset: int) -> int:
        """The Qt position of the code-point boundary `offset`."""
        offset = min(max(offset, 0), self.length)
        k = bisect.bisect_right(self._cp, offset) - 1
        return offset + self._shift[k]

    def to_qt_sorted(self, offsets: list[int]) -> list[int]:
        """`to_qt` of many ascending offsets in one linear walk."""
        out, cp, shift, last = [], self._cp, self._shift, len(self._cp) - 1
        k = bisect.bisect_right(cp, offsets[0]) - 1 if offsets else 0
        for offset in offsets:
            while k < last and cp[k + 1] <= offset:
                k += 1
            out.append(offset + shift[k])
        return out

    def from_qt(self, position: int, round_up: bool = False) -> int:
        """The code-point boundary at Qt `position`.

        A position inside a character (between the two halves of a surrogate pair) goes to the
        boundary before it, or after it with `round_up`. Where several boundaries share one
        position (around the "\\n" of "\\r\\n"), the one that keeps the line break out of a
        selection's edge is chosen.
        """
        position = min(max(position, 0), self.qt_length)
        k = bisect.bisect_right(self._qt, position) - 1
        offset = position - self._shift[k]
        if k + 1 < len(self._cp) and offset >= self._cp[k + 1]:
            offset = self._cp[k + 1] if round_up else self._cp[k + 1] - 1
        return offset
