"""Who annotates which document: a plan, decided without a project (pure, tested headless).

Every document goes to `copies` distinct annotators: all to `overlap` of them, or, with a
`shared` share, that share of the documents to `overlap` (2 unless more is asked) and the rest
to one. Each document, in an order shuffled by the seed, goes to the annotators with the fewest
documents so far (counting what they have already, `load`), ties broken by the seed: so the
counts never differ by more than one document when they did not before, and the same input
and seed give the same plan. Documents already assigned are left out (re-running after an
import assigns only the new ones).
"""

from __future__ import annotations

import random
from collections.abc import Iterable, Mapping


def shared_count(documents: int, shared: float) -> int:
    """How many of `documents` a `shared` share is (half rounds up)."""
    return int(documents * shared + 0.5)


def check(annotators: list[str], overlap: int | None, shared: float | None) -> int:
    """The number of annotators a shared document goes to; ValueError says what is wrong."""
    if not annotators:
        raise ValueError("name at least one annotator")
    if len(set(annotators)) != len(annotators):
        raise ValueError("an annotator is named twice")
    if shared is not None and not 0 <= shared <= 1:
        raise ValueError(f"the shared share is between 0 and 1, not {shared}")
    copies = overlap if overlap is not None else (2 if shared else 1)
    if copies < 1:
        raise ValueError(f"the overlap is at least 1, not {copies}")
    if copies > len(annotators) and overlap is None:
        raise ValueError(f"sharing documents needs {copies} annotators; "
                         f"{len(annotators)} named (or share none)")
    if copies > len(annotators):
        raise ValueError(f"an overlap of {copies} needs {copies} annotators; "
                         f"{len(annotators)} named")
    return copies


def plan(documents: Iterable[int], annotators: list[str], *, overlap: int | None = None,
         shared: float | None = None, seed: int = 0,
         assigned: Mapping[int, Iterable[str]] | None = None,
         load: Mapping[str, int] | None = None) -> dict[int, tuple[str, ...]]:
    """{document: the annotators it goes to} for the documents not in `assigned`.

    `load`: how many documents each annotator has already (missing: none)."""
    copies = check(annotators, overlap, shared)
    assigned = assigned or {}
    todo = sorted(d for d in set(documents) if d not in assigned)
    rng = random.Random(seed)
    rng.shuffle(todo)
    n_shared = len(todo) if shared is None else shared_count(len(todo), shared)
    counts = {name: (load or {}).get(name, 0) for name in annotators}
    out: dict[int, tuple[str, ...]] = {}
    for i, doc in enumerate(todo):
        k = copies if i < n_shared else 1
        ties = {name: rng.random() for name in annotators}
        chosen = sorted(annotators, key=lambda name: (counts[name], ties[name]))[:k]
        for name in chosen:
            counts[name] += 1
        out[doc] = tuple(sorted(chosen))
    return dict(sorted(out.items()))


def by_annotator(plan_: Mapping[int, Iterable[str]]) -> dict[str, list[int]]:
    """The plan turned round: {annotator: their documents, in order}."""
    out: dict[str, list[int]] = {}
    for doc, names in sorted(plan_.items()):
        for name in names:
            out.setdefault(name, []).append(doc)
    return out
