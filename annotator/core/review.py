"""Adjudication: compare annotators on a document, decide, and build the gold layer.

Spans of all compared annotators are grouped into clusters: spans that overlap (directly or
through a chain) are in one cluster. A cluster where every annotator has the same set of
(extent, label) is an agreement, however many spans each stacks on one extent (e.g. SPEAKER
and PERSON on "Mr Yin"); otherwise it is a disagreement, classified as
- "missing": some annotators have nothing there;
- "label": everyone has the same extents but the labels differ;
- "boundary": everyone has the same labels but the extents differ;
- "mixed": labels and boundaries both differ;
- "attribute": the same spans for everyone, but their attribute values differ.
The gold layer is the spans of the reserved annotator GOLD (source 'gold'). A cluster is
decided once the gold layer has a span overlapping it, or the reviewer rejected it (nothing in
gold there; rejections are stored per document with the cluster's extent).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from annotator.core import commands
from annotator.core.models import GOLD, Relation, Span
from annotator.core.store import Store
from annotator.core.undo import UndoStack


@dataclass
class Cluster:
    start: int
    end: int
    spans: list[Span] = field(default_factory=list)
    kind: str = "agree"  # agree | missing | label | boundary | mixed | attribute
    decided: bool = False
    values: dict[int, dict[str, str]] = field(default_factory=dict)  # span id -> attributes

    def versions(self) -> dict[str, list[Span]]:
        out: dict[str, list[Span]] = {}
        for span in self.spans:
            out.setdefault(span.annotator, []).append(span)
        return out


def _classify(cluster: Cluster, annotators: list[str]) -> str:
    """Compare each annotator's set of (start, end, label) in the cluster: the same set for
    everyone is an agreement, however many spans are stacked on one extent."""
    versions = cluster.versions()
    if len(versions) < len(annotators):
        return "missing"
    sets = [frozenset((s.start, s.end, s.label) for s in spans) for spans in versions.values()]
    if len(set(sets)) == 1:
        given = {frozenset((s.start, s.end, s.label, *sorted(cluster.values.get(s.id, {})
                                                             .items())) for s in spans)
                 for spans in versions.values()}
        return "agree" if len(given) == 1 else "attribute"
    bounds = {frozenset((s, e) for s, e, _ in k) for k in sets}
    labels = {frozenset(lab for _, _, lab in k) for k in sets}
    if len(bounds) == 1:
        return "label"
    if len(labels) == 1:
        return "boundary"
    return "mixed"


def clusters(store: Store, doc_id: int, annotators: list[str] | None = None) -> list[Cluster]:
    """The clusters of one document, in reading order, each classified and marked decided."""
    names = annotators or [a for a in store.annotators(doc_id) if a != GOLD]
    spans = sorted((s for s in store.spans(doc_id) if s.annotator in names),
                   key=lambda s: (s.start, s.end))
    out: list[Cluster] = []
    for span in spans:
        if out and span.start < out[-1].end:
            out[-1].spans.append(span)
            out[-1].end = max(out[-1].end, span.end)
        else:
            out.append(Cluster(span.start, span.end, [span]))
    gold = store.spans(doc_id, GOLD)
    rejected = set(store.rejections(doc_id))
    values = store.span_attributes_of(doc_id)
    for cluster in out:
        cluster.values = {s.id: values[s.id] for s in cluster.spans if s.id in values}
        cluster.kind = _classify(cluster, names)
        cluster.decided = (any(g.start < cluster.end and g.end > cluster.start for g in gold)
                           or (cluster.start, cluster.end) in rejected)
    return out


# Where a sentence ends: a full stop (with any closing quote) before a space, or a line break.
_SENTENCE_END = re.compile(r"[.!?…][\"'”’»)\]]*(?=\s)|[\n\r\u2028\u2029]")


def context(text: str, start: int, end: int, limit: int = 300) -> tuple[int, int]:
    """The sentence (or sentences) around [start, end): from the start of the sentence that
    holds `start` to the end of the one that holds `end`, at most `limit` characters out."""
    lo = max(0, start - limit)
    ends = [m.end() for m in _SENTENCE_END.finditer(text, lo, start)]
    a = ends[-1] if ends else lo
    while a < start and text[a].isspace():
        a += 1
    found = _SENTENCE_END.search(text, max(end, start), min(len(text), end + limit))
    b = found.end() if found else min(len(text), end + limit)
    if found and text[b - 1] in "\n\r\u2028\u2029":
        b -= 1
    return a, max(b, end)


def differing(cluster: Cluster, annotators: list[str]) -> list[tuple[int, int]]:
    """The stretches of a cluster where annotators disagree: a character differs when the
    labels of the spans over it are not the same for everyone (nothing counts as a label
    set too: an annotator without a span there differs from one with)."""
    versions = cluster.versions()
    out: list[tuple[int, int]] = []
    for i in range(cluster.start, cluster.end):
        seen = {frozenset(s.label for s in versions.get(name, []) if s.start <= i < s.end)
                for name in annotators}
        if len(seen) > 1:
            if out and out[-1][1] == i:
                out[-1] = (out[-1][0], i + 1)
            else:
                out.append((i, i + 1))
    return out


def links(store: Store, doc_id: int, cluster: Cluster, annotators: list[str]
          ) -> dict[str, list[tuple[Relation, Span, Span]]]:
    """Each annotator's relations (the gold layer's too) with an end overlapping the
    cluster's extent: (relation, head, child)."""
    out: dict[str, list[tuple[Relation, Span, Span]]] = {}
    for name in annotators:
        relations = store.relations(doc_id, name)
        spans = {s.id: s for s in store.spans(doc_id, name)} if relations else {}
        found = [(r, spans[r.head_span_id], spans[r.child_span_id]) for r in relations]
        found = [(r, h, c) for r, h, c in found
                 if any(s.start < cluster.end and s.end > cluster.start for s in (h, c))]
        if found:
            out[name] = found
    return out


