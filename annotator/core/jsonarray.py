"""A file holding one JSON array, read element by element: memory stays flat in the number of
elements (a Label Studio export of a million tasks is read a task at a time).

Each element is read exactly as `jsontext.loads` reads a whole file (orjson's strictness,
integers of any size, a key given twice refused, the same depth limit), and every error names
the line it is on, as orjson reading the whole text would. How it works: the file is decoded in
chunks; orjson, given the text from an element on, stops after it with "unexpected content
after document" at the element's end (or says the text ran out, or what is wrong, and where);
the element's text alone is then parsed by `jsontext.loads`.

Measured on a 78 MB export of 10,000 tasks (parsing only, CPU): 0.87 s and 36 MB here;
json's C scanner (`raw_decode`) finding the ends instead, 0.95 s; parsed whole, 2.1 s and
660 MB. ijson's C backend (yajl2_c) streams it in 0.7 s with a dict type that refuses a key
given twice, but it would be one more dependency, its errors give no line, and it reads JSON
otherwise than orjson (which every other reader here uses).
"""

from __future__ import annotations

import codecs
import re
from collections.abc import Iterator
from pathlib import Path

import orjson

from annotator.core import jsontext
from annotator.core.errors import InvalidInput
from annotator.core.text import bom_encoding, decode, is_utf8, refuse_binary

CHUNK = 1 << 20  # bytes read at a time
_SPACE = re.compile(r"[ \t\n\r]*")
_WINDOW = 1 << 14


class NotAnArray(Exception):
    """The file's first character (after spaces) is not '[': read it whole to say what it is."""


class SyntaxAt(ValueError):
    """Not valid JSON: orjson's message and the 1-based line it is on."""

    def __init__(self, msg: str, lineno: int):
        super().__init__(f"{msg} (line {lineno})")
        self.msg = msg
        self.lineno = lineno


def _pieces(path: Path, encoding: str | None, where: str) -> Iterator[str]:
    """The file's text in pieces: UTF-8 decoded a chunk at a time (a BOM dropped, NUL bytes
    and bad bytes refused as `text.decode` refuses them); another encoding decoded whole."""
    try:
        f = path.open("rb")
    except OSError as e:
        raise InvalidInput(f"cannot read: {e.strerror}", where) from None
    with f:
        data = f.read(max(CHUNK, 4))  # a byte order mark is whole in it
        encoding = encoding or bom_encoding(data)
        if not is_utf8(encoding):  # rare: one piece, as text.decode gives it
            yield decode(data + f.read(), where, encoding)
            return
        if data.startswith(codecs.BOM_UTF8):
            data = data[3:]
        decoder = codecs.getincrementaldecoder("utf-8")()
        fed = 0
        while True:
            refuse_binary(data, where)
            try:
                text = decoder.decode(data, final=not data)
            except UnicodeDecodeError as e:
                at = fed - (len(e.object) - len(data)) + e.start
                raise InvalidInput(f"not UTF-8 (byte 0x{e.object[e.start]:02x} at offset {at}); "
                                   "give its encoding with --encoding", where) from None
            if text or not data:  # "" only at the end (a chunk may end inside a character)
                yield text
            if not data:
                return
            fed += len(data)
            data = f.read(CHUNK)


