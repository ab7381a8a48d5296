"""A search page as the plain data the API answers and `searchsvc search --json` prints."""

from __future__ import annotations

from dataclasses import asdict
from datetime import datetime

from ..index.generations import built_at as generation_built_at
from .ranked import Hit, SearchPage

PAGE_KEYS = ("query", "total", "page", "per_page", "pages", "took_ms", "facets", "suggestion", "matched", "timed_out")


def hit_data(hit: Hit) -> dict:
    """One hit: its article's fields, score, highlights, entities and near-duplicate count."""
    a = hit.article
    return {
        "id": a.id,
        "title": a.title,
        "title_highlighted": hit.title_highlighted,
        "url": a.url,
        "source": a.source,
        "section": a.section,
        "category": a.category,
        "published": _iso(a.published),
        "score": hit.score,
        "snippets": hit.snippets,
        "entities": a.entities.as_dict(),
        "duplicates": hit.duplicates,
    }


def page_data(page: SearchPage) -> dict:
    """One page of results: its counts, facets and hints, its hits and the names nobody is called."""
    data = {key: getattr(page, key) for key in PAGE_KEYS}
    data["hits"] = [hit_data(hit) for hit in page.hits]
    data["unknown_names"] = [asdict(unknown) for unknown in page.unknown_names]
    return data


def built_at(generation: str | None) -> str | None:
    """When a generation was built, from its name (gen-YYYYmmddTHHMMSSffffffZ), as ISO 8601 in UTC."""
    moment = generation_built_at(generation) if generation else None
    return moment.replace(tzinfo=None).isoformat() + "Z" if moment else None


def _iso(moment: datetime | None) -> str | None:
    return moment.isoformat() if moment else None
