"""Our JSONL, as the batched export writes it, with everything a line can hold at once: spans
with attribute values and notes, relations, document values and notes, and a gold layer with
its agreed_by. Export, import into a new project, export again: the same bytes."""

import io

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from annotator.core import importer, merge
from annotator.core.formats import jsonl
from annotator.core.store import Store

TEXT = "Mr Yin said the talks are off, and Beijing agreed. \u201cNo,\u201d \U0001F600 she said.\r\n"
NAMES = ["alice", "bob", "gold"]
LABELS = ["SPEAKER", "CLAIM", "ORG"]
VALUES = {"CLAIM": ("quote", ["direct", "indirect"]), "SPEAKER": ("kind", ["person"])}

span = st.tuples(st.sampled_from(NAMES), st.integers(0, len(TEXT) - 2), st.integers(1, 12),
                 st.sampled_from(LABELS), st.integers(0, 2), st.sampled_from(["", "unsure?"]))
document = st.tuples(st.lists(span, max_size=8), st.lists(
    st.tuples(st.sampled_from(NAMES), st.sampled_from(["yes", "no"])), max_size=3),
    st.lists(st.tuples(st.sampled_from(NAMES), st.sampled_from(["ask the desk", "later"])),
             max_size=2, unique=True), st.booleans())  # (a second alike note is one)


def export(store) -> bytes:
    out = io.BytesIO()
    jsonl.write(store, out)
    return out.getvalue()


def fill(store, documents):
    store.ensure_attribute(None, "relevant", "yes")
    store.ensure_attribute(None, "relevant", "no")
    for label, (name, values) in VALUES.items():
        for value in values:
            store.ensure_attribute(label, name, value)
    for n, (spans, values, doc_notes, linked) in enumerate(documents):
        doc, _ = store.add_document(f"{n}: {TEXT}", uid=f"d{n}")
        made = {}
        for name, start, length, label, value, note in spans:
            end = min(start + length, len(TEXT))
            s = store.add_span(doc, name, start, end, label)
            made.setdefault(name, []).append(s)
            if label in VALUES and value:
                attr, choices = VALUES[label]
                store.set_span_attribute(s.id, attr, choices[value % len(choices)], name)
            if note and not store.notes(doc, name) or note and all(
                    x.span_id != s.id for x in store.notes(doc, name)):
                store.add_note(doc, name, s.id, note)
        for name, value in values:
            store.set_document_value(doc, name, "relevant", value, name)
        for name, text in doc_notes:
            store.add_note(doc, name, None, text)
        for name, layer in made.items():
            ids = list(dict.fromkeys(x.id for x in layer))
            if linked and len(ids) > 1:
                store.add_relation(ids[-1], ids[0], "SAID", name)


@settings(max_examples=60, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(documents=st.lists(document, min_size=1, max_size=3))
def test_notes_values_relations_and_gold_survive_export_import_export(tmp_path_factory,
                                                                      documents):
    folder = tmp_path_factory.mktemp("round")
    with Store.open(folder / "a.annotator") as store:
        fill(store, documents)
        first = export(store)
    (folder / "a.jsonl").write_bytes(first)
    with Store.open(folder / "b.annotator") as again:
        # the gold layer comes in with a merge; a project with documents already takes it
        importer.import_paths(again, [folder / "a.jsonl"]) if not _has_gold(first) else \
            merge.merge_paths(again, [folder / "a.jsonl"])
        assert export(again).decode() == first.decode()


def _has_gold(data: bytes) -> bool:
    return b'"annotator":"gold"' in data
