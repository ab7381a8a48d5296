"""Near-duplicate articles: MinHash signatures of the body's word shingles (minhash.py), paired with LSH.

Two articles are near-duplicates when about half or more of their 5-word sequences are shared
(estimated Jaccard similarity of the shingle sets >= THRESHOLD): the same wire story republished,
a story and its updated version. On BBC the byte-identical copies score 1.0, an updated story
("Brown names 16 March for Budget", twice) 0.58, two different stories on one event 0.3 or less.
Groups are the connected parts of that relation.

Each generation keeps them in files that a write adds to and never rewrites, so that a write costs
what it changes. The rebuild writes `minhash.npz` (the signatures: what a write needs to place a new
article without reading the others' texts again), `duplicate-pairs.npz` (the pairs) and `duplicates.json`
(the groups, what searchers read); then each write adds one file to `duplicates.d/` (the ids it
removed, the signatures it added and the pairs they make), which readers replay in order. The write
that finds COMPACT_AFTER of them folds them into new base files; each base file says the last write
it holds (`through`).
"""

from __future__ import annotations

import json
import os
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np

from .duplicate_log import (
    FILE,
    PAIRS,
    SIGNATURES,
    WRITES,
    Write,
    base_pairs,
    groups_of,
    pair_key,
    read_writes,
    replay_pairs,
    replay_rows,
    writes_kept,
)
from .minhash import NUM_PERM, SHINGLE_WORDS, THRESHOLD, near_pairs, signatures, similarity

COMPACT_AFTER = 64  # writes kept apart; then one write rewrites the base files (amortised: 1/64 of it)


@dataclass
class Duplicates:
    """The signatures and near-duplicate pairs of one generation's articles, by id."""

    ids: list[str] = field(default_factory=list)
    sigs: np.ndarray = field(default_factory=lambda: np.zeros((0, NUM_PERM), dtype=np.uint32))
    pairs: dict[tuple[str, str], float] = field(default_factory=dict)
    through: int = 0  # the last write kept apart that this holds

    @classmethod
    def build(cls, ids: Sequence[str], bodies: Iterable[str]) -> Duplicates:
        """Sign every article and pair the near-duplicates (a rebuild)."""
        sigs = signatures(bodies)
        ids = list(ids)
        pairs = {pair_key(ids[i], ids[j]): score for i, j, score in near_pairs(sigs)}
        return cls(ids, sigs, pairs)

    def change(self, puts: Sequence[tuple[str, str]], deletes: Iterable[str]) -> Write:
        """Apply a write, (id, body) added or replaced and ids deleted, and return what it changed;
        each new body is compared with every kept signature (one vectorised comparison each)."""
        puts = list(dict(puts).items())  # an id put twice: its last body
        gone = set(deletes) | {article_id for article_id, _ in puts}
        if not gone.isdisjoint(self.ids):
            keep = [row for row, article_id in enumerate(self.ids) if article_id not in gone]
            self.ids, self.sigs = [self.ids[row] for row in keep], self.sigs[keep]
            self.pairs = {pair: s for pair, s in self.pairs.items() if pair[0] not in gone and pair[1] not in gone}
        added = signatures(body for _, body in puts)
        found: dict[tuple[str, str], float] = {}
        for number, ((article_id, _), sig) in enumerate(zip(puts, added)):
            if sig.any():  # compared with every kept article, and those put before it
                for other, score in [
                    *_matches(sig, self.ids, self.sigs),
                    *_matches(sig, [i for i, _ in puts[:number]], added[:number]),
                ]:
                    found[pair_key(article_id, other)] = round(score, 4)
        write = Write(sorted(gone), [article_id for article_id, _ in puts], added, found)
        self.ids += write.ids
        self.sigs = np.concatenate([self.sigs, added])
        self.pairs.update(found)
        return write

    def groups(self) -> list[list[str]]:
        """Connected groups of near-duplicates (two or more ids each), sorted."""
        return groups_of(self.pairs)

    def save(self, folder: Path, through: int = 0) -> None:
        """Write the base files, each replaced in one step and holding the writes up to `through`
        (signatures, pairs, then the groups readers look at); then remove those writes' files."""
        _replace(
            folder / SIGNATURES,
            lambda path: np.savez(path, ids=np.array(self.ids, dtype=str), sigs=self.sigs, through=np.int64(through)),
        )
        pairs = sorted(self.pairs.items())
        _replace(
            folder / PAIRS,
            lambda path: np.savez(
                path,
                pairs=np.array([pair for pair, _ in pairs], dtype=str).reshape(-1, 2),
                scores=np.array([round(s, 4) for _, s in pairs], dtype=np.float64),
                through=np.int64(through),
            ),
        )
        data = {"threshold": THRESHOLD, "shingle_words": SHINGLE_WORDS, "through": through, "groups": self.groups()}
        _replace(folder / FILE, lambda path: path.write_text(json.dumps(data, ensure_ascii=False)))
        for number, path in writes_kept(folder):
            if number <= through:
                path.unlink(missing_ok=True)
        self.through = through

    @classmethod
    def load(cls, folder: Path, pairs: bool = True) -> Duplicates | None:
        """A generation's signatures and (unless not `pairs`) pairs, its writes replayed; None for one
        built before they were kept. The caller holds the write lock. Each base file replays the
        writes after its own `through` (they differ after a crash half-way through `save`)."""
        try:
            with np.load(folder / SIGNATURES) as stored:
                ids, sigs = stored["ids"].tolist(), stored["sigs"].astype(np.uint32).reshape(-1, NUM_PERM)
                sigs_through = int(stored["through"]) if "through" in stored.files else 0
            stored_pairs, pairs_through = base_pairs(folder) if pairs else ({}, sigs_through)
        except FileNotFoundError:
            return None
        writes = read_writes(folder, min(sigs_through, pairs_through))
        ids, sigs = replay_rows(ids, sigs, [(n, w) for n, w in writes if n > sigs_through])
        found = replay_pairs(stored_pairs, [(n, w) for n, w in writes if n > pairs_through])
        return cls(ids, sigs, found, max([sigs_through, pairs_through, *(n for n, _ in writes_kept(folder))]))

    def keep(self, folder: Path, write: Write) -> None:
        """Add a write (just applied to this object, loaded from `folder`) to the generation's files:
        one new file; the caller holds the write lock. Every COMPACT_AFTER writes, fold them in."""
        number = self.through + 1
        (folder / WRITES).mkdir(exist_ok=True)
        record = {
            "gone": write.gone,
            "ids": write.ids,
            "sigs": write.sigs.reshape(-1, NUM_PERM).tolist(),
            "pairs": [[a, b, s] for (a, b), s in write.pairs.items()],
        }
        temporary = folder / WRITES / f".{number:08d}.tmp"
        temporary.write_text(json.dumps(record, ensure_ascii=False))  # small: JSON reads faster than an npz
        os.replace(temporary, folder / WRITES / f"{number:08d}.json")
        self.through = number
        if len(writes_kept(folder)) >= COMPACT_AFTER:  # the write's own file first: a crash at any step loses nothing
            kept = Duplicates.load(folder)
            if kept is not None:  # it is: this write was just kept there
                kept.save(folder, through=number)


