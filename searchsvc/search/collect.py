"""Run a query: every match (for the total and the facets) as a set, and the best ones (for the
page) from Whoosh's ranking, within a deadline.

The set comes first, by set algebra over posting lists (matchset.py); the ranking then only
considers documents in it, and may skip blocks that cannot reach the page, as plain Whoosh does.
So the total counts exactly what can be paged, whatever the segments and their deletions, and a
word in 10% of the archive no longer costs a score for every one of its articles.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np
from whoosh import collectors
from whoosh import query as wq
from whoosh.idsets import DocIdSet
from whoosh.searching import Results, TimeLimit

from . import matchset
from .collapse import NO_GROUPS, DocGroups, collapse
from .matchset import MISSING_DATE, matching
from .scoring import best, scored_matches
from .searcher_view import view_of
from .segments import per_segment


@dataclass
class Collected:
    results: Any  # Whoosh Results holding the top `limit` documents (Whoosh has no types)
    docnums: np.ndarray  # every matching document, sorted (one per near-duplicate group when collapsed)
    timed_out: bool
    scored: bool  # False when sorted by date: there is no relevance score
    others: dict[int, int] = field(default_factory=dict)  # shown docnum -> matching near-duplicates it stands for


class _Allowed(DocIdSet):
    """The match set as Whoosh's filter: membership by one array lookup."""

    def __init__(self, mask: np.ndarray):
        self.mask = mask

    def __contains__(self, docnum) -> bool:
        return bool(self.mask[docnum])

    def __iter__(self):
        return iter(np.flatnonzero(self.mask).tolist())

    def __len__(self) -> int:
        return int(self.mask.sum())


class _UntilDeadline(collectors.WrappingCollector):
    """Stop ranking when the deadline passes."""

    def __init__(self, child, deadline):
        super().__init__(child)
        self.deadline = deadline

    def matches(self):
        for seen, sub_docnum in enumerate(self.child.matches(), start=1):
            if seen % matchset.CHECK_EVERY == 0 and self.deadline.passed():
                raise TimeLimit
            yield sub_docnum


def collect(searcher, q, fq, limit: int, sort: str, deadline, groups: DocGroups = NO_GROUPS) -> Collected:
    """Match `q` within the filter `fq`; rank by relevance, or by date for newest / oldest
    (an empty query lists the newest first). Near-duplicates in `groups` show as their best-ranked
    member: `limit` counts shown hits, and the docnums are one per group."""
    stamps = publication_stamps(searcher)
    by_date = sort in ("newest", "oldest") or (sort == "relevance" and _is_everything(q))
    reverse = sort != "oldest"
    matches, found, timed_out = _matches(searcher, q, fq, stamps, deadline, scored=not by_date)
    preference = _by_date(stamps[matches], reverse) if by_date else found  # which member stands for a group
    hidden = groups.hidden(matches)  # the most hits a page could hide behind their group's best
    wanted = limit + min(hidden, limit)  # enough almost always; the rest only when a page comes up short
    while True:
        if not len(matches):  # nothing to rank (Whoosh would take an empty filter for none at all)
            ranked: Sequence[tuple[float | None, int]] = []
        elif by_date:
            ranked = [(None, d) for d in _newest_first(stamps, matches, wanted, reverse)]
        elif found is not None:
            ranked = best(matches, found, wanted)
        else:
            ranked, late = _whoosh_best(searcher, q, matches, wanted, deadline)
            timed_out = timed_out or late
        shown = collapse(ranked, matches, groups, preference)
        if len(shown.ranked) >= limit or wanted >= limit + hidden or timed_out:
            break
        wanted = limit + hidden
    results = Results(searcher, q, shown.ranked[:limit], docset={d for _, d in shown.ranked[:limit]})
    return Collected(results, shown.docnums, timed_out, scored=not by_date, others=shown.others)


def _matches(searcher, q, fq, stamps, deadline, scored: bool):
    """The documents `q` matches within `fq`, each one's score for `q` alone (None when not ranked by
    relevance, or under a weighting model scored by Whoosh), and whether the deadline passed."""
    found = scored_matches(searcher, q, stamps, deadline) if scored else None
    if found is None:
        matches, timed_out = matching(searcher, q if fq is None else wq.And([q, fq]), stamps, deadline)
        return matches, None, timed_out
    matches, scores, timed_out = found
    if fq is not None and len(matches):
        allowed, late = matching(searcher, fq, stamps, deadline)
        kept = np.isin(matches, allowed, assume_unique=True)
        matches, scores, timed_out = matches[kept], scores[kept], timed_out or late
    return matches, scores, timed_out


def _by_date(found: np.ndarray, newest: bool) -> np.ndarray:
    """Higher for the documents first in date order; undated ones last."""
    dated = found != MISSING_DATE
    stamps = np.where(dated, found, 0).astype(np.int64)
    return np.where(dated, stamps if newest else np.iinfo(np.int64).max - stamps, -1)


def _whoosh_best(searcher, q, matches: np.ndarray, limit: int, deadline) -> tuple[list, bool]:
    """The `limit` best-scoring documents among `matches`, best first, as Whoosh scores them (for
    phrases); and whether time ran out. Whoosh's shortcuts past scoring every match drop hits
    (see scoring.py), so they are off."""
    mask = np.zeros(searcher.reader().doc_count_all(), dtype=bool)
    mask[matches] = True
    top = collectors.TopCollector(limit, usequality=False, replace=0)
    outer = collectors.FilterCollector(_UntilDeadline(top, deadline), allow=_Allowed(mask))
    try:
        searcher.search_with_collector(q, outer)
    except TimeLimit:
        return outer.results().top_n, True
    return outer.results().top_n, False


def _is_everything(q) -> bool:
    return isinstance(q, wq.Every)


def _newest_first(stamps: np.ndarray, docnums: np.ndarray, limit: int, reverse: bool) -> list[int]:
    """The first `limit` documents by date; undated ones last in both directions."""
    if not len(docnums):
        return []
    found = stamps[docnums]
    missing = found == MISSING_DATE
    order = np.lexsort((docnums, np.where(missing, 0, ~found if reverse else found), missing))
    return docnums[order[:limit]].tolist()


def publication_stamps(searcher) -> np.ndarray:
    """Each document's publication time as Whoosh sorts it, by docnum: read leaf by leaf (Whoosh's
    multi-segment column reader miscounts its offsets), each segment once per engine, so a searcher
    reopened after a write reads only the new segment."""
    view = view_of(searcher)
    if view.stamps is None:
        parts = [segment for segment, _offset in per_segment(searcher, view.segments.stamps, _read_stamps)]
        view.stamps = np.concatenate(parts) if parts else np.zeros(0, dtype=np.uint64)
    return view.stamps


def _read_stamps(reader) -> np.ndarray:
    if reader.has_column("published"):
        return np.fromiter(
            reader.column_reader("published", translate=False), dtype=np.uint64, count=reader.doc_count_all()
        )
    return np.full(reader.doc_count_all(), MISSING_DATE, dtype=np.uint64)
