"""How figures and text from files are worded for people: counts with the right plural, and
text shortened with "…" where it is cut. One way for the CLI, the window and every message."""

from __future__ import annotations


def plural(n: int, noun: str, many: str | None = None) -> str:
    """`n` and the noun in the number it takes: "1 document", "7 documents", "0 spans"
    (`many` for a noun that does not just add an s)."""
    return f"{n:,} {noun if n == 1 else many or noun + 's'}"


def shorten(text: str, limit: int = 60) -> str:
    """`text` on one line (each run of whitespace one space), at most `limit` characters;
    where it is cut it ends in "…", so a cut text never looks whole."""
    short = " ".join(text[: limit * 4].split())  # a long text's head is enough
    if len(short) <= limit and len(text) > limit * 4:
        short = " ".join(text.split())  # mostly spaces: read all of it
    return short if len(short) <= limit else short[: limit - 1].rstrip() + "…"
