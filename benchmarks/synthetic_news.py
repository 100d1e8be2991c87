"""A synthetic labelled news project made from real text: the paragraphs of the sample article
(seeds/, a Bloomberg story as published), recombined into new articles, with its people,
organisations and places swapped for names drawn from lists, and its dates and amounts kept.
Every span is known by construction (PERSON, ORG, PLACE, DATE, QUANTITY), so no one labelled
these by hand: it measures speed honestly, and a model's F1 on it says how well a model
learns the article's contexts for names it has not seen, not how it does on real news.

Names are drawn from two disjoint halves of each list: training articles use one, held-out
articles the other, so a held-out name is never one the model saw.
"""

from __future__ import annotations

import json
import random
import re
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SEED = ROOT / "seeds" / "bt-xi-trade-talks.jsonl"

# The seed's spans: string -> (slot kind, identity). "full"/"sur" are a person's full name and
# surname (one identity, so "Liu He" and "Mr Liu" stay one person); "fixed" is kept as is.
SEED_SPANS = {
    "Xi Jinping": ("full", 0), "Liu He": ("full", 1), "Donald Trump": ("full", 2),
    "Ether Yin": ("full", 3), "Susan Shirk": ("full", 4), "Li Keqiang": ("full", 5),
    "Xi": ("sur", 0), "Liu": ("sur", 1), "Trump": ("sur", 2), "Yin": ("sur", 3),
    "Li": ("sur", 5),
    "Trivium China": ("org", 0), "Trivium": ("org", 0), "Communist Party": ("org", 1),
    "BMW": ("org", 2), "Bloomberg": ("org", 3),
    "China": ("place", 0), "US": ("place", 1), "Beijing": ("place", 2),
    "Washington": ("place", 3),
    "this May": ("fixed", "DATE"), "July 16": ("fixed", "DATE"),
    "this year": ("fixed", "DATE"), "the past year": ("fixed", "DATE"),
    "US$50 billion": ("fixed", "QUANTITY"),
}
LABELS = {"full": "PERSON", "sur": "PERSON", "org": "ORG", "place": "PLACE"}

FIRST = ["Anna", "Wei", "Carlos", "Priya", "Tomas", "Mei", "Omar", "Grace", "Kenji", "Lena",
         "Ravi", "Sofia", "Daniel", "Aiko", "Hassan", "Elena", "Marcus", "Nadia", "Peter",
         "Ling", "Victor", "Chloe", "Ibrahim", "Hana", "Jonas", "Maria", "Samuel", "Yuki",
         "Felix", "Amara", "Leo", "Ines"]
LAST = ["Zhang", "Moreno", "Patel", "Novak", "Chen", "Haddad", "Okafor", "Tanaka", "Berg",
        "Sharma", "Rossi", "Kowalski", "Nakamura", "Farouk", "Ivanova", "Lindqvist", "Mensah",
        "Wang", "Duarte", "Schmidt", "Kim", "Hughes", "Castillo", "Park", "Osei", "Petrov",
        "Dubois", "Singh", "Yamada", "Fischer", "Adeyemi", "Lopez"]
ORGS = ["Gavekal Dragonomics", "Capital Economics", "Oxford Economics", "Rhodium Group",
        "Eurasia Group", "Nomura", "Goldman Sachs", "the World Bank", "Toyota", "Siemens",
        "Huawei", "the Politburo", "Morgan Stanley", "Standard Chartered", "HSBC", "Reuters",
        "Teneo", "Bain", "Unilever", "Samsung", "the IMF", "Barclays", "Tencent", "Alibaba"]
PLACES = ["Japan", "Germany", "India", "Brazil", "Shanghai", "Tokyo", "Vietnam", "Mexico",
          "Canada", "Seoul", "Singapore", "France", "Jakarta", "Australia", "Berlin", "Taiwan",
          "Malaysia", "London", "Korea", "Hanoi", "Chile", "Ottawa", "Manila", "Thailand"]


