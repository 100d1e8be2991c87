"""JSON in and out, exactly: integers of any size stay integers, and a key given twice in one
object is refused (orjson would turn 2**70 into a float and keep the last of two keys).

orjson does the work; the standard `json` module only takes the rare text that orjson cannot
carry exactly (an integer beyond 64 bits), so speed stays orjson's.
"""

from __future__ import annotations

import re

import orjson

from annotator.core.errors import InvalidInput, brief

# A run of 20 digits may be an integer beyond 64 bits, which orjson reads as a float: digits
# become "0" and everything else " " (bytes.translate and `in` run at C speed; a regex that
# looks for digit runs costs ten times the parse).
_DIGITS = bytes(48 if 48 <= i <= 57 else 32 for i in range(256))
_LONG_RUN = b"0" * 20
# Every key in the text is a string followed by ':'. In orjson's re-written text, keys and
# quotes followed by ':' in string values are counted alike; a duplicate key is dropped from
# it, so a raw count above the re-written one says "look closer" (escaped quotes or colons
# could hide one: those texts are looked at closer too).
_KEY_END = re.compile(rb'"\s*:')
_ESCAPED = re.compile(rb"\\u00(?:22|3[aA])")


class DuplicateKey(ValueError):
    def __init__(self, key: str):
        super().__init__(key)
        self.key = key


def _pairs(pairs: list[tuple[str, object]]) -> dict:
    out = dict(pairs)
    if len(out) != len(pairs):
        seen = set()
        for key, _ in pairs:
            if key in seen:
                raise DuplicateKey(key)
            seen.add(key)
    return out


def _constant(name: str) -> object:
    raise ValueError(f"{name} is not JSON")


def _decoder():
    import json  # (only for the rare text orjson cannot carry exactly)

    return json.JSONDecoder(object_pairs_hook=_pairs, parse_constant=_constant)


def _needs_exact(raw: bytes, data: object) -> bool:
    if _LONG_RUN in raw.translate(_DIGITS):
        return True
    try:
        again = orjson.dumps(data)
    except orjson.JSONEncodeError:  # nested deeper than orjson writes: look closer
        return True
    return (len(_KEY_END.findall(raw)) != again.count(b'":')
            or _ESCAPED.search(raw) is not None)


def loads(raw: bytes | str, where: str | None = None) -> object:
    """Parse JSON as orjson does, but exactly (see above). A duplicate key raises
    InvalidInput naming it; a syntax error raises orjson.JSONDecodeError."""
    if isinstance(raw, str):
        raw = raw.encode("utf-8", "surrogatepass")
    data = orjson.loads(raw)
    if not isinstance(data, (dict, list)) or not _needs_exact(raw, data):
        return data
    text = raw.decode("utf-8", "surrogatepass")
    try:
        return _decoder().decode(text)
    except DuplicateKey as e:
        raise InvalidInput(f"the key {brief(e.key)} is given twice in one object "
                           "(which one is meant?)", where) from None
    except RecursionError:  # nested deeper than `json` recurses (orjson went to 1024)
        raise orjson.JSONDecodeError("depth limit exceeded", text, 0) from None


def duplicate_key_line(text: str) -> tuple[int, str] | None:
    """In a JSON text orjson has read: the line of the first object that gives a key twice
    (the line where the object starts), and the key. None if there is none."""
    import json

    decoder = _decoder()
    try:
        decoder.decode(text)
        return None
    except DuplicateKey as e:
        key = e.key
    # Find the object: walk the top-level list's items one by one (a task each, for a
    # Label Studio export), then name the line of the second occurrence of the key in it.
    start = text.index("[") + 1 if text.lstrip().startswith("[") else 0
    position = start
    while position < len(text):
        while position < len(text) and text[position] in " \t\r\n,":
            position += 1
        if position >= len(text) or text[position] == "]":
            break
        try:
            _, end = decoder.raw_decode(text, position)
        except DuplicateKey:
            piece = text[position:]
            quoted = json.dumps(key, ensure_ascii=False)
            hits = [m.start() for m in re.finditer(re.escape(quoted) + r"\s*:", piece)]
            at = position + (hits[1] if len(hits) > 1 else 0)
            return text.count("\n", 0, at) + 1, key
        position = end
    return 1, key


def dumps(obj: object, option: int = 0) -> bytes:
    """orjson's bytes; an integer beyond 64 bits is written exactly (by `json`, in orjson's
    shape: compact, or indented by two with OPT_INDENT_2; a newline after it with
    OPT_APPEND_NEWLINE)."""
    try:
        return orjson.dumps(obj, option=option)
    except orjson.JSONEncodeError as e:
        if "Integer exceeds" not in str(e):
            raise
        import json

        indent = 2 if option & orjson.OPT_INDENT_2 else None
        return json.dumps(obj, ensure_ascii=False, indent=indent,
                          separators=(",", ": ") if indent else (",", ":"),
                          allow_nan=False).encode("utf-8") + (
            b"\n" if option & orjson.OPT_APPEND_NEWLINE else b"")
