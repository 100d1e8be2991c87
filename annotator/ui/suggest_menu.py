"""The Suggest menu: move between the open document's suggestions and decide on them with
keys, choose which sources are shown, and compute suggestions in the background.

Return acts in the article only (the search box keeps it): N / Shift+N next / previous,
Return accept, X reject, a label key accept as that label, Shift+Return accept all. The
decisions are the core's (suggest.decide); this module only forwards and redraws.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, QSettings, Qt
from PySide6.QtGui import QAction

from annotator.core.suggest import SOURCES
from annotator.core.wording import plural, shorten
from annotator.ui import tasks

_NAMES = {"quotes": "&Quotes (news rules)", "patterns": "&Patterns File…",
          "spans": "Strings the Project Has &Labelled", "model": "The Project's &Model"}
# Return belongs to the search box and the list where they have the keyboard: these act in
# the article only (N, which goes to a suggestion, brings the keyboard to the article).
_ARTICLE_KEYS = ("accept_suggestion", "accept_all_suggestions")


def suggest_task(project, chosen: dict[str, dict], doc_ids: list[int]) -> tasks.Task:
    def work(progress):
        from annotator.core.errors import InvalidInput
        from annotator.core.store import Store
        from annotator.core.suggest.run import available_sources, suggest_documents

        with Store.open(project, create=False) as store:
            sources, refused = available_sources(store, chosen)
            if not sources:
                raise InvalidInput("No source could run: " + "; ".join(refused))
            report = suggest_documents(store, sources, doc_ids, progress)
            report.refused = refused
            return report
    return tasks.Task(work)


class _ArticleKeys(QObject):
    """Triggers an action for a key pressed in the article (and nowhere else)."""

    def __init__(self, keys: dict[int, QAction], parent):
        super().__init__(parent)
        self.keys = keys

    def eventFilter(self, watched, event) -> bool:
        if event.type() == QEvent.Type.KeyPress:
            combined = event.keyCombination().toCombined()
            action = self.keys.get(combined & ~Qt.KeyboardModifier.KeypadModifier.value)
            if action is not None:
                action.trigger()
                return True
        return False


class SuggestMenuMixin:
    """Mixed into MainWindow; uses its workspace, view, actions, menus and _refresh_spans."""

    def setup_suggest_menu(self) -> None:
        # Return and Shift+Return are the article's own keys, read from its key presses: as
        # shortcuts (of an action, or of the article) they were taken from a dialog's or the
        # search box's Return (the skip reason's Return accepted a suggestion).
        keys = {}
        for name in _ARTICLE_KEYS:
            action = self.actions[name]
            for key in action.shortcuts():
                keys[key[0].toCombined()] = action
            action.setText(f"{action.text()}\t{action.shortcuts()[0].toString()}")
            action.setShortcuts([])
        self._article_keys = _ArticleKeys(keys, self.view)
        self.view.installEventFilter(self._article_keys)
        menu = self.menus["S&uggest"]
        menu.addSeparator()
        self.source_actions: dict[str, QAction] = {}
        chosen = self.chosen_sources()
        for name in SOURCES:
            action = QAction(_NAMES.get(name, name), self, checkable=True)
            action.setChecked(name in chosen)
            action.setStatusTip(f"Show and compute the {name} suggestions")
            action.toggled.connect(lambda on, n=name: self._toggle_source(n, on))
            menu.addAction(action)
            self.source_actions[name] = action
        menu.addSeparator()
        menu.addAction("Suggest for This &Document", self.suggest_document)
        menu.addAction("Suggest for All D&ocuments…", self.suggest_all)

    # ------------------------------------------------------------- sources
    def chosen_sources(self) -> list[str]:
        value = QSettings().value("suggest/sources", "quotes,spans")
        return [n for n in str(value).split(",") if n in SOURCES]

    def _toggle_source(self, name: str, on: bool) -> None:
        if on and name == "patterns" and not self._patterns_file():
            self.source_actions[name].setChecked(False)
            return
        chosen = [n for n in SOURCES if self.source_actions[n].isChecked()]
        QSettings().setValue("suggest/sources", ",".join(chosen))
        self._refresh_spans()

    def _patterns_file(self) -> str | None:
        from PySide6.QtWidgets import QFileDialog

        path, _ = QFileDialog.getOpenFileName(self, "Patterns file (Prodigy's JSONL)", "",
                                              "Patterns (*.jsonl *.json);;All files (*)")
        if path:
            QSettings().setValue("suggest/patterns", path)
        return path or None

    def _options(self) -> dict[str, dict]:
        out: dict[str, dict] = {}
        for name in self.chosen_sources():
            if name == "patterns":
                out[name] = {"path": QSettings().value("suggest/patterns", "")}
            elif name == "spans":
                out[name] = {"annotator": self.workspace.annotator}
            else:
                out[name] = {}
        return out

    # ------------------------------------------------------------ computing
    def suggest_document(self) -> tasks.Task | None:
        if self.workspace.document is None:
            return None
        return self._suggest([self.workspace.document.id])

    def suggest_all(self) -> tasks.Task | None:
        return self._suggest([d.id for d in self.workspace.store.documents()])

    def _suggest(self, doc_ids: list[int]) -> tasks.Task | None:
        store = self.workspace.store
        if store.path is None or store.read_only or (self.task is not None
                                                             and self.task.isRunning()):
            return None
        chosen = self._options()
        if not chosen:
            self.statusBar().showMessage("Choose a source in the Suggest menu first.", 5000)
            return None
        self.task = tasks.run_with_progress(
            self, suggest_task(store.path, chosen, doc_ids), "Suggesting", len(doc_ids),
            done=self._suggested, failed=self._task_failed, cancelled=self._task_cancelled)
        return self.task

    def _suggested(self, report) -> None:
        self._refresh_spans()
        self.statusBar().showMessage(report.summary(), 8000)

    # ------------------------------------------------------------ deciding
    def show_suggestions(self) -> None:
        """Draw the open document's suggestions of the chosen sources (none while another's
        layer is shown)."""
        ws = self.workspace
        desk = ws.suggestions
        desk.hidden_sources = self._hidden_sources()
        if ws.document is None or ws.shown is not None:
            self.view.show_suggestions([], [], None)
            return
        found = desk.shown()
        self.view.show_suggestions(found, desk.links(found), desk.current)

    def _hidden_sources(self) -> frozenset[str]:
        """The sources switched off in the menu (a source stores under its own name)."""
        return frozenset(SOURCES) - set(self.chosen_sources())

    def say_suggestion(self) -> bool:
        """Put the current suggestion and its keys in the status bar; False if none."""
        ws = self.workspace
        current = ws.suggestions.current_one() if ws.document is not None else None
        if current is None or ws.shown is not None:
            return False
        place, total = ws.suggestions.position()
        text = shorten(ws.document.text[current.start:current.end], 40)
        self.status_span.setText(
            f"Suggestion {place} of {total} · {current.label} ({current.source}) “{text}” · "
            "Return accept · X reject · a label key accepts as that label")
        return True

    def _decided(self) -> None:
        ws = self.workspace
        current = ws.suggestions.current_one()
        self.workspace.selected = None
        self._refresh_spans()
        if current is not None:
            self.view.ensure_visible(current.start)
        self.say_suggestion()

    def next_suggestion(self) -> None:
        self._step(False)

    def previous_suggestion(self) -> None:
        self._step(True)

    def _step(self, backwards: bool) -> None:
        ws = self.workspace
        if ws.document is None:
            return
        ws.suggestions.hidden_sources = self._hidden_sources()
        if ws.suggestions.step(backwards, offset=self.view.caret()) is None:
            self.statusBar().showMessage("No suggestions on this document.", 4000)
        self._decided()
        self.view.setFocus()

    def accept_suggestion(self, label: str | None = None) -> None:
        self._attempt(lambda: self.workspace.suggestions.accept(label))
        self._decided()

    def reject_suggestion(self) -> None:
        self._attempt(self.workspace.suggestions.reject)
        self._decided()

    def accept_all_suggestions(self) -> None:
        n = self._attempt(self.workspace.suggestions.accept_all)
        self._decided()
        if n:
            self.statusBar().showMessage(f"Accepted {plural(n, 'suggestion')}.", 5000)

    def relabel_suggestion(self, label: str) -> bool:
        """A span label's key while a suggestion is current (and no text is selected):
        accept it as that label. False if no suggestion is current."""
        if (self.view.selected_range() is not None or self.workspace.is_relation_label(label)
                or self.workspace.suggestions.current_one() is None):
            return False
        self.accept_suggestion(label)
        return True

    def leave_suggestion(self) -> None:
        """No suggestion is current any more (a click, Esc)."""
        self.workspace.suggestions.current = None
        self.show_suggestions()