@dataclass(frozen=True)
class Article:
    uid: str
    text: str
    spans: tuple[tuple[int, int, str], ...]


def seed_text() -> str:
    return json.loads(SEED.read_text(encoding="utf-8").splitlines()[0])["text"]


def template() -> list[list]:
    """The seed's paragraphs, each a list of literal strings and (kind, identity) slots."""
    names = sorted(SEED_SPANS, key=len, reverse=True)
    pattern = re.compile(r"(?<!\w)(?:" + "|".join(map(re.escape, names)) + r")(?!\w)")
    paragraphs = []
    for paragraph in seed_text().split("\n\n")[1:]:  # the title line is left out
        parts, at = [], 0
        for m in pattern.finditer(paragraph):
            parts += [paragraph[at:m.start()], (*SEED_SPANS[m.group()], m.group())]
            at = m.end()
        parts.append(paragraph[at:])
        paragraphs.append(parts)
    return paragraphs


def _pools(held_out: bool) -> dict:
    half = (lambda xs: xs[1::2]) if held_out else (lambda xs: xs[0::2])
    return {"first": half(FIRST), "last": half(LAST), "org": half(ORGS),
            "place": half(PLACES)}


def article(uid: str, rng: random.Random, paragraphs: list[list], held_out: bool = False,
            size: int = 3000) -> Article:
    """An article of about `size` characters: seed paragraphs in a random order, with fresh
    names for this article."""
    pools = _pools(held_out)
    people: dict[int, tuple[str, str]] = {}
    orgs: dict[int, str] = {}
    places: dict[int, str] = {}
    chosen = []
    while sum(len("".join(p for p in par if isinstance(p, str))) for par in chosen) < size:
        chosen.append(rng.choice(paragraphs))
    text, spans = [], []
    at = 0
    for i, paragraph in enumerate(chosen):
        if i:
            text.append("\n\n")
            at += 2
        for part in paragraph:
            if isinstance(part, str):
                piece, label = part, None
            else:
                kind, key, original = part
                if kind in ("full", "sur"):
                    first, last = people.setdefault(
                        key, (rng.choice(pools["first"]), rng.choice(pools["last"])))
                    piece = f"{first} {last}" if kind == "full" else last
                elif kind == "org":
                    piece = orgs.setdefault(key, rng.choice(pools["org"]))
                elif kind == "place":
                    piece = places.setdefault(key, rng.choice(pools["place"]))
                else:
                    piece = original
                label = LABELS.get(kind, key)
            if label:
                spans.append((at, at + len(piece), label))
            text.append(piece)
            at += len(piece)
    return Article(uid, "".join(text), tuple(spans))


def articles(n: int, seed: int = 0, held_out: bool = False, size: int = 3000,
             prefix: str = "a") -> list[Article]:
    rng = random.Random(seed)
    paragraphs = template()
    return [article(f"{prefix}{i:05d}", rng, paragraphs, held_out, size) for i in range(n)]


def make_project(path: Path, train: list[Article], todo: list[Article] = (),
                 annotator: str = "alice") -> None:
    """A project: `train` done by `annotator` with their spans, `todo` untouched."""
    from annotator.core.store import Store

    with Store.open(path) as store, store.transaction():
        for a in train:
            doc, _ = store.add_document(a.text, uid=a.uid)
            store.add_spans(doc, annotator, list(a.spans), source="imported",
                            want_ids=False)
            store.set_status(doc, annotator, "done")
        for a in todo:
            store.add_document(a.text, uid=a.uid)


if __name__ == "__main__":  # a project to look at: python benchmarks/synthetic_news.py OUT N
    import sys

    sys.path.insert(0, str(ROOT))
    out, n = Path(sys.argv[1]), int(sys.argv[2])
    make_project(out, articles(n), articles(max(n // 4, 1), seed=1, held_out=True,
                                            prefix="h"))
    print(f"{out}: {n} done articles, {max(n // 4, 1)} to do")
