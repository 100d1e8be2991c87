"""Inter-annotator agreement on spans, tokens and relations.

Units and rules (also in the README):
- A document counts for an annotator when they have a status or a span on it; a pair (or the
  group) is compared on the documents that all of them have.
- Exact span F1: spans are (start, end, label); F1 = 2·|A ∩ B| / (|A| + |B|).
- Overlap span F1: same-label spans that overlap are matched one to one, best overlap first;
  each match earns credit = shared characters / characters in either; F1 = 2·Σcredit/(|A|+|B|).
- Token labels: our tokens (text.Tokens); a token takes the label of the shortest span that
  overlaps it (ties: the earliest), or "O". Cohen's κ per pair, Fleiss' κ over annotators who
  all have the documents, Krippendorff's α (nominal) over every token with two or more labels.
  A κ or α whose expected disagreement is zero (e.g. everything "O") is undefined: None.
- Relation F1: relations are (head span, child span, label) with spans as (start, end, label).
- Attributes: on the spans two annotators both have (same start, end and label), each
  attribute either of them gave a value is a unit; one without a value counts as the value
  "—" (so one who set it and one who did not disagree; both leaving it is no unit). Observed agreement is the share of units with the same value, Cohen's κ is
  computed over them as over tokens. A document attribute's units are the documents both
  have, where either gave it a value.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Collection
from dataclasses import dataclass, field
from itertools import combinations

from annotator.core.errors import InvalidInput
from annotator.core.models import RESERVED_LAYERS, Span
from annotator.core.store import Store
from annotator.core.text import Tokens

SpanKey = tuple[int, int, str]


@dataclass
class Layer:
    """One annotator's work on one document."""

    spans: list[SpanKey] = field(default_factory=list)
    relations: list[tuple[SpanKey, SpanKey, str]] = field(default_factory=list)
    values: dict[SpanKey, dict[str, str]] = field(default_factory=dict)  # attribute values
    document: dict[str, str] = field(default_factory=dict)  # the document's values

NONE = "—"  # the value of an attribute not given, when compared


def attribute_units(a: Layer, b: Layer) -> dict[str, list[tuple[str, str]]]:
    """The (value of a, value of b) of every attribute either gave on the spans both have,
    by name (NONE where one did not give it)."""
    out: dict[str, list[tuple[str, str]]] = {}
    for key in sorted(set(a.spans) & set(b.spans)):
        va, vb = a.values.get(key, {}), b.values.get(key, {})
        for name in dict.fromkeys([*va, *vb]):
            out.setdefault(name, []).append((va.get(name, NONE), vb.get(name, NONE)))
    return out


def document_units(a: Layer, b: Layer) -> dict[str, list[tuple[str, str]]]:
    out: dict[str, list[tuple[str, str]]] = {}
    for name in dict.fromkeys([*a.document, *b.document]):
        out.setdefault(name, []).append((a.document.get(name, NONE),
                                         b.document.get(name, NONE)))
    return out


def attribute_figures(units: list[tuple[str, str]]) -> dict:
    """Units, observed agreement and Cohen's κ of one attribute's value pairs."""
    if not units:
        return {"units": 0, "observed": None, "cohen_kappa": None}
    x, y = [u[0] for u in units], [u[1] for u in units]
    return {"units": len(units), "observed": sum(p == q for p, q in units) / len(units),
            "cohen_kappa": cohen_kappa(x, y)}


def _f1(matched: float, a: int, b: int) -> float | None:
    return None if a + b == 0 else 2 * matched / (a + b)


def exact_matches(a: list[SpanKey], b: list[SpanKey]) -> int:
    return len(set(a) & set(b))


def overlap_credit(a: list[SpanKey], b: list[SpanKey]) -> float:
    """Σ credit of the one-to-one matching of same-label overlapping spans, best first."""
    candidates = []
    for i, (s1, e1, l1) in enumerate(a):
        for j, (s2, e2, l2) in enumerate(b):
            shared = min(e1, e2) - max(s1, s2)
            if l1 == l2 and shared > 0:
                candidates.append((shared / (max(e1, e2) - min(s1, s2)), i, j))
    used_a, used_b, total = set(), set(), 0.0
    for credit, i, j in sorted(candidates, reverse=True):
        if i not in used_a and j not in used_b:
            used_a.add(i)
            used_b.add(j)
            total += credit
    return total


