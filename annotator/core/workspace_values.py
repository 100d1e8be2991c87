"""What an annotator says about spans and documents beyond their labels: notes (a doubt for
the reviewer) and attribute values (a CLAIM's quote: direct). Each change is one undoable
step. A mixin of Workspace."""

from __future__ import annotations

from annotator.core import commands
from annotator.core.errors import InvalidInput
from annotator.core.models import Attribute, Note, Span
from annotator.core.wording import shorten


def _with_values(declared: tuple[Attribute, ...], values: dict[str, str]
                 ) -> tuple[tuple[Attribute, str | None], ...]:
    """Each declared attribute with its value (or None), then any value held that the scheme
    does not declare (an import's)."""
    known = {a.name for a in declared}
    return (tuple((a, values.get(a.name)) for a in declared)
            + tuple((Attribute(name, (value,)), value)
                    for name, value in values.items() if name not in known))


class ValuesMixin:
    """Needs the Workspace's store, undo_stack, document, layer, annotator, selected,
    labels() and _editable()."""

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

    def span_attributes(self, span_id: int) -> tuple[tuple[Attribute, str | None], ...]:
        """A span's attributes under its label's declaration, each with its value (or None),
        then any value it holds that the scheme does not declare (an import's)."""
        span = self.store.span(span_id)
        label = next((lb for lb in self.labels() if lb.name == span.label), None)
        return _with_values(label.attributes if label else (),
                            self.store.span_attributes(span_id))

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
        return _with_values(self.store.document_attributes(),
                            self.store.document_values(self.document.id, self.layer))

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
