"""How good each source's suggestions are on the project's own data: precision, recall and F1
of exact spans (start, end, label) against an annotator's layer or the gold layer, per source
and per label, on the documents that layer has worked on (a status or a span)."""

from __future__ import annotations

from collections import Counter

from annotator.core.store import Store


def _figures(tp: int, fp: int, fn: int) -> dict:
    precision = tp / (tp + fp) if tp + fp else None
    recall = tp / (tp + fn) if tp + fn else None
    f1 = (2 * tp / (2 * tp + fp + fn)) if tp + fp + fn else None
    return {"tp": tp, "fp": fp, "fn": fn, "precision": precision, "recall": recall, "f1": f1}


def score(store: Store, reference: str) -> dict:
    """{"reference", "documents", "sources": {source: {..figures, "labels": {label: ..}}}}."""
    docs = [row[0] for row in store.db.execute(
        "SELECT doc_id FROM spans WHERE annotator = ? UNION "
        "SELECT doc_id FROM doc_status WHERE annotator = ? ORDER BY 1", [reference, reference])]
    counts: dict[str, dict[str, Counter]] = {}
    for doc_id in docs:
        truth = {(s.start, s.end, s.label) for s in store.spans(doc_id, reference)}
        by_source: dict[str, set] = {}
        for s in store.suggestions(doc_id):
            by_source.setdefault(s.source, set()).add(s.key)
        for source in store.suggestion_sources():
            found = by_source.get(source, set())
            labels = counts.setdefault(source, {})
            for key in found:
                labels.setdefault(key[2], Counter())["tp" if key in truth else "fp"] += 1
            for key in truth - found:
                labels.setdefault(key[2], Counter())["fn"] += 1
    sources = {}
    for source, labels in sorted(counts.items()):
        total = sum(labels.values(), Counter())
        sources[source] = {**_figures(total["tp"], total["fp"], total["fn"]),
                           "labels": {name: _figures(c["tp"], c["fp"], c["fn"])
                                      for name, c in sorted(labels.items())}}
    return {"reference": reference, "documents": len(docs), "sources": sources}
