"""Exact and near duplicates of news articles.

Exact: the same text once normalised (case, punctuation and whitespace ignored). Near: a
syndicated copy with other boilerplate, a changed headline or a few edits — found by MinHash
over word 3-grams and LSH banding (the candidates), then confirmed by the signatures'
estimated Jaccard similarity (>= THRESHOLD, 0.5). Signatures are made with numpy from stable
3-gram hashes (CRC-32 of each word, combined), so a worker process makes the same signature
as the writer; nothing heavier than numpy is imported (datasketch's LSH pulled in scipy:
about a second at every import's start).
"""

from __future__ import annotations

import hashlib
import re
import zlib
from collections.abc import Iterable
from dataclasses import dataclass, field

THRESHOLD = 0.5  # estimated Jaccard similarity of word 3-gram sets (a copy with a paragraph
# cut and a few words changed scores 0.6-0.75 on a short story; different stories on one
# topic score below 0.05)
NUM_PERM = 64  # estimates Jaccard within about ±0.06
SHINGLE = 3
MODES = ("mark", "skip", "keep")
_WORD = re.compile(r"\w+")


def words(text: str) -> list[str]:
    return _WORD.findall(text.casefold())


def normalised_digest(text: str, w: list[str] | None = None) -> str:
    """The same for two texts that differ only in case, punctuation and whitespace (`w`:
    the text's words, when already split)."""
    w = words(text) if w is None else w
    return hashlib.blake2b(" ".join(w).encode(), digest_size=16).hexdigest()


_perms = None


def _permutations():
    """NUM_PERM hash functions x -> (a*x + b) >> 32 (a odd; arithmetic modulo 2**64), and
    the SHINGLE odd multipliers (and an addend) that hash a run of word hashes into one."""
    global _perms
    if _perms is None:
        import numpy as np

        rng = np.random.RandomState(1)
        a = rng.randint(1, 2**63, NUM_PERM, dtype=np.int64).astype(np.uint64) | np.uint64(1)
        b = rng.randint(0, 2**63, NUM_PERM, dtype=np.int64).astype(np.uint64)
        m = rng.randint(1, 2**63, SHINGLE + 1, dtype=np.int64).astype(np.uint64) | np.uint64(1)
        _perms = (a[None, :], b[None, :], np.uint64(32), m)
    return _perms


def shingle_hashes(w: list[str]):
    """32-bit hashes of the word 3-grams of `w` (one for the whole of a shorter text): each
    word hashed once (CRC-32: stable across processes, unlike hash()), then each 3-gram's
    word hashes combined by vector multiply-shift, (m0*h0 + m1*h1 + m2*h2 + m3) >> 32
    modulo 2**64 (a universal hash of the triple)."""
    import numpy as np

    if len(w) < SHINGLE:
        return np.array([zlib.crc32(" ".join(w).encode())], dtype=np.uint64)
    h = np.fromiter(map(zlib.crc32, map(str.encode, w)), dtype=np.uint64, count=len(w))
    *_, shift, m = _permutations()
    n = len(w) - SHINGLE + 1
    with np.errstate(over="ignore"):
        out = np.full(n, m[SHINGLE], dtype=np.uint64)
        for k in range(SHINGLE):
            out += h[k:k + n] * m[k]
    return out >> shift


def signature(text: str, w: list[str] | None = None):
    """The MinHash signature (NUM_PERM uint64) of the text's word 3-grams."""
    import numpy as np

    hashes = shingle_hashes(words(text) if w is None else w)
    a, b, shift, _ = _permutations()
    with np.errstate(over="ignore"):
        return ((hashes[:, None] * a + b) >> shift).min(axis=0)


def similarity(one, other) -> float:
    """The estimated Jaccard similarity of two signatures (the share of equal minima)."""
    import numpy as np

    return int(np.count_nonzero(one == other)) / NUM_PERM


BANDS, ROWS = 32, 2  # LSH: two signatures equal in all ROWS minima of one band are candidates
# (probability 1 - (1 - s**2)**32 for Jaccard similarity s: 0.05 at s = 0.05, 0.95 at 0.3,
# 0.9999 at 0.5); the signatures then decide. 21 bands of 3 (datasketch's choice for
# threshold 0.3) passed over 2 % of the pairs at s = 0.55


def band_keys(signature) -> list[int]:
    """One key per band: its ROWS minima combined (a collision only adds a candidate)."""
    import numpy as np

    *_, m = _permutations()
    with np.errstate(over="ignore"):
        return (signature[:BANDS * ROWS].reshape(BANDS, ROWS) * m[:ROWS]).sum(axis=1).tolist()


@dataclass
class Fingerprint:
    """What duplicate finding needs of one text (small: made in a worker, sent back)."""

    digest: str
    signature: object  # numpy array, or None for an empty text


def fingerprint(text: str) -> Fingerprint:
    w = words(text)
    return Fingerprint(normalised_digest(text, w), signature(text, w))


@dataclass
class Found:
    kind: str  # "exact" or "near"
    of: str  # the uid of the document it copies
    similarity: float


