"""Label schemes: the default news scheme in resources/, reading and checking scheme files."""

from __future__ import annotations

import re
from pathlib import Path

import orjson

from annotator.core import jsontext

from annotator.core.errors import InvalidInput, brief
from annotator.core.models import LABEL_KINDS, Attribute, Label
from annotator.core.resources import resource_path
from annotator.core.names import check_line

# Keys the main window uses on their own (ui/actions.py): a label cannot have them.
RESERVED_KEYS = {"A": "Link To…"}
_COLOR = re.compile(r"^#[0-9a-fA-F]{6}$")
# Colours for labels that arrive with an import and are not in the scheme: light enough that
# black text on them stays readable (contrast ratio above 7:1).
_SPARE_COLORS = ("#f2c6de", "#c6def1", "#dbcdf0", "#faedcb", "#c9e4de", "#f7d9c4", "#e2e2df")


def default_scheme() -> list[Label]:
    return read_scheme(resource_path("schemes", "news.json"))


def default_document_attributes() -> tuple[Attribute, ...]:
    return read_scheme_file(resource_path("schemes", "news.json"))[1]


def read_scheme(path: Path) -> list[Label]:
    return read_scheme_file(path)[0]


def read_scheme_file(path: Path) -> tuple[list[Label], tuple[Attribute, ...]]:
    """A scheme file's labels and its document attributes."""
    where = str(path)
    try:
        data = jsontext.loads(path.read_bytes(), where)  # a key given twice is refused
    except OSError as e:
        raise InvalidInput(f"cannot read scheme: {e.strerror}", where) from None
    except orjson.JSONDecodeError as e:
        raise InvalidInput(f"not valid JSON ({e.msg})", where) from None
    items = data.get("labels") if isinstance(data, dict) else data
    if not isinstance(items, list):
        raise InvalidInput("a scheme is a JSON object with a 'labels' list", where)
    labels = [_label(item, f"{where}: label {i + 1}") for i, item in enumerate(items)]
    check_scheme(labels, where)
    document = attributes(data.get("document_attributes") if isinstance(data, dict) else None,
                          "'document_attributes'", where)
    return labels, document


def attributes(value: object, what: str, where: str | None = None) -> tuple[Attribute, ...]:
    """Attributes as a scheme file gives them, {"quote": ["direct", "indirect"]}, checked:
    names and values show on one line, none twice, each attribute one value or more."""
    if value is None:
        return ()
    if not isinstance(value, dict):
        raise InvalidInput(f"{what} must be an object of attribute names to lists of values "
                           '({"quote": ["direct", "indirect"]})', where)
    out = []
    for name, values in value.items():
        check_line(name, f"{what}: an attribute name", where)
        if (not isinstance(values, list) or not values
                or not all(isinstance(v, str) for v in values)):
            raise InvalidInput(f"{what}: {brief(name)} must list its values as strings", where)
        for v in values:
            check_line(v, f"{what}: a value of {name}", where)
        if len(set(values)) != len(values):
            raise InvalidInput(f"{what}: a value of {brief(name)} is named twice", where)
        out.append(Attribute(name, tuple(values)))
    return tuple(out)


def _check_attributes(attrs: tuple[Attribute, ...], what: str, where: str | None) -> None:
    """Attributes made in code (the scheme editor, a merge) get the file's checks."""
    if len({a.name for a in attrs}) != len(attrs):
        raise InvalidInput(f"{what}: an attribute is named twice", where)
    attributes({a.name: list(a.values) for a in attrs}, what, where)


def check_document_attributes(attrs: tuple[Attribute, ...]) -> None:
    _check_attributes(attrs, "the document attributes", None)


def attributes_json(attrs: tuple[Attribute, ...]) -> dict[str, list[str]]:
    return {a.name: list(a.values) for a in attrs}


