"""Text rules: decoding, hashing, tokens and snapping. Offsets are `str` indices (code points).

The stored text is the imported text exactly; the only thing removed on decoding is a UTF-8 byte
order mark, which is an encoding artefact and not text.
"""

from __future__ import annotations

import bisect
import functools
import re
import unicodedata
from dataclasses import dataclass

from annotator.core.errors import InvalidInput
from annotator.core.wording import shorten


class _Lazy:
    """A regular expression compiled when first used: compiling these wide character classes
    at import cost every command's start about 4 ms."""

    def __init__(self, source: str):
        self._source = source

    def __getattr__(self, name: str):  # (only until compiled: then the methods are set)
        compiled = re.compile(self._source)
        self.search, self.match, self.finditer = compiled.search, compiled.match, compiled.finditer
        return getattr(compiled, name)


BOM = "\ufeff"
NEWLINE = b"\n"
# What a name shown on one line (a label, an annotator) cannot hold.
CONTROL = _Lazy("[\x00-\x1f\x7f-\x9f\u2028\u2029]")

# Scripts written without spaces between words: Han (with its radicals, marks and extensions),
# Bopomofo, Hiragana, Katakana (and half-width Katakana), Thai, Lao, Myanmar and Khmer. Each of
# their characters is a token of its own (as spaCy's Chinese default and Chinese BERT
# vocabularies split them), so that a span may begin or end anywhere in a run of them.
_UNSPACED = ("\u0e00-\u0eff\u1000-\u109f\u1780-\u17ff\u2e80-\u2fdf\u3005-\u3007"
             "\u3021-\u3029\u3031-\u3035\u3038-\u303c\u3040-\u30ff\u3100-\u312f"
             "\u31a0-\u31bf\u31f0-\u31ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff"
             "\uff66-\uff9f\U00020000-\U0003134f")
_WORD = rf"(?:[^\W{_UNSPACED}]|[\u0300-\u036f])"
# A token is a run of word characters (letters, digits, marks, underscore), possibly joined by
# inner apostrophes, hyphens or dots ("Xi's", "Vice-Premier", "U.S", "3.5"), one character of a
# script written without spaces, or any other single non-space character (punctuation,
# symbols, each emoji code point). A combining mark joins the token before it (_join_marks).
_ONE_CHARACTER = _Lazy(f"[{_UNSPACED}]")
_TOKEN_PATTERN = rf"{_WORD}+(?:['’.\-]{_WORD}+)*|[{_UNSPACED}]|[^\w\s]"


@functools.cache
def _token() -> re.Pattern:
    """The token pattern, compiled when first used (3 ms of every start otherwise)."""
    return re.compile(_TOKEN_PATTERN)


def is_utf8(encoding: str | None) -> bool:
    return encoding is None or encoding.replace("-", "").replace("_", "").lower() in (
        "utf8", "utf8sig")


# Byte order marks that name their encoding (UTF-32 first: its LE mark begins like UTF-16's).
_BOMS = ((b"\xff\xfe\x00\x00", "utf-32"), (b"\x00\x00\xfe\xff", "utf-32"),
         (b"\xff\xfe", "utf-16"), (b"\xfe\xff", "utf-16"))


def bom_encoding(head: bytes) -> str | None:
    """The encoding a UTF-16 or UTF-32 byte order mark at the start of a file names, if any.
    Such a mark is unambiguous, so a file that has one is read in its encoding unasked."""
    return next((name for mark, name in _BOMS if head.startswith(mark)), None)


def refuse_binary(data: bytes, where: str, lineno: int | None = None) -> None:
    """UTF-8 text never holds a NUL byte: a file that does is binary, or UTF-16/32 text
    without a byte order mark. Say which line (the first that holds one) when asked."""
    at = data.find(b"\x00")
    if at < 0:
        return
    if lineno is not None:
        where = f"{where}:{lineno + data.count(NEWLINE, 0, at)}"
    raise InvalidInput("not a text file (it holds NUL bytes); if it is UTF-16 text without a "
                       "byte order mark, give its encoding (--encoding utf-16-le)", where)


def decode(data: bytes, where: str, encoding: str | None = None, binary_ok: bool = False) -> str:
    """Bytes of a file to text: strict UTF-8 (a leading BOM dropped) unless told otherwise or
    the file starts with a UTF-16/32 byte order mark. NUL bytes in UTF-8 are refused as a
    binary file unless `binary_ok` (a text that holds U+0000 on purpose)."""
    encoding = encoding or bom_encoding(data)
    if is_utf8(encoding):
        if data.startswith(b"\xef\xbb\xbf"):
            data = data[3:]
        if not binary_ok:
            refuse_binary(data, where)
        try:
            return data.decode("utf-8")
        except UnicodeDecodeError as e:
            raise InvalidInput(
                f"not UTF-8 (byte 0x{data[e.start]:02x} at offset {e.start}); "
                "give its encoding with --encoding", where
            ) from None
    try:
        text = data.decode(encoding)
    except LookupError:
        raise InvalidInput(f"unknown encoding {encoding!r}", where) from None
    except UnicodeDecodeError as e:
        raise InvalidInput(f"not valid {encoding} at byte offset {e.start}", where) from None
    except (UnicodeError, ValueError) as e:
        raise InvalidInput(f"cannot decode as {encoding}: {e}", where) from None
    return text[1:] if text.startswith(BOM) else text


def sha256(text: str) -> str:
    import hashlib  # (not for a command that only reads)

    return hashlib.sha256(text.encode("utf-8", "surrogatepass")).hexdigest()


