"""The most mentioned entities of each type in an index, to read the junk off a whole corpus.

    .venv/bin/python -m benchmarks.entity_top --index DIR [--limit 100] [--junk]

Prints, per type, the names with how many articles mention them (as GET /api/entities?type=...
answers). With --junk, only the names of the issue-11 junk list found in each type's top list.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from searchsvc.index.schema import NAME_FIELDS
from searchsvc.search.engine import Engine
from searchsvc.search.ranked import entity_counts

# Names measured on BBC as wrong for their type (issue 11); none should be in its top 100.
JUNK = {
    "people": {"Oscar", "Lib Dem", "Manchester United", "Labour", "Yukos", "Harry Potter", "Ray", "David", "Frost"},
    "organizations": {"GMT", "Oscars", "iPod", "Budget", "Budgets", "Wales", "Digital", "Xbox", "Aviator", "Rings"},
    "places": {"Bhutan", "Grand Slam", "Gambia", "Laos", "Moldova", "Anguilla", "Guadeloupe"},
}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--index", type=Path, required=True)
    parser.add_argument("--limit", type=int, default=100)
    parser.add_argument("--junk", action="store_true", help="only the known junk names in each top list")
    args = parser.parse_args(argv)
    with Engine(args.index).searcher() as searcher:
        for kind in NAME_FIELDS:
            top = entity_counts(searcher, kind, limit=args.limit)
            if args.junk:
                top = [e for e in top if e["value"] in JUNK[kind]]
            print(f"## {kind} (top {args.limit}{', junk only' if args.junk else ''})")
            print(", ".join(f"{e['value']} ({e['count']})" for e in top) or "-")
    return 0


if __name__ == "__main__":
    sys.exit(main())
