"""The export reads a batch of documents at a time, each annotator's spans packed by SQLite:
every line still lists its spans in reading order (by start, the longer first, then the
older), numbered 1, 2, … in that order, with relations naming those numbers."""

from hypothesis import given, settings
from hypothesis import strategies as st

from annotator.core.formats import jsonl
from annotator.core.store import Store

TEXT = "Mr Yin said the talks are off, and Beijing agreed."
spans = st.lists(st.tuples(st.sampled_from(["alice", "bob"]), st.integers(0, 20),
                           st.integers(1, 8), st.sampled_from(["SPEAKER", "CLAIM", "ORG"])),
                 max_size=12)


@settings(max_examples=60, deadline=None)
@given(layers=st.lists(spans, min_size=1, max_size=4), batch=st.sampled_from([1, 2, 256]))
def test_spans_come_in_reading_order_in_every_batch(layers, batch):
    store = Store.memory()
    made = {}  # (document, annotator) -> [(start, end, label, row id)]
    for n, layer in enumerate(layers):
        doc, _ = store.add_document(f"{n}: {TEXT}", uid=f"d{n}")
        for name, start, length, label in layer:
            end = min(start + length, len(TEXT))
            span = store.add_span(doc, name, start, end, label)
            rows = made.setdefault((f"d{n}", name), [])
            if span.id not in [r[3] for r in rows]:
                rows.append((start, end, label, span.id))
        first = made.get((f"d{n}", "alice"))
        if first and len(first) > 1:
            store.add_relation(first[-1][3], first[0][3], "SAID", "alice")
    original = store.document_batches
    store.document_batches = lambda size=256: original(batch)
    lines = list(jsonl.lines(store))
    for line in lines:
        expected = sorted(made.get((line["id"], line["annotator"]), []),
                          key=lambda r: (r[0], -r[1], r[3]))
        got = [(s["start"], s["end"], s["label"]) for s in line["spans"]]
        assert got == [r[:3] for r in expected]
        assert [s["id"] for s in line["spans"]] == list(range(1, len(got) + 1))
        assert all(s["text"] == line["text"][s["start"]:s["end"]] for s in line["spans"])
        for relation in line["relations"]:
            ids = [r[3] for r in expected]
            first = made[(line["id"], "alice")]
            assert relation == {"head": ids.index(first[-1][3]) + 1,
                                "child": ids.index(first[0][3]) + 1, "label": "SAID"}
    assert {line["id"] for line in lines} == {f"d{n}" for n in range(len(layers))}
    store.close()