def token_labels(tokens: Tokens, spans: list[SpanKey]) -> list[str]:
    labels = ["O"] * len(tokens)
    width = [None] * len(tokens)
    for start, end, label in sorted(spans):
        hit = tokens.covering(start, end)
        if hit is None:
            continue
        for t in range(hit[0], hit[1] + 1):
            if width[t] is None or end - start < width[t]:
                labels[t], width[t] = label, end - start
    return labels


def cohen_kappa(x: list[str], y: list[str]) -> float | None:
    n = len(x)
    if n == 0:
        return None
    observed = sum(a == b for a, b in zip(x, y)) / n
    cx, cy = Counter(x), Counter(y)
    expected = sum(cx[k] * cy[k] for k in cx) / (n * n)
    return None if expected == 1 else (observed - expected) / (1 - expected)


def fleiss_kappa(items: list[list[str]]) -> float | None:
    """`items`: for each unit, the labels the m raters gave (every unit has m labels)."""
    if not items or len(items[0]) < 2:
        return None
    m, n = len(items[0]), len(items)
    totals: Counter = Counter()
    agreement = 0.0
    for labels in items:
        counts = Counter(labels)
        totals.update(counts)
        agreement += (sum(c * c for c in counts.values()) - m) / (m * (m - 1))
    p_bar = agreement / n
    p_e = sum((c / (n * m)) ** 2 for c in totals.values())
    return None if p_e == 1 else (p_bar - p_e) / (1 - p_e)


def krippendorff_alpha(units: list[list[str]]) -> float | None:
    """Nominal α. `units`: the labels given to each unit by the coders who coded it."""
    n_c: Counter = Counter()
    disagreement = 0.0
    for labels in units:
        m = len(labels)
        if m < 2:
            continue
        counts = Counter(labels)
        n_c.update(counts)
        disagreement += (m * m - sum(c * c for c in counts.values())) / (m - 1)
    n = sum(n_c.values())
    expected = (n * n - sum(c * c for c in n_c.values())) / (n - 1) if n > 1 else 0
    return None if expected == 0 else 1 - disagreement / expected


def _layers(store: Store, doc_id: int, annotators: list[str], finished_only: bool = False
            ) -> dict[str, Layer]:
    have = set(store.annotators(doc_id))
    if finished_only:  # only the work an annotator has marked done
        have = {name for name in have if store.status(doc_id, name) == "done"}
    out = {}
    for name in annotators:
        if name not in have:
            continue
        spans = store.spans(doc_id, name)
        by_id: dict[int, Span] = {s.id: s for s in spans}
        key = {i: (s.start, s.end, s.label) for i, s in by_id.items()}
        out[name] = Layer(
            [key[s.id] for s in spans],
            [(key[r.head_span_id], key[r.child_span_id], r.label)
             for r in store.relations(doc_id, name)],
            {key[i]: v for i, v in store.span_attributes_of(doc_id, name).items()},
            store.document_values(doc_id, name))
    return out


def compared_annotators(store: Store, annotators: list[str] | None = None) -> list[str]:
    """The annotators to compare (everyone but gold by default), or an error that says why
    there is nothing to compare: fewer than two of them, or a name nobody has used."""
    known = [a for a in store.annotators() if a not in RESERVED_LAYERS]
    names = annotators or known
    unknown = [n for n in names if n not in known]
    if unknown:
        raise InvalidInput(f"no annotator {', '.join(unknown)} in this project (there are: "
                           f"{', '.join(known) or 'none'})")
    if len(names) < 2:
        has = f"only {names[0]}'s" if names else "no annotator's work yet"
        raise InvalidInput("agreement needs the work of two or more annotators, and this "
                           f"project has {has}: merge the others' projects or exports first "
                           "(annotator merge, or File ▸ Merge Annotators' Work)")
    return names


