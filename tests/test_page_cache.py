"""Recent result pages (search/page_cache.py): kept per searcher without their articles' bodies,
shown as computed, and bounded by their count and their bytes."""

from __future__ import annotations

from dataclasses import replace

from searchsvc.search import page_cache
from searchsvc.search.engine import Engine
from searchsvc.search.page_json import page_data
from searchsvc.search.ranked import SearchRequest
from searchsvc.search.searcher_view import view_of

from .conftest import copy_index

QUERIES = ["blair", "iraq", "schools", "tony blair", "war", ""]


def test_a_kept_page_shows_as_computed_and_keeps_no_body(crafted_template, tmp_path):
    engine = Engine(copy_index(crafted_template, tmp_path / "index"), page_cache=8)
    with engine.session() as session:
        first = session.search(SearchRequest(q="blair"))
        again = session.search(SearchRequest(q="blair"))
        assert engine.pages.hits == 1 and first.hits and all(hit.article.body for hit in first.hits)
        assert page_data(replace(again, took_ms=0)) == page_data(replace(first, took_ms=0))
        assert not any(hit.article.body for hit in again.hits)
    engine.close()


def test_pages_kept_are_bounded_by_count_and_by_bytes(crafted_template, tmp_path, monkeypatch):
    engine = Engine(copy_index(crafted_template, tmp_path / "index"), page_cache=4)
    with engine.session() as session:
        for q in QUERIES:
            session.search(SearchRequest(q=q))
        pages = view_of(session.searcher).pages
        assert pages is not None and len(pages) == 4  # the 4 most recent
        assert session.search(SearchRequest(q=QUERIES[-1])) and engine.pages.hits == 1
        assert session.search(SearchRequest(q=QUERIES[0])) and engine.pages.hits == 1  # dropped: computed again
    engine.close()
    monkeypatch.setattr(page_cache, "BYTES_PER_PAGE_KEPT", 2000)  # smaller than one page in 4
    engine = Engine(copy_index(crafted_template, tmp_path / "again"), page_cache=4)
    with engine.session() as session:
        for q in QUERIES:
            session.search(SearchRequest(q=q))
        pages = view_of(session.searcher).pages
        assert pages is not None and pages.currsize <= 4 * 2000 and len(pages) < 4
    engine.close()
