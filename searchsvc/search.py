"""Run searches on an open searcher: ranked hits, highlighted snippets, facets, suggestions."""
from __future__ import annotations

import math
import time
from dataclasses import dataclass, field
from datetime import date

from whoosh import query as wq, sorting

from . import facets
from .articles import Article
from .index import NAME_FIELDS, from_stored
from .query import QueryError, filters, parse
from .snippets import highlighted
from .suggest import suggest

MAX_PER_PAGE = 100
MAX_DEPTH = 1000  # page * per_page: deeper pages cost more than they are worth
SORTS = ("relevance", "newest", "oldest")
SUGGEST_BELOW = 5  # results; a query that finds more needs no spelling help


@dataclass(frozen=True)
class SearchRequest:
    q: str = ""
    page: int = 1
    per_page: int = 10
    sort: str = "relevance"
    people: tuple[str, ...] = ()
    organizations: tuple[str, ...] = ()
    places: tuple[str, ...] = ()
    section: str = ""
    source: str = ""
    date_from: date | None = None
    date_to: date | None = None
    snippets: int = 3
    fragment_size: int = 160
    facet_size: int = 10


@dataclass
class Hit:
    article: Article
    score: float
    title_highlighted: str
    snippets: list[str]


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


def search(searcher, request: SearchRequest) -> SearchPage:
    """Run one search request and return the requested page, facets and suggestion."""
    started = time.perf_counter()
    if request.page * request.per_page > MAX_DEPTH:
        raise QueryError(f"page {request.page} is too deep: at most {MAX_DEPTH} results can be paged")
    canonical = _canonical_filters(searcher, request)
    fq = filters(section=request.section, source=request.source, date_from=request.date_from,
                 date_to=request.date_to, **canonical)
    q, matched = parse(request.q, searcher.schema, searcher.reader()), "all"
    results = _run(searcher, q, fq, request)
    if results.is_empty() and request.q.strip() and _has_several_words(q):
        q, matched = parse(request.q, searcher.schema, searcher.reader(), any_word=True), "any"
        results = _run(searcher, q, fq, request)
    hits = [Hit(*parts) for parts in
            highlighted(results, request.page, request.per_page, request.snippets, request.fragment_size)]
    docnums = _matching_docnums(searcher, q, fq)
    total = len(docnums)
    return SearchPage(
        query=request.q, total=total, page=request.page, per_page=request.per_page,
        pages=math.ceil(total / request.per_page), hits=hits,
        facets=_facets(searcher, docnums, request.facet_size),
        suggestion=suggest(searcher, request.q) if total < SUGGEST_BELOW or matched == "any" else None,
        matched=matched,
        took_ms=round((time.perf_counter() - started) * 1000, 2),
    )


def _canonical_filters(searcher, request: SearchRequest) -> dict[str, tuple[str, ...]]:
    """Accept entity filters in any letter case by mapping them to the indexed names."""
    resolved = {}
    for kind in NAME_FIELDS:
        wanted = getattr(request, kind)
        names = entity_names(searcher, kind) if wanted else {}
        resolved[kind] = tuple(names.get(v.casefold(), v) for v in wanted)
    return resolved


def entity_names(searcher, kind: str) -> dict[str, str]:
    """Map case-folded entity names to their indexed form."""
    return {value.casefold(): value for value in facets.all_values(searcher, kind)}


def _run(searcher, q, fq, request: SearchRequest):
    sortedby = None
    if request.sort == "newest" or (request.sort == "relevance" and isinstance(q, wq.Every)):
        sortedby = sorting.FieldFacet("published", reverse=True)
    elif request.sort == "oldest":
        sortedby = sorting.FieldFacet("published")
    # a page past the end is empty (Whoosh's search_page would repeat the last page)
    return searcher.search(q, limit=request.page * request.per_page, filter=fq, sortedby=sortedby)


def _has_several_words(q) -> bool:
    """Whether the query requires several words (besides any it excludes with -word or NOT)."""
    required = q.a if isinstance(q, wq.AndNot) else q
    return isinstance(required, wq.And) and len(required.subqueries) > 1


def _matching_docnums(searcher, q, fq) -> set[int]:
    docnums = set(searcher.docs_for_query(q))
    if fq is not None:
        docnums &= set(searcher.docs_for_query(fq))
    return docnums


def _facets(searcher, docnums: set[int], size: int) -> dict:
    names = {"people": "people", "organizations": "organizations", "places": "places", "section": "sections"}
    found = {label: facets.top(facets.count(searcher, field, docnums), size) for field, label in names.items()}
    months = facets.count(searcher, "month", docnums)
    found["published"] = [{"bucket": month, "count": n} for month, n in sorted(months.items())]
    return found


def get_article(searcher, article_id: str) -> Article | None:
    fields = searcher.document(id=article_id)
    return from_stored(fields) if fields else None


def related(searcher, article_id: str, limit: int = 5) -> list[tuple[Article, float]]:
    """Articles sharing the body's key terms and the entities of an article, never itself."""
    docnum = searcher.document_number(id=article_id)
    if docnum is None:
        return []
    article = from_stored(searcher.stored_fields(docnum))
    terms = [wq.Term("body", word, boost=weight) for word, weight in
             searcher.key_terms([docnum], "body", numterms=RELATED_TERMS)]
    for kind, name_field in NAME_FIELDS.items():
        for name in getattr(article.entities, kind):
            words = [token.text for token in searcher.schema[name_field].analyzer(name)]
            if words:
                terms.append(wq.Phrase(name_field, words, boost=ENTITY_BOOST) if len(words) > 1
                             else wq.Term(name_field, words[0], boost=ENTITY_BOOST))
    if not terms:
        return []
    results = searcher.search(wq.Or(terms), limit=limit, mask=wq.Term("id", article_id))
    return [(from_stored(hit.fields()), round(hit.score, 4)) for hit in results]


RELATED_TERMS = 12
ENTITY_BOOST = 1.5


def entity_counts(searcher, kind: str, prefix: str = "", limit: int = 20) -> list[dict]:
    """Entity names of one type with how many articles mention them, most mentioned first."""
    mapping = facets.values_by_doc(searcher, kind)
    counts = facets.count(searcher, kind, mapping.keys())
    if prefix:
        folded = prefix.casefold()
        counts = type(counts)({k: v for k, v in counts.items()
                               if k.casefold().startswith(folded) or
                               any(w.casefold().startswith(folded) for w in k.split())})
    return facets.top(counts, limit)


def stats(searcher, top_size: int = 10) -> dict:
    """Documents, entities per type and the most mentioned ones."""
    everything = range(searcher.doc_count_all())
    result = {"documents": searcher.doc_count(), "entities": {}, "top_entities": {}}
    for kind in NAME_FIELDS:
        counts = facets.count(searcher, kind, everything)
        result["entities"][kind] = len(counts)
        result["top_entities"][kind] = facets.top(counts, top_size)
    result["sections"] = facets.top(facets.count(searcher, "section", everything), top_size)
    return result
