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

from annotator.core.models import Span
from annotator.core.store import Store

GOLD = "gold"


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


def accept(store: Store, doc_id: int, spans: list[Span], reviewer: str) -> list[Span]:
    """Put these versions into the gold layer (an identical gold span is not doubled)."""
    with store.transaction():
        return [store.add_span(doc_id, GOLD, s.start, s.end, s.label, "gold") for s in spans]


def accept_unanimous(store: Store, doc_id: int, reviewer: str,
                     annotators: list[str] | None = None) -> int:
    """Accept every cluster all annotators agree on; returns how many gold spans were added."""
    added = 0
    with store.transaction():
        for cluster in clusters(store, doc_id, annotators):
            if cluster.kind == "agree" and not cluster.decided:
                accept(store, doc_id, cluster.spans[:1], reviewer)
                added += 1
    return added


def reject(store: Store, doc_id: int, cluster: Cluster, reviewer: str) -> None:
    """Decide a cluster as: nothing in gold here."""
    store.add_rejection(doc_id, cluster.start, cluster.end, reviewer)


def progress(store: Store, doc_id: int, annotators: list[str] | None = None) -> tuple[int, int]:
    """(decided, total) disagreements and agreements of a document; reviewed when equal."""
    found = clusters(store, doc_id, annotators)
    return sum(c.decided for c in found), len(found)


def agreed_by(store: Store, doc_id: int, gold: Span) -> list[str]:
    """The annotators who have exactly this gold span."""
    return sorted({s.annotator for s in store.spans(doc_id)
                   if s.annotator != GOLD and (s.start, s.end, s.label)
                   == (gold.start, gold.end, gold.label)})
