"""What is computed once per open searcher and kept while it is open: facet columns over all its
segments, their totals, field lengths, dates, which documents are live, the related-articles space,
the near-duplicate groups as document numbers, recent result pages.

A searcher's view lives exactly as long as the searcher (a write opens a new searcher, so a new
view): the one map here holds the searcher weakly. Its segment readers map to the same view, for
those who hold a segment reader only (snippets look up postings by one). Views share the segment
cache they are given (the engine's), so a reopened searcher reads only new segments.

Not safe for threads: gunicorn's workers are sync and single-threaded (gunicorn_conf.py refuses
others), and warming runs while the worker waits for it.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from weakref import WeakKeyDictionary

import numpy as np

from .segment_cache import BytesLRU, SegmentCache


@dataclass(eq=False)
class SearcherView:
    """One searcher's computed state. Nothing here may refer to the searcher: the map holding views
    by searcher would then keep the searcher alive."""

    segments: SegmentCache
    columns: dict | None = None  # facets.py: field -> Column over every segment
    folded: dict = field(default_factory=dict)  # facets.py: field -> FoldedNames
    totals: dict = field(default_factory=dict)  # facets.py: field -> counts over every live document
    lengths: dict | None = None  # scoring.py: field -> length byte per document
    stamps: np.ndarray | None = None  # collect.py: publication stamp per document
    live: np.ndarray | None = None  # matchset.py: True for each document not deleted
    space: object | None = None  # related.py: the documents as word and entity vectors
    groups: tuple | None = None  # collapse.py: (groups version, DocGroups)
    pages: BytesLRU | None = None  # page_cache.py: recent result pages, by request


_views: WeakKeyDictionary = WeakKeyDictionary()  # searcher, and each of its segment readers -> its view


def attach(searcher, segments: SegmentCache) -> SearcherView:
    """Give a freshly opened searcher its view over `segments` (the engine's)."""
    view = SearcherView(segments)
    _views[searcher] = view
    for reader, _offset in searcher.reader().leaf_readers():
        _views[reader] = view
    return view


def view_of(searcher) -> SearcherView:
    """The view of a searcher (or of one of its segment readers); one with its own segment cache for
    a searcher no engine opened."""
    view = _views.get(searcher)
    if view is None:
        if hasattr(searcher, "reader"):
            view = attach(searcher, SegmentCache())
        else:  # a segment reader whose searcher has no view: one of its own
            view = _views[searcher] = SearcherView(SegmentCache())
    return view
