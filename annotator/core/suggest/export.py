"""The suggestions layer in our JSONL: one line per document with suggestions, its spans
with their source, score and attributes, and the suggested links between them. This is the
only place suggestions leave the project; every other export holds annotations only."""

from __future__ import annotations

from collections.abc import Iterator

import orjson

from annotator.core.models import SUGGESTIONS as LAYER
from annotator.core.store import Store


def lines(store: Store, sources: set[str] | None = None) -> Iterator[dict]:
    for doc_id in store.suggestion_documents():
        found = store.suggestions(doc_id, sources)
        if not found:
            continue
        doc = store.document(doc_id)
        number = {s.id: n for n, s in enumerate(found, start=1)}
        yield {
            "id": doc.uid,
            "text": doc.text,
            "meta": {"title": doc.title, **doc.meta},
            "annotator": LAYER,
            "spans": [{"id": number[s.id], "start": s.start, "end": s.end, "label": s.label,
                       "text": doc.text[s.start:s.end], "source": s.source, "score": s.score,
                       "attrs": orjson.loads(s.attrs)} for s in found],
            "relations": [{"head": number[k.head_id], "child": number[k.child_id],
                           "label": k.label, "source": k.source, "score": k.score}
                          for k in store.suggested_links(doc_id)
                          if k.head_id in number and k.child_id in number],
        }


def write(store: Store, out, sources: set[str] | None = None) -> int:
    """Write the lines to a binary stream; returns how many."""
    n = 0
    for n, line in enumerate(lines(store, sources), start=1):
        out.write(orjson.dumps(line) + b"\n")
    return n
