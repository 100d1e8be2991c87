"""The undo stack: below the widgets, so the CLI, tests and the GUI share it."""

from __future__ import annotations

from collections.abc import Callable

from annotator.core.commands import Command
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
        with self.store.transaction():
            command.do(self.store, self.by)
        self._done.append(command)
        del self._done[: -self.limit]
        self._undone.clear()
        self._changed()
        return command

    def undo(self) -> Command | None:
        if not self._done:
            return None
        command = self._done[-1]
        with self.store.transaction():
            command.undo(self.store, self.by)
        self._undone.append(self._done.pop())
        self._changed()
        return command

    def redo(self) -> Command | None:
        if not self._undone:
            return None
        command = self._undone[-1]
        with self.store.transaction():
            command.do(self.store, self.by)
        self._done.append(self._undone.pop())
        self._changed()
        return command

    @property
    def undo_text(self) -> str | None:
        return self._done[-1].text if self._done else None

    @property
    def redo_text(self) -> str | None:
        return self._undone[-1].text if self._undone else None

    def _changed(self) -> None:
        for listener in self.listeners:
            listener()
