"""The main window: lays out the widgets and wires them to the core Workspace.

Slots forward to the Workspace (which decides) and then refresh what is shown. Errors that are
the user's to fix (nothing selected, a span too small to shrink) appear in the status bar.
"""

from __future__ import annotations

from PySide6.QtCore import QSettings, Qt, QTimer
from PySide6.QtWidgets import QInputDialog, QLabel, QMainWindow, QMenu, QVBoxLayout, QWidget

from annotator.core.importer import READERS
from annotator.core.errors import InvalidInput
from annotator.core.names import check_annotator
from annotator.core.store import Store
from annotator.core.wording import plural, shorten
from annotator.core.workspace import Workspace
from annotator.ui import actions, plain
from annotator.ui.attributes import AttributesMixin
from annotator.ui.document_list import DocumentListModel, DocumentListPanel
from annotator.ui.document_view import DocumentView
from annotator.ui.file_menu import FileMenuMixin
from annotator.ui.layer_menu import LayerMenuMixin
from annotator.ui.review_menu import ReviewMenuMixin
from annotator.ui.safety import SafetyMixin
from annotator.ui.label_palette import LabelPalette
from annotator.ui.linking import LinkingMixin
from annotator.ui.notes import NotesMixin
from annotator.ui.panes import Panes
from annotator.ui.snap_preview import SnapPreview
from annotator.ui.span_panel import SpanPanel
from annotator.ui.suggest_menu import SuggestMenuMixin
from annotator.ui.status_bar import ElidingLabel, ElidingStatusBar
from annotator.ui.team_menu import TeamMenuMixin, pack_owner
from annotator.ui.train_action import TrainMixin
from annotator.ui.window_size import first_geometry, fit_on_screen, save_geometry


def _plain_label(object_name: str = "") -> QLabel:
    label = QLabel()
    label.setTextFormat(Qt.TextFormat.PlainText)  # document data is never rich text
    label.setObjectName(object_name)
    return label


