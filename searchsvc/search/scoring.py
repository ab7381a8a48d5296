"""Relevance scores for every match at once: Whoosh's BM25F over arrays of postings.

Ranking in Whoosh scores one match at a time in Python. Its shortcuts past that (block-quality
skipping, matcher replacement) rest on score bounds that do not hold here: with them, "tony blair"
on a freshly written index left out two of its three best hits (tests/test_query_language.py). So
the page is ranked exactly, from Whoosh's own `bm25` formula, over arrays: per word and field, the
weight (frequency) in each matching document and the document's field length as Whoosh stores it.
The query tree is walked once, by matchset.py, which combines these word scores as Whoosh's
matchers do.
"""

from __future__ import annotations

import numpy as np
from whoosh import query as wq
from whoosh.scoring import BM25F, bm25
from whoosh.util.numeric import byte_to_length

from ..index import whoosh_internals as internals
from .matchset import scored_matching
from .searcher_view import view_of
from .segments import per_segment

LENGTH_OF_BYTE = np.array([byte_to_length(b) for b in range(256)], dtype=np.float64)


def scored_matches(searcher, q: wq.Query, stamps=None, deadline=None):
    """Every live document `q` matches, with its score as Whoosh's BM25F would give it, and whether
    the deadline passed; None when the searcher weighs by another model (Whoosh ranks then)."""
    if type(searcher.weighting) is not BM25F:
        return None
    return scored_matching(searcher, q, WordScores(searcher), stamps, deadline)


def scores(searcher, q: wq.Query, docnums: np.ndarray) -> np.ndarray | None:
    """Each of `docnums`' score for `q` (0 where it does not match); None under another model."""
    found = scored_matches(searcher, q)
    if found is None:
        return None
    ids, scored, _timed_out = found
    at = np.minimum(np.searchsorted(ids, docnums), max(len(ids) - 1, 0))
    present = (ids[at] == docnums) if len(ids) else np.zeros(len(docnums), dtype=bool)
    return np.where(present, scored[at] if len(ids) else 0.0, 0.0)


class WordScores:
    """One word's BM25F score in each document of its posting list, on one searcher."""

    def __init__(self, searcher):
        self.searcher = searcher
        self.weighting = searcher.weighting

    def __call__(self, field: str, text, docnums: np.ndarray, weights: np.ndarray) -> np.ndarray:
        searcher = self.searcher
        tf = weights.astype(np.float64)
        if not len(docnums) or field not in searcher.schema:
            return tf
        if not searcher.schema[field].scorable:
            return tf  # Whoosh's WeightScorer: the weight is the score
        b = internals.field_b(self.weighting, field)
        fl = _field_lengths(searcher, field, docnums)
        return bm25(searcher.idf(field, text), tf, fl, searcher.avg_field_length(field) or 1, b, self.weighting.K1)


def best(docnums: np.ndarray, found: np.ndarray, limit: int) -> list[tuple[float, int]]:
    """The `limit` best (score, docnum), best first, ties by docnum as Whoosh orders them."""
    if len(docnums) > limit:
        keep = np.argpartition(-found, limit - 1)[:limit]
        least = found[keep].min()
        keep = np.flatnonzero(found >= least)  # every tie of the last place, to break ties by docnum
    else:
        keep = np.arange(len(docnums))
    order = keep[np.lexsort((docnums[keep], -found[keep]))][:limit]
    return [(float(found[i]), int(docnums[i])) for i in order]


def warm(searcher) -> None:
    """Read every segment's field lengths now, so that the first search does not pay for it."""
    _all_lengths(searcher)


def _all_lengths(searcher) -> dict[str, np.ndarray]:
    view = view_of(searcher)
    if view.lengths is None:
        parts = [lengths for lengths, _offset in per_segment(searcher, view.segments.lengths, _read_lengths)]
        view.lengths = {name: np.concatenate([part[name] for part in parts]) for name in parts[0]} if parts else {}
    return view.lengths


def _field_lengths(searcher, field: str, docnums: np.ndarray) -> np.ndarray:
    """The documents' lengths in a field, as Whoosh's scorer reads them (1 where none is kept)."""
    lengths = _all_lengths(searcher).get(field)
    return np.ones(len(docnums)) if lengths is None else LENGTH_OF_BYTE[lengths[docnums]]


def _read_lengths(reader) -> dict[str, np.ndarray]:
    """Each scorable field's length byte per document of one segment, read in one piece (0 where the
    segment keeps none: no document there has a word in that field to score)."""
    found = {}
    for field in reader.schema.scorable_names():
        lengths = np.zeros(reader.doc_count_all(), dtype=np.uint8)
        raw = internals.length_bytes(reader, field)
        if raw is not None:
            lengths[: len(raw)] = raw
        found[field] = lengths
    return found
