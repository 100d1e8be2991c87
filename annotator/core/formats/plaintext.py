"""Plain `.txt` files: one document per file, the text exactly as decoded."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

from annotator.core.errors import InvalidInput
from annotator.core.formats import Record
from annotator.core.text import decode, title_of


def read(path: Path, uid: str, encoding: str | None = None) -> Iterator[Record]:
    try:
        data = path.read_bytes()
    except OSError as e:
        raise InvalidInput(f"cannot read: {e.strerror}", str(path)) from None
    text = decode(data, str(path), encoding)
    if not text.strip():
        raise InvalidInput("the file is empty (nothing to annotate)", str(path))
    yield Record(
        where=str(path), text=text, uid=uid, title=title_of(text),
        meta={"source": path.name},
    )
