"""Result pages of recent searches, kept per open searcher: news queries follow a Zipf law (the day's
names and stories come back again and again), and a page cannot change until the index does, which
opens a new searcher and so starts an empty cache."""

from __future__ import annotations

from collections import OrderedDict
from collections.abc import Callable, Hashable
from dataclasses import replace
from weakref import WeakKeyDictionary

from .budget import Deadline
from .ranked import SearchPage

HITS_PER_PAGE_KEPT = 10  # the cache holds at most size * this many hits (each carries its article)


class PageCache:
    """The last `size` complete pages (never a timed-out one) per searcher, least recently used
    dropped first."""

    def __init__(self, size: int):
        self.size = size
        self.hits = self.misses = 0
        self._pages: WeakKeyDictionary = WeakKeyDictionary()  # searcher -> OrderedDict(request -> page)

    def page(self, searcher, request: Hashable, compute: Callable[[], SearchPage]) -> SearchPage:
        """The cached page for the request (a SearchRequest and whatever else its page depends on),
        or `compute()`'s, kept when complete."""
        if self.size == 0:
            return compute()
        started = Deadline()
        pages = self._pages.setdefault(searcher, OrderedDict())
        kept = pages.get(request)
        if kept is not None:
            self.hits += 1
            pages.move_to_end(request)
            return replace(kept, took_ms=started.elapsed_ms())
        self.misses += 1
        page = compute()
        if not page.timed_out:
            pages[request] = page
            while len(pages) > self.size or (len(pages) > 1 and _hits(pages) > self.size * HITS_PER_PAGE_KEPT):
                pages.popitem(last=False)
        return page


def _hits(pages: OrderedDict) -> int:
    return sum(len(page.hits) for page in pages.values())
