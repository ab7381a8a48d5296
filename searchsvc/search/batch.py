"""Many searches at once: a list of names or queries, each with its total and top hits."""

from __future__ import annotations

import csv
import io
from collections.abc import Callable
from dataclasses import replace

from .budget import Deadline
from .export import cell
from .query import QueryError
from .ranked import SearchPage, SearchRequest

MAX_QUERIES = 1000
TOP_HITS = 3


def run_batch(
    search: Callable[[SearchRequest, float], SearchPage],
    queries: list[str],
    filters: SearchRequest,
    budget: float = 0.0,
    batch_budget: float = 0.0,
) -> list[dict]:
    """Run each query with the same filters through `search(request, seconds)` (a read session's, so
    each total is the one the search page shows); a query that cannot run gets its error, not a failure.

    Each query may take `budget` seconds, and the whole batch `batch_budget` (0: no limit): a query
    gets what is left of the batch's if that is less, and once it is spent the remaining queries are
    answered `timed_out` with nothing found, without running."""
    deadline = Deadline(batch_budget)
    results = []
    for text in queries:
        if deadline.passed():
            results.append({"query": text, "total": 0, "matched": None, "hits": [], "timed_out": True, "error": None})
            continue
        try:
            page = search(replace(filters, q=text, page=1, per_page=TOP_HITS, facet_size=0), deadline.within(budget))
        except QueryError as error:
            results.append(
                {"query": text, "total": 0, "matched": None, "hits": [], "timed_out": False, "error": str(error)}
            )
            continue
        results.append(
            {
                "query": text,
                "total": page.total,
                "matched": page.matched,
                "hits": page.hits,
                "timed_out": page.timed_out,
                "error": None,
            }
        )
    return results


def queries_from_lines(text: str) -> list[str]:
    """One query per line; blank lines dropped."""
    return [line.strip() for line in text.splitlines() if line.strip()]


def queries_from_csv(text: str) -> list[str]:
    """The first column of each row of a CSV file; blank cells dropped."""
    return [cells[0].strip() for cells in csv.reader(io.StringIO(text)) if cells and cells[0].strip()]


def batch_csv(results: list[dict]) -> str:
    """The results as CSV: one row per query, with its total and its top titles (a cell a spreadsheet
    would run as a formula starts with a single quote)."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(["query", "total", "top_titles", "top_ids", "error"])
    for r in results:
        writer.writerow(
            [
                cell(value)
                for value in (
                    r["query"],
                    r["total"],
                    " | ".join(h.article.title for h in r["hits"]),
                    " ".join(h.article.id for h in r["hits"]),
                    r["error"] or ("timed out" if r.get("timed_out") else ""),
                )
            ]
        )
    return buffer.getvalue()
