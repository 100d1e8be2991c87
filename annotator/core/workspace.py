"""What an annotator does on one document, independent of any widget.

The UI turns a key press into a call here; the decisions (snapping, which span a click means,
where a boundary moves, which document is next) are made and tested here, headless. Every edit
goes through the undo stack, so each is one transaction and can be undone.
"""

from __future__ import annotations

import bisect

from annotator.core import commands
from annotator.core.errors import InvalidInput, ProjectError
from annotator.core.models import Document, Label, Relation, Span
from annotator.core.review import GOLD
from annotator.core.store import Store
from annotator.core.suggest.decide import Suggestions
from annotator.core.text import Tokens, snap
from annotator.core.undo import UndoStack
from annotator.core.workspace_links import LinkOption, LinksMixin
from annotator.core.workspace_values import ValuesMixin

__all__ = ["LinkOption", "Workspace"]


class Workspace(LinksMixin, ValuesMixin):
    def __init__(self, store: Store, annotator: str, undo_stack: UndoStack | None = None):
        self.store = store
        self.annotator = annotator
        # One history per project: switching annotator (or to the gold layer) keeps it.
        self.undo_stack = undo_stack or UndoStack(store, annotator)
        self.undo_stack.by = annotator
        self.document: Document | None = None
        self._tokens: Tokens | None = None
        self._selected: int | None = None  # the selected span's id
        self.selected_relation: int | None = None  # or the selected relation's
        self.linking: int | None = None  # a span waiting for the span it is attributed to
        self.linking_label: str | None = None  # the relation label chosen for it, if any
        self.shown: str | None = None  # another annotator's layer, shown read-only
        # What sources suggest for the open document, decided on into one's own layer.
        self.suggestions = Suggestions(store, self.undo_stack, annotator, self._editable)

    # ------------------------------------------------------------------ layers
    @property
    def layer(self) -> str:
        """Whose spans are shown: one's own, or another annotator's (read-only)."""
        return self.shown or self.annotator

    def layers(self) -> list[str]:
        """The other annotators (gold aside) with work on the open document."""
        if self.document is None:
            return []
        return [a for a in self.store.annotators(self.document.id)
                if a not in (self.annotator, GOLD)]

    def show_layer(self, name: str | None) -> None:
        """Show `name`'s spans, read-only (None, or one's own name: one's own, editable)."""
        self.shown = None if name in (None, self.annotator) else name
        self.selected = None
        self.stop_linking()

    def _editable(self) -> None:
        if self.shown is not None:
            raise InvalidInput(f"Viewing {self.shown}'s spans (read-only): nothing changed. "
                               "View ▸ Show Layer ▸ My Own Spans to edit yours.")

    # ------------------------------------------------------------------ labels
    def labels(self) -> list[Label]:
        return self.store.labels("span")

    def relation_labels(self) -> list[Label]:
        return self.store.labels("relation")

    # --------------------------------------------------------------- documents
    def open(self, doc_id: int) -> Document:
        self.document = self.store.document(doc_id)
        self.suggestions.open(doc_id)
        self._tokens = None
        self.selected = None
        self.stop_linking()
        self._remember(f"last_document:{self.annotator}", str(doc_id))
        return self.document

    def _remember(self, key: str, value: str) -> None:
        """Where the annotator was: kept in the project, except in one opened read-only (or
        on a full disk: it is not worth an error)."""
        if not self.store.read_only:
            try:
                self.store.set_setting(key, value)
            except ProjectError:
                pass

    def last_document(self) -> int | None:
        value = self.store.setting(f"last_document:{self.annotator}")
        return int(value) if value else None

    def remember_position(self, doc_id: int, position: int) -> None:
        self._remember(f"position:{self.annotator}:{doc_id}", str(position))

    def position(self, doc_id: int) -> int:
        return int(self.store.setting(f"position:{self.annotator}:{doc_id}", "0"))

    def next_todo(self, after: int | None = None) -> int | None:
        """The first document after `after` (wrapping round) this annotator has not finished."""
        ids = sorted(self.store.document_ids(self.annotator, "todo")
                     + self.store.document_ids(self.annotator, "in_progress"))
        if not ids:
            return None
        if after is None:
            return ids[0]
        later = [i for i in ids if i > after]
        return later[0] if later else (ids[0] if ids[0] != after else None)

    @property
    def tokens(self) -> Tokens:
        if self._tokens is None:
            self._tokens = Tokens.of(self.document.text)
        return self._tokens

    def spans(self) -> list[Span]:
        return self.store.spans(self.document.id, self.layer) if self.document else []

    def relations(self) -> list[Relation]:
        return self.store.relations(self.document.id, self.layer) if self.document else []

    def status(self) -> str:
        """The open document's status in the layer shown (another's, while viewing it)."""
        return self.store.status(self.document.id, self.layer) if self.document else "todo"

    # --------------------------------------------------------- finding spans
    def span_at(self, offset: int) -> Span | None:
        """The innermost span covering code point `offset` (what a click there means)."""
        covering = [s for s in self.spans() if s.start <= offset < s.end]
        return min(covering, key=lambda s: (s.end - s.start, s.start)) if covering else None

    def next_span(self, current: int | None, backwards: bool = False) -> Span | None:
        """The span after (or before) span `current` in reading order, wrapping round."""
        spans = sorted(self.spans(), key=lambda s: (s.start, -s.end, s.id))  # outer first
        if not spans:
            return None
        ids = [s.id for s in spans]
        if current not in ids:
            return spans[-1] if backwards else spans[0]
        i = ids.index(current) + (-1 if backwards else 1)
        return spans[i % len(spans)]

    @property
    def selected(self) -> int | None:
        return self._selected

    @selected.setter
    def selected(self, span_id: int | None) -> None:
        """Selecting a span (or nothing) deselects any relation."""
        self._selected = span_id
        self.selected_relation = None

    def select_relation(self, relation_id: int) -> None:
        self.selected = None
        self.selected_relation = relation_id

    # ------------------------------------------------------- what a key does
    def apply_label(self, label: str, selection: tuple[int, int] | None,
                    exact: bool = False) -> Span | None:
        """A label key: label the text selection, or else relabel the selected span. The span
        made is selected, so that `A` links it and a second key relabels it."""
        self._editable()
        if selection is not None:
            span = self.label_selection(*selection, label, exact=exact)
            self.selected = span.id if span is not None else None
            return span
        if self.selected is not None:
            return self.relabel(self.selected, label)
        raise InvalidInput("Select some text (or click a span) first, then press a label key.")

    def click(self, offset: int) -> Span | None:
        """A click at `offset`: selects the span there. While linking, the span clicked is
        linked to the waiting one if the scheme allows (else InvalidInput says why, and the
        waiting goes on)."""
        span = self.span_at(offset)
        if self.linking is not None and span is not None and span.id != self.linking:
            waiting = self.store.span(self.linking)
            only = self.linking_label
            fitting = [o for o in self.link_options(waiting, limit=None, only=only)
                       if o.other.id == span.id]
            if not fitting:
                raise InvalidInput(self._why_not_as(waiting, span, only)
                                   + " Click another span, or Esc.")
            self.stop_linking()
            self.link(fitting[0].head.id, fitting[0].child.id, fitting[0].label)
            self.selected = waiting.id
            return waiting
        self.stop_linking()
        self.selected = span.id if span else None
        return span

    def _why_not_as(self, span: Span, other: Span, only: str | None) -> str:
        """Why `span` cannot be linked to `other` (under relation label `only`, if given)."""
        if only is None:
            return self.why_no_link(span, other)
        if any({r.head_span_id, r.child_span_id} == {span.id, other.id} and r.label == only
               for r in self.relations()):
            return f"These two spans are linked already as {only}."
        return (f"A {other.label} and a {span.label} cannot be linked as {only} "
                f"({only}: {self._rule(only)}).")

    def select_next(self, backwards: bool = False) -> Span | None:
        span = self.next_span(self.selected, backwards)
        self.selected = span.id if span else None
        return span

    def delete_selected(self) -> None:
        if self.selected_relation is not None:
            self.unlink(self.selected_relation)
        elif self.selected is not None:
            self.delete_span(self.selected)
        else:
            raise InvalidInput("Click a span (or a link in the span panel) first to delete it.")
        self.selected = None

    def move_selected(self, edge: str, step: int) -> Span:
        if self.selected is None:
            raise InvalidInput("Click a span first to move its boundaries.")
        return self.move_boundary(self.selected, edge, step)

    def finish(self, status: str = "done", note: str = "") -> int | None:
        """Mark the document done (or skipped) and return the next one to do."""
        self.set_status(status, note)
        return self.next_todo(self.document.id)

    # ------------------------------------------------------------------- edits
    def label_selection(self, start: int, end: int, label: str, *, exact: bool = False
                        ) -> Span | None:
        """Make a span of the selected characters [start, end) (code points).

        Snapped to whole tokens without surrounding whitespace and punctuation unless `exact`;
        nothing is made for a selection of only whitespace, or when the same span exists.
        """
        if self.document is None:
            return None
        self._editable()
        bounds = self.snapped(start, end, exact=exact)
        if bounds is None:
            return None
        if self.store.find_span(self.document.id, self.annotator, *bounds, label):
            return None
        command = commands.AddSpan(self.document.id, self.annotator, *bounds, label,
                                   self.document.text[bounds[0]:bounds[1]],
                                   source="gold" if self.annotator == GOLD else "manual")
        return self.undo_stack.push(command).span

    def snapped(self, start: int, end: int, exact: bool = False) -> tuple[int, int] | None:
        """The extent a label key makes of the selection [start, end): grown to whole tokens
        without surrounding space and punctuation (unless `exact`); None for only space."""
        if self.document is None or start >= end:
            return None
        if exact:
            return start, end
        text = self.document.text
        return snap(text, Tokens.near(text, start, end), start, end)

    def relabel(self, span_id: int, label: str) -> Span:
        self._editable()
        before = self.store.span(span_id)
        if before.label == label:
            return before
        after = Span(before.id, before.doc_id, before.annotator, before.start, before.end,
                     label, before.source)
        self.undo_stack.push(commands.ChangeSpan(before, after))
        return after

    def move_boundary(self, span_id: int, edge: str, step: int) -> Span:
        """Move the `edge` ('start' or 'end') of a span by one token (`step` -1 or +1)."""
        self._editable()
        before = self.store.span(span_id)
        start, end = before.start, before.end
        here = start if edge == "start" else end
        for t in (Tokens.near(self.document.text, here, here, margin=256), self.tokens):
            points = t.starts if edge == "start" else t.ends
            # The next token boundary after `here`, or the last one before it.
            i = (bisect.bisect_right(points, here) if step > 0
                 else bisect.bisect_left(points, here) - 1)
            if 0 <= i < len(points):
                break  # found near `here`: every token between is in the stretch, exactly
        if 0 <= i < len(points):
            if edge == "start":
                start = points[i]
            else:
                end = points[i]
        if start >= end or (start, end) == (before.start, before.end):
            raise InvalidInput("the span cannot be made smaller than one token")
        after = Span(before.id, before.doc_id, before.annotator, start, end, before.label,
                     before.source)
        self.undo_stack.push(commands.ChangeSpan(before, after, verb="Resize"))
        return after

    def delete_span(self, span_id: int) -> None:
        self._editable()
        span = self.store.span(span_id)
        text = self.store.document(span.doc_id).text[span.start:span.end]
        self.undo_stack.push(commands.DeleteSpan(span, text))

    def set_status(self, status: str, note: str = "") -> None:
        self._editable()
        self.undo_stack.push(
            commands.SetStatus(self.document.id, self.annotator, status, note))

    def undo(self) -> commands.Command | None:
        self._editable()
        return self.undo_stack.undo()

    def redo(self) -> commands.Command | None:
        self._editable()
        return self.undo_stack.redo()