@dataclass
class Duplicates:
    """The documents seen so far; `check` says whether a new one copies one of them."""

    threshold: float = THRESHOLD
    exact: dict[str, str] = field(default_factory=dict)  # normalised digest -> uid
    signatures: dict[str, object] = field(default_factory=dict)  # uid -> signature
    copies: dict[str, int] = field(default_factory=dict)  # original uid -> copies found
    counts: dict[str, int] = field(default_factory=lambda: {"exact": 0, "near": 0})
    _bands: list = field(default_factory=lambda: [{} for _ in range(BANDS)])  # key -> uids

    def seed(self, uid: str, text: str) -> None:
        """A document already there (in the project): new ones may copy it."""
        self.add(uid, fingerprint(text))

    def add(self, uid: str, print_: Fingerprint) -> None:
        self.exact.setdefault(print_.digest, uid)
        if uid not in self.signatures:
            self.signatures[uid] = print_.signature
            for band, key in zip(self._bands, band_keys(print_.signature)):
                band.setdefault(key, []).append(uid)

    def check(self, print_: Fingerprint, uid: str | None = None) -> Found | None:
        """The document this one copies (the most similar), if any; `uid` is its own id
        (a document is no copy of itself)."""
        of = self.exact.get(print_.digest)
        if of is not None and of != uid:
            return Found("exact", of, 1.0)
        candidates = set()
        for band, key in zip(self._bands, band_keys(print_.signature)):
            candidates.update(band.get(key, ()))
        candidates.discard(uid)
        if not candidates:
            return None
        import numpy as np

        others = sorted(candidates)  # the first of the most similar wins a tie
        alike = np.count_nonzero(np.stack([self.signatures[o] for o in others])
                                 == print_.signature, axis=1) / NUM_PERM
        i = int(alike.argmax())
        return Found("near", others[i], float(alike[i])) if alike[i] >= self.threshold \
            else None

    def see(self, uid: str, print_: Fingerprint) -> Found | None:
        """Check a new document, then remember it if it is an original (a copy is not
        indexed: the next copy points at the original too)."""
        found = self.check(print_, uid)
        if found is None:
            self.add(uid, print_)
        else:
            self.counts[found.kind] += 1
            self.copies[found.of] = self.copies.get(found.of, 0) + 1
        return found

    def summary(self) -> str:
        """"412 near duplicates of 97 stories" (and the exact ones)."""
        from annotator.core.wording import plural

        total = self.counts["exact"] + self.counts["near"]
        if not total:
            return ""
        parts = [f"{plural(self.counts[k], f'{k} duplicate')}" for k in ("exact", "near")
                 if self.counts[k]]
        return f"{' and '.join(parts)} of {plural(len(self.copies), 'story', 'stories')}"


def meta_of(found: Found) -> dict:
    """What a marked duplicate's meta says: the uid of the document it copies."""
    return {"duplicate_of": found.of, "duplicate": found.kind,
            "similarity": round(found.similarity, 3)}


def find(texts: Iterable[tuple[str, str]], threshold: float = THRESHOLD
         ) -> dict[str, Found]:
    """(uid, text) pairs -> the copies among them, each with its original."""
    dup = Duplicates(threshold)
    out = {}
    for uid, text in texts:
        found = dup.see(uid, fingerprint(text))
        if found is not None:
            out[uid] = found
    return out


class AtImport:
    """Duplicates during an import: the project's documents are the first originals, then
    each new document is checked in file order. `mode` says what a copy becomes: "mark" (its
    meta names the original), "skip" (not imported) or "keep" (imported as it is; still
    counted). By default only news coming in is checked: records with a fingerprint (web
    pages, crawls, tables); with `every`, any record (JSONL shards from `annotator extract`).
    Records with spans or relations are someone's work: never checked."""

    def __init__(self, store, mode: str = "mark", every: bool = False):
        if mode not in MODES:
            from annotator.core.errors import InvalidInput

            raise InvalidInput(f"--duplicates must be one of {', '.join(MODES)}, not {mode!r}")
        self.store, self.mode, self.every = store, mode, every
        self.found: Duplicates | None = None
        self.skipped = 0

    def _start(self) -> Duplicates:
        found = Duplicates()
        for doc in self.store.iter_documents():  # streamed: one text at a time
            if "duplicate_of" not in doc.meta:
                found.seed(doc.uid, doc.text)
        return found

    def keep(self, record) -> bool:
        """Whether to import `record` (marked, if it copies another and mode is mark)."""
        if (record.fingerprint is None and not self.every) or record.spans \
                or record.relations or not isinstance(record.text, str) or not record.text:
            return True
        if self.found is None:
            self.found = self._start()
        from annotator.core.text import sha256

        uid = record.uid if record.uid is not None else sha256(record.text)[:16]
        found = self.found.see(uid, record.fingerprint or fingerprint(record.text))
        if found is None:
            return True
        if self.mode == "skip":
            self.skipped += 1
            return False
        if self.mode == "mark":
            record.meta = {**record.meta, **meta_of(found)}
        return True

    def summary(self) -> str:
        text = self.found.summary() if self.found is not None else ""
        if text:
            text += {"mark": " (marked)", "skip": " (not imported)", "keep": " (kept)"}[
                self.mode]
        return text
