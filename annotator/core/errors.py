"""Errors the user sees as one line: every one names what is wrong and where."""


class AnnotatorError(Exception):
    """Base class: the CLI prints str(error) on one line and exits 1."""


class ProjectError(AnnotatorError):
    """The file cannot be opened as a project (not a project, too new, unreadable)."""


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
