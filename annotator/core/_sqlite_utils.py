"""sqlite-utils, imported without pandas and numpy.

When pandas and numpy are installed, sqlite-utils imports both at import time, only so that its
insert helpers accept their types; we never insert through those helpers. That import is ~0.7 s
of every start of the app (measured: benchmarks/cold_start.py, `python -X importtime`). The two
are hidden while sqlite-utils loads and stay importable by anyone else afterwards.
"""

from __future__ import annotations

import sys

_hidden = [name for name in ("pandas", "numpy") if name not in sys.modules]
for _name in _hidden:
    sys.modules[_name] = None  # `import pandas` now raises ImportError, which sqlite-utils expects
try:
    from sqlite_utils import Database, Migrations
finally:
    for _name in _hidden:
        if sys.modules.get(_name, False) is None:
            del sys.modules[_name]

__all__ = ["Database", "Migrations"]
