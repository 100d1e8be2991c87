"""The duplicate fingerprint: word hashes combined into 3-gram hashes, MinHash signatures by
numpy, LSH bands. Identical texts give identical fingerprints (in any process), and the
signatures estimate the 3-gram sets' Jaccard similarity."""

from __future__ import annotations

import random
import subprocess
import sys

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st

from annotator.core.news import duplicates

words = st.text(st.characters(categories=("L", "Nd")), min_size=1, max_size=8)


def grams(w: list[str]) -> set:
    return {tuple(w[i:i + 3]) for i in range(len(w) - 2)}


@settings(max_examples=80, deadline=None)
@given(st.lists(words, min_size=0, max_size=80))
def test_identical_texts_make_identical_fingerprints(text_words):
    text = " ".join(text_words)
    one, two = duplicates.fingerprint(text), duplicates.fingerprint(str(text))
    assert one.digest == two.digest
    assert one.signature.dtype == np.uint64 and one.signature.shape == (duplicates.NUM_PERM,)
    assert np.array_equal(one.signature, two.signature)
    assert duplicates.similarity(one.signature, two.signature) == 1.0
    assert duplicates.band_keys(one.signature) == duplicates.band_keys(two.signature)


@settings(max_examples=60, deadline=None, derandomize=True)
@given(st.integers(20, 300), st.integers(0, 300), st.integers(0, 10**6))
def test_the_estimate_is_close_to_the_true_jaccard_similarity(n, shift, seed):
    """Two windows of one sequence of distinct words: their 3-gram sets overlap by a known
    share; 64 minima estimate it within 4 standard deviations (0.25 at worst)."""
    vocabulary = [f"w{seed}x{i}" for i in range(n + shift)]
    a, b = vocabulary[:n], vocabulary[shift:shift + n]
    ga, gb = grams(a), grams(b)
    true = len(ga & gb) / len(ga | gb)
    estimate = duplicates.similarity(duplicates.signature("", a), duplicates.signature("", b))
    assert abs(estimate - true) <= 0.25


def test_the_estimate_is_unbiased_on_random_shingle_sets():
    """Over 300 pairs of random texts sharing a random part, the mean error is small and
    the mean absolute error is that of 64 independent minima (about 0.05)."""
    rnd = random.Random(5)
    errors = []
    for k in range(300):
        shared = [f"s{k}_{rnd.randrange(10**9)}" for _ in range(rnd.randrange(0, 120))]
        a = [f"a{k}_{i}" for i in range(rnd.randrange(3, 120))] + shared
        b = shared + [f"b{k}_{i}" for i in range(rnd.randrange(3, 120))]
        ga, gb = grams(a), grams(b)
        true = len(ga & gb) / len(ga | gb)
        estimate = duplicates.similarity(duplicates.signature("", a),
                                         duplicates.signature("", b))
        errors.append(estimate - true)
    assert abs(sum(errors) / len(errors)) < 0.02
    assert sum(map(abs, errors)) / len(errors) < 0.06


def test_a_worker_process_makes_the_same_signature():
    text = "Xi wary of new US trade talks after being burned, analysts say in Beijing."
    here = duplicates.fingerprint(text).signature.tolist()
    there = subprocess.run(
        [sys.executable, "-c", "import sys; from annotator.core.news import duplicates; "
         "print(duplicates.fingerprint(sys.argv[1]).signature.tolist())", text],
        capture_output=True, text=True, check=True).stdout.strip()
    assert there == str(here)


def test_short_texts_have_a_signature_and_copy_only_themselves():
    found = duplicates.find([("a", "Breaking news"), ("b", "breaking NEWS!"),
                             ("c", "Other news")])
    assert found["b"].kind == "exact" and found["b"].of == "a"
    assert "c" not in found
