"""What the document list shows and how it is asked for: the news columns (outlet, date)
read from `meta` under the names extractors and scrapers give them, the orders it sorts by,
and the search box's `field=value` filter on any meta field."""

from __future__ import annotations

import re

# meta fields read as a document's outlet and date, first found wins
OUTLET_FIELDS = ("outlet", "sitename", "publisher", "site", "source_name")
DATE_FIELDS = ("date", "published", "publication_date", "pubdate", "date_publish")


def meta_value(name: str) -> str:
    """SQL for the meta field `name` of document `d` (any name: quoted as a JSON path)."""
    path = '$."' + name.replace("\\", "\\\\").replace('"', '\\"') + '"'
    return "json_extract(d.meta, '" + path.replace("'", "''") + "')"


def _first(fields: tuple[str, ...]) -> str:
    return "coalesce(" + ", ".join(f"nullif({meta_value(f)}, '')" for f in fields) + ")"


OUTLET = _first(OUTLET_FIELDS)
DATE = _first(DATE_FIELDS)


def field(name: str) -> str:
    """SQL for a meta field the person names: the list's outlet and date columns as shown."""
    return {"outlet": OUTLET, "date": DATE}.get(name, meta_value(name))


ORDERS = {"title": "d.title COLLATE NOCASE", "outlet": OUTLET + " COLLATE NOCASE",
          "date": DATE, "status": "coalesce(s.status, 'todo')"}


def order_by(order: str | None, descending: bool = False) -> str:
    """ORDER BY for a list sorted by `order` (documents without the field last, then
    project order), or project order."""
    if order is None:
        return " ORDER BY d.id"
    if order not in ORDERS:
        from annotator.core.errors import InvalidInput

        raise InvalidInput(f"the list sorts by {', '.join(ORDERS)}, not {order!r}")
    expr = ORDERS[order]
    return (f" ORDER BY ({expr}) IS NULL, {expr} {'DESC' if descending else 'ASC'}, "
            f"d.id")


def like(text: str) -> str:
    """A LIKE pattern (ESCAPE '\\') matching `text` anywhere."""
    return "%" + text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%"


_FIELD = re.compile(r"^\s*([^\s=]+)=(.*)$", re.S)


def split_search(text: str) -> tuple[str, tuple[str, str] | None]:
    """The search box's text -> (words to find in titles and texts, (meta field, value)).
    `outlet=Reuters` filters by a meta field (`outlet` and `date` also find the fields
    the list's columns show under other names); anything else searches the texts."""
    found = _FIELD.match(text)
    if found is None:
        return text, None
    return "", (found.group(1), found.group(2).strip())
