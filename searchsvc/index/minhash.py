"""MinHash signatures of the body's word shingles, and the LSH that pairs them, in numpy.

The same affine32 scheme and banding as datasketch's MinHash and MinHashLSH (the tests compare them),
without importing it: datasketch imports scipy, 0.3 s to 1 s of every rebuild and write.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

import numpy as np

SHINGLE_WORDS = 5
MIN_WORDS = 20  # shorter bodies are never grouped: too little text to tell a copy from a template
NUM_PERM = 64  # the estimate's standard error is about 0.06 at the threshold
THRESHOLD = 0.5
SEED = 1
# datasketch's optimal banding for THRESHOLD and NUM_PERM (MinHashLSH(0.5, 64).b and .r): two
# signatures are candidates when all ROWS values of one of the BANDS agree
BANDS, ROWS = 14, 4
_NOT_WORD = re.compile(r"[\W_]+")
_PRIME = 1099511628211  # FNV's 64-bit prime: shingle hashes are polynomials in it


def signatures(bodies: Iterable[str]) -> np.ndarray:
    """One MinHash signature (NUM_PERM uint32) per body, over its lower-cased 5-word shingles; zeros
    for a body of fewer than MIN_WORDS words, which is nobody's near-duplicate.

    The same affine32 scheme as datasketch's MinHash.update_batch, vectorised over every shingle of
    an article at once: update_batch calls a hash function per value (0.6 s on BBC instead of 0.2 s)."""
    rows = [_signature(body) for body in bodies]
    return np.stack(rows) if rows else np.zeros((0, NUM_PERM), dtype=np.uint32)


def _signature(body: str) -> np.ndarray:
    text = _NOT_WORD.sub(" ", body.lower()).strip().encode("utf-8") or b" "
    data = np.frombuffer(text, dtype=np.uint8).astype(np.uint64)
    with np.errstate(over="ignore"):
        powers, inverse = _powers(data.size)
        prefix = np.cumsum(data * powers, dtype=np.uint64)  # wraps modulo 2**64, as intended
        spaces = np.flatnonzero(data == 32)
        starts = np.concatenate(([0], spaces + 1))
        ends = np.concatenate((spaces, [data.size]))
        if len(starts) < MIN_WORDS:  # "EU ministers met, part 1." and "..., part 2." are not copies
            return np.zeros(NUM_PERM, dtype=np.uint32)
        starts, ends = starts[: len(starts) - SHINGLE_WORDS + 1], ends[SHINGLE_WORDS - 1 :]
        before = np.where(starts > 0, prefix[np.maximum(starts - 1, 0)], np.uint64(0))
        hashed = (prefix[ends - 1] - before) * inverse[starts]  # the same text hashes alike anywhere
        folded = ((hashed >> np.uint64(32)) ^ hashed).astype(np.uint32)
        mixed = _fmix32(folded)
        a, b = permutations()
        return (mixed[:, None] * a + b).min(axis=0)


_permutation_table: list[np.ndarray] = []


def permutations() -> np.ndarray:
    """datasketch's affine32 permutations for SEED: a (odd) and b, one of each per signature value."""
    if not _permutation_table:
        generator = np.random.RandomState(SEED)
        a = generator.randint(0, 1 << 31, NUM_PERM, dtype=np.uint32) * np.uint32(2) + np.uint32(1)
        b = generator.randint(0, 1 << 32, NUM_PERM, dtype=np.uint32)
        _permutation_table.append(np.array([a, b]))
    return _permutation_table[0]


_power_tables: list[np.ndarray] = []


def _powers(size: int) -> tuple[np.ndarray, np.ndarray]:
    """P**i and P**-i modulo 2**64 for i < size (grown on demand, kept)."""
    if not _power_tables or _power_tables[0].size < size:
        length = max(size, 1 << 16, 2 * (_power_tables[0].size if _power_tables else 0))
        tables = []
        for base in (_PRIME, pow(_PRIME, -1, 1 << 64)):
            steps = np.full(length, base, dtype=np.uint64)
            steps[0] = 1
            with np.errstate(over="ignore"):
                tables.append(np.cumprod(steps, dtype=np.uint64))
        _power_tables[:] = tables
    return _power_tables[0][:size], _power_tables[1][:size]


def _fmix32(h: np.ndarray) -> np.ndarray:
    """MurmurHash3's finalizer (datasketch mixes input hashes with it before permuting)."""
    h = h ^ (h >> np.uint32(16))
    h = h * np.uint32(0x85EBCA6B)
    h = h ^ (h >> np.uint32(13))
    h = h * np.uint32(0xC2B2AE35)
    return h ^ (h >> np.uint32(16))


def similarity(one: np.ndarray, others: np.ndarray) -> np.ndarray:
    """Estimated Jaccard similarity of one signature with each row of `others`."""
    return (others == one).mean(axis=1) if len(others) else np.zeros(0)


def near_pairs(sigs: np.ndarray) -> list[tuple[int, int, float]]:
    """Pairs of rows (i < j) whose estimated similarity reaches THRESHOLD: the rows that share a band
    (LSH candidates, as MinHashLSH finds them), then checked; rows of zeros are never paired."""
    signed = np.flatnonzero(sigs.any(axis=1))
    firsts, seconds = [], []
    for band in range(BANDS):
        keys = np.ascontiguousarray(sigs[signed, band * ROWS : (band + 1) * ROWS]).view(np.uint64)
        order = np.lexsort(keys.T[::-1])
        same = (keys[order][1:] == keys[order][:-1]).all(axis=1)
        # each run of equal keys is one bucket: every two of its rows are candidates
        for start, stop in _runs(same):
            members = np.sort(signed[order[start:stop]])
            i, j = np.triu_indices(len(members), 1)
            firsts.append(members[i])
            seconds.append(members[j])
    if not firsts:
        return []
    candidates = np.unique(np.stack([np.concatenate(firsts), np.concatenate(seconds)], axis=1), axis=0)
    scores = (sigs[candidates[:, 0]] == sigs[candidates[:, 1]]).mean(axis=1)
    keep = scores >= THRESHOLD
    return [(int(i), int(j), float(s)) for (i, j), s in zip(candidates[keep].tolist(), scores[keep].tolist())]


def _runs(same: np.ndarray) -> list[tuple[int, int]]:
    """[start, stop) of each run of two or more equal neighbours, from `same[k]` (k equals k + 1)."""
    if not same.any():
        return []
    edges = np.diff(np.concatenate(([0], same.astype(np.int8), [0])))
    return list(zip(np.flatnonzero(edges == 1).tolist(), (np.flatnonzero(edges == -1) + 1).tolist()))
