"""Deciding on suggestions: which are shown to an annotator, moving between them, accepting
(the suggestion becomes a span of the target layer, with its suggested links whose other end
is in that layer too), rejecting (remembered, so it never comes back for that annotator and
document), relabelling and accepting, accepting all. Every decision is one undoable step.

The target layer is a parameter: an annotator's own layer, or the gold layer.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from annotator.core import commands
from annotator.core.errors import InvalidInput
from annotator.core.models import Span, StoredSuggestion
from annotator.core.store import Store
from annotator.core.undo import UndoStack

Key = tuple[int, int, str]  # (start, end, label)


def shown(store: Store, doc_id: int, target: str, hidden_sources: frozenset[str] = frozenset()
          ) -> list[StoredSuggestion]:
    """The suggestions `target` sees on a document, in reading order: one per extent and
    label (the best scored, when several sources agree), none of a hidden source, none that
    `target` rejected or has as a span already."""
    hidden = store.suggestion_rejections(doc_id, target)
    hidden |= {(s.start, s.end, s.label) for s in store.spans(doc_id, target)}
    best: dict[Key, StoredSuggestion] = {}
    for s in store.suggestions(doc_id):
        if s.key in hidden or s.source in hidden_sources:
            continue
        if s.key not in best or s.score > best[s.key].score:
            best[s.key] = s
    return sorted(best.values(), key=lambda s: (s.start, -s.end, s.id))


@dataclass(frozen=True)
class ShownLink:
    """A suggested link as drawn: its ends by extent and label (a shown suggestion, or a
    span of the target layer already)."""

    label: str
    head: Key
    child: Key
    source: str


def shown_links(store: Store, doc_id: int, target: str, suggestions: list[StoredSuggestion]
                ) -> list[ShownLink]:
    """Suggested links with one end a shown suggestion and the other shown too or a span of
    `target` already (so accepting would bring the link)."""
    every = {s.id: s for s in store.suggestions(doc_id)}
    showing = {s.key for s in suggestions}
    spans = {(s.start, s.end, s.label) for s in store.spans(doc_id, target)}
    out: dict[tuple, ShownLink] = {}
    for link in store.suggested_links(doc_id):
        head, child = every[link.head_id].key, every[link.child_id].key
        if (head in showing or child in showing) and {head, child} <= showing | spans:
            out.setdefault((head, child, link.label),
                           ShownLink(link.label, head, child, link.source))
    return list(out.values())


def _links_of(store: Store, doc_id: int, keys: set[Key]) -> list[tuple[Key, Key, str]]:
    """The suggested links with an end among `keys`, as (head, child, label)."""
    every = {s.id: s for s in store.suggestions(doc_id)}
    found = dict.fromkeys(
        (every[k.head_id].key, every[k.child_id].key, k.label)
        for k in store.suggested_links(doc_id)
        if every[k.head_id].key in keys or every[k.child_id].key in keys)
    return list(found)


@dataclass
class RejectSuggestion(commands.Command):
    """An annotator's decision that a suggestion is wrong: it is not shown to them again."""

    span_ids = frozenset()  # no span changes
    doc_id: int
    annotator: str
    start: int
    end: int
    label: str

    @property
    def text(self) -> str:
        return f"Reject suggested {self.label}"

    def do(self, store: Store, by: str) -> None:
        store.reject_suggestion(self.doc_id, self.annotator, self.start, self.end, self.label)

    def undo(self, store: Store, by: str) -> None:
        store.unreject_suggestion(self.doc_id, self.annotator, self.start, self.end,
                                  self.label, by)


@dataclass
class LinkSuggested(commands.Command):
    """Add the suggested links whose two ends are spans of `target` (by extent and label),
    where the scheme allows the link and it is not there already."""

    span_ids = frozenset()  # no span changes
    doc_id: int
    target: str
    links: list[tuple[Key, Key, str]]
    added: list[int] = field(default_factory=list)

    def do(self, store: Store, by: str) -> None:
        mine = {(s.start, s.end, s.label): s.id for s in store.spans(self.doc_id, self.target)}
        labels = {lb.name: lb for lb in store.labels("relation")}
        have = {(r.head_span_id, r.child_span_id, r.label)
                for r in store.relations(self.doc_id, self.target)}
        self.added = []
        for head, child, label in self.links:
            ids = (mine.get(head), mine.get(child), label)
            if (None not in ids and ids not in have and label in labels
                    and labels[label].fits(head[2], child[2])):
                have.add(ids)
                self.added.append(store.add_relation(*ids, by).id)

    def undo(self, store: Store, by: str) -> None:
        for relation_id in self.added:
            store.delete_relation(relation_id, by)


