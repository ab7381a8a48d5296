"""An open index kept across requests, reopened only when the generation or its content changed."""
from __future__ import annotations

import threading
from contextlib import contextmanager
from pathlib import Path

from . import facets, scoring
from ..index import schema
from .collapse import Groups, doc_groups
from .collect import publication_stamps
from .page_cache import PageCache
from .ranked import SearchPage, SearchRequest, search
from ..entities.corpus_names import NameDecisions
from ..index.generations import Generations


class Engine:
    """Hand out a searcher on the current generation, reusing it while it is up to date."""

    def __init__(self, root: Path, page_cache: int = 0):
        self.generations = Generations(root)
        self.pages = PageCache(page_cache)
        self._lock = threading.Lock()
        self._name: str | None = None
        self._searcher = None
        self._names, self._names_of = NameDecisions(), None
        self._groups = Groups()

    def generation(self) -> str | None:
        return self.generations.current_name()

    @contextmanager
    def searcher(self):
        """Yield a fresh-enough searcher: one pointer read and one listing per call."""
        with self._lock:
            name = self.generations.current_name()
            if name is None:
                self.generations.current()  # raises IndexMissing with its message
            stale = self._searcher is None or name != self._name or not self._searcher.up_to_date()
            if stale:
                # a new searcher instead of refresh(), which can return stale documents
                # (workers are single-threaded, so no other request holds the old one)
                old = self._searcher
                self._searcher = schema.open_dir(self.generations.root / name).searcher()
                self._name = name
                if old is not None:
                    old.close()
                facets.warm(self._searcher)  # reads only segments this process has not seen
            searcher = self._searcher
        yield searcher

    def search(self, searcher, request: SearchRequest, budget: float = 0.0) -> SearchPage:
        """A search on a searcher this engine handed out, with the generation's names and
        near-duplicate groups, from the page cache when the same request was answered on it."""
        duplicates = self.duplicates()
        # a write commits the index before it updates the groups: a page collapsed with the old
        # groups must not outlive them
        return self.pages.page(searcher, (request, duplicates.version), lambda: search(
            searcher, request, budget, self.names(), duplicates=duplicates))

    def names(self) -> NameDecisions:
        """The names decided across the corpus (aliases for filters) of the generation the last searcher
        was opened on: during a swap they match the documents searched, and CURRENT is read once per
        request, by searcher()."""
        name = self._generation_in_use()
        if name != self._names_of:
            self._names = NameDecisions.load(self.generations.root / name) if name else NameDecisions()
            self._names_of = name
        return self._names

    def duplicates(self) -> Groups:
        """The near-duplicate groups of the same generation, read again only when their file changed
        (add and delete update them in place)."""
        name = self._generation_in_use()
        if name is None:
            return Groups()
        if Groups.stamp(self.generations.root / name) != self._groups.version:
            self._groups = Groups.read(self.generations.root / name)
        return self._groups

    def _generation_in_use(self) -> str | None:
        return self._name or self.generations.current_name()

    def warm(self) -> bool:
        """Open the current generation and read what searches need from every segment now (facet
        values and ids, dates, field lengths, near-duplicate groups as document numbers); False when
        there is no index yet. Unwarmed, the groups alone were 0.8 s of a 1.6 s first search on 100k
        articles (benchmarks/serving.md)."""
        if self.generations.current_name() is None:
            return False
        with self.searcher() as searcher:
            facets.warm(searcher)
            publication_stamps(searcher)
            scoring.warm(searcher)
            doc_groups(searcher, self.duplicates())
        return True

    def close(self) -> None:
        with self._lock:
            if self._searcher is not None:
                self._searcher.close()
                self._searcher = None
        self._names, self._names_of = NameDecisions(), None
