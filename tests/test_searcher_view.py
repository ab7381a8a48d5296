"""State per searcher and per engine (search/searcher_view.py, search/segment_cache.py): what a searcher
computes lives as long as it does, segments are read once per engine, and the posting lists kept are
bounded by their bytes."""

from __future__ import annotations

import gc
import weakref

from searchsvc.search import facets, matchset
from searchsvc.search.engine import Engine
from searchsvc.search.ranked import SearchRequest
from searchsvc.search.segment_cache import SegmentCache

from .conftest import AUTH, copy_index


def test_a_write_rereads_only_the_new_segment(crafted_client):
    engine = crafted_client.application.extensions["searchsvc.engine"]
    assert crafted_client.get("/api/search?q=blair").status_code == 200
    before = dict(engine.segments.columns)
    written = {"id": "w-1", "title": "Blair again", "body": "Tony Blair spoke."}
    assert crafted_client.post("/api/articles", headers=AUTH, json=written).status_code == 201
    assert crafted_client.get("/api/search?q=blair").get_json()["total"] == 5
    after = engine.segments.columns
    kept = [segment for segment in before if segment in after]
    assert kept and all(after[s] is before[s] for s in kept)  # the same columns, not read again
    assert len(after) == len(kept) + 1  # plus the new segment's


def test_a_searchers_view_goes_with_it(crafted_template, tmp_path):
    engine = Engine(copy_index(crafted_template, tmp_path / "index"))
    with engine.session() as session:
        session.search(SearchRequest(q="blair"))
        gone = weakref.ref(session.searcher)
    engine.close()
    del session
    gc.collect()
    assert gone() is None  # what the searcher computed does not keep it open


def test_two_engines_keep_their_own_segments(crafted_template, tmp_path):
    root = copy_index(crafted_template, tmp_path / "index")
    first, second = Engine(root), Engine(root)
    with first.searcher() as one, second.searcher() as other:
        assert facets.count_all(one, "people") == facets.count_all(other, "people")
        assert first.segments.columns and first.segments.columns is not second.segments.columns
        assert all(first.segments.columns[s] is not second.segments.columns[s] for s in first.segments.columns)
    first.close()
    second.close()


def test_posting_lists_kept_are_bounded_by_their_bytes(crafted_template, tmp_path):
    engine = Engine(copy_index(crafted_template, tmp_path / "index"))
    engine.segments = SegmentCache(postings_bytes=4096)
    with engine.searcher() as searcher:
        words = ["blair", "iraq", "school", "tony", "war", "minist", "elect", "labour"]
        found = {word: matchset.postings(searcher, "body", word)[0].tolist() for word in words}
        kept = engine.segments.postings
        assert 0 < kept.currsize <= 4096 and len(kept) < len(words)
        again = {word: matchset.postings(searcher, "body", word)[0].tolist() for word in words}
    assert again == found and any(found.values())  # evicted lists are read again, the same
    engine.close()
