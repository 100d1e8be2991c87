"""Quality of the quote rules (annotator/core/suggest/quotes.py) on hand-labelled Wikinews articles.

Scores CLAIM, SPEAKER and CUE spans and speaker–claim pairs (SAID links), exact and overlapping,
for direct, indirect and mixed quotes, with and without pronoun speakers, on the dev set (the
rules were tuned on it) and the test set (never looked at while tuning). The baseline in the same
run: a quotation-mark regex (12+ characters inside) with the nearest capitalised name as speaker.

Run: python benchmarks/quotes.py [--set dev|test|both] [--errors]
"""

from __future__ import annotations

import argparse
import json
import re
import sys
import time
from pathlib import Path

from _common import ROOT, record

from annotator.core.suggest.quotes import make

DATA = ROOT / "benchmarks" / "data" / "quotes"


# ---------------------------------------------------------------------------- data
def load(name: str) -> list[dict]:
    """Each document as {text, spans: [(start, end, label, attrs)], pairs: [(speaker, claim)]}."""
    docs = []
    for line in (DATA / f"{name}.jsonl").read_text(encoding="utf-8").splitlines():
        rec = json.loads(line)
        by_id = {s["id"]: (s["start"], s["end"], s["label"], s.get("attrs", {}))
                 for s in rec["spans"]}
        docs.append({"id": rec["id"], "text": rec["text"], "spans": list(by_id.values()),
                     "pairs": [(by_id[r["head"]], by_id[r["child"]]) for r in rec["relations"]
                               if r["label"] == "SAID"]})
    return docs


def rules(text: str) -> dict:
    proposal = _SOURCE.suggest(text)
    spans = [(s.start, s.end, s.label, dict(s.attrs)) for s in proposal.spans]
    pairs = [(spans[link.head], spans[link.child]) for link in proposal.links]
    return {"spans": spans, "pairs": pairs}


_SOURCE = make(None)
_QUOTED = re.compile(r"[\"“„«]([^\"“”„«»\n]{12,}?)[\"”»]")
_NAME = re.compile(r"\b[A-Z][\w'’.-]+(?:\s+[A-Z][\w'’.-]+)*")


def baseline(text: str) -> dict:
    """Text inside quotation marks, and the capitalised name nearest to it."""
    names = [m.span() for m in _NAME.finditer(text)]
    spans, pairs = [], []
    for m in _QUOTED.finditer(text):
        claim = (m.start(1), m.end(1), "CLAIM", {"quote": "direct"})
        spans.append(claim)
        outside = [n for n in names if n[1] <= m.start() or n[0] >= m.end()]
        if outside:
            n = min(outside, key=lambda n: min(abs(n[1] - m.start()), abs(n[0] - m.end())))
            speaker = (n[0], n[1], "SPEAKER", {"kind": "person"})
            spans.append(speaker)
            pairs.append((speaker, claim))
    return {"spans": spans, "pairs": pairs}


# ---------------------------------------------------------------------------- matching
def _same(a, b, overlap: bool) -> bool:
    if overlap:
        return a[0] < b[1] and b[0] < a[1]
    return a[0] == b[0] and a[1] == b[1]


def _match(gold: list, pred: list, same) -> int:
    """One-to-one matches, greedily."""
    used = set()
    hits = 0
    for g in gold:
        for n, p in enumerate(pred):
            if n not in used and same(g, p):
                used.add(n)
                hits += 1
                break
    return hits


class Score:
    def __init__(self):
        self.tp_r = self.tp_p = self.gold = self.pred = 0

    def add(self, gold: list, pred: list, same) -> None:
        self.gold += len(gold)
        self.pred += len(pred)
        self.tp_r += _match(gold, pred, same)
        self.tp_p += _match(pred, gold, lambda p, g: same(g, p))

    def prf(self) -> tuple[float, float, float]:
        p = self.tp_p / self.pred if self.pred else 0.0
        r = self.tp_r / self.gold if self.gold else 0.0
        return p, r, (2 * p * r / (p + r) if p + r else 0.0)


def _span_same(overlap):
    return lambda g, p: g[2] == p[2] and _same(g, p, overlap)


def _pair_same(overlap):
    return lambda g, p: _same(g[0], p[0], overlap) and _same(g[1], p[1], overlap)


