"""Tools ▸ Train Model on Done Documents: `annotator train` in the background, with the epochs
counted in a progress dialog and Cancel (which keeps the model that was there).

Training reads the project on a connection of its own (tasks.Task), so annotating goes on
meanwhile; what it learns from is the project as it was when it read it."""

from __future__ import annotations

from PySide6.QtWidgets import QProgressDialog

from annotator.core.project import open_for_reading
from annotator.ui import plain, tasks

EPOCHS = 10
TITLE = "Training the model on done documents"


def train_task(project, epochs: int, shown: dict) -> tasks.Task:
    """A task that trains on `project`; `shown["epoch"]` is the last epoch finished (read by
    the window when the task says it progressed)."""
    from annotator.core.train import train_project  # (when first used, not at start)

    def work(progress):
        def each(epoch) -> None:
            if epoch is not None:
                shown["epoch"] = epoch
            progress(shown["epoch"].number if shown.get("epoch") else 0)  # Cancel: raises

        with open_for_reading(project) as store:
            return train_project(store, epochs=epochs, progress=each)

    return tasks.Task(work)


class TrainMixin:
    """Mixed into MainWindow: the Train Model action."""

    train_task: tasks.Task | None = None

    def train_model(self) -> tasks.Task | None:
        store = self.workspace.store
        if store.path is None:
            self.statusBar().showMessage("A model is stored beside its project file; this "
                                         "project has none.", 8000)
            return None
        if self.train_task is not None and self.train_task.isRunning():
            self.statusBar().showMessage("The model is being trained already.", 5000)
            return None
        shown: dict = {}
        task = train_task(store.path, EPOCHS, shown)
        dialog = QProgressDialog(f"{TITLE}…", "Cancel", 0, EPOCHS, self)
        dialog.setWindowTitle("Train Model")
        dialog.setMinimumDuration(0)
        dialog.setAutoClose(False)
        dialog.setAutoReset(False)
        dialog.canceled.connect(task.cancel)
        dialog.canceled.connect(lambda: dialog.setLabelText("Cancelling after this batch…"))

        def progressed(number: int) -> None:
            epoch = shown.get("epoch")
            dialog.setValue(number)
            if epoch is not None and not dialog.wasCanceled():
                dialog.setLabelText(f"{TITLE}: epoch {epoch.number} of {epoch.epochs} done "
                                    f"(loss {epoch.loss:,.1f})")

        task.progressed.connect(progressed)
        task.succeeded.connect(self._trained)
        task.failed.connect(lambda message: plain.warn(self, "No model was trained", message))
        from annotator.core.train import model_path

        had_model = model_path(store.path).exists()
        task.cancelled.connect(lambda _: self.statusBar().showMessage(
            "Training cancelled: the model that was there is kept." if had_model
            else "Training cancelled: no model was made.", 8000))
        task.finished.connect(dialog.close)
        task.finished.connect(dialog.deleteLater)
        self.train_task = task
        task.start()
        return task

    def stop_training(self) -> None:
        """Cancel a training under way and wait for it (the window is closing)."""
        if self.train_task is not None and self.train_task.isRunning():
            self.train_task.cancel()
            self.train_task.wait()

    def _trained(self, report) -> None:
        self.statusBar().showMessage(report.summary(), 15000)  # (it says where the model is)
        from annotator.core.train import model_path

        path = self.workspace.store.path
        if path is not None and report.path == model_path(path):  # not another project's,
            self.model_trained(report.path)  # opened while the model was training

    def model_trained(self, path) -> None:
        """A new model is at `path` (a suggestions layer may reload its model source)."""
