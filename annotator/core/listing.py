"""The document list's news columns and search box: which meta fields are a document's
outlet and date (first found wins), which columns a project's documents fill (remembered
at import, so opening a large project reads no meta), and the search box's words or
`field=value` (store/listing.py makes the SQL)."""

from __future__ import annotations

import re

OUTLET_FIELDS = ("outlet", "sitename", "publisher", "site", "source_name")
DATE_FIELDS = ("date", "published", "publication_date", "pubdate", "date_publish")
COLUMNS = ("outlet", "date", "duplicate")  # what the list shows when documents have them
COLUMNS_SETTING = "list_columns"


def columns_of(meta: dict) -> set[str]:
    """The list columns a document with this meta fills."""
    found = set()
    if any(meta.get(f) not in (None, "") for f in OUTLET_FIELDS):
        found.add("outlet")
    if any(meta.get(f) not in (None, "") for f in DATE_FIELDS):
        found.add("date")
    if meta.get("duplicate_of") is not None:
        found.add("duplicate")
    return found

_FIELD = re.compile(r"^\s*([^\s=]+)=(.*)$", re.S)


def split_search(text: str) -> tuple[str, tuple[str, str] | None]:
    """The search box's text -> (words to find in titles and texts, (meta field, value)).
    `outlet=Reuters` filters by a meta field (`outlet` and `date` also find the fields
    the list's columns show under other names); anything else searches the texts."""
    found = _FIELD.match(text)
    if found is None:
        return text, None
    return "", (found.group(1), found.group(2).strip())
