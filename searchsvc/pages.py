"""Blueprint /: the server-rendered search page and article page (no JavaScript needed)."""
from __future__ import annotations

from urllib.parse import urlencode, urlsplit

from flask import Blueprint, abort, render_template, request, url_for
from werkzeug.datastructures import MultiDict

from . import search as searching
from .api import search_request
from .chart import HEIGHT, WIDTH, month_bars
from .mentions import mark_mentions
from .related import duplicates_of
from .metrics import searched
from .schemas import SearchArgs
from .services import engine, query_budget

bp = Blueprint("pages", __name__)
FILTER_PARAMS = {"people": "person", "organizations": "org", "places": "place"}
CSP = ("default-src 'none'; style-src 'self'; img-src 'self' data:; form-action 'self'; "
       "base-uri 'none'; frame-ancestors 'none'")
RELATED_ON_PAGE = 5
LANDING_ENTITIES = 8


@bp.after_app_request
def security_headers(response):
    response.headers.setdefault("X-Content-Type-Options", "nosniff")
    if response.mimetype == "text/html":
        response.headers.setdefault("Content-Security-Policy", CSP)
        response.headers.setdefault("Referrer-Policy", "same-origin")
    return response


def url_with(add: dict | None = None, remove: dict | None = None, **replace) -> str:
    """The current search URL with filters added or removed and other parameters replaced."""
    params = MultiDict(request.args)
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
    return url_for("pages.search_page", **{FILTER_PARAMS[kind]: name})


@bp.app_context_processor
def helpers():
    return {"url_with": url_with, "safe_url": safe_url, "FILTER_PARAMS": FILTER_PARAMS,
            "chart_width": WIDTH, "chart_height": HEIGHT}


@bp.get("/")
def search_page():
    args = SearchArgs().load(request.args)  # errors: the API's message as an HTML 400
    wanted = search_request(args)
    with engine().searcher() as searcher:
        page = searching.search(searcher, wanted, query_budget(), engine().names(), engine().duplicates())
        landing = None
        if not args["q"] and not any(args[p] for p in ("person", "org", "place", "category", "section", "source",
                                                       "from_", "to")):
            landing = searching.stats(searcher, LANDING_ENTITIES)
    searched(page)
    active = [(param, value) for param in ("person", "org", "place", "category") for value in args[param]]
    active += [(param, args[param]) for param in ("section", "source") if args[param]]
    if args["from_"] or args["to"]:
        active.append(("dates", f"{args['from_'] or '…'} to {args['to'] or '…'}"))
    return render_template("search.html", page=page, args=args, active=active, landing=landing,
                           bars=month_bars(page.facets.get("published", [])))


@bp.get("/articles/<article_id>")
def article_page(article_id: str):
    groups = engine().duplicates()
    with engine().searcher() as searcher:
        article = searching.get_article(searcher, article_id)
        if article is None:
            abort(404, f"no article with id {article_id!r}")
        related = searching.related(searcher, article_id, RELATED_ON_PAGE, groups)
        copies = duplicates_of(searcher, article_id, groups)
    entities = article.entities.as_dict()
    paragraphs = [mark_mentions(p, entities, entity_link) for p in article.paragraphs]
    return render_template("article.html", article=article, paragraphs=paragraphs, related=related,
                           copies=copies, entity_link=entity_link)