def _accepting(store: Store, doc_id: int, spans: list[Span]) -> list[commands.Command]:
    text = store.document(doc_id).text
    seen, out = set(), []
    for s in spans:
        key = (s.start, s.end, s.label)
        if key not in seen and store.find_span(doc_id, GOLD, *key) is None:
            seen.add(key)
            out.append(commands.AddSpan(doc_id, GOLD, s.start, s.end, s.label,
                                        text[s.start:s.end], source="gold"))
    return out


def accept(stack: UndoStack, doc_id: int, spans: list[Span], what: str = "Accept") -> int:
    """Put these versions into the gold layer, as one undoable step; returns spans added.
    Relations between spans that are then both in gold come along, and so do the versions'
    attribute values (on a span gold has already too: choosing a version chooses its values;
    where the versions accepted together differ, the first one's)."""
    store = stack.store
    steps: list[commands.Command] = list(_accepting(store, doc_id, spans))
    chosen: dict[tuple[int, int, str], dict[str, str]] = {}
    for s in spans:
        chosen.setdefault((s.start, s.end, s.label), store.span_attributes(s.id))
    if steps:
        accepted = {(step.start, step.end, step.label) for step in steps}
        steps.append(commands.CopyRelations(doc_id, GOLD, accepted))
    differing = {key: v for key, v in chosen.items()
                 if (g := store.find_span(doc_id, GOLD, *key)) is None and v
                 or g is not None and store.span_attributes(g.id) != v}
    if differing:
        steps.append(commands.CopySpanAttributes(doc_id, GOLD, differing))
    if steps:
        stack.push(commands.Batch(what, steps))
    return sum(isinstance(step, commands.AddSpan) for step in steps)


def accept_unanimous(stack: UndoStack, doc_id: int, annotators: list[str] | None = None
                     ) -> int:
    """Accept every undecided cluster all annotators agree on, as one undoable step."""
    agreed = [span for c in clusters(stack.store, doc_id, annotators)
              if c.kind == "agree" and not c.decided
              for span in next(iter(c.versions().values()))]
    return accept(stack, doc_id, agreed, "Accept all unanimous")


def reject(stack: UndoStack, doc_id: int, cluster: Cluster) -> None:
    """Decide a cluster as: nothing in gold here (undoable)."""
    stack.push(commands.Reject(doc_id, cluster.start, cluster.end))


def progress(store: Store, doc_id: int, annotators: list[str] | None = None) -> tuple[int, int]:
    """(decided, total) disagreements and agreements of a document; reviewed when equal."""
    found = clusters(store, doc_id, annotators)
    return sum(c.decided for c in found), len(found)


def project_progress(store: Store) -> tuple[int, int]:
    """(reviewed, to review): documents with two or more annotators, and how many of those
    have every cluster decided."""
    reviewed = total = 0
    for doc in store.documents():
        if len([a for a in store.annotators(doc.id) if a != GOLD]) < 2:
            continue
        total += 1
        decided, found = progress(store, doc.id)
        reviewed += decided == found
    return reviewed, total