class _Reader:
    """A window on the text: `buf` holds what is not yet read (from `i` on)."""

    def __init__(self, pieces: Iterator[str]):
        self.pieces = pieces
        self.buf = ""
        self.i = 0
        self.lines_before = 0  # newlines in the text dropped before `buf`
        self.eof = False
        self.window = _WINDOW  # characters orjson is given to find an element's end in

    def more(self) -> bool:
        """Read on; False at the end of the file."""
        if self.eof:
            return False
        piece = next(self.pieces, "")
        self.eof = not piece
        self.lines_before += self.buf.count("\n", 0, self.i)
        self.buf = self.buf[self.i:] + piece
        self.i = 0
        return bool(piece)

    def line(self, position: int) -> int:
        return self.lines_before + self.buf.count("\n", 0, position) + 1

    def char_at(self, j: int) -> tuple[str, int]:
        """The first character from `j` on that is not a space ('' at the end of the file),
        and where it is; reading on keeps the text from `i` on."""
        while True:
            j = _SPACE.match(self.buf, j).end()
            if j < len(self.buf):
                return self.buf[j], j
            shift = self.i
            if not self.more():
                return "", j
            j -= shift

    def next_char(self) -> str:
        """The next character that is not a space ('' at the end of the file), at `i`."""
        c, self.i = self.char_at(self.i)
        return c

    def refuse(self, state: str, start: int):
        """Raise orjson's own error for the text from `start` on, read after `state` (the
        text that puts orjson where the whole file's reading was: "[" before an element, or
        "[" before the element at `start`...), reading on until orjson finds it."""
        while True:
            probe = state + self.buf[start:]
            try:
                orjson.loads(probe)
            except orjson.JSONDecodeError as e:
                ran_out = e.pos >= len(probe) or "allocate" in e.msg  # (see element_end)
                if self.eof or not ran_out:
                    at = start + max(e.pos - len(state), 0)
                    raise SyntaxAt(e.msg, self.line(min(at, len(self.buf)))) from None
            else:
                if self.eof:
                    raise AssertionError(f"{probe[:80]!r} was expected to be refused")
            shift = self.i
            self.more()
            start -= shift

    def element_end(self) -> int:
        """Where the element at `i` ends (the first character after it that is not a
        space), reading on as needed. orjson reads a window of the text from `i`: "content
        after document" says where the element ended; a window too short is made longer."""
        while True:
            rest = len(self.buf) - self.i
            window = self.buf[self.i:self.i + self.window]
            try:
                orjson.loads(window)
                if self.eof and len(window) == rest:
                    return len(self.buf)
                ran_out = True  # (a number, cut where the window ends, may go on)
            except orjson.JSONDecodeError as e:
                if e.msg == "unexpected content after document":
                    self.window = max(_WINDOW, 2 * e.pos)
                    return self.i + e.pos
                # (orjson says "failed to allocate memory" for a text cut inside a few
                # hundred nested arrays, before where it was cut)
                ran_out = e.pos >= len(window) or "allocate" in e.msg
                if not ran_out or (self.eof and len(window) == rest):
                    self.refuse("[", self.i)
            if len(window) < rest:
                self.window *= 2
            else:
                self.more()

def items(path: Path, where: str, encoding: str | None = None) -> Iterator[object]:
    """Each element of the JSON array in `path`, in order. Raises NotAnArray (the file is not
    an array: nothing has been yielded), SyntaxAt, or InvalidInput (a key given twice, named
    with its line; the file is not text)."""
    r = _Reader(_pieces(path, encoding, where))
    if r.next_char() != "[":
        raise NotAnArray()
    # On an error, orjson reads the text from `r.i` (the "[", else the last element read)
    # on to where it went wrong, after `state`: it says what the whole file's reading says.
    state = ""
    c, j = r.char_at(r.i + 1)
    if c != "]":
        if c == "":
            r.refuse("", r.i)
        state, r.i = "[", j
        while True:
            end = r.element_end()
            yield _element(r, where, end)
            c, j = r.char_at(end)
            if c == "]":
                break
            if c != ",":
                r.refuse(state, r.i)
            c, k = r.char_at(j + 1)
            if c in ("]", ""):  # a comma before the end
                r.refuse(state, r.i)
            r.i = k
    c, k = r.char_at(j + 1)
    if c:
        r.refuse(state, r.i)


def _element(r: _Reader, where: str, end: int) -> object:
    text = r.buf[r.i:end]
    try:
        return jsontext.loads("[" + text + "]")[0]  # "[": the depth the file gives it
    except orjson.JSONDecodeError as e:
        raise SyntaxAt(e.msg, r.line(r.i) + e.lineno - 1) from None
    except InvalidInput as e:  # a key given twice: say on which line
        found = jsontext.duplicate_key_line(text)
        line = r.line(r.i) + (found[0] - 1 if found else 0)
        raise InvalidInput(e.message, f"{where}:{line}") from None
