"""Cost per query against its number of matches, for benchmarks/scale.py: where Whoosh stops being enough.

One set of queries for every size: words, word pairs, quoted phrases and misspellings drawn (by
benchmarks/querylog.py, seeded, no entity filters) from the first CURVE_FROM articles of the scale
corpus, which every size's corpus starts with. So the same queries find about ten times as many
articles at each tenfold size. Each query runs once in this process, after a short warm-up, twice:
through the service's search() (every match is collected for the total and the facets) and through
plain Whoosh (top 10 with three fragments, which may skip what cannot reach the top). The figures are
grouped by the number of articles the query matched.
"""

from __future__ import annotations

import json
import random
import statistics
import time
from itertools import islice
from pathlib import Path

from benchmarks import querylog
from benchmarks.serving import percentile
from searchsvc.search.engine import Engine
from searchsvc.search.ranked import search

CURVE_FROM = 10_000  # articles at the start of every corpus the queries are drawn from
QUICK_CURVE_FROM = 60
CURVE_QUERIES = 200  # distinct queries, each run once per size
QUICK_CURVE_QUERIES = 30
WARM = 10
# lower bounds of the buckets of matches, with their labels
BUCKETS = ((0, "0"), (1, "1-99"), (100, "100-999"), (1_000, "1k-9.9k"), (10_000, "10k-99k"), (100_000, "100k+"))


def curve_queries(
    corpus: Path, out: Path, prefix: int = CURVE_FROM, count: int = CURVE_QUERIES, seed: int = querylog.SEED
) -> list[dict]:
    """The same distinct queries for every size: drawn from the first `prefix` articles of the corpus."""
    head = out / f"curve-source-{prefix}.jsonl"
    with open(corpus, encoding="utf-8") as lines:
        head.write_text("".join(islice(lines, prefix)), encoding="utf-8")
    texts = querylog.article_runs([head], "jsonl")
    return querylog.distinct_queries(texts, [], random.Random(seed), count)


def bucket_of(matches: int) -> str:
    return [label for floor, label in BUCKETS if matches >= floor][-1]


def _plain(searcher, parser, q: str) -> None:
    """What plain Whoosh does for a page: the top 10, three fragments of each hit's body."""
    from whoosh import highlight

    results = searcher.search(parser.parse(q), limit=10)
    results.fragmenter = highlight.ContextFragmenter(maxchars=160)
    for hit in results:
        hit.highlights("body", top=3)


def measure(root: Path, queries: list[dict]) -> list[dict]:
    """One row per query: its kind, matches, and milliseconds through search() and plain Whoosh."""
    from whoosh import qparser

    engine = Engine(root)
    rows = []
    try:
        with engine.searcher() as searcher:
            parser = qparser.MultifieldParser(["title", "body"], searcher.schema)
            for query in queries[:WARM]:
                search(searcher, querylog.search_request(query))
                _plain(searcher, parser, query["q"])
            for query in queries:
                t0 = time.perf_counter()
                page = search(searcher, querylog.search_request(query))
                t1 = time.perf_counter()
                _plain(searcher, parser, query["q"])
                t2 = time.perf_counter()
                rows.append(
                    {
                        "q": query["q"],
                        "kind": querylog.kind_of(query),
                        "matches": page.total,
                        "matched": page.matched,
                        "ms": round((t1 - t0) * 1000, 2),
                        "plain_ms": round((t2 - t1) * 1000, 2),
                    }
                )
    finally:
        engine.close()
    return rows


def summary(rows: list[dict]) -> dict[str, dict]:
    """Per bucket of matches: queries, p50 / p95 ms of search() and of plain Whoosh, median matches."""
    found: dict[str, dict] = {}
    for _, label in BUCKETS:
        inside = [r for r in rows if bucket_of(r["matches"]) == label]
        if inside:
            found[label] = {
                "queries": len(inside),
                "median_matches": int(statistics.median(r["matches"] for r in inside)),
                "p50_ms": _cut([r["ms"] for r in inside], 50),
                "p95_ms": _cut([r["ms"] for r in inside], 95),
                "plain_p50_ms": _cut([r["plain_ms"] for r in inside], 50),
                "plain_p95_ms": _cut([r["plain_ms"] for r in inside], 95),
            }
    return found


def _cut(values: list[float], percent: int) -> float:
    return percentile(values, percent, digits=1)


def table(curves: dict[int, dict[str, dict]]) -> str:
    """Markdown: one row per size and bucket."""
    lines = [
        "| articles | matches | queries | median matches | search() p50 / p95 ms | plain Whoosh p50 / p95 ms |",
        "|---:|---|---:|---:|---|---|",
    ]
    for size, buckets in sorted(curves.items()):
        for label, b in buckets.items():
            lines.append(
                f"| {size} | {label} | {b['queries']} | {b['median_matches']} | {b['p50_ms']} / "
                f"{b['p95_ms']} | {b['plain_p50_ms']} / {b['plain_p95_ms']} |"
            )
    return "\n".join(lines)


def write(rows: list[dict], path: Path) -> Path:
    path.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows), encoding="utf-8")
    return path
