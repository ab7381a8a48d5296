"""Search results as rows for spreadsheets and scripts: CSV and JSON Lines, streamed row by row."""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterable, Iterator

from ..ingest.articles import Article

COLUMNS = (
    "id",
    "title",
    "url",
    "source",
    "section",
    "category",
    "published",
    "score",
    "people",
    "organizations",
    "places",
)
QUOTE_COLUMNS = ("quote", "speaker", "speaker_type", "article_id", "title", "published", "source", "score")
FORMATS = ("csv", "jsonl")
NAME_SEPARATOR = "; "  # names in one CSV cell
# a spreadsheet runs a cell that starts with one of these as a formula (=HYPERLINK(...) sends the
# reader's data away): OWASP's CSV injection advice is to prefix such a cell with a single quote
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def cell(value):
    """A CSV cell's value that no spreadsheet reads as a formula; numbers and empty cells as they are."""
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


def row(article: Article, score: float | None) -> dict:
    return {
        "id": article.id,
        "title": article.title,
        "url": article.url,
        "source": article.source,
        "section": article.section,
        "category": article.category,
        "published": article.published.isoformat() if article.published else None,
        "score": score,
        "people": list(article.entities.people),
        "organizations": list(article.entities.organizations),
        "places": list(article.entities.places),
    }


def quote_row(hit) -> dict:
    """A quote (search/quotes.py's QuoteHit) as a row."""
    return {
        "quote": hit.quote,
        "speaker": hit.speaker,
        "speaker_type": hit.speaker_type,
        "article_id": hit.article_id,
        "title": hit.title,
        "published": hit.published.isoformat() if hit.published else None,
        "source": hit.source,
        "score": hit.score,
    }


def lines(rows: Iterable[dict], fmt: str, columns: tuple[str, ...] = COLUMNS) -> Iterator[str]:
    """The rows as CSV (a header first; names joined with '; '; a cell a spreadsheet would run as a
    formula starts with a single quote) or as JSON Lines (as they are: no spreadsheet reads them)."""
    if fmt == "jsonl":
        for item in rows:
            yield json.dumps(item, ensure_ascii=False) + "\n"
        return
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=columns, lineterminator="\n")
    writer.writeheader()
    for item in rows:
        writer.writerow({k: cell(NAME_SEPARATOR.join(v) if isinstance(v, list) else v) for k, v in item.items()})
        yield buffer.getvalue()
        buffer.seek(0)
        buffer.truncate()
    yield buffer.getvalue()
