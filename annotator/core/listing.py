"""The document list's search box: words to find in titles and texts, or `field=value` to
keep the documents whose meta field holds a value (store/listing.py makes the SQL)."""

from __future__ import annotations

import re

_FIELD = re.compile(r"^\s*([^\s=]+)=(.*)$", re.S)


def split_search(text: str) -> tuple[str, tuple[str, str] | None]:
    """The search box's text -> (words to find in titles and texts, (meta field, value)).
    `outlet=Reuters` filters by a meta field (`outlet` and `date` also find the fields
    the list's columns show under other names); anything else searches the texts."""
    found = _FIELD.match(text)
    if found is None:
        return text, None
    return "", (found.group(1), found.group(2).strip())
