"""Blueprint /: the server-rendered search page and article page (no JavaScript needed)."""

from __future__ import annotations

from typing import Any
from urllib.parse import parse_qs, urlencode, urlsplit

from flask import Blueprint, Response, abort, render_template, request, url_for
from markupsafe import escape
from marshmallow import validate
from werkzeug.datastructures import MultiDict

from ..search import ranked as searching
from ..search.batch import MAX_QUERIES, batch_csv, queries_from_csv, queries_from_lines
from ..search.ranked import MAX_DEPTH
from .chart import HEIGHT, WIDTH, month_bars
from .marks import mark_words
from .mentions import mark_mentions
from .metrics import searched
from .quote_marks import marked_paragraphs
from .schemas import EXPORT_FORMATS, ExportArgs, SearchArgs
from .services import batch_budget, engine, query_budget

bp = Blueprint("pages", __name__)
FILTER_PARAMS = {"people": "person", "organizations": "org", "places": "place"}
CSP = (
    "default-src 'none'; style-src 'self'; img-src 'self' data:; form-action 'self'; "
    "base-uri 'none'; frame-ancestors 'none'"
)
RELATED_ON_PAGE = 5
LANDING_ENTITIES = 8
SEARCH_PARAMETERS = SearchArgs().parameters()
# the facet lists' "more" link asks for 20 more values, never past what the search takes
FACET_SIZE_MAX = next(
    rule.max for rule in SearchArgs().fields["facet_size"].validators if isinstance(rule, validate.Range)
)
MORE_FACETS = 20


@bp.after_app_request
def security_headers(response):
    response.headers.setdefault("X-Content-Type-Options", "nosniff")
    if response.mimetype == "text/html":
        response.headers.setdefault("Content-Security-Policy", CSP)
        response.headers.setdefault("Referrer-Policy", "same-origin")
    return response


def search_params(params, leave_out: tuple[str, ...] = ()) -> list[tuple[str, str]]:
    """The search's own parameters, each value of a repeated filter kept, in their order: a parameter
    the search does not take (utm_*, or 1,000 made-up ones) is never repeated into its links."""
    return [
        (key, value)
        for key, value in MultiDict(params).items(multi=True)
        if key in SEARCH_PARAMETERS and key not in leave_out and value != ""
    ]


def url_with(add: dict | None = None, remove: dict | None = None, **replace) -> str:
    """The current search URL with filters added or removed and other parameters replaced."""
    params = MultiDict(search_params(request.args))
    for key, value in (remove or {}).items():
        params.setlist(key, [v for v in params.getlist(key) if v != value])
    for key, value in (add or {}).items():
        if value not in params.getlist(key):
            params.add(key, value)
    for key, value in replace.items():
        params.setlist(key, [] if value in (None, "") else [str(value)])
    if "page" not in replace:
        params.setlist("page", [])  # a changed search starts on its first page
    query = urlencode([(k, v) for k, v in params.items(multi=True) if v != ""])
    return url_for("pages.search_page") + (f"?{query}" if query else "")


def safe_url(url: str) -> str | None:
    """Only http(s) links leave the page: never javascript: or data: URLs."""
    return url if urlsplit(url.strip()).scheme.lower() in ("http", "https") else None


def entity_link(kind: str, name: str) -> str:
    filters: dict[str, Any] = {FILTER_PARAMS[kind]: name}
    return url_for("pages.search_page", **filters)


def entity_page_link(kind: str, name: str) -> str:
    return url_for("pages.entity_page", kind=kind, name=name)


@bp.app_context_processor
def helpers():
    return {
        "url_with": url_with,
        "safe_url": safe_url,
        "FILTER_PARAMS": FILTER_PARAMS,
        "entity_page_link": entity_page_link,
        "more_facets": more_facets,
        "chart_width": WIDTH,
        "chart_height": HEIGHT,
    }


