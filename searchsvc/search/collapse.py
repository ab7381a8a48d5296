"""Collapse near-duplicate hits to the best one of each group, counting the others it stands for.

The groups (ids) come from the generation's near-duplicate files (index/duplicates.py); a searcher
maps them to document numbers once (only the members of groups, a few hundred on BBC). Ranking keeps
`slack` more hits than a page needs, the most a page could hide, so a collapsed page is as full as an
uncollapsed one and paging never repeats or skips a group.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np

from ..index.generation import Generation
from . import facets
from .searcher_view import view_of


@dataclass(frozen=True)
class Groups:
    """Near-duplicate groups of ids, as read from one generation's files at one moment."""

    groups: tuple[tuple[str, ...], ...] = ()
    version: tuple = field(default=(), compare=False)

    @classmethod
    def of(cls, generation: Generation) -> Groups:
        """The groups a generation keeps now."""
        version = generation.duplicates_version()  # one stat and one listing
        return cls(tuple(tuple(g) for g in generation.duplicate_groups()), version) if version else cls()

    @classmethod
    def read(cls, folder: Path) -> Groups:
        """The groups of the generation in `folder`."""
        return cls.of(Generation(folder))

    def group_of(self, article_id: str) -> tuple[str, ...]:
        """The other ids of an article's group (empty when it has none)."""
        return next((tuple(i for i in g if i != article_id) for g in self.groups if article_id in g), ())


@dataclass
class DocGroups:
    """docnum -> group number for the live members of groups that have two or more live members."""

    of: dict[int, int]
    slack: int  # hits a page may hide: live members beyond the first of each group
    members: np.ndarray = field(init=False)  # the members' docnums, sorted
    member_groups: np.ndarray = field(init=False)  # and the group of each

    def __post_init__(self):
        members = np.fromiter(self.of, dtype=np.int64, count=len(self.of))
        order = np.argsort(members)
        self.members = members[order]
        self.member_groups = np.fromiter(self.of.values(), dtype=np.int64, count=len(self.of))[order]

    def groups_among(self, docnums: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """Which of the (sorted) docnums are members of a group, as a mask, and the group of each."""
        if not len(self.members) or not len(docnums):
            return np.zeros(len(docnums), dtype=bool), np.zeros(0, dtype=np.int64)
        at = np.minimum(np.searchsorted(self.members, docnums), len(self.members) - 1)
        member = self.members[at] == docnums
        return member, self.member_groups[at[member]]

    def hidden(self, docnums: np.ndarray) -> int:
        """How many of these documents a page could hide behind their group's best."""
        _member, groups = self.groups_among(docnums)
        return len(groups) - len(np.unique(groups))


NO_GROUPS = DocGroups({}, 0)


def doc_groups(searcher, groups: Groups | None) -> DocGroups:
    """The groups as document numbers of this searcher (computed once per searcher and file), from
    the article ids read once per segment with the facets: after a write, only the new segment's ids
    are read (one index lookup per member cost 0.8 s at 100k articles, after every write)."""
    if not groups or not groups.groups:
        return NO_GROUPS
    view = view_of(searcher)
    known = view.groups  # (groups version, DocGroups)
    if known is not None and known[0] == groups.version:
        return known[1]
    where = facets.docnums_of(searcher, {member for group in groups.groups for member in group})
    of: dict[int, int] = {}
    slack = 0
    for number, members in enumerate(groups.groups):
        found = [where[i] for i in members if i in where]
        if len(found) > 1:
            of.update((d, number) for d in found)
            slack += len(found) - 1
    result = DocGroups(of, slack)
    view.groups = (groups.version, result)
    return result


def overcounted(searcher, groups: DocGroups, field: str) -> Counter:
    """How many documents beyond one per group name each value of a field: a search filtered on the
    value counts a group once however many of its members name it."""
    members_of: dict[int, list[int]] = defaultdict(list)
    for docnum, group in groups.of.items():
        members_of[group].append(docnum)
    extra: Counter = Counter()
    for members in members_of.values():
        naming = Counter(value for docnum in members for value in set(facets.values_of(searcher, field, docnum)))
        extra.update({value: n - 1 for value, n in naming.items() if n > 1})
    return extra


@dataclass
class Collapsed:
    ranked: list  # (score, docnum) of the shown hits, best first
    docnums: np.ndarray  # one per group among every match, sorted: for the total and the facets
    others: dict[int, int]  # shown docnum -> matching members it stands for


def collapse(
    ranked: Sequence, docnums: np.ndarray, groups: DocGroups, preference: np.ndarray | None = None
) -> Collapsed:
    """Keep the first-ranked member of each group among `ranked` ((score, docnum), best first) and one
    member per group among every match (sorted docnums): the shown one when it is shown, else the one
    the request ranks first (highest `preference`, one per docnum, ties to the lower docnum), so
    facets do not depend on the page asked for."""
    if not groups.of:
        return Collapsed(list(ranked), docnums, {})
    of = groups.of
    shown: dict[int, int] = {}
    kept = []
    for item in ranked:
        group = of.get(item[1])
        if group is None:
            kept.append(item)
        elif group not in shown:
            shown[group] = item[1]
            kept.append(item)
    member, member_groups = groups.groups_among(docnums)
    members = docnums[member]
    if preference is not None and len(members):  # each group's preferred member first
        order = np.lexsort((members, -preference[member], member_groups))
        members, member_groups = members[order], member_groups[order]
    matched_groups, first, matching = np.unique(member_groups, return_index=True, return_counts=True)
    firsts = members[first]
    standing = [shown.get(int(group), int(d)) for group, d in zip(matched_groups.tolist(), firsts.tolist())]
    every = np.sort(np.concatenate([docnums[~member], np.asarray(standing, dtype=docnums.dtype)]))
    count_of = dict(zip(matched_groups.tolist(), matching.tolist()))
    others = {d: count_of.get(group, 1) - 1 for group, d in shown.items()}
    return Collapsed(kept, every, others)
