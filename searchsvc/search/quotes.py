"""Who said what: quotes searched by their own words (BM25 over the quote's text, newest first with
no words), filtered by speaker, speaker type, the article's entities and dates, with a speaker facet.
Every door (API, page, CLI, export, entity page, article) asks `search_quotes` through a read session."""

from __future__ import annotations

import time
from dataclasses import dataclass, field
from datetime import date, datetime
from datetime import time as clock

from markupsafe import escape
from whoosh import qparser, sorting
from whoosh import query as wq

from ..entities.corpus_names import NameDecisions
from ..index.schema import NAME_FIELDS
from ..ingest.articles import ENTITY_TYPES
from ..ingest.dates import parse_date
from .filter_names import UnknownName, canonical_name, unknown_names
from .phrases import PhrasePlugin
from .query_checks import QueryError, check_operators
from .ranked import SearchRequest
from .suggest import close_names

MAX_QUERY = 500
SPEAKER_TYPES = ENTITY_TYPES  # a country speaks as a place


class QuoteQueryError(ValueError):
    """Words a quote search cannot run (the field that is wrong is `q`)."""


@dataclass(frozen=True)
class QuoteRequest:
    q: str = ""
    speakers: tuple[str, ...] = ()
    speaker_type: str = ""
    people: tuple[str, ...] = ()
    organizations: tuple[str, ...] = ()
    places: tuple[str, ...] = ()
    date_from: date | None = None
    date_to: date | None = None
    sort: str = "relevance"  # relevance with words, else newest
    page: int = 1
    per_page: int = 10
    facet_size: int = 10

    def __post_init__(self):
        for name in ("speakers", *NAME_FIELDS):
            object.__setattr__(self, name, tuple(v for v in (" ".join(v.split()) for v in getattr(self, name)) if v))


@dataclass
class QuoteHit:
    quote: str
    highlighted: str  # HTML: the quote escaped, its matching words in <mark>
    speaker: str | None
    speaker_type: str | None
    article_id: str
    title: str
    published: datetime | None
    source: str
    score: float | None
    position: int = 0
    start: int = 0  # where the words are in the article's subtitle and body (as entities are read)
    end: int = 0


@dataclass
class QuotePage:
    total: int
    page: int
    per_page: int
    hits: list[QuoteHit]
    facets: dict = field(default_factory=dict)
    took_ms: int = 0
    unknown_names: list[UnknownName] = field(default_factory=list)  # speaker=/person=/org=/place= naming nobody


def search_quotes(quotes, articles, names: NameDecisions, request: QuoteRequest, limit: int | None = None) -> QuotePage:
    """One page of quotes (or, with `limit`, the first `limit` quotes: an export). `quotes` is the
    quotes index's searcher or None (a generation built before quotes were); `articles` the
    articles' searcher, which knows the names filters stand for."""
    started = time.perf_counter()
    if quotes is None:
        return QuotePage(0, request.page, request.per_page, [], {"speakers": []})
    words = _words(quotes.schema, request.q)
    conditions = _filters(articles, names, request)
    wanted = wq.And([words, *conditions]) if conditions else words
    newest = not request.q.strip() and request.sort == "relevance"
    by_date = sorting.FieldFacet("published", reverse=request.sort == "newest" or newest)
    sortedby = by_date if (newest or request.sort != "relevance") else None
    if limit is not None:
        found = quotes.search(wanted, limit=limit, sortedby=sortedby)
        page_hits, total = list(found), len(found)
    else:
        found = quotes.search_page(wanted, request.page, pagelen=request.per_page, sortedby=sortedby)
        page_hits, total = list(found), found.total
    terms = frozenset(
        text.decode() if isinstance(text, bytes) else text for name, text in words.iter_all_terms() if name == "text"
    )
    analyzer = quotes.schema["text"].analyzer
    hits = [_hit(hit, terms, analyzer, scored=sortedby is None) for hit in page_hits]
    facets = {"speakers": _speakers(quotes, wanted, request.facet_size)} if request.facet_size else {}
    unknown = _unknown_speakers(quotes, articles, names, request) + unknown_names(
        articles,
        SearchRequest(people=request.people, organizations=request.organizations, places=request.places),
        names,
    )
    took_ms = round((time.perf_counter() - started) * 1000)
    return QuotePage(total, request.page, request.per_page, hits, facets, took_ms, unknown)


def quotes_of_article(quotes, article_id: str) -> list[QuoteHit]:
    """An article's quotes in the order it gives them."""
    if quotes is None:
        return []
    found = quotes.search(wq.Term("article_id", article_id), limit=None, sortedby="position")
    return [_hit(hit, frozenset(), None, scored=False) for hit in found]


def _words(schema, q: str) -> wq.Query:
    if not q.strip():
        return wq.Every()
    if len(q) > MAX_QUERY:
        raise QuoteQueryError(f"the query is {len(q)} characters; at most {MAX_QUERY}")
    try:
        check_operators(q)  # "a AND", "NOT": as the article search refuses them, not searched as words
    except QueryError as error:
        raise QuoteQueryError(str(error)) from None
    parser = qparser.QueryParser("text", schema)  # words (all of them), "phrases", OR, NOT, -word
    for plugin in (qparser.FieldsPlugin, qparser.WildcardPlugin, qparser.RangePlugin, qparser.BoostPlugin):
        parser.remove_plugin_class(plugin)
    parser.add_plugin(qparser.PlusMinusPlugin())
    parser.remove_plugin_class(qparser.PhrasePlugin)
    parser.add_plugin(PhrasePlugin([], {}))  # as in the articles: a common word inside a phrase is a gap
    return parser.parse(q)


