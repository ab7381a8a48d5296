"""Many searches at once: a list of names or queries, each with its total and top hits."""
from __future__ import annotations

import csv
import io
from dataclasses import replace

from .query import QueryError
from .ranked import SearchRequest, search

MAX_QUERIES = 1000
TOP_HITS = 3


def run_batch(searcher, queries: list[str], filters: SearchRequest, budget: float = 0.0, names=None) -> list[dict]:
    """Run each query with the same filters; a query that cannot run gets its error, not a failure."""
    results = []
    for text in queries:
        try:
            page = search(searcher, replace(filters, q=text, per_page=TOP_HITS, facet_size=0), budget, names)
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
