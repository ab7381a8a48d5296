"""Blueprint /feeds: any search as an Atom feed of its newest matches, for feed readers."""
from __future__ import annotations

import re
from dataclasses import replace
from datetime import datetime, timezone

from feedgen.feed import FeedGenerator
from flask import Blueprint, Response, request, url_for

from ..search import ranked as searching
from .present import built_at
from .schemas import SearchArgs
from .services import engine, query_budget

bp = Blueprint("feeds", __name__, url_prefix="/feeds")
FEED_SIZE = 30
TAG = re.compile(r"</?mark>")


@bp.get("/search.atom")
def search_feed():
    wanted = replace(SearchArgs().load(request.args), sort="newest", page=1, per_page=FEED_SIZE, facet_size=0)
    with engine().session() as session:
        page = session.search(wanted, query_budget())
    return Response(atom(page, wanted), content_type="application/atom+xml; charset=utf-8")


def atom(page: searching.SearchPage, wanted: searching.SearchRequest) -> bytes:
    """The newest matching articles as an Atom document, each with its snippets."""
    feed = FeedGenerator()
    described = _describe(wanted)
    feed.id(request.url)
    feed.title(f"searchsvc: {described}")
    feed.subtitle(f"The newest articles matching {described}")
    feed.link(href=request.url, rel="self")
    feed.link(href=url_for("pages.search_page", _external=True, **request.args), rel="alternate")
    generation_time = _stamp(built_at(engine().generation()))
    feed.updated(max([a.published for a in (h.article for h in page.hits) if a.published], default=generation_time))
    for hit in reversed(page.hits):  # feedgen puts each new entry first
        article = hit.article
        entry = feed.add_entry()
        link = url_for("pages.article_page", article_id=article.id, _external=True)
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
    parts += [f"{label} {value}" for kind, label in (("people", "person"), ("organizations", "organization"),
                                                    ("places", "place"), ("categories", "category"))
              for value in getattr(wanted, kind)]
    return ", ".join(parts) or "all articles"


def _stamp(text: str | None) -> datetime:
    if not text:
        return datetime.now(timezone.utc)
    return datetime.fromisoformat(text.replace("Z", "+00:00"))