def _matches(sig: np.ndarray, ids: Sequence[str], sigs: np.ndarray) -> list[tuple[str, float]]:
    """(id, score) of the rows a signature is a near-duplicate of; rows of zeros match nothing."""
    scores = similarity(sig, sigs)
    rows = np.flatnonzero(scores >= THRESHOLD)
    return [(ids[row], float(scores[row])) for row in rows.tolist() if sigs[row].any()]


def _replace(path: Path, write) -> None:
    temporary = path.with_name(path.name + ".tmp" + (path.suffix if path.suffix == ".npz" else ""))
    write(temporary)
    os.replace(temporary, path)


def update(folder: Path, puts: Sequence, deletes: Iterable[str]) -> None:
    """Bring a generation's duplicates up to date with a write (articles put, ids deleted): one file
    added; the caller holds the write lock. A generation built before duplicates were kept is left
    as it is."""
    found = Duplicates.load(folder, pairs=False)  # the new pairs need the signatures only
    if found is not None:
        found.keep(folder, found.change([(a.id, a.body) for a in puts], deletes))


def reconcile(folder: Path, indexed: set[str], body_of) -> tuple[int, int]:
    """Make a generation's duplicates cover exactly the articles it indexes (a write killed between the
    index and the groups left them apart): sign the missing ones (`body_of(id)`), forget the gone ones.
    Return (added, removed)."""
    found = Duplicates.load(folder, pairs=False)
    if found is None:
        return 0, 0
    known = set(found.ids)
    missing, gone = sorted(indexed - known), sorted(known - indexed)
    if missing or gone:
        found.keep(folder, found.change([(article_id, body_of(article_id)) for article_id in missing], gone))
    return len(missing), len(gone)
