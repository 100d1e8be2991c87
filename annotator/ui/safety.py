"""What the main window shows when the project cannot take an edit: opened read-only (the
title says so, editing is disabled), the disk is full, the file turned out to be damaged.

Edits run through `_attempt`: a user's slip (nothing selected, read-only) goes to the status
bar; a project problem gets a short message box, and the edit is not shown as done (the views
are refreshed from the project). Damage found while working makes the window read-only, so
nothing more is written to the damaged file.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel

from annotator.core.errors import (
    AnnotatorError, DiskFull, OpenedReadOnly, ProjectDamaged, ProjectError,
)
from annotator.ui import plain

# The actions that change the project; disabled in a window opened read-only.
EDITING = ("import", "merge", "undo", "redo", "delete", "link", "start_left", "start_right",
           "end_left", "end_right", "scheme", "done", "skip", "assign", "note")


class SafetyMixin:
    """Mixed into MainWindow; uses its workspace, actions, palette_bar and statusBar."""

    status_mode: QLabel | None = None

    def show_mode(self) -> None:
        """The title, and what can be done, for a project opened for writing or read-only."""
        ws = self.workspace
        read_only = ws.store.read_only
        project = ws.store.path.name if ws.store.path else ws.store.name  # trade.annotator
        self.setWindowTitle(f"{project} — {ws.annotator} — annotator"
                            + (" — read-only" if read_only else ""))
        for name in EDITING:
            self.actions[name].setEnabled(not read_only)
        if not read_only:
            self._undo_changed()
        self.palette_bar.set_editable(not read_only)
        if self.status_mode is None:
            self.status_mode = QLabel("Read-only")
            self.status_mode.setTextFormat(Qt.TextFormat.PlainText)
            self.status_mode.setToolTip("This project is open read-only: you can browse, "
                                        "search and export, not edit")
            self.statusBar().addPermanentWidget(self.status_mode)
        self.status_mode.setVisible(read_only)

    def _attempt(self, edit, failed: object = None) -> object | None:
        """Run an edit; a user error goes to the status bar, a project problem to a short
        message. `failed` (None unless given) if it failed."""
        bar = self.statusBar()
        try:
            done = edit()
        except OpenedReadOnly:
            self._refusal = "This project is open read-only: nothing was changed."
            bar.showMessage(self._refusal, 5000)
        except ProjectError as e:
            self.project_failed(e)
        except AnnotatorError as e:
            self._refusal = str(e)
            bar.showMessage(self._refusal, 5000)
        else:
            if bar.currentMessage() == getattr(self, "_refusal", None):
                bar.clearMessage()  # the refusal no longer holds; other news stays
            return done
        return failed

    def project_failed(self, error: ProjectError) -> None:
        """Say what went wrong with the project (also for errors raised outside `_attempt`,
        which crash.report sends here)."""
        if isinstance(error, ProjectDamaged):
            self.workspace.store.stop_writing()
            self.show_mode()
            backup = (f"\n\nA backup is beside it ({error.backup.name}): close this window "
                      "and open the project again to restore it." if error.backup else "")
            plain.warn(self, "Project damaged",
                       f"{error.path} is damaged ({error.detail}). This window is now "
                       f"read-only so that nothing more is written to it.{backup}")
        elif isinstance(error, DiskFull):
            plain.warn(self, "Not saved: the disk is full",
                       "The disk is full, so your last edit was not saved. The project "
                       "is as it was before it.\n\nFree some space, then try again.")
        else:
            plain.warn(self, "Not saved", str(error))
