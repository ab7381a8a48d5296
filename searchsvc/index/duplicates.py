"""Near-duplicate articles: MinHash signatures of the body's word shingles, paired with LSH.

Two articles are near-duplicates when about half or more of their 5-word sequences are shared
(estimated Jaccard similarity of the shingle sets >= THRESHOLD): the same wire story republished,
a story and its updated version. On BBC the byte-identical copies score 1.0, an updated story
("Brown names 16 March for Budget", twice) 0.58, two different stories on one event 0.3 or less.
Groups are the connected parts of that relation. Each generation keeps them in `duplicates.json`
(what searchers read: the groups, and the pairs they come from) and the signatures in
`minhash.npz` (what a write needs to place a new article without reading the others again).
"""
from __future__ import annotations

import json
import os
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path

import numpy as np

FILE = "duplicates.json"
SIGNATURES = "minhash.npz"
SHINGLE_WORDS = 5
MIN_WORDS = 20  # shorter bodies are never grouped: too little text to tell a copy from a template
NUM_PERM = 64  # the estimate's standard error is about 0.06 at the threshold
THRESHOLD = 0.5
SEED = 1
SCHEME = "affine32"  # datasketch's permutation scheme; the signatures below follow it
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
        starts, ends = starts[:len(starts) - SHINGLE_WORDS + 1], ends[SHINGLE_WORDS - 1:]
        before = np.where(starts > 0, prefix[np.maximum(starts - 1, 0)], np.uint64(0))
        hashed = (prefix[ends - 1] - before) * inverse[starts]  # the same text hashes alike anywhere
        folded = ((hashed >> np.uint64(32)) ^ hashed).astype(np.uint32)
        mixed = _fmix32(folded)
        a, b = _permutations()
        return (mixed[:, None] * a + b).min(axis=0)


@cache
def _permutations() -> np.ndarray:
    """datasketch's permutations for SEED, as uint32 (a and b, one of each per signature value)."""
    from datasketch import MinHash  # datasketch imports scipy (0.3 s): only when signatures are made

    return MinHash(num_perm=NUM_PERM, seed=SEED, scheme=SCHEME).permutations.astype(np.uint32)


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
    """Pairs of rows whose estimated similarity reaches THRESHOLD: LSH candidates, then checked."""
    from datasketch import LeanMinHash, MinHashLSH  # see _permutations

    lsh = MinHashLSH(threshold=THRESHOLD, num_perm=NUM_PERM)
    sketches = [LeanMinHash(seed=SEED, hashvalues=row, scheme=SCHEME) for row in sigs]
    signed = [row for row in range(len(sigs)) if sigs[row].any()]
    for row in signed:
        lsh.insert(row, sketches[row], check_duplication=False)
    found = []
    for row in signed:
        for other in lsh.query(sketches[row]):
            if other > row:
                score = float((sigs[row] == sigs[other]).mean())
                if score >= THRESHOLD:
                    found.append((row, other, score))
    return found