def check_text(text: object, where: str | None = None) -> str:
    """A document text must be a str that SQLite and UTF-8 can hold (no lone surrogates)."""
    if not isinstance(text, str):
        raise InvalidInput(f"'text' must be a string, not {type(text).__name__}", where)
    try:
        text.encode("utf-8")
    except UnicodeEncodeError as e:
        raise InvalidInput(f"text holds a lone surrogate at offset {e.start}", where) from None
    return text


def title_of(text: str, limit: int = 120) -> str:
    """A readable title: the first non-blank line, shortened."""
    head = text.lstrip()[:4 * limit]  # not the whole text: titles are short
    lines = head.splitlines()
    if len(head) == 4 * limit and len(lines) == 1 and len(" ".join(head.split())) <= limit:
        lines = text.splitlines()  # a first line of mostly spaces: read all of it
    for line in lines:
        line = " ".join(line.split())
        if line:
            return shorten(line, limit)
    return ""


@dataclass(frozen=True)
class Tokens:
    """Token boundaries of one text, for snapping and for token indices in exports."""

    starts: tuple[int, ...]
    ends: tuple[int, ...]

    @classmethod
    def of(cls, text: str) -> "Tokens":
        pairs = [m.span() for m in _token().finditer(text)]
        if not text.isascii():
            pairs = _join_marks(text, pairs)
        if not pairs:
            return cls((), ())
        starts, ends = zip(*pairs)
        return cls(starts, ends)

    @classmethod
    def near(cls, text: str, start: int, end: int, margin: int = 64) -> "Tokens":
        """The tokens of the stretch of `text` around [start, end), with offsets into the
        whole text. The stretch is cut at whitespace, which no token holds, or before a Han
        character, which always begins a token, so its tokens are exactly the whole text's
        there: snapping a selection in a long article (one without spaces too) does not
        tokenize all of it."""
        a = _space_before(text, max(0, start - margin))
        found = _CUT.search(text, min(len(text), max(end, start) + margin))
        b = found.start() if found else len(text)
        local = cls.of(text[a:b])
        return cls(tuple(s + a for s in local.starts), tuple(e + a for e in local.ends))

    def __len__(self) -> int:
        return len(self.starts)

    def covering(self, start: int, end: int) -> tuple[int, int] | None:
        """Indices (first, last inclusive) of tokens that overlap [start, end), or None."""
        first = bisect.bisect_right(self.ends, start)
        last = bisect.bisect_left(self.starts, end) - 1
        if first > last:
            return None
        return first, last


def spaced(text: str) -> list[tuple[int, int, bool]]:
    """The words of `text` as spaCy and Prodigy hold them, as (start, end, ws): our tokens, each
    with `ws` when one space follows it, and any other whitespace (a line break, a tab, the
    second of two spaces) as a word of its own, as spaCy's tokenizer makes them. Joining each
    word's text and a space where `ws` is the text again."""
    tokens = Tokens.of(text)
    out: list[tuple[int, int, bool]] = []
    position = 0
    for start, end in [*zip(tokens.starts, tokens.ends), (len(text), len(text))]:
        if position < start and out and text[position] == " ":
            out[-1] = (out[-1][0], out[-1][1], True)
            position += 1
        if position < start:
            out.append((position, start, False))
        if start < end:
            out.append((start, end, False))
        position = end
    return out


_CUT = _Lazy(r"\s|(?=[\u3400-\u4dbf\u4e00-\u9fff])")


def _space_before(text: str, i: int) -> int:
    """The offset just after the last whitespace before `i`, or of the last Han character
    there (0 if there is neither)."""
    while i > 0:
        low = max(0, i - 256)
        last = None
        for last in _CUT.finditer(text, low, i):
            pass
        if last is not None:
            return last.end()
        i = low
    return 0


def _join_marks(text: str, pairs: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """A combining mark (Devanagari vowel signs, Arabic harakat, ...) is not a word character
    to `re`: join it, and what touches it, to the word it belongs to (a character of a script
    written without spaces stays a token of its own, with its marks)."""
    out: list[tuple[int, int]] = []
    for start, end in pairs:
        if out and out[-1][1] == start and (
                _is_mark(text[start])
                or (_is_mark(text[start - 1]) and not _ONE_CHARACTER.match(text, start))):
            out[-1] = (out[-1][0], end)
        else:
            out.append((start, end))
    return out


def _is_mark(ch: str) -> bool:
    return ch > "\u02ff" and unicodedata.category(ch)[0] == "M"


def _is_word(ch: str) -> bool:
    return ch.isalnum() or unicodedata.category(ch).startswith("M") or ch == "_"


def snap(text: str, tokens: Tokens, start: int, end: int) -> tuple[int, int] | None:
    """Grow [start, end) to whole tokens; drop surrounding whitespace and punctuation.

    Punctuation inside the selection stays ("U.S.-China", a quoted claim's inner commas); a
    selection made only of punctuation keeps it. Returns None when nothing but space is selected.
    """
    start, end = max(0, start), min(len(text), end)
    if start >= end:
        return None
    hit = tokens.covering(start, end)
    if hit is None:
        return None
    first, last = hit
    inner = [i for i in range(first, last + 1) if _is_word(text[tokens.starts[i]])]
    if inner:
        first, last = inner[0], inner[-1]
    return tokens.starts[first], tokens.ends[last]


def trimmed(text: str, start: int, end: int) -> tuple[int, int]:
    """The span [start, end) of `text` without whitespace at its edges (possibly empty)."""
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return start, end
