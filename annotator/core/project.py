"""Finding and opening projects: the default one a new user starts in, and the annotator name."""

from __future__ import annotations

import os
from pathlib import Path

from annotator.core.errors import ProjectNeedsUpgrade
from annotator.core.resources import data_dir
from annotator.core.store import Store

DEFAULT_NAME = "default.annotator"


def user_data_dir() -> Path:
    """Where the default project and logs live (ANNOTATOR_HOME overrides, e.g. in tests)."""
    home = os.environ.get("ANNOTATOR_HOME")
    if home:
        return Path(home)
    from platformdirs import user_data_path

    return user_data_path("annotator", appauthor=False)


def default_project_path() -> Path:
    return user_data_dir() / DEFAULT_NAME


def open_project(path: str | os.PathLike | None = None, *, create: bool = True,
                 read_only: bool = False) -> Store:
    """Open (or create) a project; with no path, the default project, seeded on first run."""
    if path is not None:
        return Store.open(path, create=create, read_only=read_only)
    target = default_project_path()
    target.parent.mkdir(parents=True, exist_ok=True)
    store = Store.open(target, read_only=read_only)
    if store.created:
        from annotator.core.importer import import_paths

        import_paths(store, [data_dir("seeds")])
        suggest_quotes(store)
    return store


def suggest_quotes(store: Store) -> None:
    """The quote rules' suggestions for every document (rules only: fast, no spaCy), so a new
    user sees who said what proposed on the sample article."""
    from annotator.core.suggest.quotes import make
    from annotator.core.suggest.run import suggest_documents

    suggest_documents(store, [make(store)], [d.id for d in store.documents()])


def open_for_reading(path: str | os.PathLike) -> Store:
    """Open a project to read it (export, statistics, a merge's source), also while another
    process writes to it. A project from an older version is upgraded first (after a backup),
    which needs it to be writable."""
    try:
        return Store.open(path, read_only=True)
    except ProjectNeedsUpgrade:
        return Store.open(path, create=False)


def default_annotator() -> str:
    """The name edits are recorded under until the user picks one: the OS user."""
    try:
        import getpass

        return getpass.getuser() or "annotator"
    except (KeyError, OSError):
        return "annotator"
