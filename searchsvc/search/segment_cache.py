"""What the engine keeps of each index segment across searchers, bounded by the bytes it holds.

A segment never changes once written (a later delete only marks its documents), so what is read
from it (facet columns, field lengths, dates, word counts, posting lists) stays true while the
segment exists: after a write, a reopened searcher reads only the new small segment. The engine owns
one of these and hands it to each searcher it opens; a searcher opened elsewhere (a test, a tool)
gets one of its own that lives as long as it does.
"""

from __future__ import annotations

import sys
from collections.abc import Callable
from typing import Any

import numpy as np
from cachetools import LRUCache

SEGMENT_BYTES = 1 << 30  # per kind of segment data; BBC's largest kind (related's word counts) is 4.5 MB
POSTINGS_BYTES = 64 << 20  # recently used posting lists (docnums and weights: 16 bytes a posting, 4M postings)
ENTRY_BYTES = 1024  # what one kept posting list costs beyond its arrays (a word a segment lacks costs this)


class BytesLRU(LRUCache):
    """An LRU cache whose size is the bytes of what it holds; a value larger than the whole cache
    is not kept (cachetools would raise). Each value is sized once (cachetools sizes it again)."""

    def __init__(self, maxsize: int, getsizeof: Callable[[Any], int]):
        self._size_of = getsizeof
        self._sized: tuple[object, int] = (None, 0)  # the value being stored, and its size
        super().__init__(maxsize, getsizeof=self._sized_once)

    def _sized_once(self, value) -> int:
        known, size = self._sized
        return size if value is known else self._size_of(value)

    def __setitem__(self, key, value) -> None:
        size = self._size_of(value)
        if size > self.maxsize:
            return
        self._sized = (value, size)
        try:
            super().__setitem__(key, value)
        finally:
            self._sized = (None, 0)


def nbytes(value) -> int:
    """About how many bytes a kept value holds: arrays and sparse matrices by their buffers, containers
    by what they contain."""
    if isinstance(value, np.ndarray):
        return value.nbytes
    if hasattr(value, "indptr"):  # a scipy sparse matrix (scipy is imported only where related lists are)
        return sum(part.nbytes for part in (value.data, value.indices, value.indptr))
    if isinstance(value, dict):
        return sys.getsizeof(value) + _contents(list(value)) + _contents(list(value.values()))
    if isinstance(value, (list, tuple)):
        return sys.getsizeof(value) + _contents(value)
    if hasattr(value, "__dataclass_fields__"):
        return sum(nbytes(getattr(value, name)) for name in value.__dataclass_fields__)
    return sys.getsizeof(value)


def _contents(items) -> int:
    """The bytes of a container's items; names and numbers (an id map, a column's names) in one pass."""
    if items and isinstance(items[0], _PLAIN):
        return sum(map(sys.getsizeof, items))
    return sum(nbytes(item) for item in items)


_PLAIN = (str, int, float)


def posting_bytes(found: tuple) -> int:
    """One kept posting list: docnums, weights, block starts and ends."""
    ids, weights, starts, ends = found
    return ids.nbytes + weights.nbytes + 8 * len(starts) + ends.nbytes + ENTRY_BYTES


class SegmentCache:
    """Per segment id: each kind of data read from it, and posting lists by (segment, field, word)."""

    def __init__(self, segment_bytes: int = SEGMENT_BYTES, postings_bytes: int = POSTINGS_BYTES):
        self.columns = BytesLRU(segment_bytes, nbytes)  # facets.py: field -> Column, and the ids
        self.lengths = BytesLRU(segment_bytes, nbytes)  # scoring.py: field -> length byte per document
        self.stamps = BytesLRU(segment_bytes, nbytes)  # collect.py: publication stamp per document
        self.counts = BytesLRU(segment_bytes, nbytes)  # related.py: term counts, one row per document
        self.postings = BytesLRU(postings_bytes, posting_bytes)  # matchset.py: (docnums, weights, starts, ends)
        self.vocabulary: dict[str, int] = {}  # related.py: stem -> column, shared by every segment's counts
        self.leads: dict[str, tuple] = {}  # facets.py: field -> the large leading segments' joined column
