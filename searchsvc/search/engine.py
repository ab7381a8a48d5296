"""An open index kept across requests, reopened only when the generation or its content changed."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from ..entities.corpus_names import NameDecisions
from ..index.generations import Generations
from . import facets, scoring
from .collapse import Groups, doc_groups
from .collect import publication_stamps
from .page_cache import PageCache
from .searcher_view import attach
from .segment_cache import SegmentCache
from .session import ReadSession


class Engine:
    """Hand out a searcher on the current generation, reusing it while it is up to date."""

    def __init__(self, root: Path, page_cache: int = 0):
        self.generations = Generations(root)
        self.pages = PageCache(page_cache)
        self.segments = SegmentCache()  # what each segment's reading gave, for every searcher opened here
        self._lock = threading.Lock()
        self._name: str | None = None
        self._searcher = None
        self._names = NameDecisions()
        self._names_of: tuple[str | None, tuple[int, int] | None] | None = None  # (generation, corrections stamp)
        self._groups = Groups()
        self._quotes = None
        self._quotes_of: str | None = None

    def generation(self) -> str | None:
        return self.generations.current_name()

    @contextmanager
    def session(self) -> Iterator[ReadSession]:
        """A request's read session: the searcher first, then the names and near-duplicate groups of
        the generation it opened (read before it, they could be the previous generation's)."""
        searcher, name = self._open()
        yield ReadSession(
            searcher,
            self.generations.generation(name),
            self._names_of_generation(name),
            self._groups_of_generation(name),
            self.pages,
            lambda: self._quote_searcher(name),
        )

    @contextmanager
    def searcher(self):
        """Yield a fresh-enough searcher: one pointer read and one listing per call."""
        searcher, _name = self._open()
        yield searcher

    def _open(self):
        """The searcher on the current generation, and that generation's name."""
        with self._lock:
            name = self.generations.current_name()
            if name is None:
                self.generations.current()  # raises IndexMissing with its message
            stale = self._searcher is None or name != self._name or not self._searcher.up_to_date()
            if stale:
                # a new searcher instead of refresh(), which can return stale documents
                # (workers are single-threaded, so no other request holds the old one)
                old = self._searcher
                self._searcher = self.generations.generation(name).open_index().searcher()
                attach(self._searcher, self.segments)
                self._name = name
                if old is not None:
                    old.close()
                facets.warm(self._searcher)  # reads only segments this engine has not seen
            return self._searcher, name

    def _quote_searcher(self, name: str):
        """The searcher of the generation's quotes index (None for a generation without one), reopened
        when a write changed it: the quotes are committed after the articles."""
        with self._lock:
            if self._quotes is None or self._quotes_of != name or not self._quotes.up_to_date():
                if self._quotes is not None:
                    self._quotes.close()
                index = self.generations.generation(name).open_quotes()
                self._quotes, self._quotes_of = (index.searcher() if index else None), name
            return self._quotes

    def names(self) -> NameDecisions:
        """The names decided across the corpus (aliases for filters) of the generation the last searcher
        was opened on; a read session holds its own."""
        return self._names_of_generation(self._generation_in_use())

    def duplicates(self) -> Groups:
        """The near-duplicate groups of the generation the last searcher was opened on; a read session
        holds its own."""
        return self._groups_of_generation(self._generation_in_use())

    def _names_of_generation(self, name: str | None) -> NameDecisions:
        """Read again when the generation changed, or an editor's correction rewrote its articles."""
        generation = self.generations.generation(name) if name else None
        key = (name, generation.names_version() if generation else None)
        if key != self._names_of:
            self._names = generation.names() if generation else NameDecisions()
            self._names_of = key
        return self._names

    def _groups_of_generation(self, name: str | None) -> Groups:
        """Read again only when their file changed (add and delete update them in place)."""
        if name is None:
            return Groups()
        generation = self.generations.generation(name)
        if generation.duplicates_version() != self._groups.version:
            self._groups = Groups.of(generation)
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
        with self.session() as session:
            facets.warm(session.searcher)
            publication_stamps(session.searcher)
            scoring.warm(session.searcher)
            doc_groups(session.searcher, session.groups)
        return True

    def close(self) -> None:
        with self._lock:
            if self._searcher is not None:
                self._searcher.close()
                self._searcher = None
            if self._quotes is not None:
                self._quotes.close()
                self._quotes = None
        self._names, self._names_of = NameDecisions(), None
