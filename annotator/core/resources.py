"""Where the shipped data (resources/, seeds/) is: a source checkout, an install, or a bundle."""

from __future__ import annotations

import sys
from pathlib import Path

_PACKAGE = Path(__file__).resolve().parent.parent


def _roots() -> list[Path]:
    roots = []
    bundle = getattr(sys, "_MEIPASS", None)  # a PyInstaller one-folder build
    if bundle:
        roots.append(Path(bundle))
    roots.append(_PACKAGE.parent)  # a source checkout or an editable install
    roots.append(Path(sys.prefix) / "share" / "annotator")  # a wheel install (pyproject.toml)
    return roots


def data_dir(name: str) -> Path:
    """The folder `name` ('resources' or 'seeds') shipped with the app."""
    for root in _roots():
        if (root / name).is_dir():
            return root / name
    raise FileNotFoundError(f"annotator's {name}/ folder is missing from this installation")


def resource_path(*parts: str) -> Path:
    return data_dir("resources").joinpath(*parts)
