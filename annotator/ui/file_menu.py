"""The File menu's work for the main window: new/open/recent projects, import, export, and
files dropped on the window. Import and export are the CLI's code, run off the UI thread."""

from __future__ import annotations

import bisect
from pathlib import Path

from PySide6.QtCore import QSettings
from PySide6.QtWidgets import QFileDialog

from annotator.core.formats.registry import FORMATS, READERS
from annotator.core.store import Store
from annotator.ui import opening, plain, tasks

RECENT_KEY = "recent_projects"
RECENT_MAX = 8


def import_filter() -> str:
    """The import dialog's file types, from the format registry: all at once, then each."""
    each = [f"{', '.join([f.title] + [g.title for g in FORMATS if g.read_by == f.name])} "
            f"({' '.join('*' + s for s in f.reads)})" for f in FORMATS if f.reads]
    return ";;".join([f"Files annotator reads ({' '.join('*' + s for s in READERS)})", *each])


def recent_projects() -> list[str]:
    value = QSettings().value(RECENT_KEY, [])
    return [value] if isinstance(value, str) else list(value or [])


def remember_project(path: Path) -> None:
    items = [str(path)] + [p for p in recent_projects() if p != str(path)]
    QSettings().setValue(RECENT_KEY, items[:RECENT_MAX])


class FileMenuMixin:
    """Mixed into MainWindow; uses its workspace, statusBar and switch_project."""

    task: tasks.Task | None = None

    def setup_file_menu(self) -> None:
        self.recent_menu = self.menus["&File"].addMenu("Open &Recent")
        self.recent_menu.aboutToShow.connect(self._fill_recent)
        self.menus["&File"].insertMenu(self.actions["import"], self.recent_menu)
        self.setAcceptDrops(True)

    def _fill_recent(self) -> None:
        self.recent_menu.clear()
        for path in recent_projects():
            self.recent_menu.addAction(plain.action_text(path),
                                       lambda p=path: self.switch_project(p))
        if self.recent_menu.isEmpty():
            self.recent_menu.addAction("(none yet)").setEnabled(False)

    def new_project_dialog(self) -> None:
        path, _ = QFileDialog.getSaveFileName(
            self, "New project", "untitled.annotator", "Projects (*.annotator)")
        if path:
            if Path(path).exists():
                plain.warn(self, "Project exists",
                           f"{path} exists already; use Open Project to open it.")
                return
            self.switch_project(path, create=True)

    def open_project_dialog(self) -> None:
        path, _ = QFileDialog.getOpenFileName(
            self, "Open project", "", "Projects (*.annotator *.db);;All files (*)")
        if path:
            self.switch_project(path)

    def open_store(self, path: str, create: bool = False) -> Store | None:
        """Open a project; only New Project creates one (a moved recent file is not remade).
        One in use elsewhere, read-only or damaged: the user is offered a way (see opening)."""
        store = opening.open_store(self, path, create)
        if store is None:
            return None
        if store.path:
            remember_project(store.path.resolve())
        return store

    # ------------------------------------------------------------- import
    def import_dialog(self) -> None:
        files, _ = QFileDialog.getOpenFileNames(self, "Import documents", "", import_filter())
        if files:
            self.import_files(files)

    def import_files(self, files: list[str]) -> tasks.Task | None:
        store = self.workspace.store
        if store.path is None:
            return None
        if store.read_only:
            self.statusBar().showMessage("This project is open read-only: nothing was "
                                         "imported.", 5000)
            return None
        self.task = tasks.run_with_progress(
            self, tasks.import_task(store.path, files), "Importing", 0,
            done=self._imported, failed=self._task_failed, cancelled=self._task_cancelled)
        return self.task

    def _imported(self, report) -> None:
        self.reload_documents()
        if report.documents_added:  # show the first new document (ids only grow)
            ids = self.workspace.store.document_ids(self.workspace.annotator)
            self.go_to(ids[bisect.bisect_left(ids, report.first_new_id)])
        self.statusBar().showMessage(report.summary(), 10000)

    def _task_cancelled(self, message: str) -> None:
        self.statusBar().showMessage(message.capitalize(), 8000)

    def _task_failed(self, message: str) -> None:
        plain.warn(self, "Nothing was written", message)

    # ------------------------------------------------------------- export
    def export_dialog(self) -> None:
        from annotator.ui.export_dialog import ExportDialog  # (not on the way to the window)

        dialog = ExportDialog(self.workspace.store, self)
        accepted = dialog.exec() == ExportDialog.DialogCode.Accepted
        dialog.deleteLater()
        self.activateWindow()  # the keys go to the window again, not to the closed dialog
        if accepted:
            self.export_to(dialog.path(), dialog.fmt(), dialog.tokens.isChecked()
                           and dialog.tokens.isEnabled(), **dialog.selection())

    def export_to(self, target: Path, fmt: str = "jsonl", tokens: bool = False,
                  **selection) -> tasks.Task | None:
        store = self.workspace.store
        if store.path is None:
            return None
        self.task = tasks.run_with_progress(
            self, tasks.export_task(store.path, target, fmt, tokens, **selection), "Exporting",
            store.document_count(),
            done=lambda text: self.statusBar().showMessage(text, 10000),
            failed=self._task_failed, cancelled=self._task_cancelled)
        return self.task

    # ------------------------------------------------------- drag and drop
    def dragEnterEvent(self, event) -> None:
        if event.mimeData().hasUrls():
            event.acceptProposedAction()

    def dropEvent(self, event) -> None:
        files = [u.toLocalFile() for u in event.mimeData().urls() if u.isLocalFile()]
        if files:
            event.acceptProposedAction()
            self.import_files(files)
