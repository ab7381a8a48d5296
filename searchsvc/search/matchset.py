"""Every document a query matches, as a sorted numpy array of docnums, and each one's score.

The total and the facets need every match, but the page needs only the best few. Whoosh finds both
in one pure-Python pass that scores every match (about 23 µs a match, 342 ms for a word in 10% of
100k articles: benchmarks/serving.md). Here the match set is set algebra over posting lists read a
block at a time, and the scores are arrays combined in the same walk of the query tree (an article
that matched one branch of an OR gets that branch's score, not the whole query's words).

Words, AND, OR, NOT and dates are done here; anything else (phrases, ranges of other fields) is
asked of Whoosh's own matcher, with its scores.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, replace

import numpy as np
from whoosh import query as wq
from whoosh.reading import TermNotFound

from ..index import whoosh_internals as internals
from .budget import Deadline
from .searcher_view import view_of

DOCNUM = np.int64
EMPTY = np.zeros(0, dtype=DOCNUM)
NO_WEIGHTS = np.zeros(0, dtype=np.float64)
CHECK_EVERY = 256  # documents Whoosh walks (phrases, ranking them) between looks at the clock
MISSING_DATE = 2**64 - 1  # what Whoosh's date column holds for an article without a date


@dataclass
class _Walk:
    stamps: np.ndarray | None  # publication time by docnum, as Whoosh sorts it
    deadline: Deadline | None
    weigh: Callable | None = None  # (field, word, docnums, weights) -> BM25 scores; None: no scores
    timed_out: bool = False


Found = tuple[np.ndarray, "np.ndarray | None"]  # docnums, sorted, and each one's score (None: unscored)


def matching(searcher, q: wq.Query, stamps=None, deadline=None) -> tuple[np.ndarray, bool]:
    """The live documents `q` matches, sorted, and whether the deadline passed (then the set is
    partial). `stamps` answers date ranges without walking the date terms; only the parts Whoosh
    walks (phrases) look at the deadline: the rest takes milliseconds."""
    walk = _Walk(stamps, deadline)
    found, _ = _live(searcher, _found(searcher, q, walk))
    return found, walk.timed_out


def scored_matching(
    searcher, q: wq.Query, weigh: Callable, stamps=None, deadline=None
) -> tuple[np.ndarray, np.ndarray, bool]:
    """As `matching`, with each document's score for `q` as Whoosh's matchers would give it, computed
    in the same walk of the query tree: an OR adds the scores of the branches a document matches, an
    AND those of all its parts, a NOT inside either adds Whoosh's constant 1 where it holds."""
    walk = _Walk(stamps, deadline, weigh)
    found, scores = _live(searcher, _found(searcher, q, walk))
    assert scores is not None  # weighed: every part of the walk gave scores
    return found, scores, walk.timed_out


def _live(searcher, found: Found) -> Found:
    ids, scores = found
    if not len(ids):
        return ids, scores
    keep = live_mask(searcher)[ids]
    return ids[keep], (scores[keep] if scores is not None else None)


def live_mask(searcher) -> np.ndarray:
    """True for each docnum that is not deleted; once per open searcher."""
    view = view_of(searcher)
    if view.live is None:
        reader = searcher.reader()
        mask = np.ones(reader.doc_count_all(), dtype=bool)
        for leaf, offset in reader.leaf_readers():  # each segment's deletions, not a look per document
            if leaf.has_deletions():
                mask[np.fromiter(leaf.deleted_docs_set, dtype=DOCNUM) + offset] = False
        view.live = mask
    return view.live


