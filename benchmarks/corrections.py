"""Editors' corrections as a newsroom meets them: POST /api/corrections through gunicorn on BBC, the
next search, and undo, beside the warm rebuild from the CLI that a user would otherwise run.

    .venv/bin/python -m benchmarks.corrections [--index DIR]

Without --index it builds BBC in a temporary folder first (NER, a few minutes). The index is
copied, so the one given is never changed. Figures go to benchmarks/output/corrections.json.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import tempfile
import time
from datetime import date
from pathlib import Path

from benchmarks.querylog import OUTPUT
from benchmarks.sync import BBC, cli
from devtools.server import get, gunicorn

KEY = "bench-key"
AUTH = {"Authorization": f"Bearer {KEY}"}
# what an editor of BBC would fix: a big entity renamed, a frequent place merged, a name hidden
CORRECTIONS = [
    {"type": "people", "name": "Tony Blair", "action": "rename", "to": "Tony Blair (PM)"},
    {"type": "places", "name": "London", "action": "merge", "into": "United Kingdom"},
    {"type": "people", "name": "Ray Charles", "action": "hide"},
]


def timed(call) -> tuple[float, object]:
    started = time.perf_counter()
    result = call()
    return round(time.perf_counter() - started, 3), result


def total(base: str, **params) -> int:
    query = "&".join(f"{k}={v}" for k, v in params.items())
    return get(f"{base}/api/search?{query}&collapse=false", timeout=60)[1]["total"]


def run(index: Path) -> dict:
    figures = {"date": date.today().isoformat(), "load_before": round(os.getloadavg()[0], 2), "corrections": []}
    with gunicorn(index, env={"SEARCHSVC_API_KEYS": KEY}) as (base, _):
        figures["search_seconds"], _ = timed(lambda: total(base, q="election"))
        for body in CORRECTIONS:
            kind = {"people": "person", "places": "place", "organizations": "org"}[body["type"]]
            before = total(base, **{kind: body["name"].replace(" ", "%20")})
            seconds, (status, made) = timed(
                lambda: get(f"{base}/api/corrections", method="POST", headers=AUTH, body=body, timeout=300)
            )
            assert status == 201, made
            next_search, after = timed(lambda: total(base, **{kind: body["name"].replace(" ", "%20")}))
            undo, (undone, _) = timed(
                lambda: get(f"{base}/api/corrections/{made['id']}", method="DELETE", headers=AUTH, timeout=300)
            )
            assert undone == 204
            figures["corrections"].append(
                {
                    "correction": body,
                    "articles_before": before,
                    "articles_after": after,
                    "rewritten": made["rewritten"],
                    "post_seconds": seconds,
                    "next_search_seconds": next_search,
                    "undo_seconds": undo,
                }
            )
    figures["warm_rebuild"] = cli("rebuild", "--index", str(index))
    return figures


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--index", type=Path, help="a BBC index to copy (default: build one)")
    parser.add_argument("--output", type=Path, default=OUTPUT)
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory() as tmp:
        index = Path(tmp) / "index"
        if args.index:
            shutil.copytree(args.index, index, ignore=shutil.ignore_patterns("*.lock"))
        else:
            cli("rebuild", str(BBC), "--index", str(index))
        figures = run(index)
    args.output.mkdir(parents=True, exist_ok=True)
    (args.output / "corrections.json").write_text(json.dumps(figures, indent=1))
    print(json.dumps(figures, indent=1))


if __name__ == "__main__":
    main()
