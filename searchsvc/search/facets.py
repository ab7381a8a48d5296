"""Facet counts over every matching article, from per-segment maps of document -> values.

A segment of a Whoosh index never changes once written (a later delete only marks its documents),
so each segment's values are read once per process from its stored fields and kept: after a write,
a reopened searcher reads only the new small segment. Built from the postings of every name instead,
the maps cost 1.1 s on BBC and were rebuilt by every worker after every write; from stored fields
they cost 70 ms, and a write adds a few milliseconds.
"""
from __future__ import annotations

import heapq
from collections import Counter
from collections.abc import Iterable
from datetime import datetime
from weakref import WeakKeyDictionary

from ..ingest.dates import to_utc_naive
from .segments import per_segment

ENTITY_FIELDS = ("people", "organizations", "places")
FACET_FIELDS = (*ENTITY_FIELDS, "section", "category", "month")
COUNT_CHECK_EVERY = 4096  # documents counted between looks at the search's deadline

_segments: dict[str, dict[str, dict[int, tuple[str, ...]]]] = {}  # segment id -> field -> {doc: values}
_per_searcher: WeakKeyDictionary = WeakKeyDictionary()  # searcher -> field -> {docnum: values}
_folded: WeakKeyDictionary = WeakKeyDictionary()  # searcher -> field -> {folded value: value}
_totals: WeakKeyDictionary = WeakKeyDictionary()  # searcher -> field -> counts over every live document


def warm(searcher) -> None:
    """Read the values of every segment now, so that the first search does not pay for it."""
    _maps(searcher)


def values_by_doc(searcher, field: str) -> dict[int, tuple[str, ...]]:
    """Map each document that has values in a field to them (deleted ones included)."""
    return _maps(searcher)[field]


def _maps(searcher) -> dict[str, dict[int, tuple[str, ...]]]:
    maps = _per_searcher.get(searcher)
    if maps is None:
        maps = {field: {} for field in FACET_FIELDS}
        for values, offset in per_segment(searcher, _segments, _segment_values):
            for field, by_doc in values.items():
                maps[field].update((docnum + offset, found) for docnum, found in by_doc.items())
        _per_searcher[searcher] = maps
    return maps


def _segment_values(reader) -> dict[str, dict[int, tuple[str, ...]]]:
    values: dict[str, dict[int, tuple[str, ...]]] = {field: {} for field in FACET_FIELDS}
    for docnum, stored in reader.iter_docs():  # live documents; deletions only ever grow
        for field in ENTITY_FIELDS:
            names = tuple(name for name in (stored.get(field) or "").split(",") if name)
            if names:
                values[field][docnum] = names
        for field in ("section", "category"):
            if stored.get(field):
                values[field][docnum] = (stored[field],)
        if stored.get("published_at"):
            month = to_utc_naive(datetime.fromisoformat(stored["published_at"])).strftime("%Y-%m")
            values["month"][docnum] = (month,)
    return values


def all_values(searcher, field: str) -> set[str]:
    """Every value of a field in live documents."""
    reader = searcher.reader()
    return {value for docnum, values in values_by_doc(searcher, field).items()
            if not reader.is_deleted(docnum) for value in values}


def by_folded_name(searcher, field: str) -> dict[str, str]:
    """Map each case-folded value of a field in live documents to its indexed form; built once per
    open searcher (a filter in any letter case is resolved on every request)."""
    folded = _folded.setdefault(searcher, {})
    if field not in folded:
        folded[field] = {value.casefold(): value for value in all_values(searcher, field)}
    return folded[field]


def count(searcher, field: str, docnums: Iterable[int], deadline=None) -> Counter:
    """Count the values of a field over the given (live) documents, until the deadline passes."""
    mapping = values_by_doc(searcher, field)
    counts: Counter = Counter()
    for position, docnum in enumerate(docnums):
        counts.update(mapping.get(docnum, ()))
        if deadline is not None and position % COUNT_CHECK_EVERY == COUNT_CHECK_EVERY - 1 and deadline.passed():
            break
    return counts


def count_all(searcher, field: str) -> Counter:
    """Count a field's values over every live document, once per open searcher: the entity lists and
    the landing page's top names ask for the same totals on every request, and a write opens a new
    searcher. Callers must not change the Counter they get."""
    kept = _totals.setdefault(searcher, {})
    if field not in kept:
        kept[field] = count(searcher, field, live_docnums(searcher))
    return kept[field]


def live_docnums(searcher) -> list[int]:
    """Every document that is not deleted."""
    reader = searcher.reader()
    return [docnum for docnum in range(reader.doc_count_all()) if not reader.is_deleted(docnum)]


def top(counts: Counter, size: int) -> list[dict]:
    """The most frequent values, ties broken by name so the order is stable."""
    ranked = heapq.nsmallest(size, counts.items(), key=lambda item: (-item[1], item[0]))  # no full sort
    return [{"value": value, "count": n} for value, n in ranked]
