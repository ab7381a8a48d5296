"""What is read from each index segment once per engine (segment_cache.py) and kept: a segment never changes once
written (a later delete only marks its documents), so after a write a reopened searcher reads only
the new small segment.

What is kept must not depend on the deletions: copies of one generation (replicas, the generation a
sync starts from, test fixtures) share segment ids with different deletions. So reads include
deleted documents, and searches leave them out with the searcher's own deletions."""

from __future__ import annotations

from collections.abc import Callable, MutableMapping
from typing import TypeVar

T = TypeVar("T")


def per_segment(searcher, kept: MutableMapping[str, T], read: Callable[[object], T]) -> list[tuple[T, int]]:
    """`read(segment reader)` for each segment of the searcher, with the segment's first docnum;
    answers are kept in `kept` by segment id, and those of segments no longer current are dropped."""
    found, current = [], set()
    for reader, offset in searcher.reader().leaf_readers():
        segment = reader.segment() if hasattr(reader, "segment") else None
        segment_id = segment.segment_id() if segment is not None else None
        value = kept.get(segment_id) if segment_id else None
        if value is None:
            value = read(reader)
            if segment_id:
                kept[segment_id] = value
        current.add(segment_id)
        found.append((value, offset))
    for stale in set(kept) - current:  # segments merged away or of an older generation
        del kept[stale]
    return found


def every_stored(reader):
    """(docnum, stored fields) of every document of a segment, deleted ones included."""
    for docnum in range(reader.doc_count_all()):
        yield docnum, reader.stored_fields(docnum)
