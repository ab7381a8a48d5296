"""Blueprint /feeds: any search as an Atom feed of its newest matches, for feed readers.

Its links start with SEARCHSVC_PUBLIC_URL, never with the request's Host header: a feed is cached
and shared, so a forged Host would send every reader of the cached copy elsewhere."""

from __future__ import annotations

import re
from dataclasses import replace
from datetime import UTC, datetime
from urllib.parse import urlencode

from feedgen.feed import FeedGenerator
from flask import Blueprint, Response, current_app, request, url_for
from marshmallow import ValidationError

from ..search import ranked as searching
from ..search.page_json import built_at
from ..search.query import QueryError
from .pages import search_params
from .schemas import SearchArgs
from .services import engine, query_budget

bp = Blueprint("feeds", __name__, url_prefix="/feeds")
FEED_SIZE = 30
TAG = re.compile(r"</?mark>")
ATOM = "application/atom+xml; charset=utf-8"


@bp.get("/search.atom")
def search_feed():
    wanted = replace(SearchArgs().load(request.args), sort="newest", page=1, per_page=FEED_SIZE, facet_size=0)
    with engine().session() as session:
        page = session.search(wanted, query_budget())
    return Response(atom(page, wanted), content_type=ATOM)


@bp.errorhandler(ValidationError)
@bp.errorhandler(QueryError)
def search_refused(error: ValidationError | QueryError):
    """A search that cannot run answers 400 with an Atom document saying why: a feed reader shows a feed's
    title, not an HTML page."""
    if isinstance(error, QueryError):
        details = {error.field or "q": [str(error)]}
        message = str(error)
    else:
        details = error.messages if isinstance(error.messages, dict) else {"_": error.messages}
        message = "; ".join(
            f"{field}: {' '.join(map(str, problems)) if isinstance(problems, list) else problems}"
            for field, problems in details.items()
        )
    feed = FeedGenerator()
    feed.id(_self_url())
    feed.title(f"searchsvc: this search cannot run: {message}")
    feed.subtitle(message)
    feed.link(href=_self_url(), rel="self")
    feed.updated(datetime.now(UTC))
    return Response(feed.atom_str(pretty=True), status=400, content_type=ATOM)


def public(path: str) -> str:
    """A path of this service as readers reach it: SEARCHSVC_PUBLIC_URL's address before it, when set."""
    return (current_app.config["PUBLIC_URL"] or "") + path


def _self_url() -> str:
    kept = search_params(request.args)
    return public(url_for("feeds.search_feed") + (f"?{urlencode(kept)}" if kept else ""))


def atom(page: searching.SearchPage, wanted: searching.SearchRequest) -> bytes:
    """The newest matching articles as an Atom document, each with its snippets."""
    feed = FeedGenerator()
    described = _describe(wanted)
    feed.id(_self_url())
    feed.title(f"searchsvc: {described}")
    feed.subtitle(f"The newest articles matching {described}")
    feed.link(href=_self_url(), rel="self")
    on_page = search_params(request.args, leave_out=("page",))
    feed.link(
        href=public(url_for("pages.search_page") + (f"?{urlencode(on_page)}" if on_page else "")), rel="alternate"
    )
    generation_time = _stamp(built_at(engine().generation()))
    feed.updated(max([a.published for a in (h.article for h in page.hits) if a.published], default=generation_time))
    for hit in reversed(page.hits):  # feedgen puts each new entry first
        article = hit.article
        entry = feed.add_entry()
        link = public(url_for("pages.article_page", article_id=article.id))
        entry.id(link)
        entry.title(article.title)
        entry.link(href=link)
        if article.url.startswith(("http://", "https://")):
            entry.link(href=article.url, rel="related")
        entry.updated(article.updated or article.published or generation_time)
        if article.published:
            entry.published(article.published)
        for author in article.authors:
            entry.author(name=author)
        entry.summary(" … ".join(TAG.sub("", s) for s in hit.snippets), type="html")
        for name in (*article.entities.people, *article.entities.organizations, *article.entities.places):
            entry.category(term=name)
    return feed.atom_str(pretty=True)


def _describe(wanted: searching.SearchRequest) -> str:
    parts = [f"“{wanted.q}”"] if wanted.q else []
    parts += [
        f"{label} {value}"
        for kind, label in (
            ("people", "person"),
            ("organizations", "organization"),
            ("places", "place"),
            ("categories", "category"),
        )
        for value in getattr(wanted, kind)
    ]
    return ", ".join(parts) or "all articles"


def _stamp(text: str | None) -> datetime:
    if not text:
        return datetime.now(UTC)
    return datetime.fromisoformat(text.replace("Z", "+00:00"))
