"""A read session: one request's view of one generation, its searcher with the names and the
near-duplicate groups of that same generation, and the one search every door asks through.

Search, export, batch, feed, entity page and the CLI all call these methods, so a request means the
same on each: `collapse` (on by default) shows a group of near-duplicates as its best hit and counts
it once, in the total, the facets, the export's rows and the batch's totals alike."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from whoosh import query as wq
from whoosh.searching import Searcher

from ..entities.corpus_names import NameDecisions
from ..index.generation import Generation
from ..ingest.articles import Article
from . import batch, entity_profile, ranked
from .collapse import Groups
from .page_cache import PageCache
from .query import STEMMED_FIELDS, QueryError, parse
from .quotes import QuoteHit, QuotePage, QuoteRequest, quotes_of_article, search_quotes
from .ranked import SearchPage, SearchRequest

if TYPE_CHECKING:
    from .related import Related


@dataclass(frozen=True)
class ReadSession:
    """A searcher and what was read beside it, all of generation `generation` (its files)."""

    searcher: Searcher
    generation: Generation
    names: NameDecisions
    groups: Groups
    pages: PageCache = field(default_factory=lambda: PageCache(0))  # the engine's, kept across requests
    quote_searcher: Callable[[], object] = lambda: None  # the generation's quotes index, opened when asked

    def quotes(self, request: QuoteRequest, limit: int | None = None) -> QuotePage:
        """One page of quotes (with `limit`: the first `limit`, for an export)."""
        return search_quotes(self.quote_searcher(), self.searcher, self.names, request, limit)

    def article_quotes(self, article_id: str) -> list[QuoteHit]:
        return quotes_of_article(self.quote_searcher(), article_id)

    def search(
        self, request: SearchRequest, budget: float = 0.0, cached: bool = True, advice: bool = True
    ) -> SearchPage:
        """One page of a request, from the page cache when the same request was answered on this
        searcher with the same groups (a write updates the groups after it commits the index: a page
        collapsed with the old groups must not outlive them). `advice=False` skips the suggestion and
        the unknown names, for those who show neither."""

        def compute() -> SearchPage:
            return ranked.search(self.searcher, request, budget, self.names, duplicates=self.groups, advice=advice)

        if not cached:
            return compute()
        return self.pages.page(self.searcher, (request, self.groups.version, advice), compute)

    def every_hit(
        self, request: SearchRequest, limit: int, budget: float = 0.0
    ) -> tuple[int, list[tuple[Article, float | None]]]:
        """Every match of a request in its order (up to `limit`), collapsed as its search is: for
        exports. Returns the search's total and the hits."""
        return ranked.every_hit(self.searcher, request, limit, budget, self.names, duplicates=self.groups)

    def batch(
        self, queries: list[str], filters: SearchRequest, budget: float = 0.0, batch_budget: float = 0.0
    ) -> list[dict]:
        """Each query searched with the same filters, as the search would answer it, each within
        `budget` seconds and all within `batch_budget` (0: no limit; see batch.run_batch). Not cached:
        a batch of a thousand queries would push every other page out. No suggestion nor unknown
        names: a batch shows neither (35-60 ms for each unknown word on BBC)."""
        return batch.run_batch(
            lambda request, seconds: self.search(request, seconds, cached=False, advice=False),
            queries,
            filters,
            budget,
            batch_budget,
        )

    def profile(self, kind: str, name: str, budget: float = 0.0) -> dict | None:
        """An entity's page, counted by the searches it links to."""
        return entity_profile.profile(self, kind, name, budget)

    def entity_counts(self, kind: str, prefix: str = "", limit: int = 20) -> list[dict]:
        """Names of one type with how many articles a search filtered on each finds."""
        return ranked.entity_counts(self.searcher, kind, prefix, limit, self.groups)

    def article(self, article_id: str) -> Article | None:
        return ranked.get_article(self.searcher, article_id)

    def related(self, article_id: str, limit: int = 5) -> list[Related]:
        """Articles most like one, never itself nor its near-duplicates in this generation."""
        return ranked.related(self.searcher, article_id, limit, self.groups)

    def copies(self, article_id: str) -> list[Article]:
        """The article's near-duplicates in this generation."""
        from .related import duplicates_of  # related.py imports scipy: only where it is used

        return duplicates_of(self.searcher, article_id, self.groups)

    def words_of(self, q: str) -> frozenset[str]:
        """The words a query looks for in the text (as the index stems them), without those it
        excludes: what an article opened from its results marks; none for a query that cannot run."""
        try:
            parsed = parse(q, self.searcher.schema, self.searcher.reader())
        except QueryError:
            return frozenset()
        return frozenset(
            text if isinstance(text, str) else text.decode()
            for name, text in _wanted_terms(parsed)
            if name in STEMMED_FIELDS
        )

    def spans_of(self, text: str, words: frozenset[str]) -> list[tuple[int, int]]:
        """Where in `text` the words are (start, end), read as the index reads the body."""
        if not words:
            return []
        analyzer = self.searcher.schema["body"].analyzer
        return [
            (token.startchar, token.endchar)
            for token in analyzer(text, chars=True, mode="index")
            if token.text in words
        ]


def _wanted_terms(q: wq.Query):
    """The (field, word) terms of a query outside its NOT parts."""
    if isinstance(q, wq.Not):
        return
    if isinstance(q, wq.AndNot):
        yield from _wanted_terms(q.a)
    elif q.is_leaf():
        yield from q.iter_all_terms()
    else:
        for child in q.children():
            yield from _wanted_terms(child)
