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

from .minhash import NUM_PERM, SHINGLE_WORDS, THRESHOLD, near_pairs, signatures, similarity

FILE = "duplicates.json"
SIGNATURES = "minhash.npz"
PAIRS = "duplicate-pairs.npz"
WRITES = "duplicates.d"
COMPACT_AFTER = 64  # writes kept apart; then one write rewrites the base files (amortised: 1/64 of it)
_RETRIES = 5  # a reader that finds a write's file gone (folded in meanwhile) reads again


@dataclass
class Write:
    """What one write changed: the ids it removed (deleted or replaced), then the rows it added and
    the pairs they make."""

    gone: list[str]
    ids: list[str]
    sigs: np.ndarray
    pairs: dict[tuple[str, str], float]


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
        pairs = {_key(ids[i], ids[j]): score for i, j, score in near_pairs(sigs)}
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
                    found[_key(article_id, other)] = round(score, 4)
        write = Write(sorted(gone), [article_id for article_id, _ in puts], added, found)
        self.ids += write.ids
        self.sigs = np.concatenate([self.sigs, added])
        self.pairs.update(found)
        return write

    def groups(self) -> list[list[str]]:
        """Connected groups of near-duplicates (two or more ids each), sorted."""
        return _groups(self.pairs)

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
        for number, path in _writes(folder):
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
            base_pairs, pairs_through = _base_pairs(folder) if pairs else ({}, sigs_through)
        except FileNotFoundError:
            return None
        writes = _read_writes(folder, min(sigs_through, pairs_through))
        ids, sigs = _replay_rows(ids, sigs, [(n, w) for n, w in writes if n > sigs_through])
        found = _replay_pairs(base_pairs, [(n, w) for n, w in writes if n > pairs_through])
        return cls(ids, sigs, found, max([sigs_through, pairs_through, *(n for n, _ in _writes(folder))]))

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
        if len(_writes(folder)) >= COMPACT_AFTER:  # the write's own file first: a crash at any step loses nothing
            kept = Duplicates.load(folder)
            if kept is not None:  # it is: this write was just kept there
                kept.save(folder, through=number)


def _matches(sig: np.ndarray, ids: Sequence[str], sigs: np.ndarray) -> list[tuple[str, float]]:
    """(id, score) of the rows a signature is a near-duplicate of; rows of zeros match nothing."""
    scores = similarity(sig, sigs)
    rows = np.flatnonzero(scores >= THRESHOLD)
    return [(ids[row], float(scores[row])) for row in rows.tolist() if sigs[row].any()]


def _replay_rows(ids: list[str], sigs: np.ndarray, writes: list[tuple[int, Write]]) -> tuple[list[str], np.ndarray]:
    """The rows left after the writes, in one pass: a row stays unless a later write removed its id."""
    if not writes:
        return ids, sigs
    last_gone = {article_id: number for number, write in writes for article_id in write.gone}
    rows = [(article_id, 0) for article_id in ids] + [(i, n) for n, w in writes for i in w.ids]
    keep = [row for row, (article_id, born) in enumerate(rows) if last_gone.get(article_id, 0) <= born]
    every = np.concatenate([sigs, *(w.sigs.reshape(-1, NUM_PERM) for _, w in writes)])
    return [rows[row][0] for row in keep], every[keep]


def _base_pairs(folder: Path, among: set[str] | None = None) -> tuple[dict[tuple[str, str], float], int]:
    """The pairs of the base files (only those of the ids `among`, when given), and the last write
    they hold."""
    data = json.loads((folder / FILE).read_text())
    if "pairs" in data:  # kept before writes were appended: beside the groups
        return ({_key(a, b): s for a, b, s in data["pairs"] if among is None or a in among}, data.get("through", 0))
    with np.load(folder / PAIRS) as stored:
        through = int(stored["through"])
        if among is not None and not among:
            return {}, through
        firsts, seconds = stored["pairs"].T.tolist() if len(stored["pairs"]) else ([], [])
        scores = stored["scores"].tolist()
    rows = range(len(firsts)) if among is None else [k for k, a in enumerate(firsts) if a in among]
    return {(firsts[k], seconds[k]): scores[k] for k in rows}, through


