"""Suggestion sources: how long they take, and how well the project model learns.

- per ~5 KB article: the quote rules (where this checkout has them), a patterns file (phrases
  and token patterns, spaCy's matchers) and the project's own strings, against a plain regex
  pass over the same text (quoted passages and capitalised names: what a person would write
  first);
- in bulk, the same over N articles (10,000; 1,000 with --quick);
- training the project model on 200 done articles (50 with --quick), and its exact-span F1 on
  held-out articles, beside the project-strings source's F1 on the same articles.

The articles are the synthetic project of synthetic_news.py: the sample article's real
paragraphs recombined, with people, organisations and places swapped for names from lists
(held-out articles use names no training article has) and labelled by construction. Its F1
says how well a model learns this article's contexts for unseen names, not how it does on
real news.

Run: python benchmarks/suggest.py [--quick]
"""

from __future__ import annotations

import argparse
import json
import re
import statistics
import tempfile
import time
from pathlib import Path

from _common import record
import synthetic_news as news

BASELINE = re.compile(r"[\"“][^\"”]{12,}[\"”]|(?<!\w)[A-Z][a-z]+(?: [A-Z][a-z]+)*")
BASELINE_NAME = "regex: quotes and capitalised names"


def patterns_file(path: Path) -> Path:
    """Prodigy patterns: the organisations and places of the lists as phrases, and token
    patterns for a title and a capitalised name (Mr Zhang, President Anna Berg)."""
    rows = [{"label": "ORG", "pattern": name} for name in news.ORGS]
    rows += [{"label": "PLACE", "pattern": name} for name in news.PLACES]
    for title in ("mr", "ms", "president", "premier", "vice-premier"):
        rows.append({"label": "PERSON", "pattern": [{"lower": title}, {"is_title": True},
                                                    {"is_title": True, "OP": "?"}]})
    path.write_text("".join(json.dumps(r) + "\n" for r in rows), encoding="utf-8")
    return path


def sources(store, folder: Path) -> dict:
    from annotator.core.suggest import load

    out = {}
    try:
        out["quotes"] = load("quotes", store)
    except ImportError:
        pass  # the quote rules are not on this checkout
    out["patterns"] = load("patterns", store, path=patterns_file(folder / "patterns.jsonl"))
    out["spans"] = load("spans", store)
    return out


def per_article(made: dict, texts: list[str]) -> tuple[dict[str, float], float]:
    """Median ms per article for each source, and for the regex pass."""
    times = {name: [] for name in made}
    regex = []
    for text in texts:
        for name, source in made.items():
            began = time.perf_counter()
            source.suggest(text)
            times[name].append(time.perf_counter() - began)
        began = time.perf_counter()
        sum(1 for _ in BASELINE.finditer(text))
        regex.append(time.perf_counter() - began)
    return ({name: statistics.median(t) * 1000 for name, t in times.items()},
            statistics.median(regex) * 1000)


def bulk(made: dict, texts: list[str]) -> tuple[float, float, int]:
    began = time.perf_counter()
    found = 0
    for text in texts:
        for source in made.values():
            found += len(source.suggest(text).spans)
    ours = time.perf_counter() - began
    began = time.perf_counter()
    for text in texts:
        sum(1 for _ in BASELINE.finditer(text))
    return ours, time.perf_counter() - began, found


def exact_f1(suggest, items) -> float:
    found = wanted = right = 0
    for item in items:
        got = {(s.start, s.end, s.label) for s in suggest(item.text).spans}
        truth = set(item.spans)
        found, wanted, right = found + len(got), wanted + len(truth), right + len(got & truth)
    p, r = (right / found if found else 0.0), (right / wanted if wanted else 0.0)
    return 2 * p * r / (p + r) if p + r else 0.0


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--quick", action="store_true")
    args = parser.parse_args()
    n_bulk, n_train, n_held, epochs = (1_000, 50, 20, 3) if args.quick else \
        (10_000, 200, 50, 10)
    from annotator.core.store import Store
    from annotator.core.suggest.model import ModelSource
    from annotator.core.train import Example, TrainReport, exact_scores, train

    rows = []
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        training = news.articles(n_train)
        held_out = news.articles(n_held, seed=1, held_out=True, prefix="h")
        news.make_project(folder / "p.annotator", training, held_out)
        store = Store.open(folder / "p.annotator")
        made = sources(store, folder)
        texts = [a.text for a in news.articles(200, seed=2, held_out=True, size=4400)]
        size = statistics.mean(len(t.encode()) for t in texts) / 1000
        each, regex_ms = per_article(made, texts)
        total = sum(each.values())
        names = " + ".join(made)
        rows.append((f"suggest one article (~{size:.1f} KB): {names}", f"{total:.2f} ms",
                     f"{regex_ms:.3f} ms", f"{total / regex_ms:.0f}"))
        record(f"suggest one ~5 KB article ({names})", total, regex_ms, "ms",
               baseline_name=BASELINE_NAME)
        for name, ms in each.items():
            rows.append((f"… {name} alone", f"{ms:.2f} ms", f"{regex_ms:.3f} ms",
                         f"{ms / regex_ms:.0f}"))
        many = [a.text for a in news.articles(n_bulk, seed=3, held_out=True, size=4400)]
        ours, plain, found = bulk(made, many)
        rows.append((f"suggest {n_bulk:,} articles in bulk ({found:,} suggestions)",
                     f"{ours:.1f} s", f"{plain:.2f} s", f"{ours / plain:.0f}"))
        record(f"suggest {n_bulk:,} ~5 KB articles in bulk", ours, plain, "s",
               baseline_name=BASELINE_NAME)

        report = TrainReport()
        began = time.perf_counter()
        nlp = train([Example(a.text, a.spans) for a in training], folder / "m.model",
                    epochs=epochs, report=report)
        seconds = time.perf_counter() - began
        rows.append((f"train the model: {n_train} done articles, {epochs} epochs "
                     f"({report.spans:,} spans)", f"{seconds:.0f} s", "", ""))
        record(f"train the project model on {n_train} articles, {epochs} epochs", seconds,
               None, "s")
        items = [Example(a.text, a.spans) for a in held_out]
        scores = exact_scores(nlp, items)
        model = ModelSource(folder / "m.model")
        strings_f1 = exact_f1(made["spans"].suggest, held_out)
        rows.append((f"… its exact-span F1 on {n_held} held-out articles (unseen names)",
                     f"{scores['f1']:.2f} (P {scores['precision']:.2f}, "
                     f"R {scores['recall']:.2f})", f"{strings_f1:.2f} project strings", ""))
        record(f"project model exact-span F1, {n_held} held-out articles", scores["f1"],
               strings_f1, "F1", baseline_name="project strings source")
        began = time.perf_counter()
        for text in texts[:50]:
            model.suggest(text)
        rows.append(("… the model's suggestions per ~5 KB article",
                     f"{(time.perf_counter() - began) / 50 * 1000:.1f} ms", f"{regex_ms:.3f} ms",
                     ""))
        store.close()

    print("| Benchmark | annotator | baseline | ratio |")
    print("| --- | ---: | ---: | ---: |")
    for row in rows:
        print("| " + " | ".join(row) + " |")
    print(f"\nbaseline: {BASELINE_NAME} (`{BASELINE.pattern}`); F1 baseline: the project-"
          "strings source on the same held-out articles")


if __name__ == "__main__":
    main()
