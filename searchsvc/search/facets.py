"""Facet counts over every matching article, from per-segment columns of document -> values.

A segment of a Whoosh index never changes once written (a later delete only marks its documents),
so each segment's values are read once per engine from its stored fields and kept (segment_cache.py): after a write,
a reopened searcher reads only the new small segment. Each field is a column in compressed-row
form (where each document's values start, and the values as numbers into a list of names), so a
facet over 15,000 matches is one numpy gather and count instead of 15,000 dictionary lookups.
"""

from __future__ import annotations

import heapq
from collections import Counter
from dataclasses import dataclass
from datetime import datetime
from typing import Any

import numpy as np

from ..ingest.articles import ENTITY_TYPES
from ..ingest.dates import to_utc_naive
from ..ingest.folding import name_key
from .matchset import live_mask
from .searcher_view import view_of
from .segments import every_stored, per_segment

ENTITY_FIELDS = ENTITY_TYPES
FACET_FIELDS = (*ENTITY_FIELDS, "section", "category", "month")
IDS = "id"  # each segment's article ids, read in the same pass: near-duplicate groups name members by id


@dataclass
class Column:
    """One field's values: document d has names[ordinals[starts[d]:starts[d + 1]]]."""

    starts: np.ndarray  # int64, one more than the documents
    ordinals: np.ndarray  # int32
    names: list[str]

    def values_of(self, docnum: int) -> tuple[str, ...]:
        if docnum + 1 >= len(self.starts):
            return ()
        return tuple(self.names[i] for i in self.ordinals[self.starts[docnum] : self.starts[docnum + 1]].tolist())

    def counts(self, docnums: np.ndarray) -> np.ndarray:
        """How many of the documents have each name, by ordinal."""
        docnums = np.asarray(docnums, dtype=np.int64)
        begin, end = self.starts[docnums], self.starts[docnums + 1]
        lengths = end - begin
        total = int(lengths.sum())
        if not total:
            return np.zeros(len(self.names), dtype=np.int64)
        # the positions of every value of every document, without a Python loop
        shift = np.repeat(begin - np.concatenate(([0], np.cumsum(lengths)[:-1])), lengths)
        picked = self.ordinals[np.arange(total) + shift]
        return np.bincount(picked, minlength=len(self.names))


LARGE_SHARE = 8  # a segment holding at least 1/8 of the documents is large: writes leave it alone


def warm(searcher) -> None:
    """Read the values of every segment now, so that the first search does not pay for it."""
    _columns(searcher)


def column(searcher, field: str) -> Column:
    """A field's values for every document of the searcher (deleted ones may keep theirs)."""
    return _columns(searcher)[field]


def _columns(searcher) -> dict[str, Column]:
    view = view_of(searcher)
    if view.columns is None:
        parts = per_segment(searcher, view.segments.columns, _segment_columns)
        leads = view.segments.leads
        view.columns = {
            field: _joined(field, [part[field] for part, _offset in parts], leads) for field in FACET_FIELDS
        }
    return view.columns


def _joined(field: str, parts: list[Column], leads: dict[str, tuple]) -> Column:
    """Segments' columns as one, their names merged (each segment numbers its own). The merge of the
    large leading segments is kept: a write adds or merges only small segments after them, and the
    searcher opened after it joins only those (at 100k articles, a full join was about 120 ms)."""
    if len(parts) == 1:
        return parts[0]
    documents = sum(len(part.starts) - 1 for part in parts)
    lead = 0
    while lead < len(parts) - 1 and (len(parts[lead].starts) - 1) * LARGE_SHARE >= documents:
        lead += 1
    kept = leads.get(field)  # (leading segments' columns, their names' numbers, their join)
    if kept is not None and len(kept[0]) <= lead and all(a is b for a, b in zip(kept[0], parts)):
        done, numbers, column = kept[0], dict(kept[1]), kept[2]
        starts, ordinals = [column.starts], [column.ordinals]
        base = int(column.starts[-1])
    else:
        done, numbers = (), {}
        starts, ordinals, base = [np.zeros(1, dtype=np.int64)], [], 0
    for at, part in enumerate(parts[len(done) :], start=len(done)):
        renumber = np.array([numbers.setdefault(name, len(numbers)) for name in part.names], dtype=np.int32)
        ordinals.append(renumber[part.ordinals] if len(part.ordinals) else part.ordinals)
        starts.append(part.starts[1:] + base)
        base += int(part.starts[-1])
        if at + 1 == lead and len(done) < lead:  # the large leading segments: kept for the next searcher
            leads[field] = (
                tuple(parts[:lead]),
                dict(numbers),
                Column(np.concatenate(starts), _concatenated(ordinals), list(numbers)),
            )
    return Column(np.concatenate(starts), _concatenated(ordinals), list(numbers))


def _concatenated(ordinals: list[np.ndarray]) -> np.ndarray:
    return np.concatenate(ordinals) if ordinals else np.zeros(0, np.int32)


