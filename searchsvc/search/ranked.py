"""Run searches on an open searcher: ranked hits, highlighted snippets, facets, suggestions."""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from datetime import date
from typing import TYPE_CHECKING

from ..entities.corpus_names import NameDecisions
from ..entities.names import COUNTRY_SHORT_NAMES
from ..index.schema import NAME_FIELDS, from_stored
from ..ingest.articles import Article
from . import facets
from .budget import Deadline
from .collapse import NO_GROUPS, Groups, doc_groups, overcounted
from .collect import Collected, collect
from .filter_names import UnknownName, canonical_name, unknown_names
from .query import DEFAULT_RANKING, QueryError, Ranking, any_word, filters, parse, several_words
from .snippets import highlighted
from .suggest import suggest

if TYPE_CHECKING:
    from .related import Related

MAX_PER_PAGE = 100
MAX_DEPTH = 1000  # page * per_page: deeper pages cost more than they are worth
SORTS = ("relevance", "newest", "oldest")
SUGGEST_BELOW = 5  # results; a query that finds more needs no spelling help
MAX_FILTER_VALUES = 20  # values of one name or category filter: each is looked up, and an unknown one
# is compared with every indexed name of its first letter (50,000 values held a worker 12.7 s on BBC)
FACET_LABELS = {
    "people": "people",
    "organizations": "organizations",
    "places": "places",
    "section": "sections",
    "category": "categories",
}


@dataclass(frozen=True)
class SearchRequest:
    q: str = ""
    page: int = 1
    per_page: int = 10
    sort: str = "relevance"
    people: tuple[str, ...] = ()
    organizations: tuple[str, ...] = ()
    places: tuple[str, ...] = ()
    categories: tuple[str, ...] = ()
    section: str = ""
    source: str = ""
    date_from: date | None = None
    date_to: date | None = None
    snippets: int = 3
    fragment_size: int = 160
    facet_size: int = 10  # 0: no facets (the terminal shows none)
    collapse: bool = True  # near-duplicates show as their best hit, which counts the others

    def __post_init__(self):
        # the API, the page and the CLI alike: a blank filter is none, and spaces fold (" Tony  Blair ")
        for kind in (*NAME_FIELDS, "categories"):
            object.__setattr__(
                self,
                kind,
                tuple(folded for folded in (" ".join(value.split()) for value in getattr(self, kind)) if folded),
            )


@dataclass
class Hit:
    article: Article
    score: float | None  # relevance; None when sorted by date
    title_highlighted: str
    snippets: list[str]
    duplicates: int = 0  # matching near-duplicates this hit stands for (collapsed away)


@dataclass
class SearchPage:
    query: str
    total: int
    page: int
    per_page: int
    pages: int
    took_ms: float
    hits: list[Hit]
    facets: dict = field(default_factory=dict)
    suggestion: str | None = None
    matched: str = "all"  # "all" words, or "any" when no article had them all
    timed_out: bool = False  # the time budget ran out: hits, total and facets are partial
    unknown_names: list[UnknownName] = field(default_factory=list)  # person=/org=/place= values naming nothing


def search(
    searcher,
    request: SearchRequest,
    budget: float = 0.0,
    names: NameDecisions | None = None,
    ranking: Ranking = DEFAULT_RANKING,
    duplicates: Groups | None = None,
    advice: bool = True,
) -> SearchPage:
    """Run one search request and return the requested page, facets and suggestion.

    `budget` is the time in seconds the search may take (0: no limit); past it the search stops
    and answers with what it found, marked `timed_out`. `names` (the corpus's aliases) lets a filter
    name an entity by an alias: org=EU, person=Blair. `ranking` is the service's unless a benchmark
    measures another. `duplicates` (the generation's near-duplicate groups) collapses each group to
    its best hit unless the request says not to. The suggestion and the unknown names are looked for
    within the same budget (`advice=False`, as a batch that shows neither asks, skips them)."""
    deadline = Deadline(budget)
    if request.page * request.per_page > MAX_DEPTH:
        raise QueryError(f"page {request.page} is too deep: at most {MAX_DEPTH} results can be paged", field="page")
    groups = doc_groups(searcher, duplicates) if request.collapse else NO_GROUPS
    found, matched = _match(searcher, request, request.page * request.per_page, deadline, names, ranking, groups)
    start = (request.page - 1) * request.per_page
    shown = [docnum for _, docnum in found.results.top_n[start : start + request.per_page]]
    hits = [
        Hit(article, score, title, snippets, duplicates=found.others.get(docnum, 0))
        for (article, score, title, snippets), docnum in zip(
            highlighted(
                found.results,
                request.page,
                request.per_page,
                request.snippets,
                request.fragment_size,
                deadline,
                scored=found.scored,
            ),
            shown,
        )
    ]
    total = len(found.docnums)
    facets_found = _facets(searcher, found.docnums, request.facet_size)
    wants_help = advice and (total < SUGGEST_BELOW or matched == "any")
    suggestion = suggest(searcher, request.q, deadline) if wants_help and not found.timed_out else None
    unknown = unknown_names(searcher, request, names or NameDecisions(), deadline) if advice else []
    return SearchPage(
        query=request.q,
        total=total,
        page=request.page,
        per_page=request.per_page,
        pages=math.ceil(total / request.per_page),
        hits=hits,
        facets=facets_found,
        suggestion=suggestion,
        matched=matched,
        timed_out=found.timed_out or deadline.passed(),
        took_ms=deadline.elapsed_ms(),
        unknown_names=unknown,
    )


