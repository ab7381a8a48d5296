"""Run a query once: every match (for the total and the facets) and the best ones (for the page),
from the same pass, within a deadline.

Totals and facets used to come from a second, unscored pass (`docs_for_query`) and the page from a
ranked one that may skip blocks; counting both from one pass means the total is exactly what can
be paged, whatever the segments and their deletions.
"""
from __future__ import annotations

import heapq
from dataclasses import dataclass, field
from weakref import WeakKeyDictionary

from whoosh import collectors, query as wq
from whoosh.searching import Results, TimeLimit

from .collapse import NO_GROUPS, DocGroups, collapse
from .segments import per_segment

CHECK_EVERY = 256  # matches between looks at the clock
MISSING_DATE = 2 ** 64 - 1  # what Whoosh's date column holds for an article without a date
_stamps: WeakKeyDictionary = WeakKeyDictionary()  # searcher -> publication stamp per document
_segment_stamps: dict[str, list[int]] = {}  # segment id -> its documents' stamps (segments never change)


@dataclass
class Collected:
    results: object  # Whoosh Results holding the top `limit` documents
    docnums: list[int]  # every matching document (one per near-duplicate group when collapsed)
    timed_out: bool
    scored: bool  # False when sorted by date: there is no relevance score
    others: dict[int, int] = field(default_factory=dict)  # shown docnum -> matching near-duplicates it stands for


class _EveryMatch(collectors.WrappingCollector):
    """Note every document the wrapped collector takes; stop when the deadline passes."""

    def __init__(self, child, deadline):
        super().__init__(child)
        self.docnums: list[int] = []
        self.deadline = deadline

    def matches(self):
        for seen, sub_docnum in enumerate(self.child.matches(), start=1):
            if seen % CHECK_EVERY == 0 and self.deadline.passed():
                raise TimeLimit
            yield sub_docnum

    def collect(self, sub_docnum):
        self.docnums.append(self.offset + sub_docnum)
        return self.child.collect(sub_docnum)


def collect(searcher, q, fq, limit: int, sort: str, deadline, groups: DocGroups = NO_GROUPS) -> Collected:
    """Match `q` within the filter `fq`; rank by relevance, or by date for newest / oldest
    (an empty query lists the newest first). Near-duplicates in `groups` show as their best-ranked
    member: `limit` counts shown hits, and the docnums are one per group."""
    limit += groups.slack  # the most hits a page can hide behind their group's best
    by_date = sort in ("newest", "oldest") or (sort == "relevance" and _is_everything(q))
    # no block skipping and no matcher replacement: both drop low-scoring matches once the top
    # `limit` are full, and every match is needed for the total and the facets
    child = (collectors.UnsortedCollector() if by_date
             else collectors.TopCollector(limit, usequality=False, replace=0))
    every = _EveryMatch(child, deadline)
    outer = collectors.FilterCollector(every, allow=fq) if fq is not None else every
    timed_out = False
    try:
        searcher.search_with_collector(q, outer)
    except TimeLimit:
        timed_out = True
    if by_date:
        ranked = [(None, d) for d in _newest_first(searcher, every.docnums, limit, reverse=sort != "oldest")]
    else:
        ranked = outer.results().top_n
    shown = collapse(ranked, every.docnums, groups)
    results = Results(searcher, q, shown.ranked, docset={d for _, d in shown.ranked})
    return Collected(results, shown.docnums, timed_out, scored=not by_date, others=shown.others)


def _is_everything(q) -> bool:
    return isinstance(q, wq.Every)


def _newest_first(searcher, docnums: list[int], limit: int, reverse: bool) -> list[int]:
    """The first `limit` documents by date; undated ones last in both directions."""
    dates = publication_stamps(searcher)

    def key(docnum: int):
        stamp = dates[docnum]
        missing = stamp == MISSING_DATE
        return (missing, -stamp if reverse and not missing else stamp, docnum)

    return heapq.nsmallest(limit, docnums, key=key)


def publication_stamps(searcher) -> list[int]:
    """Each document's publication time as Whoosh sorts it, by docnum: read leaf by leaf (Whoosh's
    multi-segment column reader miscounts its offsets), each segment once per process, so a searcher
    reopened after a write reads only the new segment."""
    stamps = _stamps.get(searcher)
    if stamps is None:
        stamps = []
        for segment_stamps, _offset in per_segment(searcher, _segment_stamps, _read_stamps):
            stamps.extend(segment_stamps)
        _stamps[searcher] = stamps
    return stamps


def _read_stamps(reader) -> list[int]:
    if reader.has_column("published"):
        return list(reader.column_reader("published", translate=False))
    return [MISSING_DATE] * reader.doc_count_all()
