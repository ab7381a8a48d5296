"""Relevance scores for every match at once: Whoosh's BM25F, computed with numpy over the match set.

Ranking in Whoosh scores one match at a time in Python. Its shortcuts past that (block-quality
skipping, matcher replacement) rest on score bounds that do not hold here: with them, "tony blair"
on a freshly written index left out two of its three best hits (tests/test_query_language.py). So
the page is ranked exactly, from the same formula, over arrays: per word and field, the weight
(frequency) in each matching document and the document's field length as Whoosh stores it.

Only what is made of words, AND, OR and NOT is scored here; a query with a phrase is left to Whoosh
(`scores()` returns None).
"""
from __future__ import annotations

from weakref import WeakKeyDictionary

import numpy as np
from whoosh import query as wq
from whoosh.codec.whoosh3 import LENGTHS_COLUMN, _lenfield
from whoosh.scoring import BM25F
from whoosh.util.numeric import byte_to_length

from .matchset import matching, postings
from .segments import per_segment

LENGTH_OF_BYTE = np.array([byte_to_length(b) for b in range(256)], dtype=np.float64)
_lengths: WeakKeyDictionary = WeakKeyDictionary()  # searcher -> field -> length byte per document
_segment_lengths: dict[str, dict[str, np.ndarray]] = {}  # segment id -> field -> length bytes


def scores(searcher, q: wq.Query, docnums: np.ndarray) -> np.ndarray | None:
    """Each document's score for `q`, as Whoosh's BM25F would give it; None when `q` holds a part
    scored otherwise (phrases) or the searcher weighs by another model."""
    weighting = searcher.weighting
    words = _scored_words(q, 1.0)
    if words is None or type(weighting) is not BM25F:
        return None
    total = np.zeros(len(docnums), dtype=np.float64)
    for field, text, boost in words:
        if field is None:  # NOT inside AND / OR: Whoosh's inverse matcher scores 1 where it matches
            excluded, _timed_out = matching(searcher, text)
            total[~np.isin(docnums, excluded, assume_unique=True)] += boost
            continue
        if field not in searcher.schema:
            continue
        ids, weights = postings(searcher, field, text)
        if not len(ids):
            continue
        at = np.minimum(np.searchsorted(ids, docnums), len(ids) - 1)
        present = ids[at] == docnums
        tf = weights[at[present]].astype(np.float64)
        if not searcher.schema[field].scorable:
            total[present] += tf * boost  # Whoosh's WeightScorer: the weight is the score
            continue
        B = weighting._field_B.get(field, weighting.B)  # noqa: SLF001,N806 - BM25's names
        K1 = weighting.K1  # noqa: N806
        idf = searcher.idf(field, text)
        avgfl = searcher.avg_field_length(field) or 1
        fl = _field_lengths(searcher, field, docnums[present])
        total[present] += idf * ((tf * (K1 + 1)) / (tf + K1 * ((1 - B) + B * fl / avgfl))) * boost
    return total


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


def _scored_words(q: wq.Query, boost: float) -> list[tuple] | None:
    """(field, word, boost) for every word the query scores, repeats kept, and (None, query, boost)
    for what a NOT excludes; None for a part that is not words, AND, OR or NOT."""
    boost *= q.boost if hasattr(q, "boost") else 1.0
    if isinstance(q, wq.Term):
        return [(q.fieldname, q.text, boost)]
    if isinstance(q, wq.Not):
        return [(None, q.query, boost)]
    if q is wq.NullQuery or isinstance(q, wq.NullQuery.__class__):
        return []
    if isinstance(q, wq.AndNot):
        return _scored_words(q.a, boost)
    if isinstance(q, (wq.And, wq.Or)) and type(q) in (wq.And, wq.Or):
        words: list[tuple] = []
        for part in q.subqueries:
            found = _scored_words(part, boost)
            if found is None:
                return None
            words.extend(found)
        return words
    return None


def warm(searcher) -> None:
    """Read every segment's field lengths now, so that the first search does not pay for it."""
    _all_lengths(searcher)


def _all_lengths(searcher) -> dict[str, np.ndarray]:
    kept = _lengths.get(searcher)
    if kept is None:
        parts = [lengths for lengths, _offset in per_segment(searcher, _segment_lengths, _read_lengths)]
        kept = {name: np.concatenate([part[name] for part in parts]) for name in parts[0]} if parts else {}
        _lengths[searcher] = kept
    return kept


def _field_lengths(searcher, field: str, docnums: np.ndarray) -> np.ndarray:
    """The documents' lengths in a field, as Whoosh's scorer reads them (1 where none is kept)."""
    lengths = _all_lengths(searcher).get(field)
    return np.ones(len(docnums)) if lengths is None else LENGTH_OF_BYTE[lengths[docnums]]


def _read_lengths(reader) -> dict[str, np.ndarray]:
    """Each scorable field's length byte per document of one segment, read in one piece (0 where the
    segment keeps none: no document there has a word in that field to score)."""
    found = {}
    for field in reader.schema.scorable_names():
        column = reader._perdoc._cached_reader(_lenfield(field), LENGTHS_COLUMN)  # noqa: SLF001
        lengths = np.zeros(reader.doc_count_all(), dtype=np.uint8)
        if column is not None:
            raw = np.frombuffer(column._dbfile.get(column._basepos, column._count), dtype=np.uint8)  # noqa: SLF001
            lengths[:len(raw)] = raw
        found[field] = lengths
    return found
