"""Collapse near-duplicate hits to the best one of each group, counting the others it stands for.

The groups (ids) come from the generation's duplicates.json; a searcher maps them to document
numbers once (only the members of groups, a few hundred on BBC). Ranking keeps `slack` more hits
than a page needs, the most a page could hide, so a collapsed page is as full as an uncollapsed one
and paging never repeats or skips a group.
"""
from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from weakref import WeakKeyDictionary

from ..index.duplicates import FILE, read_groups


@dataclass(frozen=True)
class Groups:
    """Near-duplicate groups of ids, as read from one generation's file at one moment."""

    groups: tuple[tuple[str, ...], ...] = ()
    version: tuple = field(default=(), compare=False)

    @classmethod
    def read(cls, folder: Path) -> Groups:
        version = cls.stamp(folder)
        return cls(tuple(tuple(g) for g in read_groups(folder)), version) if version else cls()

    @staticmethod
    def stamp(folder: Path) -> tuple:
        """What tells one state of the file from another: folder, change time and size."""
        try:
            stat = (folder / FILE).stat()
        except FileNotFoundError:
            return ()
        return (str(folder), stat.st_mtime_ns, stat.st_size, stat.st_ino)

    def group_of(self, article_id: str) -> tuple[str, ...]:
        """The other ids of an article's group (empty when it has none)."""
        return next((tuple(i for i in g if i != article_id) for g in self.groups if article_id in g), ())


@dataclass
class DocGroups:
    """docnum -> group number for the live members of groups that have two or more live members."""

    of: dict[int, int]
    slack: int  # hits a page may hide: live members beyond the first of each group


_maps: WeakKeyDictionary = WeakKeyDictionary()  # searcher -> (groups version, DocGroups)
NO_GROUPS = DocGroups({}, 0)


def doc_groups(searcher, groups: Groups | None) -> DocGroups:
    """The groups as document numbers of this searcher (computed once per searcher and file)."""
    if not groups or not groups.groups:
        return NO_GROUPS
    known = _maps.get(searcher)
    if known is not None and known[0] == groups.version:
        return known[1]
    of: dict[int, int] = {}
    slack = 0
    for number, members in enumerate(groups.groups):
        docnums = [d for d in (searcher.document_number(id=i) for i in members) if d is not None]
        if len(docnums) > 1:
            of.update((d, number) for d in docnums)
            slack += len(docnums) - 1
    found = DocGroups(of, slack)
    _maps[searcher] = (groups.version, found)
    return found


@dataclass
class Collapsed:
    ranked: list  # (score, docnum) of the shown hits, best first
    docnums: list[int]  # one per shown hit: for the total and the facets
    others: dict[int, int]  # shown docnum -> matching members it stands for


def collapse(ranked: Sequence, docnums: Sequence[int], groups: DocGroups) -> Collapsed:
    """Keep the first-ranked member of each group among `ranked` ((score, docnum), best first) and one
    member per group among every match, the shown one when it is shown."""
    if not groups.of:
        return Collapsed(list(ranked), list(docnums), {})
    of = groups.of
    matching = Counter(of[d] for d in docnums if d in of)
    shown: dict[int, int] = {}
    kept = []
    for item in ranked:
        group = of.get(item[1])
        if group is None:
            kept.append(item)
        elif group not in shown:
            shown[group] = item[1]
            kept.append(item)
    emitted: set[int] = set()
    every = []
    for d in docnums:
        group = of.get(d)
        if group is None:
            every.append(d)
        elif group not in emitted:
            emitted.add(group)
            every.append(shown.get(group, d))
    others = {d: matching[group] - 1 for group, d in shown.items()}
    return Collapsed(kept, every, others)