def every_hit(
    searcher,
    request: SearchRequest,
    limit: int,
    budget: float = 0.0,
    names: NameDecisions | None = None,
    duplicates: Groups | None = None,
) -> tuple[int, list[tuple[Article, float | None]]]:
    """Every match of a request in its order (up to `limit`), without snippets: for exports.
    Returns the total and the hits, both collapsed as search() collapses them."""
    groups = doc_groups(searcher, duplicates) if request.collapse else NO_GROUPS
    found, _ = _match(searcher, request, limit, Deadline(budget), names, groups=groups)
    hits = [
        (from_stored(hit.fields()), round(hit.score or 0.0, 4) if found.scored else None)
        for hit in found.results[:limit]
    ]
    return len(found.docnums), hits


def _match(
    searcher,
    request: SearchRequest,
    limit: int,
    deadline: Deadline,
    names: NameDecisions | None,
    ranking: Ranking = DEFAULT_RANKING,
    groups=NO_GROUPS,
) -> tuple[Collected, str]:
    """Every match and the first `limit` in order: all the words, else any of them ("any")."""
    fq = filters(
        section=request.section,
        source=request.source,
        date_from=request.date_from,
        date_to=request.date_to,
        **_canonical_filters(searcher, request, names or NameDecisions()),
    )
    q = parse(request.q, searcher.schema, searcher.reader(), ranking)
    found = collect(searcher, q, fq, limit, request.sort, deadline, groups)
    if not len(found.docnums) and not found.timed_out and several_words(q):
        return collect(searcher, any_word(q), fq, limit, request.sort, deadline, groups), "any"
    return found, "all"


def _canonical_filters(searcher, request: SearchRequest, names: NameDecisions) -> dict[str, tuple[str, ...]]:
    resolved = {}
    for kind, wanted in (*((k, getattr(request, k)) for k in NAME_FIELDS), ("categories", request.categories)):
        resolved[kind] = tuple(canonical_name(searcher, kind, v, names) for v in wanted)
    return resolved


def _facets(searcher, docnums, size: int) -> dict:
    if size == 0:
        return {}
    found = {label: facets.top_of(searcher, name, docnums, size) for name, label in FACET_LABELS.items()}
    months = facets.count(searcher, "month", docnums)
    found["published"] = [{"bucket": month, "count": n} for month, n in sorted(months.items())]
    return found


def get_article(searcher, article_id: str) -> Article | None:
    fields = searcher.document(id=article_id)
    return from_stored(fields) if fields else None


def related(searcher, article_id: str, limit: int = 5, duplicates: Groups | None = None) -> list[Related]:
    """Articles most like one (0-1 scores comparable across lists), never itself nor its near-duplicates."""
    from .related import related as similar_articles  # scipy takes 0.1 s to import: not for every search

    return similar_articles(searcher, article_id, limit, duplicates)


def entity_counts(
    searcher, kind: str, prefix: str = "", limit: int = 20, duplicates: Groups | None = None
) -> list[dict]:
    """Entity names of one type with how many articles mention them, most mentioned first; with the
    near-duplicate groups, each group counted once, as a search filtered on the name counts it."""
    counts = facets.count_all(searcher, kind)
    if duplicates:
        counts = counts - overcounted(searcher, doc_groups(searcher, duplicates), kind)  # a new Counter
    if prefix:
        folded = prefix.casefold()
        counts = type(counts)(
            {
                k: v
                for k, v in counts.items()
                if k.casefold().startswith(folded)
                or any(w.casefold().startswith(folded) for w in k.split())
                or (kind == "places" and any(s.casefold().startswith(folded) for s in COUNTRY_SHORT_NAMES.get(k, ())))
            }
        )
    return facets.top(counts, limit)


def stats(searcher, top_size: int = 10) -> dict:
    """Documents, entities per type and the most mentioned ones."""
    result = {"documents": searcher.doc_count(), "entities": {}, "top_entities": {}}
    for kind in NAME_FIELDS:
        counts = facets.count_all(searcher, kind)
        result["entities"][kind] = len(counts)
        result["top_entities"][kind] = facets.top(counts, top_size)
    result["sections"] = facets.top(facets.count_all(searcher, "section"), top_size)
    result["categories"] = facets.top(facets.count_all(searcher, "category"), top_size)
    return result