def check_name(name: object, where: str | None = None) -> str:
    """A label name: a non-empty string without surrounding spaces that shows as itself on
    one line (names.check_line: it is shown in menus, messages and one-line formats)."""
    if isinstance(name, str) and name != name.strip():
        raise InvalidInput("a label name must be a non-empty string without surrounding "
                           f"spaces, not {brief(name)}", where)
    return check_line(name, "a label name", where)


def _label(item: object, where: str) -> Label:
    if not isinstance(item, dict):
        raise InvalidInput("each label is a JSON object", where)
    name = check_name(item.get("name"), where)
    key = item.get("key")
    if key is not None and not isinstance(key, str):
        raise InvalidInput(f"label {name}: 'key' must be one letter or digit", where)
    return Label(
        name=name,
        color=str(item.get("color") or spare_color(0)),
        key=key,
        description=str(item.get("description") or ""),
        kind=str(item.get("kind") or "span"),
        heads=_names(item.get("heads"), f"label {name}: 'heads'", where),
        children=_names(item.get("children"), f"label {name}: 'children'", where),
        attributes=attributes(item.get("attributes"), f"label {name}: 'attributes'", where),
    )


def _names(value: object, what: str, where: str) -> tuple[str, ...]:
    if value is None:
        return ()
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise InvalidInput(f"{what} must be a list of span label names", where)
    return tuple(value)


def check_scheme(labels: list[Label], where: str | None = None) -> None:
    names: set[str] = set()
    keys: dict[str, str] = {}
    span_labels = {lb.name for lb in labels if lb.kind == "span"}
    for label in labels:
        _check_constraint(label, span_labels, where)
        _check_attributes(label.attributes, f"label {label.name}: 'attributes'", where)
        check_name(label.name, where)
        if label.name in names:
            raise InvalidInput(f"label {label.name} appears twice", where)
        names.add(label.name)
        if not _COLOR.match(label.color):
            raise InvalidInput(f"label {label.name}: colour must look like #rrggbb", where)
        if label.kind not in LABEL_KINDS:
            raise InvalidInput(f"label {label.name}: kind must be 'span' or 'relation'", where)
        if label.key is not None:
            if len(label.key) != 1 or not label.key.isalnum() or not label.key.isascii():
                raise InvalidInput(f"label {label.name}: a key is one letter or digit, "
                                   f"not {label.key!r}", where)
            if label.key.upper() in RESERVED_KEYS:
                raise InvalidInput(f"label {label.name}: the key {label.key} is taken by "
                                   f"{RESERVED_KEYS[label.key.upper()]}", where)
            if label.key.upper() in keys:
                raise InvalidInput(
                    f"key {label.key} is given to both {keys[label.key.upper()]} and "
                    f"{label.name}", where)
            keys[label.key.upper()] = label.name


def _check_constraint(label: Label, span_labels: set[str], where: str | None) -> None:
    """A relation label's heads and children name span labels of the scheme, once each."""
    if label.kind == "relation" and label.attributes:
        raise InvalidInput(f"label {label.name}: only span labels take attributes", where)
    if label.kind != "relation" and label.constrained:
        raise InvalidInput(f"label {label.name}: only relation labels take heads and "
                           "children", where)
    for side, names in (("head", label.heads), ("child", label.children)):
        for name in names:
            if name not in span_labels:
                raise InvalidInput(f"label {label.name}: the {side} label {brief(name)} is "
                                   "not a span label of the scheme", where)
        if len(set(names)) != len(names):
            raise InvalidInput(f"label {label.name}: a {side} label is named twice", where)


def spare_color(n: int) -> str:
    return _SPARE_COLORS[n % len(_SPARE_COLORS)]


def scheme_json(labels: list[Label], document: tuple[Attribute, ...] = ()) -> bytes:
    """A scheme file (read_scheme_file reads it back)."""
    items = [{k: attributes_json(v) if k == "attributes" else v
              for k, v in vars(lb).items() if v is not None and v != ()} for lb in labels]
    data: dict = {"labels": items}
    if document:
        data["document_attributes"] = attributes_json(document)
    return orjson.dumps(data, option=orjson.OPT_INDENT_2)
