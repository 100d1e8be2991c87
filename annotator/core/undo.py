"""The undo stack: below the widgets, so the CLI, tests and the GUI share it."""

from __future__ import annotations

import sqlite3
from collections.abc import Callable

from annotator.core.commands import Command
from annotator.core.errors import AnnotatorError, InvalidInput, ProjectError
from annotator.core.store import Store


class UndoStack:
    def __init__(self, store: Store, by: str, limit: int = 1000):
        self.store = store
        self.by = by
        self.limit = limit
        self._done: list[Command] = []
        self._undone: list[Command] = []
        self.listeners: list[Callable[[], None]] = []

    def push(self, command: Command) -> Command:
        """Run `command` and remember it; an error leaves the stack and the project as they were."""
        since = self.store.change_key()
        with self.store.transaction():
            command.do(self.store, self.by)
        self.store.spans_changed(command.span_ids, since)
        self._done.append(command)
        del self._done[: -self.limit]
        self._undone.clear()
        self._changed()
        return command

    def undo(self) -> Command | None:
        return self._replay(self._done, self._undone, "undo")

    def redo(self) -> Command | None:
        return self._replay(self._undone, self._done, "do")

    def _replay(self, source: list[Command], target: list[Command], how: str) -> Command | None:
        """Undo (or redo) the last command of `source`. If the project has changed under it
        so that it cannot be replayed, it is dropped with the history behind it, the project
        is left as it was, and the error says so — the stack is never stuck."""
        if not source:
            return None
        command = source[-1]
        since = self.store.change_key()
        try:
            with self.store.transaction():
                getattr(command, how)(self.store, self.by)
        except ProjectError:
            raise  # disk full, read-only, damaged: the command can be replayed later
        except (AnnotatorError, KeyError, sqlite3.IntegrityError) as e:
            source.clear()
            self._changed()
            detail = e.args[0] if isinstance(e, AnnotatorError) else "it is gone"
            raise InvalidInput(f"Cannot {how.replace('do', 'redo') if how == 'do' else how} "
                               f"“{command.text}”: {detail}. The history before it was "
                               "cleared.") from None
        self.store.spans_changed(command.span_ids, since)
        target.append(source.pop())
        self._changed()
        return command

    def clear(self) -> None:
        """Forget the history (after a change that commands cannot see, such as the scheme)."""
        self._done.clear()
        self._undone.clear()
        self._changed()

    @property
    def undo_text(self) -> str | None:
        return self._done[-1].text if self._done else None

    @property
    def redo_text(self) -> str | None:
        return self._undone[-1].text if self._undone else None

    def _changed(self) -> None:
        for listener in self.listeners:
            listener()
