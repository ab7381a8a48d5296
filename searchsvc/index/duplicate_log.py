"""A generation's near-duplicate files as readers and writers meet them: the base files
(`duplicates.json`, `duplicate-pairs.npz`, `minhash.npz`, each holding the writes up to its
`through`), the writes kept apart in `duplicates.d/` and their replay, and the groups the pairs make.
What the files mean and how a write adds to them: duplicates.py."""

from __future__ import annotations

import json
import os
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from .minhash import NUM_PERM

FILE = "duplicates.json"
SIGNATURES = "minhash.npz"
PAIRS = "duplicate-pairs.npz"
WRITES = "duplicates.d"
_RETRIES = 5  # a reader that finds a write's file gone (folded in meanwhile) reads again


@dataclass
class Write:
    """What one write changed: the ids it removed (deleted or replaced), then the rows it added and
    the pairs they make."""

    gone: list[str]
    ids: list[str]
    sigs: np.ndarray
    pairs: dict[tuple[str, str], float]


def replay_rows(ids: list[str], sigs: np.ndarray, writes: list[tuple[int, Write]]) -> tuple[list[str], np.ndarray]:
    """The rows left after the writes, in one pass: a row stays unless a later write removed its id."""
    if not writes:
        return ids, sigs
    last_gone = {article_id: number for number, write in writes for article_id in write.gone}
    rows = [(article_id, 0) for article_id in ids] + [(i, n) for n, w in writes for i in w.ids]
    keep = [row for row, (article_id, born) in enumerate(rows) if last_gone.get(article_id, 0) <= born]
    every = np.concatenate([sigs, *(w.sigs.reshape(-1, NUM_PERM) for _, w in writes)])
    return [rows[row][0] for row in keep], every[keep]


def base_pairs(folder: Path, among: set[str] | None = None) -> tuple[dict[tuple[str, str], float], int]:
    """The pairs of the base files (only those of the ids `among`, when given), and the last write
    they hold."""
    data = json.loads((folder / FILE).read_text())
    if "pairs" in data:  # kept before writes were appended: beside the groups
        return ({pair_key(a, b): s for a, b, s in data["pairs"] if among is None or a in among}, data.get("through", 0))
    with np.load(folder / PAIRS) as stored:
        through = int(stored["through"])
        if among is not None and not among:
            return {}, through
        firsts, seconds = stored["pairs"].T.tolist() if len(stored["pairs"]) else ([], [])
        scores = stored["scores"].tolist()
    rows = range(len(firsts)) if among is None else [k for k, a in enumerate(firsts) if a in among]
    return {(firsts[k], seconds[k]): scores[k] for k in rows}, through


def replay_pairs(base: dict, writes: list[tuple[int, Write]]) -> dict[tuple[str, str], float]:
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


def pair_key(a: str, b: str) -> tuple[str, str]:
    return (a, b) if a <= b else (b, a)


def groups_of(pairs: Iterable[tuple[str, str]]) -> list[list[str]]:
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


def writes_kept(folder: Path) -> list[tuple[int, Path]]:
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


class FoldedIn(Exception):
    """A write's file went while it was read: a later write folded it into the base files."""


def read_writes(folder: Path, after: int, signatures_too: bool = True) -> list[tuple[int, Write]]:
    """The writes kept apart after the one numbered `after`, read in order."""
    found = []
    for number, path in writes_kept(folder):
        if number <= after:
            continue
        try:
            record = json.loads(path.read_text())
        except FileNotFoundError:
            raise FoldedIn() from None
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
    return (str(folder), stat.st_mtime_ns, stat.st_size, stat.st_ino, tuple(n for n, _ in writes_kept(folder)))


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
            writes = read_writes(folder, through, signatures_too=False)
            if not writes:
                return data["groups"]
            found = after_writes(folder, data["groups"], through, writes)
            if found is not None:
                return found
            base, through = base_pairs(folder)  # the pairs hold later writes than the groups: a crash
            return groups_of(replay_pairs(base, read_writes(folder, through, signatures_too=False)))
        except (FoldedIn, FileNotFoundError):
            continue  # folded in after the base file was read: read the new one
    raise RuntimeError(f"near-duplicate groups of {folder.name} kept changing while read")


def after_writes(
    folder: Path, groups: list[list[str]], through: int, writes: list[tuple[int, Write]]
) -> list[list[str]] | None:
    """The groups after the writes: those none of them removed a member of as they are, joined by
    the writes' pairs; the others made again from their own pairs (read from the base file only for
    them). None when the base pairs do not hold the same writes as the groups."""
    gone = {article_id for _, write in writes for article_id in write.gone}
    touched = {member for group in groups if not gone.isdisjoint(group) for member in group}
    base, pairs_through = base_pairs(folder, among=touched)
    if pairs_through != through:
        return None
    kept = [(group[0], member) for group in groups if gone.isdisjoint(group) for member in group[1:]]
    return groups_of([*kept, *replay_pairs(base, writes)])