def _filters(articles, names: NameDecisions, request: QuoteRequest) -> list[wq.Query]:
    conditions: list[wq.Query] = []
    for kind in NAME_FIELDS:
        for value in getattr(request, kind):
            conditions.append(wq.Term(kind, canonical_name(articles, kind, value, names)))
    if request.speakers:  # any of the speakers, each of any type, by any of its names
        spoken = {canonical_name(articles, kind, value, names) for kind in SPEAKER_TYPES for value in request.speakers}
        conditions.append(wq.Or([wq.Term("speaker", name) for name in sorted(spoken)]))
    if request.speaker_type:
        conditions.append(wq.Term("speaker_type", request.speaker_type))
    if request.date_from or request.date_to:
        start = datetime.combine(request.date_from, clock.min) if request.date_from else None
        end = datetime.combine(request.date_to, clock.max) if request.date_to else None
        conditions.append(wq.DateRange("published", start, end))
    return conditions


def _unknown_speakers(quotes, articles, names: NameDecisions, request: QuoteRequest) -> list[UnknownName]:
    """Each speaker= value that names no speaker of a quote, by any of its names, with the speakers
    it may mean: those whose name ends with it ("Kadyrov": Ramzan Kadyrov), those whose surname is
    spelt like it ("Blar": Tony Blair) and those spelt alike."""
    if not request.speakers:
        return []
    known = {name.casefold(): name for name in _speaker_names(quotes)}
    by_surname: dict[str, list[str]] = {}
    for key, name in sorted(known.items()):
        by_surname.setdefault(key.split()[-1], []).append(name)
    unknown = []
    for value in dict.fromkeys(request.speakers):
        resolved = {canonical_name(articles, kind, value, names).casefold() for kind in SPEAKER_TYPES}
        if resolved & known.keys():
            continue
        folded = " ".join(value.casefold().split())
        ending = sorted((name for key, name in known.items() if key.endswith(" " + folded)), key=str.casefold)
        surnames = close_names(value, {surname: surname for surname in by_surname})
        alike = [name for surname in surnames for name in by_surname[surname]] + close_names(value, known)
        unknown.append(UnknownName("speaker", value, list(dict.fromkeys(ending + alike))[:5]))
    return unknown


def _speaker_names(quotes) -> list[str]:
    terms = quotes.reader().lexicon("speaker")
    return [term.decode() if isinstance(term, bytes) else term for term in terms if term]


def _speakers(quotes, wanted: wq.Query, size: int) -> list[dict]:
    """Speakers of every matching quote (not only the page's), most quoted first; the unnamed apart."""
    found = quotes.search(
        wanted, limit=None, groupedby={"speaker": sorting.FieldFacet("speaker")}, maptype=sorting.Count, scored=False
    )
    counts = found.groups("speaker")
    ranked = sorted(((name, n) for name, n in counts.items() if name), key=lambda item: (-item[1], item[0]))
    return [{"value": name, "count": n} for name, n in ranked[:size]]


def _hit(hit, terms: frozenset, analyzer, scored: bool) -> QuoteHit:
    fields = hit.fields()
    text = fields.get("text", "")
    published = fields.get("published_at")
    return QuoteHit(
        quote=text,
        highlighted=_marked(text, terms, analyzer),
        speaker=fields.get("speaker") or None,
        speaker_type=fields.get("speaker_type") or None,
        article_id=fields["article_id"],
        title=fields.get("title", ""),
        published=parse_date(published) if published else None,
        source=fields.get("source", ""),
        score=round(hit.score, 4) if scored and hit.score is not None else None,
        position=fields.get("position", 0),
        start=fields.get("start", 0),
        end=fields.get("end", 0),
    )


def _marked(text: str, terms: frozenset, analyzer) -> str:
    """The quote escaped, each word the query looks for in <mark>, as the index reads the words."""
    if not terms or analyzer is None:
        return str(escape(text))
    out, last = [], 0
    for token in analyzer(text, chars=True, mode="index"):
        if token.text in terms:
            out += [
                str(escape(text[last : token.startchar])),
                "<mark>",
                str(escape(text[token.startchar : token.endchar])),
                "</mark>",
            ]
            last = token.endchar
    return "".join(out) + str(escape(text[last:]))


def page_as_json(request: QuoteRequest, found: QuotePage) -> dict:
    """A page of quotes as GET /api/quotes answers it (and `searchsvc quotes --json` prints it)."""
    return {
        "query": request.q,
        "total": found.total,
        "page": found.page,
        "per_page": found.per_page,
        "pages": -(-found.total // request.per_page),
        "took_ms": found.took_ms,
        "quotes": [quote_as_json(hit) for hit in found.hits],
        "facets": found.facets,
        "unknown_names": [
            {"param": name.param, "value": name.value, "did_you_mean": name.did_you_mean}
            for name in found.unknown_names
        ],
    }


def quote_as_json(hit: QuoteHit) -> dict:
    return {
        "quote": hit.quote,
        "speaker": hit.speaker,
        "speaker_type": hit.speaker_type,
        "article": {
            "id": hit.article_id,
            "title": hit.title,
            "published": hit.published.isoformat() if hit.published else None,
            "source": hit.source,
        },
        "highlights": hit.highlighted,
        "score": hit.score,
    }
