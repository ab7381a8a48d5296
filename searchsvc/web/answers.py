"""The plain data the API's article and entity views answer, built from a read session's results
(the search page's and hits' are in search/page_json.py)."""

from __future__ import annotations

from ..ingest.articles import Article
from ..search.page_json import hit_data
from ..search.ranked import Hit
from ..search.snippets import highlight_text, lead

RELATED_LEAD = 160  # characters of each related article's lead


def brief(article: Article, score: float | None) -> dict:
    """An article as a hit with its lead for a snippet (related lists, duplicates)."""
    return hit_data(Hit(article, score, highlight_text(article.title), [lead(article.body, RELATED_LEAD)]))


def profile_data(found: dict) -> dict:
    """An entity's profile (the session's) with its articles as hits and its newest quotes."""
    quoted = {
        "count": found["quotes"].total,
        "newest": [
            {
                "quote": q.quote,
                "article": {
                    "id": q.article_id,
                    "title": q.title,
                    "published": q.published.isoformat() if q.published else None,
                },
            }
            for q in found["quotes"].hits
        ],
    }
    return {
        **found,
        "top": [hit_data(h) for h in found["top"].hits],
        "newest": [hit_data(h) for h in found["newest"].hits],
        "quotes": quoted,
    }
