"""Entity extraction for writes, as a user meets it (issue 27, item 1): an API write of a new text
through gunicorn, a CLI `add` of one article from process start, and `sync` of 1% changed files
beside a warm rebuild, each with the load average when it ran.

    .venv/bin/python -m benchmarks.ner_server [--writes 15] [--adds 5] [--sync] [--label after] [--quick]

To compare with the code before, run the same script in a worktree of that commit (copy this file
there first) with `--output` pointing here. The index is a BBC sample (20 articles per category)
built cold into a temporary folder; each write and each `add` is a BBC article that sample left out,
so its entities are not in the cache. `--sync` uses the whole of BBC (a cold rebuild first, minutes).
Results: benchmarks/ner_server.md; JSON in benchmarks/output/ner_server-<label>.json.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import UTC, datetime
from pathlib import Path

from benchmarks.querylog import OUTPUT
from benchmarks.sync import CHANGED_SHARE, change
from devtools.corpora import copy_sample
from devtools.server import get, gunicorn

PROJECT = Path(__file__).resolve().parents[1]
BBC = PROJECT.parent / "shared" / "data" / "bbc-fulltext"
SAMPLE = 20  # articles per category in the index the writes go to
KEY = "bench-key"


def load() -> float:
    return round(os.getloadavg()[0], 2)


def cli(*args: str) -> dict:
    """One command line as its own process, timed from before it starts until it has exited."""
    before, started = load(), time.perf_counter()
    done = subprocess.run(
        [sys.executable, "-m", "searchsvc", *map(str, args)], cwd=PROJECT, capture_output=True, text=True
    )
    if done.returncode != 0:
        raise SystemExit(done.stderr)
    return {
        "seconds": round(time.perf_counter() - started, 3),
        "load": before,
        "output": done.stdout.strip().splitlines()[-3:],
    }


def left_out(corpus: Path, count: int) -> list[Path]:
    """BBC files the sample index does not hold, taken from every category in turn."""
    categories = [sorted(p.glob("*.txt"))[SAMPLE:] for p in sorted(corpus.iterdir()) if p.is_dir()]
    return [files[n] for n in range(count) for files in categories][:count]


def summary(runs: list[dict]) -> dict:
    seconds = [r["seconds"] for r in runs]
    return {
        "p50": round(statistics.median(seconds), 3),
        "min": min(seconds),
        "max": max(seconds),
        "first": seconds[0],
        "loads": [r["load"] for r in runs],
        "runs": runs,
    }


def api_writes(base: str, files: list[Path]) -> dict:
    runs = []
    for n, path in enumerate(files):
        title, _, body = path.read_text(errors="replace").partition("\n")
        before, started = load(), time.perf_counter()
        status, answer = get(
            f"{base}/api/articles",
            method="POST",
            timeout=120,
            body={"id": f"bench-write-{n}", "title": title.strip(), "body": body.strip()},
            headers={"Authorization": f"Bearer {KEY}"},
        )
        runs.append(
            {
                "seconds": round(time.perf_counter() - started, 3),
                "load": before,
                "status": status,
                "words": len(body.split()),
            }
        )
        if status != 201:
            raise SystemExit(f"write {n}: {status} {answer}")
    return summary(runs)


def adds(index: Path, files: list[Path], folder: Path, tag: str) -> dict:
    runs = []
    for n, path in enumerate(files):
        copy = folder / f"bench-add-{tag}-{n}.txt"
        shutil.copy(path, copy)
        runs.append(cli("add", copy, "--index", index))
    return summary(runs)


def sync_against_rebuild(corpus: Path, tmp: Path) -> dict:
    """benchmarks/sync.py's run, with the sync done twice from copies of one index: alone, and with
    the service running on its index."""
    sources = copy_sample(corpus, tmp / "bbc-all", None)
    index = tmp / "index-all"
    cold = cli("rebuild", sources, "--index", index)
    warm = cli("rebuild", sources, "--index", index)
    for name in ("alone", "served"):
        shutil.copytree(index, tmp / f"index-sync-{name}", ignore=shutil.ignore_patterns("*.lock"))
    changed = change(sources, CHANGED_SHARE)
    alone = cli("sync", sources, "--index", tmp / "index-sync-alone")
    with gunicorn(tmp / "index-sync-served", workers=2, env={"SEARCHSVC_API_KEYS": KEY}):
        served = cli("sync", sources, "--index", tmp / "index-sync-served")
    rebuilt = cli("rebuild", sources, "--index", index)
    return {
        "changed": changed,
        "cold_rebuild": cold,
        "warm_rebuild_unchanged": warm,
        "sync_alone": alone,
        "sync_with_service": served,
        "warm_rebuild_after_change": rebuilt,
        "rebuild_over_sync_alone": round(rebuilt["seconds"] / alone["seconds"], 1),
        "rebuild_over_sync_with_service": round(rebuilt["seconds"] / served["seconds"], 1),
    }


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--writes", type=int, default=15)
    parser.add_argument("--adds", type=int, default=5)
    parser.add_argument("--sync", action="store_true", help="also sync 1%% of BBC against a warm rebuild")
    parser.add_argument("--label", default="after")
    parser.add_argument("--output", type=Path, default=OUTPUT)
    parser.add_argument("--corpus", type=Path, default=BBC, help="the BBC full-text corpus")
    parser.add_argument("--quick", action="store_true", help="2 writes and 1 add each way, for a smoke run")
    args = parser.parse_args(argv)
    if args.quick:
        args.writes, args.adds, args.label = 2, 1, f"{args.label}-quick"
    result = {
        "label": args.label,
        "started": datetime.now(UTC).isoformat(timespec="seconds"),
        "load_at_start": os.getloadavg(),
    }
    new = left_out(args.corpus, args.writes + 2 * args.adds)
    with tempfile.TemporaryDirectory() as tmp:
        tmp = Path(tmp)
        sources = copy_sample(args.corpus, tmp / "bbc", SAMPLE)
        index = tmp / "index"
        result["cold_rebuild"] = cli("rebuild", sources, "--index", index)
        result["add_alone"] = adds(index, new[args.writes : args.writes + args.adds], tmp, "alone")
        with gunicorn(index, workers=2, env={"SEARCHSVC_API_KEYS": KEY}):
            pass  # the first start compiles and warms what it can: not what a write costs
        with gunicorn(index, workers=2, env={"SEARCHSVC_API_KEYS": KEY}) as (base, _):
            result["api_write"] = api_writes(base, new[: args.writes])
            result["add_with_service"] = adds(index, new[args.writes + args.adds :], tmp, "served")
        if args.sync:
            result["sync"] = sync_against_rebuild(args.corpus, tmp)
    result["load_at_end"] = os.getloadavg()
    args.output.mkdir(parents=True, exist_ok=True)
    (args.output / f"ner_server-{args.label}.json").write_text(json.dumps(result, indent=2) + "\n")
    print(
        json.dumps(
            {
                key: {k: v for k, v in value.items() if k != "runs"} if isinstance(value, dict) else value
                for key, value in result.items()
                if key != "sync"
            },
            indent=1,
        )
    )
    if args.sync:
        print({k: v["seconds"] if isinstance(v, dict) and "seconds" in v else v for k, v in result["sync"].items()})


if __name__ == "__main__":
    main()
