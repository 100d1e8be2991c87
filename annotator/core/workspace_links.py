"""Links between spans, as the workspace offers and makes them: which relations a span can
take part in under the scheme's constraints (nearest spans first), why it has none, and
linking, relabelling and unlinking, each one undoable step. A mixin of Workspace."""

from __future__ import annotations

from typing import NamedTuple

from annotator.core import commands
from annotator.core.errors import InvalidInput
from annotator.core.models import Relation, Span


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




class LinksMixin:
    """Needs the Workspace's store, undo_stack, spans(), relations(), relation_labels(),
    selected/selected_relation, linking/linking_label and _editable()."""

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
