"""Errors the user sees as one line: every one names what is wrong and where."""

from __future__ import annotations

import re
from pathlib import Path

_BREAKS = re.compile("[\x00-\x1f\x7f-\x9f\u2028\u2029]")


class AnnotatorError(Exception):
    """Base class: the CLI prints str(error) on one line and exits 1."""


class ProjectError(AnnotatorError):
    """The file cannot be opened as a project (not a project, too new, unreadable), or the
    project cannot be read or written just now (disk full, damaged)."""


class ProjectNotWritable(ProjectError):
    """The project can be read but not written here (a read-only file or folder): it can be
    opened read-only."""


class ProjectInUse(ProjectNotWritable):
    """Another process (an annotator window, a CLI command) has the project open for writing."""

    def __init__(self, path: Path, holder: str = ""):
        self.path = path
        super().__init__(
            f"{path}: the project is open for writing in another annotator window or process"
            f"{f' ({holder})' if holder else ''}; only one can write at a time, so close it "
            "there first")


class ProjectNeedsUpgrade(ProjectError):
    """A project from an older version, which only opening it for writing can migrate."""


class OpenedReadOnly(ProjectError):
    """A write was attempted on a project opened read-only; nothing was changed."""


class DiskFull(ProjectError):
    """The disk is full: the edit or import was rolled back and the project is unchanged."""


class ProjectDamaged(ProjectError):
    """The file is a damaged SQLite database. `backup` is an automatic backup beside it (taken
    before the project was last upgraded), if there is one."""

    def __init__(self, path: Path, detail: str, backup: Path | None = None):
        self.path = Path(path)
        self.detail = detail = " ".join(detail.split())  # SQLite's report spans lines
        self.backup = backup
        hint = (f"; a backup is beside it ({backup.name}): `annotator restore {path}` puts it "
                "back and keeps the damaged file" if backup else "")
        super().__init__(f"{path}: the project file is damaged ({detail}){hint}")


class InvalidInput(AnnotatorError):
    """Input that breaks a data rule; `where` is 'FILE:LINE' or 'FILE' when known."""

    def __init__(self, message: str, where: str | None = None):
        self.where = where
        self.message = message
        super().__init__(f"{where}: {message}" if where else message)

    def at(self, where: str) -> "InvalidInput":
        """The same error, located (the innermost location wins)."""
        return self if self.where else InvalidInput(self.message, where)


class Cancelled(AnnotatorError):
    """The user cancelled a long operation; whatever it had written was rolled back."""


def brief(value: object, limit: int = 60) -> str:
    """A value as a message shows it: its repr, cut to `limit` characters (a 20 MB string
    from a file must not become a 20 MB error line)."""
    text = repr(value)
    return text if len(text) <= limit else text[:limit - 1] + "…"


def one_line(text: str) -> str:
    """A message on one line, whatever it quotes: a line break or other control character
    in a path or a name (a folder may be named "bob\nsmith") is shown escaped."""
    return _BREAKS.sub(lambda m: repr(m.group())[1:-1], text)