class MainWindow(FileMenuMixin, ReviewMenuMixin, LayerMenuMixin, SafetyMixin, LinkingMixin,
                 TeamMenuMixin, TrainMixin, NotesMixin, AttributesMixin, SuggestMenuMixin,
                 QMainWindow):
    def __init__(self, store: Store, annotator: str):
        super().__init__()
        self.person = annotator  # who uses the app; in a pack, one works as its owner
        annotator = pack_owner(store) or annotator
        self.workspace = Workspace(store, annotator)
        self.own_name = annotator
        self._first_size = first_geometry(self)
        self.palette_bar = LabelPalette()
        self.view = DocumentView()
        self.snap_preview = SnapPreview(self.view, lambda *sel: self.workspace.snapped(*sel))
        self.span_panel = SpanPanel()
        self.title = _plain_label("title")
        self.title.setWordWrap(True)
        font = self.title.font()
        font.setPointSizeF(font.pointSizeF() * 1.4)
        font.setBold(True)
        self.title.setFont(font)
        self.source = _plain_label("source")
        self.source.setStyleSheet("color: palette(mid);")
        self.doc_attributes = _plain_label("document attributes")
        self.doc_attributes.hide()
        self.doc_model = DocumentListModel(store, annotator)
        self.doc_list = DocumentListPanel(self.doc_model)
        self._layout()
        self.setStatusBar(ElidingStatusBar(self))
        self.status_annotator = _plain_label()
        self.status_span = ElidingLabel()  # cut with "…" where it does not fit
        self.status_position = _plain_label()
        self.statusBar().addWidget(self.status_annotator)
        self.statusBar().addWidget(self.status_span, 1)
        self.statusBar().addPermanentWidget(self.status_position)

        self.actions = actions.build(self)
        self.setup_file_menu()
        self.setup_layer_menu()
        self.setup_suggest_menu()
        self.doc_list.documentChosen.connect(self.open_document)
        self.doc_list.table.clicked.connect(lambda _: self.view.setFocus())  # even its own row
        self.doc_list.filtered.connect(self._refresh_status)
        self.palette_bar.labelChosen.connect(self.apply_label)
        self.view.clicked.connect(self.click_text)
        self.view.caretMoved.connect(self._show_span_under_caret)
        self.span_panel.spanChosen.connect(self.choose_span)
        self.span_panel.relationChosen.connect(self.choose_relation)
        self.span_panel.relationMenuRequested.connect(self.relation_menu)
        self.span_panel.attributeMenuRequested.connect(
            lambda span_id, name, where: self.offer_span_values(span_id, name, where))
        zoom = int(QSettings().value("view/zoom", 0))
        self.view.zoomIn(zoom)
        self._zoom = zoom
        self._bind_workspace()

    def _layout(self) -> None:
        reader = QWidget()
        column = QVBoxLayout(reader)
        column.setContentsMargins(16, 12, 8, 0)
        column.addWidget(self.title)
        column.addWidget(self.source)
        column.addWidget(self.doc_attributes)
        column.addWidget(self.palette_bar)
        column.addWidget(self.view, 1)
        self.split = Panes(self.doc_list, reader, self.span_panel)
        self.doc_list.wants_width.connect(lambda w: self.split.make_room(self.doc_list, w))
        self.setCentralWidget(self.split)

    def showEvent(self, event) -> None:
        super().showEvent(event)
        if not getattr(self, "_sized", False):
            self._sized = True
            QTimer.singleShot(0, self._size_panes)

    def _size_panes(self) -> None:
        if self.size() == self._first_size:  # not sized by hand since: fit the real frame
            fit_on_screen(self)
        self.split.first_sizes()
        news = self.doc_model.shown
        if not self.split.restored and (news["outlet"] or news["date"]):  # a first start
            self.split.make_room(self.doc_list, self.doc_list.news_width())

    def _bind_workspace(self) -> None:
        """Show the workspace's project: labels, list, undo texts, the last document."""
        ws = self.workspace
        if self._undo_changed not in ws.undo_stack.listeners:  # the stack outlives a switch
            ws.undo_stack.listeners.append(self._undo_changed)
        self._undo_changed()
        self.palette_bar.set_labels(ws.labels() + ws.relation_labels(), self)
        self.show_mode()
        self.status_annotator.setText(f"Annotator: {ws.annotator}")
        last = ws.last_document()
        if not (last is not None and self.doc_list.select(last)):
            first = self.doc_model.id_at(0)
            if first is None:
                self.title.setText("This project has no documents yet")
                self.source.setText("Use File ▸ Import… (or drop files here) to add "
                                    f"{', '.join(READERS)} files.")
                self.view.show_document("", [], [], {})
                self.span_panel.set_content("", [], [], {})
                self.show_document_values()
                self._show_linking()
            else:
                self.doc_list.select(first)
        self._refresh_status()
        self.show_layer_banner()
        self.close_stale_review()

    def switch_project(self, path: str, create: bool = False) -> None:
        store = self.open_store(path, create)
        if store is None:
            return
        self._remember_position()
        old, ws_name = self.workspace.store, self.workspace.annotator
        self.doc_model.detach()
        name = pack_owner(store) or (self.person if pack_owner(old) else ws_name)
        self.workspace = Workspace(store, name)
        old.close()
        self.doc_model.annotator = self.workspace.annotator
        self.doc_model.store = store
        self.doc_model.reload()
        self._bind_workspace()

    def reload_documents(self) -> None:
        current = self.doc_list.current_id()
        self.doc_model.reload()
        if current is None or not self.doc_list.select(current, emit=False):
            self._bind_workspace()
        self._refresh_spans()  # an import or merge may have added to the open document
        self._refresh_status()
        self.refresh_team_view()  # a merge brings packs back

    # ------------------------------------------------------------- documents
    def open_document(self, doc_id: int) -> None:
        self._remember_position()
        doc = self.workspace.open(doc_id)
        self.title.setText(doc.title or doc.uid)
        self.source.setText(" · ".join(
            str(v) for v in (doc.meta.get("source"), doc.meta.get("url"), doc.uid) if v))
        self.view.show_document(doc.text, self.workspace.spans(), self.workspace.relations(),
                                self._colors())
        self.view.scroll_to(self.workspace.position(doc_id))
        self.doc_list.select(doc_id, emit=False)
        self._refresh_spans()
        # Whatever opened it (the list, a filter that hides it, undo, G in review): what
        # shows the open document follows here.
        self.show_layer_banner()
        self.review_follows(doc_id)
        if not self.doc_list.browsing():
            self.view.setFocus()  # the keys select text and label it, whatever opened it

    def go_to(self, doc_id: int) -> None:
        """Open a document, through the list when the list's filter shows it."""
        if not self.doc_list.select(doc_id):
            self.open_document(doc_id)

    def _remember_position(self) -> None:
        if self.workspace.document is not None:
            self.workspace.remember_position(self.workspace.document.id, self.view.top_offset())

    def next_document(self) -> None:
        self.doc_list.step(+1)

    def previous_document(self) -> None:
        self.doc_list.step(-1)

    def focus_search(self) -> None:
        self.doc_list.search.setFocus()
        self.doc_list.search.selectAll()

    def mark_done(self) -> None:
        self._finish("done")

    def skip_document(self) -> None:
        note, ok = QInputDialog.getText(self, "Skip document", "Reason (optional):")
        if ok:
            self._finish("skipped", note)

    def _finish(self, status: str, note: str = "") -> None:
        if self.workspace.document is None:
            return
        refused = object()
        following = self._attempt(lambda: self.workspace.finish(status, note), refused)
        if following is refused:
            return  # e.g. viewing another's layer: the status bar says why
        self.doc_list.reapply()
        if following is not None:
            self.go_to(following)
        else:
            self.statusBar().showMessage("All documents are done or skipped.", 5000)
        self._refresh_status()

    # ------------------------------------------------------------------ spans
    def apply_label(self, label: str, exact: bool = False) -> None:
        if self.workspace.is_relation_label(label):
            return self.relation_key(label)
        if self.relabel_suggestion(label):
            return
        selection = self.view.selected_range()
        self._attempt(lambda: self.workspace.apply_label(label, selection, exact))
        if selection is not None:
            self.view.clear_selection()
        self._refresh_spans()

    def click_text(self, offset: int) -> None:
        self.leave_suggestion()
        self._attempt(lambda: self.workspace.click(offset))
        self._refresh_spans()

    def choose_span(self, span_id: int) -> None:
        self.workspace.selected = span_id
        self._refresh_spans()

    def choose_relation(self, relation_id: int) -> None:
        self.workspace.select_relation(relation_id)
        self.view.select_span(None)

    def next_span(self) -> None:
        self.workspace.select_next()
        self._refresh_spans()

    def previous_span(self) -> None:
        self.workspace.select_next(backwards=True)
        self._refresh_spans()

    def delete_selected(self) -> None:
        self._attempt(self.workspace.delete_selected)
        self._refresh_spans()
        self.notes_changed()  # a span takes its note with it

    def _move(self, edge: str, step: int) -> None:
        self._attempt(lambda: self.workspace.move_selected(edge, step))
        self._refresh_spans()

    def move_start_left(self) -> None:
        self._move("start", -1)

    def move_start_right(self) -> None:
        self._move("start", +1)

    def move_end_left(self) -> None:
        self._move("end", -1)

    def move_end_right(self) -> None:
        self._move("end", +1)

    def cancel(self) -> None:
        self.workspace.selected = None
        self.workspace.stop_linking()
        self.view.clear_selection()
        self.leave_suggestion()
        self._refresh_spans()

    def undo(self) -> None:
        self._after_history(self._attempt(self.workspace.undo))

    def redo(self) -> None:
        self._after_history(self._attempt(self.workspace.redo))

    def _after_history(self, command) -> None:
        if command is None:
            self._refresh_spans()
            return
        if self.workspace.document is None or command.doc_id != self.workspace.document.id:
            self.go_to(command.doc_id)
        self.workspace.selected = None
        self._refresh_spans()
        self.notes_changed()  # an undone note, or a span and its note

    def _undo_changed(self) -> None:
        stack = self.workspace.undo_stack
        for name, text in (("undo", stack.undo_text), ("redo", stack.redo_text)):
            action = self.actions[name]
            action.setEnabled(text is not None and not self.workspace.store.read_only)
            text = plain.action_text(text) if text else None  # it names labels
            action.setText(f"&{name.capitalize()} {text}" if text else f"&{name.capitalize()}")
            action.setStatusTip(plain.without_mnemonics(action.text()))

    # ------------------------------------------------------------ refreshing
    def _colors(self) -> dict[str, str]:
        return {lb.name: lb.color for lb in self.workspace.store.labels()}

    def _refresh_spans(self) -> None:
        ws = self.workspace
        if ws.document is None:
            return
        spans, relations = ws.spans(), ws.relations()
        self.view.update_spans(spans, relations)
        selected = (next((s for s in spans if s.id == ws.selected), None)
                    if ws.selected is not None else None)
        self.view.select_span(selected)
        self.span_panel.set_content(ws.document.text, spans, relations, self._colors(),
                                    ws.notes(), self.span_values(spans))
        self.span_panel.show_selected(ws.selected, ws.selected_relation)
        self.show_document_values()
        self.doc_model.refresh_row(ws.document.id)
        self._refresh_status()
        self._show_linking()
        self.show_suggestions()

    def _refresh_status(self) -> None:
        ws = self.workspace
        row = self.doc_model.row_of(ws.document.id) if ws.document else None
        counts = ws.store.status_counts(ws.annotator)
        n_spans = len(self.view.spans())
        whose = f"{ws.shown}: " if ws.shown else ""  # the spans and status of the layer shown
        parts = [f"Document {row + 1:,} of {self.doc_model.rowCount():,}" if row is not None
                 else "",
                 "" if pack_owner(ws.store) else f"{counts['done']} done",  # a pack says it after
                 whose + plural(n_spans, "span") if ws.document else "",
                 ws.status().replace("_", " ") if ws.document else ""]
        self.status_position.setText(" · ".join(p for p in parts if p))
        self._show_span_under_caret(self.view.caret())
        self.show_pack_progress()

    def _show_linking(self) -> None:
        """While a span waits for its speaker, show a cross cursor (the status bar says it)."""
        linking = self.workspace.linking is not None
        self.view.viewport().setCursor(
            Qt.CursorShape.CrossCursor if linking else Qt.CursorShape.IBeamCursor)

    def _show_span_under_caret(self, offset: int) -> None:
        """Say what the keys act on: the span waiting for its speaker, else the selected span,
        else the span under the caret (recomputed after every edit, so never stale)."""
        ws = self.workspace
        if ws.document is not None and ws.linking is not None:
            self.status_span.setText("Link to…: click the span to link it to (Esc cancels)")
            return
        if self.say_suggestion():
            return
        span = (self.view.selected_span or ws.span_at(offset)) if ws.document else None
        values = self.values_of(span) if span else ""  # before the text, which may be cut
        self.status_span.setText(
            f"{span.label}{f' ({values})' if values else ''}: "
            f"{shorten(ws.document.text[span.start:span.end])}" if span
            else self.suggestions_hint())

    # --------------------------------------------------------- view, settings
    def zoom_in(self) -> None:
        self._set_zoom(self._zoom + 1)

    def zoom_out(self) -> None:
        self._set_zoom(self._zoom - 1)

    def zoom_reset(self) -> None:
        self._set_zoom(0)

    def _set_zoom(self, zoom: int) -> None:
        zoom = max(-6, min(zoom, 20))
        self.view.zoomIn(zoom - self._zoom)
        self._zoom = zoom
        QSettings().setValue("view/zoom", zoom)

    def scheme_dialog(self) -> None:
        from annotator.ui.scheme_editor import edit_scheme

        if edit_scheme(self, self.workspace.store):
            self.workspace.undo_stack.clear()  # commands may name labels that changed
            self.palette_bar.set_labels(
                self.workspace.labels() + self.workspace.relation_labels(), self)
            self.view.set_colors(self._colors())
            self._refresh_spans()

    def annotator_dialog(self) -> None:
        name, ok = QInputDialog.getText(self, "Annotator name",
                                        "Your name, recorded with every span:",
                                        text=self.workspace.annotator)
        name = name.strip()
        if ok and name and name != self.workspace.annotator:
            try:
                check_annotator(name)
            except InvalidInput as e:
                plain.warn(self, "Annotator name not changed", str(e))
                return
            self.use_annotator(name)

    def use_annotator(self, name: str, remember: bool = True) -> None:
        """Work as `name` from now on (their spans, statuses and undo history)."""
        if remember:
            QSettings().setValue("annotator/name", name)
            self.person = name  # the name outside packs too
            owner = pack_owner(self.workspace.store)
            if owner is not None and owner != name:  # a pack is its owner's work
                self.statusBar().showMessage(f"In {owner}'s pack you work as {owner}; "
                                             f"{name} is your name outside packs.", 10000)
                return
        self._remember_position()
        current = self.workspace.document.id if self.workspace.document else None
        self.workspace = Workspace(self.workspace.store, name, self.workspace.undo_stack)
        self.doc_model.annotator = name
        self.doc_model.reload()
        self._bind_workspace()
        if current is not None:
            self.doc_list.select(current)

    def closeEvent(self, event) -> None:
        self.split.save()
        save_geometry(self)
        if self.workspace.store.closed:
            return super().closeEvent(event)
        self._remember_position()
        if self.task is not None and self.task.isRunning():
            self.task.cancel()
            self.task.wait()
        self.stop_training()
        self.doc_model.detach()
        self.workspace.store.close()
        super().closeEvent(event)