def _segment_columns(reader) -> dict[str, Any]:  # field -> Column, and IDS -> {article id: docnum}
    documents = reader.doc_count_all()
    values: dict[str, list[tuple[str, ...]]] = {field: [()] * documents for field in FACET_FIELDS}
    ids: dict[str, int] = {}
    for docnum, stored in every_stored(reader):  # deleted ones too: see segments.py
        if stored.get("id"):
            ids[stored["id"]] = docnum
        for field in ENTITY_FIELDS:
            values[field][docnum] = tuple(name for name in (stored.get(field) or "").split(",") if name)
        for field in ("section", "category"):
            if stored.get(field):
                values[field][docnum] = (stored[field],)
        if stored.get("published_at"):
            month = to_utc_naive(datetime.fromisoformat(stored["published_at"])).strftime("%Y-%m")
            values["month"][docnum] = (month,)
    return {**{field: _column(by_doc) for field, by_doc in values.items()}, IDS: ids}


def _column(by_doc: list[tuple[str, ...]]) -> Column:
    numbers: dict[str, int] = {}
    ordinals = [numbers.setdefault(name, len(numbers)) for names in by_doc for name in names]
    starts = np.zeros(len(by_doc) + 1, dtype=np.int64)
    np.cumsum([len(names) for names in by_doc], out=starts[1:])
    return Column(starts, np.array(ordinals, dtype=np.int32), list(numbers))


def docnums_of(searcher, article_ids) -> dict[str, int]:
    """The live documents with these ids, from the ids each segment's reading kept (no index lookup)."""
    live = live_mask(searcher)
    segments = per_segment(searcher, view_of(searcher).segments.columns, _segment_columns)
    found = {}
    for article_id in article_ids:
        for part, offset in segments:
            docnum = part[IDS].get(article_id)
            if docnum is not None and live[docnum + offset]:
                found[article_id] = docnum + offset
                break
    return found


def values_of(searcher, field: str, docnum: int) -> tuple[str, ...]:
    return column(searcher, field).values_of(docnum)


def all_values(searcher, field: str) -> set[str]:
    """Every value of a field in live documents."""
    return set(count_all(searcher, field))


class FoldedNames(dict):
    """Indexed names by their folded form (name_key), looked up by any form of a name: "pele", "PELÉ"
    and "Pelé" written with a combining accent all find "Pelé"."""

    def __contains__(self, name) -> bool:
        return super().__contains__(name_key(name))

    def __getitem__(self, name: str) -> str:
        return super().__getitem__(name_key(name))

    def get(self, name: str, default=None):
        return super().get(name_key(name), default)


def by_folded_name(searcher, field: str) -> FoldedNames:
    """Map each folded value of a field in live documents to its indexed form; built once per open
    searcher (a filter in any letter case or accents is resolved on every request). Of two names
    folded alike ("Jose Mourinho", "José Mourinho"), the one more articles name stands for both."""
    folded = view_of(searcher).folded
    if field not in folded:
        by_count = sorted(count_all(searcher, field).items(), key=lambda item: (item[1], item[0]))
        folded[field] = FoldedNames({name_key(value): value for value, _count in by_count})
    return folded[field]


def count(searcher, field: str, docnums) -> Counter:
    """Count the values of a field over the given (live) documents."""
    found = column(searcher, field)
    counts = found.counts(np.asarray(docnums, dtype=np.int64))
    return Counter({found.names[i]: int(counts[i]) for i in np.flatnonzero(counts).tolist()})


def count_all(searcher, field: str) -> Counter:
    """Count a field's values over every live document, once per open searcher: the entity lists and
    the landing page's top names ask for the same totals on every request, and a write opens a new
    searcher. Callers must not change the Counter they get."""
    kept = view_of(searcher).totals
    if field not in kept:
        kept[field] = count(searcher, field, live_docnums(searcher))
    return kept[field]


def live_docnums(searcher) -> np.ndarray:
    """Every document that is not deleted."""
    return np.flatnonzero(live_mask(searcher))


def top_of(searcher, field: str, docnums: np.ndarray, size: int) -> list[dict]:
    """The `size` values of a field most frequent among the documents, ties broken by name."""
    found = column(searcher, field)
    counts = found.counts(docnums)
    present = np.flatnonzero(counts)
    if len(present) > size:  # only names that can make the top: as many as the size-th count or more
        least = np.partition(counts[present], len(present) - size)[len(present) - size]
        present = present[counts[present] >= least]
    return top(Counter({found.names[i]: int(counts[i]) for i in present.tolist()}), size)


def top(counts: Counter, size: int) -> list[dict]:
    """The most frequent values, ties broken by name so the order is stable."""
    ranked = heapq.nsmallest(size, counts.items(), key=lambda item: (-item[1], item[0]))  # no full sort
    return [{"value": value, "count": n} for value, n in ranked]