@bp.get("/")
def search_page():
    wanted = SearchArgs().load(request.args)  # errors: the API's message as an HTML 400
    with engine().session() as session:
        page = session.search(wanted, query_budget())
        landing = None
        if not wanted.q and not any(
            getattr(wanted, name)
            for name in (*FILTER_PARAMS, "categories", "section", "source", "date_from", "date_to")
        ):
            # every count on the landing page is the search's: articles with near-identical copies
            # counted once (unless collapse=false), the most mentioned names counted over the same set
            landing = {
                "documents": session.searcher.doc_count(),
                "top_entities": {kind: page.facets.get(kind, [])[:LANDING_ENTITIES] for kind in FILTER_PARAMS},
            }
    searched(page)
    active = [
        (param, value)
        for kind, param in {**FILTER_PARAMS, "categories": "category"}.items()
        for value in getattr(wanted, kind)
    ]
    active += [(param, getattr(wanted, param)) for param in ("section", "source") if getattr(wanted, param)]
    if wanted.date_from or wanted.date_to:
        active.append(("dates", f"{wanted.date_from or '…'} to {wanted.date_to or '…'}"))
    bars = month_bars(page.facets.get("published", []))
    bar_links = {bar.month: url_with(**{"from": bar.first_day, "to": bar.last_day}) for bar in bars}
    return render_template(
        "search.html",
        page=page,
        args=wanted,
        active=active,
        landing=landing,
        bars=bars,
        bar_links=bar_links,
        feed_url=feed_url(request.args),
        export_urls=export_urls(request.args),
        back_query=urlencode(search_params(request.args)),
        page_numbers=page_numbers(page.page, min(page.pages, MAX_DEPTH // page.per_page)),
    )


def page_numbers(current: int, last: int, around: int = 2) -> list[int | None]:
    """The pages to link: the first, the last, and those around the current one; None for a gap."""
    shown = sorted({1, last, *range(max(1, current - around), min(last, current + around) + 1)})
    numbers: list[int | None] = []
    for number in shown:
        if numbers and number - numbers[-1] > 1:
            numbers.append(None)
        numbers.append(number)
    return numbers


def more_facets(shown: int, facet_size: int) -> str | None:
    """The link to a longer facet list, when the list is full and the search may ask for more."""
    if shown < facet_size or facet_size >= FACET_SIZE_MAX:
        return None
    return url_with(facet_size=min(facet_size + MORE_FACETS, FACET_SIZE_MAX))


def feed_url(params) -> str:
    """The Atom feed of a search: the same parameters, newest first."""
    kept = search_params(params, leave_out=("page", "sort"))
    return url_for("feeds.search_feed") + (f"?{urlencode(kept)}" if kept else "")


EXPORT_PARAMETERS = ExportArgs().parameters()


def export_urls(params) -> dict[str, str]:
    # only what the export takes: the API refuses other parameters, and a page's URL may carry utm_*
    kept = [
        (k, v)
        for k, v in MultiDict(params).items(multi=True)
        if k in EXPORT_PARAMETERS and k not in ("page", "per_page") and v != ""
    ]
    return {fmt: url_for("api.export_search") + "?" + urlencode([*kept, ("format", fmt)]) for fmt in EXPORT_FORMATS}


@bp.get("/entities/<any(people, organizations, places):kind>/<path:name>")
def entity_page(kind: str, name: str):
    with engine().session() as session:
        found = session.profile(kind, name, query_budget())
    if found is None:
        abort(404, f"no article mentions {name!r} among {kind}")
    param, canonical = FILTER_PARAMS[kind], found["name"]
    bars = month_bars(found["months"])
    bar_links = {
        bar.month: url_for("pages.search_page", **{param: canonical, "from": bar.first_day, "to": bar.last_day})
        for bar in bars
    }
    return render_template(
        "entity.html",
        entity=found,
        kind=kind,
        param=param,
        bars=bars,
        bar_links=bar_links,
        feed_url=feed_url({param: canonical}),
        args=None,
    )


@bp.route("/batch", methods=["GET", "POST"])
def batch_page():
    """A list of names or queries (one per line, or a CSV file's first column) searched at once."""
    if request.method == "GET":
        return render_template("batch.html", results=None, text="", args=None, every_copy=False)
    upload = request.files.get("file")
    text = request.form.get("queries", "")
    queries = (
        queries_from_csv(upload.read().decode("utf-8", "replace"))
        if upload and upload.filename
        else queries_from_lines(text)
    )
    if not queries:
        abort(400, "give one query per line, or a CSV file whose first column holds the queries")
    if len(queries) > MAX_QUERIES:
        abort(400, f"{len(queries):,} queries; at most {MAX_QUERIES:,} at once")
    every_copy = request.form.get("collapse") == "false"  # as the search's collapse=false
    with engine().session() as session:
        results = session.batch(
            queries, searching.SearchRequest(collapse=not every_copy), query_budget(), batch_budget()
        )
    if request.form.get("format") == "csv":
        return Response(
            batch_csv(results),
            content_type="text/csv; charset=utf-8",
            headers={"Content-Disposition": 'attachment; filename="searchsvc-batch.csv"'},
        )
    return render_template("batch.html", results=results, text="\n".join(queries), args=None, every_copy=every_copy)


@bp.get("/articles/<article_id>")
def article_page(article_id: str):
    back = request.args.get("back")  # the search the reader came from: a query string of our page
    with engine().session() as session:
        article = session.article(article_id)
        if article is None:
            abort(404, f"no article with id {article_id!r}")
        related = session.related(article_id, RELATED_ON_PAGE)
        copies = session.copies(article_id)
        words = session.words_of(parse_qs(back or "").get("q", [""])[0])  # marked in the title and the text

        def spans(text: str) -> list[tuple[int, int]]:
            return session.spans_of(text, words)

        entities = article.entities.as_dict()
        title = mark_words(escape(article.title), spans)
        quotes = session.article_quotes(article_id)
        paragraphs = [
            mark_words(p, spans)
            for p in marked_paragraphs(
                article, quotes, lambda text: mark_mentions(text, entities, entity_link), entity_page_link
            )
        ]
    return render_template(
        "article.html",
        article=article,
        title=title,
        paragraphs=paragraphs,
        related=related,
        copies=copies,
        entity_link=entity_link,
        quotes=quotes,
        back=url_for("pages.search_page") + "?" + back if back else None,
    )