def _found(searcher, q: wq.Query, walk: _Walk) -> Found:
    weigh = walk.weigh
    scored = weigh is not None
    if isinstance(q, wq.Term):
        ids, weights = postings(searcher, q.fieldname, q.text)
        return ids, (weigh(q.fieldname, q.text, ids, weights) * q.boost if weigh is not None else None)
    if isinstance(q, wq.And):
        return _boosted(_all_of(searcher, q.subqueries, walk), q.boost)
    if isinstance(q, wq.Or) and type(q) is wq.Or:
        return _boosted(_any_of([_found(searcher, part, walk) for part in q.subqueries], scored), q.boost)
    if isinstance(q, wq.AndNot):  # scored as its wanted part, as Whoosh's AndNotMatcher
        ids, scores = _found(searcher, q.a, walk)
        kept = ~np.isin(ids, _excluded(searcher, q.b, walk), assume_unique=True)
        return ids[kept], (scores[kept] if scores is not None else None)
    if isinstance(q, wq.Not):
        return _constant(
            np.setdiff1d(_every(searcher), _excluded(searcher, q.query, walk), assume_unique=True), 1.0, scored
        )  # Whoosh's InverseMatcher: 1
    if isinstance(q, wq.Every) and not q.fieldname:
        return _constant(_every(searcher), q.boost, scored)
    if isinstance(q, wq.NumericRange) and q.fieldname == "published" and walk.stamps is not None:
        return _constant(_dates(q, walk.stamps), q.boost, scored)  # a constant-score range in Whoosh
    if q is wq.NullQuery or isinstance(q, wq.NullQuery.__class__):
        return EMPTY, (NO_WEIGHTS if scored else None)
    return _walked(searcher, q, walk)  # phrases and the rest: Whoosh's own matcher, and its scores


def _excluded(searcher, q: wq.Query, walk: _Walk) -> np.ndarray:
    """The documents of a part that only excludes: no scores needed."""
    plain = replace(walk, weigh=None, timed_out=False)
    ids = _found(searcher, q, plain)[0]
    walk.timed_out = walk.timed_out or plain.timed_out
    return ids


def _constant(ids: np.ndarray, score: float, scored: bool) -> Found:
    return ids, (np.full(len(ids), score, dtype=np.float64) if scored else None)


def _boosted(found: Found, boost: float) -> Found:
    ids, scores = found
    return ids, (scores * boost if scores is not None and boost != 1.0 else scores)


def _any_of(parts: list[Found], scored: bool) -> Found:
    if not parts:
        return EMPTY, (NO_WEIGHTS if scored else None)
    ids = np.concatenate([p[0] for p in parts])
    if not scored:
        return np.unique(ids), None
    union, at = np.unique(ids, return_inverse=True)
    weights = np.concatenate([p[1] for p in parts if p[1] is not None])  # scored: every part has scores
    return union, np.bincount(at, weights=weights, minlength=len(union))


def _walked(searcher, q: wq.Query, walk: _Walk) -> Found:
    scored = walk.weigh is not None
    matcher = q.matcher(searcher, searcher.context() if scored else searcher.boolean_context())
    ids, scores = [], []
    while matcher.is_active():
        ids.append(matcher.id())
        if scored:
            scores.append(matcher.score())
        if len(ids) % CHECK_EVERY == 0 and walk.deadline is not None and walk.deadline.passed():
            walk.timed_out = True
            break
        matcher.next()
    found = np.array(ids, dtype=DOCNUM)
    return found, (np.array(scores, dtype=np.float64) if scored else None)


def _all_of(searcher, parts, walk: _Walk) -> Found:
    scored = walk.weigh is not None
    wanted = sorted(  # smallest first
        (p for p in parts if not isinstance(p, wq.Not)), key=lambda p: p.estimate_size(searcher.reader())
    )
    excluded = [p.query for p in parts if isinstance(p, wq.Not)]
    found: np.ndarray
    scores: np.ndarray | None
    if wanted:
        found, scores = _found(searcher, wanted[0], walk)
    else:
        found = _every(searcher)
        scores = np.zeros(len(found)) if scored else None
    for part in wanted[1:]:
        if not len(found):
            break
        ids, part_scores = _found(searcher, part, walk)
        found, mine, theirs = np.intersect1d(found, ids, assume_unique=True, return_indices=True)
        scores = scores[mine] + part_scores[theirs] if scores is not None and part_scores is not None else None
    if wanted and not len(found):
        return EMPTY, (NO_WEIGHTS if scored else None)
    for part in excluded:
        kept = ~np.isin(found, _excluded(searcher, part, walk), assume_unique=True)
        found = found[kept]
        if scores is not None:
            scores = scores[kept] + 1.0  # Whoosh's InverseMatcher scores 1 where it holds
    return found, scores


def _every(searcher) -> np.ndarray:
    return np.arange(searcher.reader().doc_count_all(), dtype=DOCNUM)


