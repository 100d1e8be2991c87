"""Long imports and exports off the UI thread, with a progress dialog and Cancel.

The work runs in a QThread on its own connection to the project file (SQLite in WAL mode lets
the window keep reading). Cancel makes the progress callback raise Cancelled inside the
import's transaction, so a cancelled import writes nothing.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QThread, Signal
from PySide6.QtWidgets import QProgressDialog, QWidget

from annotator.core.errors import AnnotatorError, Cancelled
from annotator.core.store import Store
from annotator.core.wording import plural


class Task(QThread):
    progressed = Signal(int)
    succeeded = Signal(object)
    failed = Signal(str)
    cancelled = Signal(str)

    def __init__(self, work: Callable[[Callable[[int], None]], object], parent=None):
        super().__init__(parent)
        self._work = work
        self._cancel = threading.Event()

    def cancel(self) -> None:
        self._cancel.set()

    def _progress(self, n: int) -> None:
        if self._cancel.is_set():
            raise Cancelled("cancelled: nothing was written")
        self.progressed.emit(n)

    def run(self) -> None:
        try:
            self.succeeded.emit(self._work(self._progress))
        except Cancelled as e:
            self.cancelled.emit(str(e))
        except AnnotatorError as e:
            self.failed.emit(str(e))
        except OSError as e:
            self.failed.emit(f"{e.filename or ''}: {e.strerror}")


def import_task(project: Path, files: list[str], annotator: str | None = None) -> Task:
    from annotator.core.importer import import_paths  # (when first used, not at start)

    def work(progress):
        with Store.open(project, create=False) as store:
            return import_paths(store, files, annotator=annotator, progress=progress)
    return Task(work)


def export_task(project: Path, target: Path, fmt: str = "jsonl", tokens: bool = False,
                **selection) -> Task:
    from annotator.core.exporter import ExportReport, export_to_path
    from annotator.core.project import open_for_reading

    def work(progress):
        report = ExportReport()
        with open_for_reading(project) as store:  # also from a window opened read-only
            export_to_path(store, fmt, target, report, progress=progress, tokens=tokens,
                           **selection)
        return f"{report.summary()} to {target}"
    return Task(work)


def run_with_progress(parent: QWidget, task: Task, title: str, total: int,
                      done: Callable[[object], None], failed: Callable[[str], None],
                      cancelled: Callable[[str], None]) -> Task:
    """Start `task` with a progress dialog; `done`, `failed` or `cancelled` is called at the
    end. The task's progress counts documents."""
    dialog = QProgressDialog(title, "Cancel", 0, max(total, 0), parent)
    dialog.setWindowTitle(title)
    dialog.setMinimumDuration(400)
    dialog.setAutoClose(False)
    dialog.setAutoReset(False)
    dialog.canceled.connect(task.cancel)
    task.progressed.connect(lambda n: dialog.setValue(min(n, total)) if total else None)
    task.progressed.connect(lambda n: dialog.setLabelText(f"{title}: {plural(n, 'document')}"))
    task.succeeded.connect(done)
    task.failed.connect(failed)
    task.cancelled.connect(cancelled)
    task.finished.connect(dialog.close)
    task.finished.connect(dialog.deleteLater)
    task.start()
    return task
