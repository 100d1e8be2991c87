"""The Team menu's work for the main window: assign documents (packs), the Team view, and
Help ▸ Guidelines; and, in a pack, whose it is and how far they are (title and status bar)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel

from annotator.core.errors import AnnotatorError
from annotator.core.store import Store
from annotator.ui import plain

if TYPE_CHECKING:  # (imported when first used: the window's start does not need them)
    from annotator.ui.guidelines import GuidelinesView
    from annotator.ui.team_view import TeamView


def pack_owner(store: Store) -> str | None:
    """Whose pack the project is (their name is the one to annotate under), or None."""
    identity = store.pack_identity()
    return identity[1] if identity else None


class TeamMenuMixin:
    """Mixed into MainWindow; uses its workspace, statusBar and reload_documents."""

    team_view: TeamView | None = None
    guidelines_view: GuidelinesView | None = None
    status_pack: QLabel | None = None
    _pack_title = ""

    def pack_progress(self) -> str:
        """"alice's pack · 4 of 12 done" in a pack, else ""."""
        store = self.workspace.store
        owner = pack_owner(store)
        if owner is None:
            return ""
        counts = store.status_counts(owner)
        skipped = f", {counts['skipped']:,} skipped" if counts["skipped"] else ""
        return (f"{owner}'s pack · {counts['done']:,} of {store.document_count():,} "
                f"done{skipped}")

    def show_pack_progress(self) -> None:
        """Say in the title and the status bar whose pack this is and how far they are."""
        text = self.pack_progress()
        if self.status_pack is None:
            self.status_pack = QLabel()
            self.status_pack.setTextFormat(Qt.TextFormat.PlainText)
            self.status_pack.setObjectName("pack_progress")
            self.statusBar().addPermanentWidget(self.status_pack)
        self.status_pack.setText(f"· {text}" if text else "")
        self.status_pack.setVisible(bool(text))
        title = self.windowTitle()
        if self._pack_title and title.startswith(self._pack_title):
            title = title[len(self._pack_title):]
        self._pack_title = f"{text} — " if text else ""
        self.setWindowTitle(self._pack_title + title)

    def team_dialog(self) -> TeamView:
        if self.team_view is not None:
            self.team_view.close()
            self.team_view.deleteLater()
        from annotator.ui.team_view import TeamView

        view = TeamView(self.workspace.store, self)
        self.team_view = view
        view.show()
        view.raise_()
        return view

    def refresh_team_view(self) -> None:
        """An open Team view shows today's figures (after a merge, an import)."""
        view = self.team_view
        if view is not None and view.isVisible():
            geometry = view.geometry()
            self.team_dialog().setGeometry(geometry)

    def guidelines_dialog(self) -> GuidelinesView:
        """Show the guidelines; asked again while they are open, bring that window forward."""
        view = self.guidelines_view
        if view is None or not view.isVisible():
            from annotator.ui.guidelines import GuidelinesView

            view = GuidelinesView(self.workspace.store.guidelines(), self)
            view.finished.connect(lambda _, shown=view: self._forget_guidelines(shown))
            self.guidelines_view = view
            view.show()
        view.raise_()
        view.activateWindow()
        return view

    def _forget_guidelines(self, view: GuidelinesView) -> None:
        if self.guidelines_view is view:
            self.guidelines_view = None  # closed (and deleted): the next one is new

    def assign_dialog(self) -> None:
        store = self.workspace.store
        folder = (store.path.parent / f"{store.name}-packs") if store.path else None
        from annotator.ui.assign_dialog import AssignDialog

        dialog = AssignDialog(folder, self)
        accepted = dialog.exec() == AssignDialog.DialogCode.Accepted
        dialog.deleteLater()
        if accepted:
            self.assign_documents(**dialog.request())

    def assign_documents(self, folder, annotators: list[str], **options) -> None:
        """Assign and write the packs (the CLI's `assign`); the outcome in a message."""
        try:
            from annotator.core.team import assign

            report = assign(self.workspace.store, folder, annotators, **options)
        except (AnnotatorError, OSError) as e:
            plain.warn(self, "Nothing was assigned", str(e))
            return
        self.refresh_team_view()
        plain.box(self, "Documents assigned", report.summary(),
                  plain.QMessageBox.Icon.Information).exec()
        first = report.summary().splitlines()[0]
        if first.endswith(":"):  # the list it announces is in the message box
            first = f"{first[:-1]}; the packs are in {folder}"
        self.statusBar().showMessage(first, 10000)
