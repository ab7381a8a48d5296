"""MinHash signatures and their LSH: the same as datasketch's, without importing it (nor scipy)."""

from __future__ import annotations

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st

from searchsvc.index import minhash


def test_the_permutations_are_datasketchs():
    from datasketch import MinHash

    expected = MinHash(num_perm=minhash.NUM_PERM, seed=minhash.SEED, scheme="affine32").permutations
    assert (minhash.permutations() == expected.astype(np.uint32)).all()


def test_the_banding_is_datasketchs_for_the_threshold():
    from datasketch import MinHashLSH

    lsh = MinHashLSH(threshold=minhash.THRESHOLD, num_perm=minhash.NUM_PERM)
    assert (lsh.b, lsh.r) == (minhash.BANDS, minhash.ROWS)


def datasketch_pairs(sigs: np.ndarray) -> list[tuple[int, int, float]]:
    """What near_pairs found with datasketch's MinHashLSH."""
    from datasketch import LeanMinHash, MinHashLSH

    lsh = MinHashLSH(threshold=minhash.THRESHOLD, num_perm=minhash.NUM_PERM)
    sketches = [LeanMinHash(seed=minhash.SEED, hashvalues=row, scheme="affine32") for row in sigs]
    signed = [row for row in range(len(sigs)) if sigs[row].any()]
    for row in signed:
        lsh.insert(row, sketches[row], check_duplication=False)
    found = []
    for row in signed:
        for other in lsh.query(sketches[row]):
            if other > row:
                score = float((sigs[row] == sigs[other]).mean())
                if score >= minhash.THRESHOLD:
                    found.append((row, other, score))
    return sorted(found)


@settings(max_examples=60, deadline=None)
@given(
    seeds=st.lists(st.integers(0, 7), min_size=0, max_size=40),
    noise=st.integers(0, 2**32 - 1),
    values=st.integers(1, 4),
)
def test_near_pairs_are_the_pairs_datasketchs_lsh_finds(seeds, noise, values):
    """Rows drawn from a few templates, each value kept or redrawn from a small range: many shared
    bands, many pairs near the threshold, rows of zeros."""
    rng = np.random.default_rng(noise)
    templates = rng.integers(0, 2**32, size=(8, minhash.NUM_PERM), dtype=np.uint32)
    templates[0] = 0  # a body too short to sign
    rows = templates[seeds] if seeds else np.zeros((0, minhash.NUM_PERM), dtype=np.uint32)
    redrawn = rng.random(rows.shape) < rng.random((len(rows), 1))
    sigs = np.where(redrawn & rows.any(axis=1, keepdims=True), rng.integers(1, values + 1, rows.shape), rows)
    sigs = sigs.astype(np.uint32)
    assert sorted(minhash.near_pairs(sigs)) == datasketch_pairs(sigs)
