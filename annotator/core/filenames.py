"""File names made from data (a document's id, an annotator's name) that every system takes.

Windows refuses `< > : " / \\ | ? *` and control characters, a name ending in a dot or a
space, and the names it keeps for devices (`CON`, `NUL`, `COM1`, … whatever follows the first
dot, `CON.txt` too); Linux refuses a name over 255 bytes, Windows over 255 UTF-16 units;
macOS and Windows compare names without case. A name here keeps letters (of any script),
digits, `_`, `-` and `.`; anything else becomes `_`; it is at most MAX_BYTES of UTF-8 (room
left for the endings written after it); and a name that had to change (or is a device's, or
is taken already) gets a short hash of the original, so two originals never share a file.
"""

from __future__ import annotations

import hashlib
import re

_UNSAFE = re.compile(r"[^\w.\-]+")
MAX_BYTES = 120  # UTF-8 bytes of the name before its endings ("-" + hash + ".meta.json" …)
# Names Windows keeps for devices, whatever follows the first dot (superscript digits too).
DEVICES = {"CON", "PRN", "AUX", "NUL", "CONIN$", "CONOUT$",
           *(f"{port}{n}" for port in ("COM", "LPT") for n in "123456789¹²³")}


def _cut(text: str, limit: int) -> str:
    """`text` cut to at most `limit` bytes of UTF-8, on a character boundary."""
    data = text.encode("utf-8", "surrogatepass")
    if len(data) <= limit:
        return text
    return data[:limit].decode("utf-8", "ignore")


def safe_name(text: str) -> str:
    """`text` as a name every system takes (not yet one to one: see Names)."""
    name = _cut(_UNSAFE.sub("_", text), MAX_BYTES).strip("._")
    return name or "document"


def is_device(name: str) -> bool:
    return name.split(".")[0].upper() in DEVICES


class Names:
    """File names for names, one to one within one folder (or export)."""

    def __init__(self, reserved: tuple[str, ...] | list[str] = ()) -> None:
        self.given: dict[str, str] = {}
        self.taken = {name.casefold() for name in reserved}

    def name(self, original: str) -> str:
        if original in self.given:
            return self.given[original]
        name = safe_name(original)
        if name != original or name.casefold() in self.taken or is_device(name):
            digest = hashlib.sha256(original.encode("utf-8", "surrogatepass")).hexdigest()
            head, dot, rest = name.partition(".")  # before the first dot: `CON.a` is CON too
            name = f"{head}-{digest[:8]}{dot}{rest}"
            n = 2
            while name.casefold() in self.taken:  # a hash already given out: count on
                name = f"{name.rsplit('~', 1)[0]}~{n}"
                n += 1
        self.taken.add(name.casefold())
        self.given[original] = name
        return name
