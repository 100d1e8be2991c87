"""Attribute values in every format that can carry them: written, and read back (by our
import, or by spaCy itself for a DocBin)."""

import tempfile
from pathlib import Path

import orjson
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from annotator.core.exporter import ExportReport, export_to_path
from annotator.core.importer import import_paths
from annotator.core.store import Store

TEXT = 'Mr Yin said: "The talks are off." Beijing, according to officials, agreed.'
# (start, end, label) of spans an annotator may have, on token boundaries.
PLACES = [(0, 6, "SPEAKER"), (14, 32, "CLAIM"), (7, 11, "CUE"), (34, 41, "PLACE"),
          (43, 55, "CUE"), (56, 65, "SPEAKER"), (0, 6, "PERSON")]
VALUE = st.text(st.characters(blacklist_categories=("Cc", "Cf", "Cs", "Zl", "Zp", "Zs")),
                min_size=1, max_size=8)
NAME = st.sampled_from(["quote", "kind", "tone", "ünïcode"])


def values(store: Store) -> tuple[set, set]:
    spans = {(s.start, s.end, s.label, s.annotator, frozenset(
        store.span_attributes(s.id).items())) for d in store.documents()
        for s in store.spans(d.id)}
    documents = {(a, frozenset(v.items())) for d in store.documents()
                 for a, v in store.document_values_of(d.id).items()}
    return spans, documents


def project(path: Path, layers: dict) -> Store:
    store = Store.open(path)
    doc, _ = store.add_document(TEXT, uid="d1", title="Talks")
    for annotator, (spans, document) in layers.items():
        for (start, end, label), attrs in spans:
            span = store.add_span(doc, annotator, start, end, label)
            for name, value in attrs.items():
                store.ensure_attribute(label, name, value)
                store.set_span_attribute(span.id, name, value, annotator)
        for name, value in document.items():
            store.ensure_attribute(None, name, value)
            store.set_document_value(doc, annotator, name, value, annotator)
    return store


layer = st.tuples(
    st.lists(st.tuples(st.sampled_from(PLACES), st.dictionaries(NAME, VALUE, max_size=2)),
             max_size=5, unique_by=lambda x: x[0]),
    st.dictionaries(NAME, VALUE, max_size=2))
layers = st.dictionaries(st.sampled_from(["alice", "bob"]), layer, min_size=1)