def _dates(q: wq.NumericRange, stamps: np.ndarray) -> np.ndarray:
    """Documents dated within the range (its bounds are Whoosh's date numbers, as the stamps); an
    undated one never is (Whoosh keeps 2**64-1 for it)."""
    keep = stamps != MISSING_DATE
    if q.start is not None:
        keep &= stamps > q.start if q.startexcl else stamps >= q.start
    if q.end is not None:
        keep &= stamps < q.end if q.endexcl else stamps <= q.end
    return np.flatnonzero(keep).astype(DOCNUM)


def postings(searcher, field: str, text) -> tuple[np.ndarray, np.ndarray]:
    """A word's documents in a field (global docnums, sorted, deleted ones included) and its weight
    (frequency) in each."""
    ids, weights = [], []
    view_of(searcher)  # its segment readers find the searcher's view, and so its segment cache
    for reader, offset in searcher.reader().leaf_readers():
        if field not in reader.schema:
            continue
        found = _segment_postings(reader, field, text)[:2]
        if len(found[0]):
            ids.append(found[0].astype(DOCNUM) + offset)
            weights.append(found[1])
    if not ids:
        return EMPTY, NO_WEIGHTS
    if len(ids) == 1:
        return ids[0], weights[0]
    return np.concatenate(ids), np.concatenate(weights)  # segments are in docnum order


def _segment_postings(reader, field: str, text) -> tuple[np.ndarray, np.ndarray, list[int], np.ndarray]:
    """One segment's posting list, kept while it is among the recently used (segments never change):
    docnums, weights, and where each block starts in the file and how many postings end with it."""
    segment = reader.segment() if hasattr(reader, "segment") else None
    key = (segment.segment_id(), field, text) if segment is not None else None
    kept = view_of(reader).segments.postings
    found = kept.get(key) if key is not None else None
    if found is not None:
        return found
    try:
        found = _read_postings(_raw_postings(reader, field, text))
    except (TermNotFound, KeyError):
        found = (EMPTY, NO_WEIGHTS, [], EMPTY)
    if key is not None:
        kept[key] = found  # a word the segment lacks costs its entry too
    return found


def posting_at(reader, field: str, text, docnum: int):
    """A matcher of one segment standing on a document's posting of a word (for its positions and
    character offsets), or None when the document does not have the word. Jumps straight to the
    posting's block, instead of walking the list from its start."""
    ids, _weights, starts, ends = _segment_postings(reader, field, text)
    at = int(np.searchsorted(ids, docnum))
    if at >= len(ids) or ids[at] != docnum:
        return None
    matcher = _raw_postings(reader, field, text)
    if internals.is_block_matcher(matcher) and starts:
        block = int(np.searchsorted(ends, at, side="right"))  # where this list's own read found the block
        return internals.stand_on(matcher, starts[block], at - (int(ends[block - 1]) if block else 0))
    matcher.skip_to(docnum)
    return matcher if matcher.is_active() and matcher.id() == docnum else None


def _raw_postings(reader, field: str, text):
    """The posting list as written, deleted documents included (see segments.py): the reader's
    own `postings()` leaves out the deletions of the moment."""
    raw = internals.raw_term_matcher(reader, field, text)
    return reader.postings(field, text) if raw is None else raw


def _read_postings(postings) -> tuple[np.ndarray, np.ndarray, list[int], np.ndarray]:
    """A posting list's docnums and weights, a block at a time (Whoosh's matcher yields them one by
    one), with each block's place in the file and the count of postings up to its end."""
    if not internals.is_block_matcher(postings):
        pairs = [(postings.id(), postings.weight()) for _ in _each(postings)]
        return (
            np.array([p[0] for p in pairs], dtype=DOCNUM),
            np.array([p[1] for p in pairs], dtype=np.float64),
            [],
            EMPTY,
        )
    ids, weights, starts = [], [], []
    for start, block_ids, block_weights in internals.block_postings(postings):
        starts.append(start)
        ids.append(block_ids)  # docnums within a segment
        weights.append(block_weights)  # as Whoosh keeps them
    if not ids:
        return EMPTY, NO_WEIGHTS, [], EMPTY
    ends = np.cumsum([len(block) for block in ids])
    return np.concatenate(ids), np.concatenate(weights), starts, ends


def _each(matcher):
    while matcher.is_active():
        yield
        matcher.next()
