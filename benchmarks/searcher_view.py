"""Search speed in one process, this checkout against a baseline checkout, run in turns.

    .venv/bin/python -m benchmarks.searcher_view --index INDEX --baseline ../before [--checkout .] [--rounds 5]

For the move of the search caches from module globals to a per-searcher view and an engine's segment
cache (issue 28). INDEX is any built index folder (BBC: `searchsvc rebuild ../shared/data/bbc-fulltext`);
neither checkout writes to it. Each round starts a fresh process of each checkout, in turns (so a
change of load hits both alike), which opens an engine and times: its warming (every segment read),
the searches below uncached (ranking, facets, snippets), again on the same searcher, and the related
lists of the first hits. The figures are medians over rounds and the ratio this / baseline (under 1:
faster), with the 1-minute load average.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import time
from pathlib import Path

PROJECT = Path(__file__).resolve().parents[1]
QUERIES = [
    "election",
    "tony blair",
    "oil OR gas",
    '"prime minister"',
    "economy -growth",
    "(oil OR gas) AND NOT russia",
    "film award",
    "mobile phone",
    "",
]
REPEATS = 5  # each query this many times, uncached, on one searcher
RELATED_OF = 10  # related lists of this many first hits
STEPS = ("warm_s", "searches_s", "related_s")


def measure(index: str) -> dict:
    """Inside a checkout: one engine's timings, in seconds."""
    from searchsvc.search.engine import Engine
    from searchsvc.search.ranked import SearchRequest

    engine = Engine(Path(index))
    started = time.perf_counter()
    engine.warm()
    warm = time.perf_counter() - started
    ids: list[str] = []
    started = time.perf_counter()
    with engine.session() as session:
        for _ in range(REPEATS):
            for q in QUERIES:
                page = session.search(SearchRequest(q=q), cached=False)
                ids.extend(hit.article.id for hit in page.hits)
    searches = time.perf_counter() - started
    started = time.perf_counter()
    with engine.session() as session:
        for article_id in list(dict.fromkeys(ids))[:RELATED_OF]:
            session.related(article_id, 10)
    return {"warm_s": warm, "searches_s": searches, "related_s": time.perf_counter() - started}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--index", type=Path)
    parser.add_argument("--baseline", type=Path, help="the checkout to compare with (its benchmarks/ is not used)")
    parser.add_argument("--checkout", type=Path, default=PROJECT, help="the checkout measured (default: this one)")
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--measure", help=argparse.SUPPRESS)  # internal: run inside a checkout
    args = parser.parse_args()
    if args.measure:
        print(json.dumps(measure(args.measure)))
        return
    this, baseline = args.checkout.resolve(), args.baseline.resolve()
    found: dict[str, list[dict]] = {"this": [], "baseline": []}
    loads = [os.getloadavg()[0]]
    for _ in range(args.rounds):
        found["this"].append(measure_in(this, args.index.resolve()))
        found["baseline"].append(measure_in(baseline, args.index.resolve()))
        loads.append(os.getloadavg()[0])
    print(f"rounds {args.rounds}, load (1 min) {min(loads):.1f}-{max(loads):.1f}")
    print(f"{'step':<12}{'this':>10}{'baseline':>10}{'ratio':>8}")
    for step in STEPS:
        mine = statistics.median(r[step] for r in found["this"])
        theirs = statistics.median(r[step] for r in found["baseline"])
        print(f"{step:<12}{mine:>10.3f}{theirs:>10.3f}{mine / theirs:>8.2f}")


def measure_in(checkout: Path, index: Path) -> dict:
    """`measure` in a fresh process importing the checkout's package (the baseline may predate this file)."""
    env = {**os.environ, "PYTHONPATH": str(checkout)}
    done = subprocess.run(
        [sys.executable, str(Path(__file__).resolve()), "--measure", str(index)],
        cwd=checkout,
        env=env,
        check=True,
        capture_output=True,
        text=True,
    )
    return json.loads(done.stdout)


if __name__ == "__main__":
    main()
