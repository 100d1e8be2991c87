"""What an annotator does on one document, independent of any widget.

The UI turns a key press into a call here; the decisions (snapping, which span a click means,
where a boundary moves, which document is next) are made and tested here, headless. Every edit
goes through the undo stack, so each is one transaction and can be undone.
"""

from __future__ import annotations

import bisect
from typing import NamedTuple

from annotator.core import commands
from annotator.core.errors import InvalidInput, ProjectError
from annotator.core.models import Attribute, Document, Label, Note, Relation, Span
from annotator.core.review import GOLD
from annotator.core.store import Store
from annotator.core.suggest.decide import Suggestions
from annotator.core.text import Tokens, snap
from annotator.core.undo import UndoStack
from annotator.core.wording import shorten


class LinkOption(NamedTuple):
    """A link a span can take part in: `label` from `head` to `child`; `other` is the span
    it would be linked to (the head or the child)."""

    label: str
    head: Span
    child: Span
    other: Span

    @property
    def arrow(self) -> str:
        """← when the other span is the head (a claim's speaker), → when it is the child."""
        return "←" if self.other.id == self.head.id else "→"


class Workspace:
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

    def link_candidates(self, span: Span, limit: int = 8) -> list[Span]:
        """Other spans `span` can be linked to under the scheme, nearest first."""
        return list({o.other.id: o.other for o in self.link_options(span, limit)}.values())

    def link_options(self, span: Span, limit: int | None = 8, only: str | None = None
                     ) -> list[LinkOption]:
        """The links `span` can take part in, with the `limit` nearest other spans: each
        relation label whose constraint fits, with `span` as the child or as the head (a
        CLAIM looks for its speaker, a SPEAKER for its claims). A label without a
        constraint joins any pair, with `span` as the child, as "attribute to" reads.
        Pairs linked already under that label are left out."""
        labels = [lb for lb in self.relation_labels() if only is None or lb.name == only]
        linked = {(r.head_span_id, r.child_span_id, r.label) for r in self.relations()}

        def distance(other: Span) -> int:
            return max(other.start - span.end, span.start - other.end, 0)

        options: list[LinkOption] = []
        seen: set[int] = set()
        for other in sorted((s for s in self.spans() if s.id != span.id),
                            key=lambda s: (distance(s), s.start)):
            if limit is not None and len(seen) >= limit:
                break
            for lb in labels:
                pairs = [(other, span)] if not lb.constrained else [(other, span), (span, other)]
                for head, child in pairs:
                    if (lb.fits(head.label, child.label)
                            and (head.id, child.id, lb.name) not in linked):
                        options.append(LinkOption(lb.name, head, child, other))
                        seen.add(other.id)
        return options

    def why_no_link(self, span: Span, other: Span | None = None) -> str:
        """Why `span` has nothing to link to (or cannot be linked to `other`), in the
        scheme's words."""
        labels = self.relation_labels()
        if not labels:
            return "This project's scheme has no relation labels."
        if other is not None and any(
                lb.fits(h.label, c.label) and (h.id, c.id, lb.name) in
                {(r.head_span_id, r.child_span_id, r.label) for r in self.relations()}
                for lb in labels for h, c in ((other, span), (span, other))):
            return "These two spans are linked already."
        roles = [lb for lb in labels
                 if not lb.constrained or span.label in lb.heads + lb.children]
        rules = "; ".join(f"{lb.name}: {lb.rule()}" for lb in (roles or labels))
        if other is not None:
            return f"A {other.label} cannot be linked to a {span.label} ({rules})."
        if not roles:
            return f"A {span.label} takes part in no relation of this scheme ({rules})."
        if any(lb.fits(h.label, c.label) for other in self.spans() if other.id != span.id
               for lb in labels for h, c in ((other, span), (span, other))):
            return (f"This {span.label} is linked already to every span here that fits it "
                    f"({rules}).")
        return f"No span here fits a {span.label} ({rules}): label one first."

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

    def start_link(self, only: str | None = None) -> list[LinkOption]:
        """Begin linking the selected span to another (under relation label `only`, if
        given); returns the links it can take part in, nearest first."""
        self._editable()
        if self.selected is None:
            raise InvalidInput("Select a span first (a CLAIM, or its speaker), then press A.")
        span = self.store.span(self.selected)
        if len(self.spans()) < 2:
            raise InvalidInput("There is no other span to link it to: label the speaker "
                               "first.")
        options = self.link_options(span, only=only)
        if not options:
            raise InvalidInput(self.why_no_link(span))
        self.linking, self.linking_label = self.selected, only
        return options

    def stop_linking(self) -> None:
        """No span waits to be linked any more (Esc, a link chosen from the menu)."""
        self.linking = self.linking_label = None

    def relation_key(self, label: str) -> list[LinkOption] | None:
        """A relation label's key: relabels the selected link; with a span selected instead,
        starts linking it under that label (returns the options)."""
        if self.selected_relation is not None:
            self.relabel_relation(self.selected_relation, label)
            return None
        return self.start_link(only=label)

    def is_relation_label(self, name: str) -> bool:
        return any(lb.name == name for lb in self.relation_labels())

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

    def link(self, head_id: int, child_id: int, label: str | None = None) -> Relation:
        """Relate two spans: `child` (e.g. a CLAIM) to its `head` (e.g. the SPEAKER), under
        `label`, or the first relation label whose constraint fits them."""
        self._editable()
        head, child = self.store.span(head_id), self.store.span(child_id)
        if not self.relation_labels():
            raise InvalidInput("this project's scheme has no relation labels")
        fitting = [lb.name for lb in self.relation_labels() if lb.fits(head.label, child.label)
                   and (label is None or lb.name == label)]
        if not fitting:
            raise InvalidInput(self.why_no_link(child, head))
        linked = {(r.head_span_id, r.child_span_id, r.label) for r in self.relations()}
        free = [name for name in fitting if (head_id, child_id, name) not in linked]
        if not free:
            raise InvalidInput("These two spans are linked already.")
        return self.undo_stack.push(commands.AddRelation(head, child, free[0])).relation

    def relabel_choices(self, relation_id: int) -> list[str]:
        """The relation labels a link could take instead of its own: those that fit, and
        that the same two spans are not linked under already."""
        relation = self._relation(relation_id)
        head, child = self.store.span(relation.head_span_id), self.store.span(relation.child_span_id)
        return [lb.name for lb in self.relation_labels()
                if lb.name != relation.label and lb.fits(head.label, child.label)
                and lb.name not in self._pair_labels(relation)]

    def _pair_labels(self, relation: Relation) -> set[str]:
        """The labels the head and child of `relation` are linked under."""
        return {r.label for r in self.relations()
                if (r.head_span_id, r.child_span_id)
                == (relation.head_span_id, relation.child_span_id)}

    def _rule(self, label: str) -> str:
        return next(lb for lb in self.relation_labels() if lb.name == label).rule()

    def relabel_relation(self, relation_id: int, label: str) -> Relation:
        self._editable()
        relation = self._relation(relation_id)
        if label == relation.label:
            return relation
        if not self.is_relation_label(label):
            raise InvalidInput(f"{label} is not a relation label of this project")
        if label in self._pair_labels(relation):
            raise InvalidInput(f"These two spans are linked already as {label}: nothing "
                               "changed.")
        if label not in self.relabel_choices(relation_id):
            head = self.store.span(relation.head_span_id)
            child = self.store.span(relation.child_span_id)
            raise InvalidInput(f"A {head.label} → {child.label} link cannot be {label} "
                               f"({label}: {self._rule(label)}).")
        after = relation._replace(label=label)
        self.undo_stack.push(commands.ChangeRelation(relation, after))
        return after

    def _relation(self, relation_id: int) -> Relation:
        relation = next((r for r in self.relations() if r.id == relation_id), None)
        if relation is None:
            raise InvalidInput("That link is gone already.")
        return relation

    def unlink(self, relation_id: int) -> None:
        self._editable()
        self.undo_stack.push(commands.DeleteRelation(self._relation(relation_id)))

    def set_status(self, status: str, note: str = "") -> None:
        self._editable()
        self.undo_stack.push(
            commands.SetStatus(self.document.id, self.annotator, status, note))

    # ------------------------------------------------------------------- notes
    def notes(self) -> list[Note]:
        """The open document's notes in the layer shown."""
        return self.store.notes(self.document.id, self.layer) if self.document else []

    def note(self, editing: bool = False) -> tuple[Note | None, Span | None]:
        """What the note key acts on: the selected span's note (and the span), else the
        document's own note (and None). `editing`: refused where nothing can be written."""
        if editing:
            self._editable()
        if self.document is None:
            raise InvalidInput("Open a document first, then write a note on it or its spans.")
        span = self.store.span(self.selected) if self.selected is not None else None
        note = self.store.note_of(self.document.id, self.layer, span.id if span else None)
        return note, span

    def set_note(self, text: str, resolved: bool = False) -> Note | None:
        """Write (or change, resolve, or with no text remove) the note on the selected span,
        else on the document; undoable. Returns the note as it now is."""
        self._editable()
        note, span = self.note()
        text = text.strip()
        status = "resolved" if resolved else "open"
        if (note is None and not text) or (note is not None
                                           and (note.text, note.status) == (text, status)):
            return note  # nothing to write, or nothing changed
        what = (f"{span.label} “{shorten(self.document.text[span.start:span.end], 24)}”"
                if span else "the document")
        return self.undo_stack.push(commands.SetNote(
            self.document.id, self.annotator, span.id if span else None, text, status,
            what)).after

    def undo(self) -> commands.Command | None:
        self._editable()
        return self.undo_stack.undo()

    def redo(self) -> commands.Command | None:
        self._editable()
        return self.undo_stack.redo()

    # -------------------------------------------------------------- attributes
    def span_attributes(self, span_id: int) -> tuple[tuple[Attribute, str | None], ...]:
        """A span's attributes under its label's declaration, each with its value (or None),
        then any value it holds that the scheme does not declare (an import's)."""
        span = self.store.span(span_id)
        label = next((lb for lb in self.labels() if lb.name == span.label), None)
        values = self.store.span_attributes(span_id)
        declared = label.attributes if label else ()
        known = {a.name for a in declared}
        return (tuple((a, values.get(a.name)) for a in declared)
                + tuple((Attribute(name, (value,)), value)
                        for name, value in values.items() if name not in known))

    def choose_attribute(self, name: str, value: str, span_id: int | None = None
                         ) -> str | None:
        """Give the selected span (or `span_id`) `value` of attribute `name`; choosing the
        value it has already takes it away. Returns the value it now has."""
        self._editable()
        span_id = self.selected if span_id is None else span_id
        if span_id is None:
            raise InvalidInput("Select a span first (click it, or Tab to it), then set its "
                               "attributes.")
        span = self.store.span(span_id)
        found = dict(self.span_attributes(span_id))
        attribute = next((a for a in found if a.name == name), None)
        if attribute is None or value not in attribute.values:
            offered = "; ".join(f"{a.name}: {'/'.join(a.values)}" for a in found)
            raise InvalidInput(f"This {span.label} has no {name} {value} in this scheme"
                               + (f" ({offered})." if offered else " (it has no attributes)."))
        new = None if found[attribute] == value else value
        self.undo_stack.push(commands.SetSpanAttribute(span, name, new))
        return new

    def document_attributes(self) -> tuple[tuple[Attribute, str | None], ...]:
        """The open document's attributes, each with its value in the layer shown."""
        if self.document is None:
            return ()
        values = self.store.document_values(self.document.id, self.layer)
        declared = self.store.document_attributes()
        known = {a.name for a in declared}
        return (tuple((a, values.get(a.name)) for a in declared)
                + tuple((Attribute(name, (value,)), value)
                        for name, value in values.items() if name not in known))

    def choose_document_attribute(self, name: str, value: str) -> str | None:
        """Give the open document `value` of attribute `name` (choosing the value it has
        takes it away); returns the value it now has."""
        self._editable()
        if self.document is None:
            raise InvalidInput("Open a document first.")
        found = dict(self.document_attributes())
        attribute = next((a for a in found if a.name == name), None)
        if attribute is None or value not in attribute.values:
            raise InvalidInput(f"Documents have no {name} {value} in this scheme.")
        new = None if found[attribute] == value else value
        self.undo_stack.push(commands.SetDocumentAttribute(
            self.document.id, self.annotator, name, new))
        return new
