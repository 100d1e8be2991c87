"""Adjudication: compare annotators on a document, decide, and build the gold layer.

Spans of all compared annotators are grouped into clusters: spans that overlap (directly or
through a chain) are in one cluster. A cluster where every annotator has the same single span
is an agreement; otherwise it is a disagreement, classified as
- "missing": some annotators have nothing there;
- "label": everyone has the same boundaries but the labels differ;
- "boundary": everyone has the same label but the boundaries differ;
- "mixed": labels and boundaries both differ.
The gold layer is the spans of the reserved annotator GOLD (source 'gold'). A cluster is
decided once the gold layer has a span overlapping it, or the reviewer rejected it (nothing in
gold there; rejections are stored per document with the cluster's extent).
"""

from __future__ import annotations

from dataclasses import dataclass, field

from annotator.core import commands
from annotator.core.models import GOLD, Span
from annotator.core.store import Store
from annotator.core.undo import UndoStack


@dataclass
class Cluster:
    start: int
    end: int
    spans: list[Span] = field(default_factory=list)
    kind: str = "agree"  # agree | missing | label | boundary | mixed
    decided: bool = False

    def versions(self) -> dict[str, list[Span]]:
        out: dict[str, list[Span]] = {}
        for span in self.spans:
            out.setdefault(span.annotator, []).append(span)
        return out


def _classify(cluster: Cluster, annotators: list[str]) -> str:
    versions = cluster.versions()
    keys = {name: sorted((s.start, s.end, s.label) for s in spans)
            for name, spans in versions.items()}
    if len(versions) < len(annotators):
        return "missing"
    distinct = {tuple(k) for k in keys.values()}
    if len(distinct) == 1 and all(len(k) == 1 for k in keys.values()):
        return "agree"
    bounds = {tuple((s, e) for s, e, _ in k) for k in keys.values()}
    labels = {tuple(lab for _, _, lab in k) for k in keys.values()}
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
    for cluster in out:
        cluster.kind = _classify(cluster, names)
        cluster.decided = (any(g.start < cluster.end and g.end > cluster.start for g in gold)
                           or (cluster.start, cluster.end) in rejected)
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
    Relations between spans that are then both in gold come along."""
    steps = _accepting(stack.store, doc_id, spans)
    if steps:
        accepted = {(step.start, step.end, step.label) for step in steps}
        stack.push(commands.Batch(what, [*steps, commands.CopyRelations(doc_id, GOLD,
                                                                         accepted)]))
    return len(steps)


def accept_unanimous(stack: UndoStack, doc_id: int, annotators: list[str] | None = None
                     ) -> int:
    """Accept every undecided cluster all annotators agree on, as one undoable step."""
    agreed = [c.spans[0] for c in clusters(stack.store, doc_id, annotators)
              if c.kind == "agree" and not c.decided]
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
