"""What a user sees on BBC, as JSON, so that a refactor can show its outputs unchanged.

Builds BBC with a checkout's own CLI (once per index folder), then asks that checkout's app a fixed
set of questions (searches with their facets, phrases, nested queries, filters, paging, sorting;
entity lists and pages; related articles; exports; quotes; stats) and writes the answers with the
fields that name a moment or a build removed. Run it on the commit before a refactor and after,
each with its own index folder, and compare the two files:

    python -m benchmarks.house_outputs --checkout ../before --index ../before-bbc --out before.json
    python -m benchmarks.house_outputs --checkout . --index ../after-bbc --out after.json
    cmp before.json after.json

The entity cache of the first build can be copied into the second's index folder (both rules
versions equal) so the second build runs no model. Both builds use one writer (--workers 1): with
more, the order of equal scores can differ between two builds of the same sources.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
from pathlib import Path

BBC = Path(__file__).resolve().parents[1].parent / "shared" / "data" / "bbc-fulltext"

SEARCHES = [
    "q=election",
    "q=election&page=2",
    "q=election&sort=newest",
    'q="secretary of state"',
    'q="war in Iraq"',
    'q=(oil OR gas) AND NOT (russia OR "yukos")',
    "q=strike OR (walkout NOT iraq)",
    "q=brown -blair",
    "q=champions league&category=sport",
    "q=music&person=Elton John",
    "q=&org=Labour",
    "q=&place=United Kingdom&per_page=50",
    "q=mobile phone&org=Microsoft",
    "q=film award&category=entertainment&page=2",
    "q=tax*",
    "q=econmy~",
    "q=title:chelsea",
    "q=euro&place=Europe&sort=oldest&page=3",
]
ENTITY_LISTS = [f"type={kind}&limit=100" for kind in ("people", "organizations", "places")] + [
    "type=places&prefix=uk",
    "type=people&prefix=tony",
]
ENTITY_PAGES = ["people/Tony Blair", "organizations/Labour", "places/Iraq", "people/Prince Charles"]
QUOTES = ["q=economy", "speaker=Tony Blair", "q=&sort=newest", 'q="war in Iraq"']
VOLATILE = {"took_ms", "took", "generation", "built_at", "request_id", "time", "uptime_seconds"}


def answers(index: str) -> dict:
    """Runs inside the checkout: every question through the app's own test client."""
    from searchsvc.web.app import create_app

    client = create_app({"INDEX_DIR": index}).test_client()

    def get(path: str):
        response = client.get(path)
        kind = response.headers.get("Content-Type", "")
        body = response.get_json() if "json" in kind and "jsonl" not in kind else response.get_data(as_text=True)
        total = response.headers.get("X-Total-Count")
        return {"status": response.status_code, "total": total, "body": body}

    out: dict = {}
    for query in SEARCHES:
        out[f"/api/search?{query}"] = found = get(f"/api/search?{query}")
        hits = (found["body"] or {}).get("hits", []) if isinstance(found["body"], dict) else []
        if hits:
            first = hits[0]["id"]
            out[f"/api/articles/{first}/related"] = get(f"/api/articles/{first}/related?limit=10")
        out[f"/api/search/export?{query}"] = get(f"/api/search/export?format=jsonl&{query}")
    for query in ENTITY_LISTS:
        out[f"/api/entities?{query}"] = get(f"/api/entities?{query}")
    for page in ENTITY_PAGES:
        out[f"/api/entities/{page}"] = get(f"/api/entities/{page}")
    for query in QUOTES:
        out[f"/api/quotes?{query}"] = get(f"/api/quotes?{query}")
    out["/api/stats"] = get("/api/stats")
    return out


def without_moments(value):
    if isinstance(value, dict):
        return {key: without_moments(item) for key, item in value.items() if key not in VOLATILE}
    if isinstance(value, list):
        return [without_moments(item) for item in value]
    return value


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--checkout", type=Path, default=Path("."), help="the project checkout to ask")
    parser.add_argument("--index", type=Path, required=True, help="index folder (built from BBC when empty)")
    parser.add_argument("--out", type=Path, required=True)
    # one writer: with two, Whoosh writes two segments whose order, and so the order of equal scores
    # (which copy of an exact duplicate leads), can differ from build to build
    parser.add_argument("--workers", type=int, default=1)
    parser.add_argument("--answers", help=argparse.SUPPRESS)  # internal: run inside the checkout
    args = parser.parse_args()
    if args.answers:
        print(json.dumps(without_moments(answers(args.answers)), sort_keys=True, indent=1, ensure_ascii=False))
        return
    checkout, index = args.checkout.resolve(), args.index.resolve()
    # one hash seed for both builds: set order reaches the order documents are written in
    env = {"PYTHONPATH": str(checkout), "PATH": "/usr/bin:/bin", "PYTHONHASHSEED": "0"}
    if not any(index.glob("gen-*")):
        subprocess.run(
            [sys.executable, "-m", "searchsvc", "rebuild", str(BBC), "--index", str(index)]
            + ["--workers", str(args.workers)],
            cwd=checkout,
            env=env,
            check=True,
        )
    me = Path(__file__).resolve()
    done = subprocess.run(
        [sys.executable, str(me), "--index", str(index), "--out", "-", "--answers", str(index)],
        cwd=checkout,
        env=env,
        check=True,
        capture_output=True,
        text=True,
    )
    args.out.write_text(done.stdout, encoding="utf-8")
    print(f"{len(json.loads(done.stdout))} answers -> {args.out}")


if __name__ == "__main__":
    main()
