"""Every reach into Whoosh's private parts, in one place, for the Whoosh-Reloaded version they were
written for (WRITTEN_FOR; tests/test_whoosh_internals.py fails on any other, so that an upgrade is
read here first). Each one reads what Whoosh's public API reads only a posting or a document at a
time, or repairs a cost the public API cannot avoid:

- posting lists a block at a time, with each block's place in the file (search/matchset.py);
- a document's posting found by jumping to its block (search/matchset.py);
- a segment's field-length column in one read, and BM25F's per-field B (search/scoring.py);
- a segment's answer to "has this field a length column?" remembered (index/schema.py's writes
  asked the disk for it on every posting: a third of a rebuild's time).
"""

from __future__ import annotations

from collections.abc import Iterator

import numpy as np
import whoosh
from whoosh.codec.whoosh3 import LENGTHS_COLUMN, W3LeafMatcher, W3PerDocReader, _lenfield

WRITTEN_FOR = (2, 7, 5)


def block_postings(postings) -> Iterator[tuple[int, np.ndarray, np.ndarray]]:
    """(place in the file, docnums, weights) of each block of a segment's posting list, each block
    decoded in one call; nothing when the matcher is not a Whoosh 3 leaf (see is_block_matcher)."""
    start = postings._baseoffset
    while postings.is_active():
        postings._read_ids()
        postings._read_weights()
        yield start, np.asarray(postings._ids, dtype=np.int32), np.asarray(postings._weights, dtype=np.float32)
        start = postings._nextoffset
        postings._next_block()


def is_block_matcher(matcher) -> bool:
    return isinstance(matcher, W3LeafMatcher)


def stand_on(matcher, block_start: int, index_in_block: int):
    """The matcher moved to the `index_in_block`th posting of the block at `block_start`."""
    matcher._goto(block_start)
    matcher._i = index_in_block
    return matcher


def raw_term_matcher(reader, field: str, text):
    """A segment's posting list as written, its deleted documents included (the reader's own
    `postings()` leaves out the deletions of the moment); None for a reader without terms of its own."""
    terms = getattr(reader, "_terms", None)
    if terms is None:
        return None
    return terms.matcher(field, reader._text_to_bytes(field, text), reader.schema[field].format)


def length_bytes(reader, field: str) -> np.ndarray | None:
    """A segment's length byte of `field` per document, in one read (None: the segment keeps none)."""
    column = reader._perdoc._cached_reader(_lenfield(field), LENGTHS_COLUMN)
    if column is None:
        return None
    return np.frombuffer(column._dbfile.get(column._basepos, column._count), dtype=np.uint8)


def field_b(weighting, field: str) -> float:
    """BM25F's B for a field (its per-field value, else the default)."""
    return weighting._field_B.get(field, weighting.B)


def remember_columns() -> None:
    """Make a segment remember whether a field has a length column (it never changes): Whoosh 2.7
    stats the disk for it on every posting of a field that has none. Idempotent."""
    has_column = W3PerDocReader.has_column
    if getattr(has_column, "remembers", False):
        return

    def cached(self, fieldname):
        known = self.__dict__.setdefault("_searchsvc_columns", {})
        if fieldname not in known:
            known[fieldname] = has_column(self, fieldname)
        return known[fieldname]

    cached.__dict__["remembers"] = True  # the mark of the wrapped method, on the function itself
    W3PerDocReader.has_column = cached


def installed_version() -> tuple[int, ...]:
    return tuple(whoosh.__version__)