def _replay_pairs(base: dict, writes: list[tuple[int, Write]]) -> dict[tuple[str, str], float]:
    """The pairs left after the writes: a pair stays unless a later write removed one of its ids."""
    if not writes:
        return base
    pairs = {pair: (s, 0) for pair, s in base.items()}
    last_gone = {}
    for number, write in writes:
        last_gone.update(dict.fromkeys(write.gone, number))
        pairs.update((pair, (s, number)) for pair, s in write.pairs.items())
    return {
        pair: s
        for pair, (s, born) in pairs.items()
        if last_gone.get(pair[0], 0) <= born and last_gone.get(pair[1], 0) <= born
    }


def _key(a: str, b: str) -> tuple[str, str]:
    return (a, b) if a <= b else (b, a)


def _groups(pairs: Iterable[tuple[str, str]]) -> list[list[str]]:
    parent: dict[str, str] = {}

    def root(x: str) -> str:
        while parent.setdefault(x, x) != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    for a, b in pairs:
        parent[root(a)] = root(b)
    members: dict[str, list[str]] = {}
    for x in parent:
        members.setdefault(root(x), []).append(x)
    return sorted(sorted(group) for group in members.values() if len(group) > 1)


def _replace(path: Path, write) -> None:
    temporary = path.with_name(path.name + ".tmp" + (path.suffix if path.suffix == ".npz" else ""))
    write(temporary)
    os.replace(temporary, path)


def _writes(folder: Path) -> list[tuple[int, Path]]:
    """The files of the writes kept apart, in order."""
    try:
        names = os.listdir(folder / WRITES)
    except FileNotFoundError:
        return []
    return sorted(
        (int(name[:-5]), folder / WRITES / name)
        for name in names
        if name.endswith(".json") and not name.startswith(".")
    )


class _FoldedIn(Exception):
    """A write's file went while it was read: a later write folded it into the base files."""


def _read_writes(folder: Path, after: int, signatures_too: bool = True) -> list[tuple[int, Write]]:
    """The writes kept apart after the one numbered `after`, read in order."""
    found = []
    for number, path in _writes(folder):
        if number <= after:
            continue
        try:
            record = json.loads(path.read_text())
        except FileNotFoundError:
            raise _FoldedIn() from None
        sigs = np.array(record["sigs"] if signatures_too else [], dtype=np.uint32).reshape(-1, NUM_PERM)
        write = Write(
            record["gone"], record["ids"] if signatures_too else [], sigs, {(a, b): s for a, b, s in record["pairs"]}
        )
        found.append((number, write))
    return found


def version(folder: Path) -> tuple:
    """What tells one state of a generation's groups from another (empty when it keeps none): the
    base file's change time, size and inode, and the writes kept apart."""
    try:
        stat = (folder / FILE).stat()
    except FileNotFoundError:
        return ()
    return (str(folder), stat.st_mtime_ns, stat.st_size, stat.st_ino, tuple(n for n, _ in _writes(folder)))


def read_groups(folder: Path) -> list[list[str]]:
    """The near-duplicate groups a generation keeps (none for one built before they were kept): the
    base file's, joined by the pairs of later writes, and made again from their pairs where a write
    removed a member (a group may split)."""
    for _attempt in range(_RETRIES):
        try:
            data = json.loads((folder / FILE).read_text())
        except FileNotFoundError:
            return []
        try:
            through = data.get("through", 0)
            writes = _read_writes(folder, through, signatures_too=False)
            if not writes:
                return data["groups"]
            found = _after_writes(folder, data["groups"], through, writes)
            if found is not None:
                return found
            base, through = _base_pairs(folder)  # the pairs hold later writes than the groups: a crash
            return _groups(_replay_pairs(base, _read_writes(folder, through, signatures_too=False)))
        except (_FoldedIn, FileNotFoundError):
            continue  # folded in after the base file was read: read the new one
    raise RuntimeError(f"near-duplicate groups of {folder.name} kept changing while read")


def _after_writes(
    folder: Path, groups: list[list[str]], through: int, writes: list[tuple[int, Write]]
) -> list[list[str]] | None:
    """The groups after the writes: those none of them removed a member of as they are, joined by
    the writes' pairs; the others made again from their own pairs (read from the base file only for
    them). None when the base pairs do not hold the same writes as the groups."""
    gone = {article_id for _, write in writes for article_id in write.gone}
    touched = {member for group in groups if not gone.isdisjoint(group) for member in group}
    base, pairs_through = _base_pairs(folder, among=touched)
    if pairs_through != through:
        return None
    kept = [(group[0], member) for group in groups if gone.isdisjoint(group) for member in group[1:]]
    return _groups([*kept, *_replay_pairs(base, writes)])


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