class Suggestions:
    """The suggestions of the open document for one target layer, with a current one that
    the keys act on."""

    def __init__(self, store: Store, stack: UndoStack, target: str,
                 editable: Callable[[], None] = lambda: None):
        self.store = store
        self.stack = stack
        self.target = target
        self.editable = editable  # raises when the target layer may not be changed now
        self.hidden_sources: frozenset[str] = frozenset()  # sources switched off
        self.doc_id: int | None = None
        self.current: Key | None = None

    def open(self, doc_id: int | None) -> None:
        self.doc_id, self.current = doc_id, None

    def shown(self) -> list[StoredSuggestion]:
        if self.doc_id is None:
            return []
        return shown(self.store, self.doc_id, self.target, self.hidden_sources)

    def links(self, suggestions: list[StoredSuggestion] | None = None) -> list[ShownLink]:
        if self.doc_id is None:
            return []
        return shown_links(self.store, self.doc_id, self.target,
                           self.shown() if suggestions is None else suggestions)

    def current_one(self) -> StoredSuggestion | None:
        """The current suggestion, if it is still shown."""
        if self.current is None:
            return None
        return next((s for s in self.shown() if s.key == self.current), None)

    def position(self) -> tuple[int, int]:
        """(place of the current suggestion counted from 1, or 0; how many are shown)."""
        keys = [s.key for s in self.shown()]
        return (keys.index(self.current) + 1 if self.current in keys else 0), len(keys)

    def step(self, backwards: bool = False, offset: int = 0) -> StoredSuggestion | None:
        """Make the next (or previous) suggestion current, wrapping round; with none current,
        the first at or after `offset` (the last before it, going back)."""
        found = self.shown()
        if not found:
            self.current = None
            return None
        order = [(s.start, -s.end, s.id) for s in found]
        here = self._place(found)
        if here is None:
            after = [i for i, s in enumerate(found) if s.start >= offset]
            before = [i for i, s in enumerate(found) if s.start < offset]
            i = ((before[-1] if before else len(found) - 1) if backwards
                 else (after[0] if after else 0))
        else:
            i = (order.index(here) + (-1 if backwards else 1)) % len(found)
        self.current = found[i].key
        return found[i]

    def _place(self, found: list[StoredSuggestion]) -> tuple | None:
        current = next((s for s in found if s.key == self.current), None)
        return None if current is None else (current.start, -current.end, current.id)

    def _needs_current(self) -> StoredSuggestion:
        self.editable()
        current = self.current_one()
        if current is None:
            raise InvalidInput("No suggestion is current: press N to go to the next one.")
        return current

    def accept(self, label: str | None = None) -> Span | None:
        """Accept the current suggestion (as `label`, when a label key relabels it): it
        becomes a span of the target layer, with its suggested links whose other end is
        there too. The next suggestion becomes current."""
        current = self._needs_current()
        label = label or current.label
        if label not in {lb.name for lb in self.store.labels("span")}:
            raise InvalidInput(f"{label} is not a span label of this project")
        key = (current.start, current.end, label)
        steps = self._adding([key])
        if label != current.label:  # relabelled: the suggestion as it was is rejected
            steps.insert(0, RejectSuggestion(self.doc_id, self.target, *current.key))
        links = [(key if h == current.key else h, key if c == current.key else c, name)
                 for h, c, name in _links_of(self.store, self.doc_id, {current.key})]
        what = "Accept suggested" if label == current.label else "Accept suggestion as"
        self.stack.push(commands.Batch(f"{what} {label}", [
            *steps, LinkSuggested(self.doc_id, self.target, links)]))
        self._advance(current)
        return self.store.find_span(self.doc_id, self.target, *key)

    def reject(self) -> None:
        """Reject the current suggestion; the next one becomes current."""
        current = self._needs_current()
        self.stack.push(RejectSuggestion(self.doc_id, self.target, *current.key))
        self._advance(current)

    def accept_all(self) -> int:
        """Accept every suggestion shown on the document, with their links, as one step;
        returns how many."""
        self.editable()
        found = self.shown()
        if not found:
            raise InvalidInput("No suggestions to accept on this document.")
        keys = [s.key for s in found]
        links = _links_of(self.store, self.doc_id, set(keys))
        self.stack.push(commands.Batch(f"Accept all {len(keys)} suggestions", [
            *self._adding(keys), LinkSuggested(self.doc_id, self.target, links)]))
        self.current = None
        return len(keys)

    def _adding(self, keys: list[Key]) -> list[commands.Command]:
        text = self.store.document(self.doc_id).text
        have = {(s.start, s.end, s.label) for s in self.store.spans(self.doc_id, self.target)}
        return [commands.AddSpan(self.doc_id, self.target, s, e, label, text[s:e],
                                 source="suggested")
                for s, e, label in dict.fromkeys(keys) if (s, e, label) not in have]

    def _advance(self, done: StoredSuggestion) -> None:
        """After a decision, the next suggestion after the one decided (none at the end)."""
        later = [s for s in self.shown() if (s.start, -s.end, s.id) > (done.start, -done.end,
                                                                       done.id)]
        self.current = later[0].key if later else None