def agreement(store: Store, annotators: list[str] | None = None,
              label: str | None = None, only_documents: Collection[int] | None = None,
              finished_only: bool = False) -> dict:
    """Every measure, overall, per label, per pair and per document (see the module doc);
    on `only_documents` (ids) if given, and on work marked done only with `finished_only`."""
    names = annotators or [a for a in store.annotators() if a not in RESERVED_LAYERS]
    pairs = list(combinations(names, 2))
    pooled = {p: Counter() for p in pairs}
    per_label: dict[str, Counter] = {}
    pair_label: dict[tuple, dict[str, Counter]] = {p: {} for p in pairs}
    tokens_of = {p: ([], []) for p in pairs}
    fleiss_items: list[list[str]] = []
    alpha_units: list[list[str]] = []
    documents = []
    values_of = {p: {} for p in pairs}  # pair -> attribute -> value pairs
    document_of = {p: {} for p in pairs}
    for doc in store.iter_documents():
        if only_documents is not None and doc.id not in only_documents:
            continue
        layers = _layers(store, doc.id, names, finished_only)
        if len(layers) < 2:
            continue
        if label is not None:
            for layer in layers.values():
                layer.spans = [s for s in layer.spans if s[2] == label]
                layer.relations = [r for r in layer.relations
                                   if r[0][2] == label or r[1][2] == label]
        tokens = Tokens.of(doc.text)
        labels = {name: token_labels(tokens, layer.spans) for name, layer in layers.items()}
        doc_pairs = []
        for a, b in pairs:
            if a not in layers or b not in layers:
                continue
            la, lb = layers[a], layers[b]
            exact = exact_matches(la.spans, lb.spans)
            credit = overlap_credit(la.spans, lb.spans)
            rel = exact_matches(la.relations, lb.relations)
            pooled[(a, b)].update(exact=exact, overlap=credit, a=len(la.spans),
                                  b=len(lb.spans), rel=rel, rel_a=len(la.relations),
                                  rel_b=len(lb.relations))
            for name in {s[2] for s in la.spans + lb.spans}:
                sa = [s for s in la.spans if s[2] == name]
                sb = [s for s in lb.spans if s[2] == name]
                counts = {"exact": exact_matches(sa, sb), "overlap": overlap_credit(sa, sb),
                          "n": len(sa) + len(sb)}
                per_label.setdefault(name, Counter()).update(counts)
                pair_label[(a, b)].setdefault(name, Counter()).update(counts)
            for units, found in ((values_of, attribute_units(la, lb)),
                                 (document_of, document_units(la, lb))):
                for attr, pairs_found in found.items():
                    units[(a, b)].setdefault(attr, []).extend(pairs_found)
            tokens_of[(a, b)][0].extend(labels[a])
            tokens_of[(a, b)][1].extend(labels[b])
            doc_pairs.append(_f1(exact, len(la.spans), len(lb.spans)))
        if len(layers) == len(names):
            fleiss_items.extend(zip(*(labels[n] for n in names)))
        alpha_units.extend(zip(*labels.values()))
        scored = [f for f in doc_pairs if f is not None]
        documents.append({"id": doc.uid, "title": doc.title, "annotators": sorted(layers),
                          "exact_f1": sum(scored) / len(scored) if scored else None})
    pair_rows = []
    total = Counter()
    for (a, b), c in pooled.items():
        total.update(c)
        pair_rows.append({
            "a": a, "b": b,
            "exact_f1": _f1(c["exact"], c["a"], c["b"]),
            "overlap_f1": _f1(c["overlap"], c["a"], c["b"]),
            "cohen_kappa": cohen_kappa(*tokens_of[(a, b)]),
            "relation_f1": _f1(c["rel"], c["rel_a"], c["rel_b"]),
            "spans": [c["a"], c["b"]],
            "per_label": {name: _f1(lc["exact"], lc["n"], 0)
                          for name, lc in sorted(pair_label[(a, b)].items())},
            "attributes": {name: attribute_figures(u)
                           for name, u in values_of[(a, b)].items()},
            "document_attributes": {name: attribute_figures(u)
                                    for name, u in document_of[(a, b)].items()},
        })
    return {
        "annotators": names,
        "label": label,
        "overall": {
            "exact_f1": _f1(total["exact"], total["a"], total["b"]),
            "overlap_f1": _f1(total["overlap"], total["a"], total["b"]),
            "relation_f1": _f1(total["rel"], total["rel_a"], total["rel_b"]),
            "fleiss_kappa": fleiss_kappa([list(x) for x in fleiss_items]),
            "krippendorff_alpha": krippendorff_alpha([list(x) for x in alpha_units]),
        },
        "per_label": {name: {"exact_f1": _f1(c["exact"], c["n"], 0),
                             "overlap_f1": _f1(c["overlap"], c["n"], 0)}
                      for name, c in sorted(per_label.items())},
        "attributes": _pooled(values_of),
        "document_attributes": _pooled(document_of),
        "pairs": pair_rows,
        "documents": documents,
    }


def _pooled(by_pair: dict[tuple, dict[str, list]]) -> dict[str, dict]:
    """Each attribute's figures over the value pairs of every pair of annotators."""
    pooled: dict[str, list] = {}
    for found in by_pair.values():
        for name, units in found.items():
            pooled.setdefault(name, []).extend(units)
    return {name: attribute_figures(units) for name, units in pooled.items()}
