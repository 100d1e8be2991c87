"""The document list's SQL: the news columns (outlet, date) read from `meta` under the names
extractors and scrapers give them, the orders the list sorts by, a filter on any meta field."""

from __future__ import annotations

from annotator.core.listing import DATE_FIELDS, OUTLET_FIELDS


def meta_value(name: str) -> str:
    """SQL for the meta field `name` (one of ours: a plain word) of document `d`."""
    assert name.replace("_", "").isalnum(), name
    return f"json_extract(d.meta, '$.{name}')"


def _first(fields: tuple[str, ...]) -> str:
    return "coalesce(" + ", ".join(f"nullif({meta_value(f)}, '')" for f in fields) + ")"


OUTLET = _first(OUTLET_FIELDS)
DATE = _first(DATE_FIELDS)


def holds(name: str) -> tuple[str, list]:
    """SQL (and its parameters, then the LIKE pattern's) for "the meta field the person
    names holds...": the outlet and date columns as shown; any other name, however written
    (quotes and all), compared as a key."""
    if name in ("outlet", "date"):
        return f"CAST({OUTLET if name == 'outlet' else DATE} AS TEXT) LIKE ? ESCAPE '\\'", []
    return ("EXISTS (SELECT 1 FROM json_each(d.meta) m WHERE m.key = ? "
            "AND CAST(m.value AS TEXT) LIKE ? ESCAPE '\\')", [name])


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
