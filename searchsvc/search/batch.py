"""Many searches at once: a list of names or queries, each with its total and top hits."""
from __future__ import annotations

import csv
import io
from collections.abc import Callable
from dataclasses import replace

from .query import QueryError
from .ranked import SearchPage, SearchRequest

MAX_QUERIES = 1000
TOP_HITS = 3


def run_batch(search: Callable[[SearchRequest], SearchPage], queries: list[str],
              filters: SearchRequest) -> list[dict]:
    """Run each query with the same filters through `search` (a read session's, so each total is the
    one the search page shows); a query that cannot run gets its error, not a failure."""
    results = []
    for text in queries:
        try:
            page = search(replace(filters, q=text, page=1, per_page=TOP_HITS, facet_size=0))
        except QueryError as error:
            results.append({"query": text, "total": 0, "hits": [], "error": str(error)})
            continue
        results.append({"query": text, "total": page.total, "matched": page.matched, "hits": page.hits,
                        "error": None})
    return results


def queries_from_lines(text: str) -> list[str]:
    """One query per line; blank lines dropped."""
    return [line.strip() for line in text.splitlines() if line.strip()]


def queries_from_csv(text: str) -> list[str]:
    """The first column of each row of a CSV file; blank cells dropped."""
    return [cells[0].strip() for cells in csv.reader(io.StringIO(text)) if cells and cells[0].strip()]


def batch_csv(results: list[dict]) -> str:
    """The results as CSV: one row per query, with its total and its top titles."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(["query", "total", "top_titles", "top_ids", "error"])
    for r in results:
        writer.writerow([r["query"], r["total"], " | ".join(h.article.title for h in r["hits"]),
                         " ".join(h.article.id for h in r["hits"]), r["error"] or ""])
    return buffer.getvalue()