@pytest.mark.parametrize("fmt", ["jsonl", "labelstudio", "brat"])
@settings(max_examples=25, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(work=layers)
def test_values_survive_export_and_import(fmt, work):
    with tempfile.TemporaryDirectory() as tmp:
        tmp = Path(tmp)
        first = project(tmp / "a.annotator", work)
        target = tmp / {"jsonl": "out.jsonl", "labelstudio": "out.json", "brat": "out"}[fmt]
        export_to_path(first, fmt, target, ExportReport())
        with Store.open(tmp / "b.annotator") as second:
            import_paths(second, [target])
            assert values(second) == values(first)
            # the scheme declares every value met, as it grows labels
            for lb in second.labels("span"):
                for a in lb.attributes:
                    assert len(set(a.values)) == len(a.values)
        first.close()


def test_jsonl_writes_attrs_only_where_given(tmp_path):
    store = project(tmp_path / "a.annotator", {
        "alice": ([((14, 32, "CLAIM"), {"quote": "direct"}), ((0, 6, "SPEAKER"), {})],
                  {"relevant": "yes"})})
    export_to_path(store, "jsonl", tmp_path / "o.jsonl", ExportReport())
    line = orjson.loads((tmp_path / "o.jsonl").read_bytes())
    assert line["attrs"] == {"relevant": "yes"}
    assert [s.get("attrs") for s in line["spans"]] == [None, {"quote": "direct"}]
    store.close()


def test_brat_writes_a_lines_and_declares_them(tmp_path):
    store = project(tmp_path / "a.annotator", {
        "alice": ([((14, 32, "CLAIM"), {"quote": "direct"})], {"genre": "news"})})
    export_to_path(store, "brat", tmp_path / "b", ExportReport())
    ann = (tmp_path / "b" / "alice" / "d1.ann").read_text()
    assert "A1\tquote T1 direct\n" in ann
    conf = (tmp_path / "b" / "annotation.conf").read_text()
    assert "quote\tArg:CLAIM, Value:direct|indirect|mixed" in conf
    assert "kind\tArg:SPEAKER, Value:person|organisation|anonymous|pronoun" in conf
    meta = orjson.loads((tmp_path / "b" / "alice" / "d1.meta.json").read_bytes())
    assert meta["attrs"] == {"genre": "news"}
    store.close()


def test_brat_reads_binary_attributes_and_ones_on_events(tmp_path):
    folder = tmp_path / "in" / "ann1"
    folder.mkdir(parents=True)
    (folder / "d.txt").write_text("Yin said no.")
    (folder / "d.ann").write_text("T1\tSPEAKER 0 3\tYin\nT2\tCUE 4 8\tsaid\n"
                                  "E1\tCUE:T2\nA1\tNegated T1\nA2\tquote E1 indirect\n")
    with Store.open(tmp_path / "p.annotator") as store:
        import_paths(store, [tmp_path / "in"])
        got = {s.label: store.span_attributes(s.id) for s in store.spans(1)}
        assert got == {"SPEAKER": {"Negated": "true"}, "CUE": {"quote": "indirect"}}


def test_label_studio_choices_per_region_and_for_the_document(tmp_path):
    store = project(tmp_path / "a.annotator", {
        "alice": ([((14, 32, "CLAIM"), {"quote": "mixed"})], {"relevant": "no"})})
    export_to_path(store, "labelstudio", tmp_path / "o.json", ExportReport())
    task = orjson.loads((tmp_path / "o.json").read_bytes())[0]
    result = task["annotations"][0]["result"]
    region = next(r for r in result if r["type"] == "labels")
    choices = [r for r in result if r["type"] == "choices"]
    assert {"id": region["id"], "from_name": "quote", "to_name": "text", "type": "choices",
            "value": {"start": 14, "end": 32, "text": TEXT[14:32],
                      "choices": ["mixed"]}} in choices
    assert {"from_name": "relevant", "to_name": "text", "type": "choices",
            "value": {"choices": ["no"]}} in choices
    config = (tmp_path / "o.json.config.xml").read_text()
    assert ('<Choices name="quote" toName="text" perRegion="true" '
            'visibleWhen="region-selected" whenLabelValue="CLAIM">') in config
    assert '<Choices name="relevant" toName="text" choice="single">' in config
    assert '<Choice value="indirect"/>' in config
    store.close()


def test_spacy_reads_span_attributes_and_cats_back(tmp_path):
    spacy = pytest.importorskip("spacy")
    from spacy.tokens import DocBin, Span

    store = project(tmp_path / "a.annotator", {
        "alice": ([((14, 32, "CLAIM"), {"quote": "direct"}), ((0, 6, "SPEAKER"), {})],
                  {"relevant": "yes"})})
    export_to_path(store, "spacy", tmp_path / "o.spacy", ExportReport())
    if not Span.has_extension("quote"):
        Span.set_extension("quote", default=None)
    nlp = spacy.blank("en")
    (doc,) = DocBin().from_disk(tmp_path / "o.spacy").get_docs(nlp.vocab)
    by_label = {s.label_: s for s in doc.spans["sc"]}
    assert by_label["CLAIM"]._.quote == "direct"
    assert by_label["SPEAKER"]._.quote is None
    assert doc.cats == {"relevant=yes": 1.0, "relevant=no": 0.0}
    store.close()


def test_hf_has_a_column_per_document_attribute(tmp_path):
    store = project(tmp_path / "a.annotator", {"alice": ([], {"genre": "opinion"})})
    store.add_document("Another text.", uid="d2")
    export_to_path(store, "hf", tmp_path / "o.jsonl", ExportReport())
    rows = [orjson.loads(x) for x in (tmp_path / "o.jsonl").read_bytes().splitlines()]
    assert [(r["relevant"], r["genre"]) for r in rows] == [(None, "opinion"), (None, None)]
    store.close()
