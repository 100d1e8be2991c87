"""Names shown on one line, label and annotator names: one rule for both, checked here.

A name is shown in menus, lists, tooltips, messages and one-line file formats, so it holds no
control characters or line breaks, and no bidirectional controls (U+202E RIGHT-TO-LEFT
OVERRIDE, the isolates, the invisible direction marks): those make a name read as another
one, "alice" and "alice" with a mark after it look the same, and an override shows "dlog"
as "gold". An annotator name read from a file also cannot be a reserved layer's (`gold`):
only a merge of a reviewer's project or export brings a gold layer in.
"""

from __future__ import annotations

import re

from annotator.core.errors import InvalidInput, brief
from annotator.core.models import RESERVED_LAYERS, SUGGESTIONS
from annotator.core.text import CONTROL

BIDI = re.compile("[\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]")


def check_line(name: object, what: str, where: str | None = None) -> str:
    """`name` if it is a non-empty string that shows as itself on one line."""
    if not isinstance(name, str) or not name.strip():
        raise InvalidInput(f"{what} must be a non-empty string, not {brief(name)}", where)
    if CONTROL.search(name):
        raise InvalidInput(f"{what} cannot hold control characters or line breaks: "
                           f"{brief(name)}", where)
    if BIDI.search(name):
        raise InvalidInput(f"{what} cannot hold bidirectional controls (such as U+202E), "
                           f"which make it read as another name: {brief(name)}", where)
    return name


def check_annotator(name: object, where: str | None = None, *,
                    reserved_ok: bool = False) -> str:
    """An annotator's name. `reserved_ok`: the name may be a reserved layer's (a merge)."""
    check_line(name, "an annotator name", where)
    if name == SUGGESTIONS:  # never a layer of spans: not even a merge brings it in
        raise InvalidInput(f"an annotator name cannot be {name!r}: that is what `annotator "
                           "export --suggestions` writes, and suggestions are nobody's work "
                           "until accepted (`annotator suggest` makes them again)", where)
    if name in RESERVED_LAYERS and not reserved_ok:
        raise InvalidInput(f"an annotator name cannot be {name!r}: it names the reserved "
                           f"{name} layer (a reviewer's gold layer comes in with `annotator "
                           "merge`)", where)
    return name