def evaluate(docs: list[dict], system) -> dict[str, Score]:
    scores: dict[str, Score] = {}

    def score(key: str) -> Score:
        return scores.setdefault(key, Score())

    for doc in docs:
        out = system(doc["text"])
        for overlap, how in ((False, "exact"), (True, "overlap")):
            for label in ("CLAIM", "SPEAKER", "CUE"):
                score(f"{label} {how}").add([s for s in doc["spans"] if s[2] == label],
                                            [s for s in out["spans"] if s[2] == label],
                                            _span_same(overlap))
            score(f"pair {how}").add(doc["pairs"], out["pairs"], _pair_same(overlap))
            no_pronoun = (lambda pairs: [p for p in pairs if p[0][3].get("kind") != "pronoun"])
            score(f"pair {how}, no pronoun speakers").add(
                no_pronoun(doc["pairs"]), no_pronoun(out["pairs"]), _pair_same(overlap))
            for quote in ("direct", "indirect", "mixed"):
                is_q = (lambda s: s[3].get("quote") == quote)
                score(f"CLAIM {how}, {quote}").add(
                    [s for s in doc["spans"] if s[2] == "CLAIM" and is_q(s)],
                    [s for s in out["spans"] if s[2] == "CLAIM" and is_q(s)], _span_same(overlap))
                score(f"pair {how}, {quote}").add(
                    [p for p in doc["pairs"] if is_q(p[1])], [p for p in out["pairs"] if is_q(p[1])],
                    _pair_same(overlap))
    return scores


ROWS = ["CLAIM overlap", "CLAIM exact", "pair overlap", "pair exact", "SPEAKER overlap",
        "SPEAKER exact", "CUE exact", "CLAIM overlap, direct", "CLAIM overlap, indirect",
        "CLAIM overlap, mixed", "pair overlap, direct", "pair overlap, indirect",
        "pair overlap, mixed", "pair overlap, no pronoun speakers"]


def table(results: dict[str, dict[str, dict[str, Score]]]) -> str:
    sets = list(results)
    head = "| measure | " + " | ".join(
        f"{s} rules P / R / F1 | {s} baseline F1" for s in sets) + " |"
    lines = [head, "| --- |" + " --- | --- |" * len(sets)]
    for row in ROWS:
        cells = []
        for s in sets:
            rp, rr, rf = results[s]["rules"][row].prf()
            n = results[s]["rules"][row].gold
            cells.append(f"{rp:.2f} / {rr:.2f} / **{rf:.2f}** (n={n})")
            base = results[s]["baseline"].get(row)
            cells.append("–" if base is None or not base.pred else f"{base.prf()[2]:.2f}")
        lines.append(f"| {row} | " + " | ".join(cells) + " |")
    return "\n".join(lines)


def errors(docs: list[dict]) -> None:
    """What the rules missed and added, per document (for the dev set)."""
    for doc in docs:
        out = rules(doc["text"])
        t = doc["text"]
        show = lambda s: f"{s[2]} {t[s[0]:s[1]][:70]!r}"
        gold = doc["spans"]
        missed = [s for s in gold if not any(_span_same(True)(s, p) for p in out["spans"])]
        extra = [p for p in out["spans"] if not any(_span_same(True)(g, p) for g in gold)]
        bad_pairs = [p for p in doc["pairs"] if not any(_pair_same(True)(p, q)
                                                          for q in out["pairs"])]
        if missed or extra or bad_pairs:
            print(f"== {doc['id']}")
            for s in missed:
                print("  missed", show(s))
            for s in extra:
                print("  extra ", show(s))
            for g in bad_pairs:
                print("  pair missed", show(g[0]), "->", show(g[1])[:50])


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--set", choices=("dev", "test", "both"), default="both")
    ap.add_argument("--errors", action="store_true", help="list misses and extras (dev only)")
    args = ap.parse_args()
    names = ["dev", "test"] if args.set == "both" else [args.set]
    results = {}
    for name in names:
        docs = load(name)
        if args.errors and name == "dev":
            errors(docs)
        results[name] = {"rules": evaluate(docs, rules), "baseline": evaluate(docs, baseline)}
    print(table(results))
    docs = load(names[-1])
    text = "\n\n".join(d["text"] for d in docs)
    size = len(text.encode("utf-8"))
    start = time.perf_counter()
    for _ in range(5):
        rules(text)
    per_5kb = (time.perf_counter() - start) / 5 / (size / 5000) * 1000
    print(f"\nspeed: {per_5kb:.2f} ms per 5 KB of article text ({size // 1000} KB, 5 runs)")
    last = results[names[-1]]
    for row, target in (("CLAIM overlap", 80), ("pair overlap", 70)):
        f = 100 * last["rules"][row].prf()[2]
        record(f"quote rules, {names[-1]} set: {row} F1", round(f, 1),
               round(100 * last["baseline"][row].prf()[2], 1), "%", f"≥ {target} %",
               f >= target, "quotation-mark regex + nearest capitalised name")


if __name__ == "__main__":
    sys.exit(main())