@dataclass
class Duplicates:
    """The signatures and near-duplicate pairs of one generation's articles, by id."""

    ids: list[str] = field(default_factory=list)
    sigs: np.ndarray = field(default_factory=lambda: np.zeros((0, NUM_PERM), dtype=np.uint32))
    pairs: dict[tuple[str, str], float] = field(default_factory=dict)

    @classmethod
    def build(cls, ids: Sequence[str], bodies: Iterable[str]) -> Duplicates:
        """Sign every article and pair the near-duplicates (a rebuild)."""
        sigs = signatures(bodies)
        ids = list(ids)
        pairs = {_key(ids[i], ids[j]): score for i, j, score in near_pairs(sigs)}
        return cls(ids, sigs, pairs)

    def change(self, puts: Sequence[tuple[str, str]], deletes: Iterable[str]) -> None:
        """Apply a write: (id, body) added or replaced, ids deleted; each new body is compared with
        every kept signature (one vectorised comparison per article)."""
        gone = set(deletes) | {article_id for article_id, _ in puts}
        if gone & set(self.ids):
            keep = [row for row, article_id in enumerate(self.ids) if article_id not in gone]
            self.ids = [self.ids[row] for row in keep]
            self.sigs = self.sigs[keep]
            self.pairs = {pair: s for pair, s in self.pairs.items() if not gone & set(pair)}
        for (article_id, _), sig in zip(puts, signatures(body for _, body in puts)):
            scores = similarity(sig, self.sigs) if sig.any() else np.zeros(len(self.ids))
            for row in np.flatnonzero((scores >= THRESHOLD) & self.sigs.any(axis=1)):
                self.pairs[_key(article_id, self.ids[row])] = float(scores[row])
            self.ids.append(article_id)
            self.sigs = np.vstack([self.sigs, sig[None, :]])

    def groups(self) -> list[list[str]]:
        """Connected groups of near-duplicates (two or more ids each), sorted."""
        parent: dict[str, str] = {}

        def root(x: str) -> str:
            while parent.setdefault(x, x) != x:
                parent[x] = parent[parent[x]]
                x = parent[x]
            return x

        for a, b in self.pairs:
            parent[root(a)] = root(b)
        members: dict[str, list[str]] = {}
        for x in parent:
            members.setdefault(root(x), []).append(x)
        return sorted(sorted(group) for group in members.values() if len(group) > 1)

    def save(self, folder: Path) -> None:
        """Write both files beside the index, each replaced in one step."""
        data = {"threshold": THRESHOLD, "shingle_words": SHINGLE_WORDS, "groups": self.groups(),
                "pairs": [[a, b, round(s, 4)] for (a, b), s in sorted(self.pairs.items())]}
        _replace(folder / FILE, lambda path: path.write_text(json.dumps(data, ensure_ascii=False)))
        _replace(folder / SIGNATURES, lambda path: np.savez(path, ids=np.array(self.ids, dtype=str),
                                                              sigs=self.sigs))

    @classmethod
    def load(cls, folder: Path) -> Duplicates | None:
        """A generation's signatures and pairs; None for one built before they were kept."""
        try:
            with np.load(folder / SIGNATURES) as stored:
                ids, sigs = [str(i) for i in stored["ids"]], stored["sigs"].astype(np.uint32)
            data = json.loads((folder / FILE).read_text())
        except FileNotFoundError:
            return None
        return cls(ids, sigs.reshape(len(ids), NUM_PERM), {_key(a, b): s for a, b, s in data["pairs"]})


def _key(a: str, b: str) -> tuple[str, str]:
    return (a, b) if a <= b else (b, a)


def _replace(path: Path, write) -> None:
    temporary = path.with_name(path.name + ".tmp" + (path.suffix if path.suffix == ".npz" else ""))
    write(temporary)
    os.replace(temporary, path)


def read_groups(folder: Path) -> list[list[str]]:
    """The near-duplicate groups a generation keeps (none for one built before they were kept)."""
    try:
        return json.loads((folder / FILE).read_text())["groups"]
    except FileNotFoundError:
        return []


def update(folder: Path, puts: Sequence, deletes: Iterable[str]) -> None:
    """Bring a generation's duplicates up to date with a write (articles put, ids deleted); the
    caller holds the write lock. A generation built before duplicates were kept is left as it is."""
    found = Duplicates.load(folder)
    if found is not None:
        found.change([(a.id, a.body) for a in puts], deletes)
        found.save(folder)


def reconcile(folder: Path, indexed: set[str], body_of) -> tuple[int, int]:
    """Make a generation's duplicates cover exactly the articles it indexes (a write killed between the
    index and the groups left them apart): sign the missing ones (`body_of(id)`), forget the gone ones.
    Return (added, removed)."""
    found = Duplicates.load(folder)
    if found is None:
        return 0, 0
    known = set(found.ids)
    missing, gone = sorted(indexed - known), sorted(known - indexed)
    if missing or gone:
        found.change([(article_id, body_of(article_id)) for article_id in missing], gone)
        found.save(folder)
    return len(missing), len(gone)
