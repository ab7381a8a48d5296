"""Search results as rows for spreadsheets and scripts: CSV and JSON Lines, streamed row by row."""
from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterable, Iterator

from ..ingest.articles import Article

COLUMNS = ("id", "title", "url", "source", "section", "category", "published", "score",
           "people", "organizations", "places")
FORMATS = ("csv", "jsonl")
NAME_SEPARATOR = "; "  # names in one CSV cell


def row(article: Article, score: float | None) -> dict:
    return {
        "id": article.id, "title": article.title, "url": article.url, "source": article.source,
        "section": article.section, "category": article.category,
        "published": article.published.isoformat() if article.published else None, "score": score,
        "people": list(article.entities.people), "organizations": list(article.entities.organizations),
        "places": list(article.entities.places),
    }


def lines(rows: Iterable[dict], fmt: str) -> Iterator[str]:
    """The rows as CSV (a header first; names joined with '; ') or as JSON Lines."""
    if fmt == "jsonl":
        for item in rows:
            yield json.dumps(item, ensure_ascii=False) + "\n"
        return
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=COLUMNS, lineterminator="\n")
    writer.writeheader()
    for item in rows:
        writer.writerow({k: NAME_SEPARATOR.join(v) if isinstance(v, list) else v for k, v in item.items()})
        yield buffer.getvalue()
        buffer.seek(0)
        buffer.truncate()
    yield buffer.getvalue()
