"""Result pages of recent searches, kept per open searcher: news queries follow a Zipf law (the day's
names and stories come back again and again), and a page cannot change until the index does, which
opens a new searcher and so starts an empty cache (the pages live on the searcher's view)."""

from __future__ import annotations

from collections.abc import Callable, Hashable
from dataclasses import replace

from .budget import Deadline
from .ranked import SearchPage
from .searcher_view import view_of
from .segment_cache import BytesLRU, nbytes

# what a page may hold on average: a BBC page without its articles' bodies is 33-54 KB (facets and
# the hits' names), so 256 pages keep at most 16 MB a worker
BYTES_PER_PAGE_KEPT = 64 << 10


class PageCache:
    """The last `size` complete pages (never a timed-out one) per searcher, within `size` times
    BYTES_PER_PAGE_KEPT bytes, least recently used dropped first. A kept page's articles keep no
    body: no page shows one (its snippets are made), and bodies were a third of a page."""

    def __init__(self, size: int):
        self.size = size
        self.hits = self.misses = 0

    def page(self, searcher, request: Hashable, compute: Callable[[], SearchPage]) -> SearchPage:
        """The cached page for the request (a SearchRequest and whatever else its page depends on),
        or `compute()`'s, kept when complete."""
        if self.size == 0:
            return compute()
        started = Deadline()
        view = view_of(searcher)
        if view.pages is None:
            view.pages = BytesLRU(self.size * BYTES_PER_PAGE_KEPT, nbytes)
        pages = view.pages
        kept = pages.get(request)
        if kept is not None:
            self.hits += 1
            return replace(kept, took_ms=started.elapsed_ms())
        self.misses += 1
        page = compute()
        if not page.timed_out:
            pages[request] = _without_bodies(page)
            while len(pages) > self.size:
                pages.popitem()
        return page


def _without_bodies(page: SearchPage) -> SearchPage:
    return replace(page, hits=[replace(hit, article=replace(hit.article, body="")) for hit in page.hits])
