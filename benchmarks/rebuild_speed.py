"""Warm rebuild against cold, from the command line as a user meets them: this tree beside a baseline.

    git worktree add ../before <commit>       # the code before, beside this one
    .venv/bin/python -m benchmarks.rebuild_speed --baseline ../before [--runs 3] [--cold-both]

BBC (read where it lies, never copied into the project), one index folder in a temporary directory:
a cold rebuild by this tree (empty entity cache), then warm rebuilds (every entity from the cache),
the two trees taking turns so that the machine's load falls on both alike; with --cold-both, a
cold rebuild by the baseline last (its own empty cache). Each run is `python -m searchsvc rebuild`
in its own process, timed from before the fork to after the exit, with the CPU time it and its
children used and the 1-minute load average before it. JSON in benchmarks/output/rebuild_speed.json.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import date
from pathlib import Path

from benchmarks.querylog import OUTPUT

PROJECT = Path(__file__).resolve().parents[1]
BBC = PROJECT.parent / "shared" / "data" / "bbc-fulltext"
TARGET = 10.0  # issue 27: a warm rebuild at least 10x faster than a cold one


def rebuild(tree: Path, sources: Path, index: Path) -> dict:
    """One rebuild from the command line: wall seconds, CPU seconds (with its children), load before."""
    load, before = os.getloadavg()[0], resource.getrusage(resource.RUSAGE_CHILDREN)
    started = time.perf_counter()
    done = subprocess.run(
        [sys.executable, "-m", "searchsvc", "rebuild", str(sources), "--index", str(index)],
        cwd=tree,
        capture_output=True,
        text=True,
    )
    seconds = time.perf_counter() - started
    if done.returncode != 0:
        raise SystemExit(f"rebuild by {tree} ended with {done.returncode}: {done.stderr.strip()[-2000:]}")
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return {
        "seconds": round(seconds, 2),
        "cpu_seconds": round(cpu, 2),
        "load_before": round(load, 2),
        "said": done.stdout.strip().splitlines()[-1],
    }


def summary(runs: list[dict]) -> dict:
    seconds = [r["seconds"] for r in runs]
    return {
        "median_s": round(statistics.median(seconds), 2),
        "range_s": [min(seconds), max(seconds)],
        "median_cpu_s": round(statistics.median(r["cpu_seconds"] for r in runs), 2),
    }


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--baseline", type=Path, help="A checkout of the code to compare with (git worktree).")
    parser.add_argument("--tree", type=Path, default=PROJECT, help="The code measured (default: this tree).")
    parser.add_argument("--runs", type=int, default=3, help="warm rebuilds per tree (default 3)")
    parser.add_argument("--cold-both", action="store_true", help="a cold rebuild by the baseline too")
    parser.add_argument("--output", type=Path, default=OUTPUT)
    args = parser.parse_args(argv)
    trees = {"after": args.tree.resolve()} | ({"before": args.baseline.resolve()} if args.baseline else {})
    result: dict = {"date": date.today().isoformat(), "articles": "BBC, 2,225", "cores": os.cpu_count()}
    with tempfile.TemporaryDirectory(prefix="searchsvc-rebuild-") as tmp:
        index = Path(tmp) / "index"
        result["cold"] = {"after": rebuild(trees["after"], BBC, index)}
        print("cold", result["cold"], file=sys.stderr)
        warm: dict[str, list[dict]] = {name: [] for name in trees}
        for _turn in range(args.runs):
            for name, tree in reversed(trees.items()) if _turn % 2 else trees.items():
                warm[name].append(rebuild(tree, BBC, index))
                print("warm", name, warm[name][-1], file=sys.stderr)
        if args.cold_both and "before" in trees:
            result["cold"]["before"] = rebuild(trees["before"], BBC, Path(tmp) / "index-before")
            print("cold before", result["cold"]["before"], file=sys.stderr)
    result["warm"] = {name: {"runs": runs, **summary(runs)} for name, runs in warm.items()}
    result["warm_over_cold"] = {
        name: round(cold["seconds"] / result["warm"][name]["median_s"], 2) for name, cold in result["cold"].items()
    }
    if "before" not in result["cold"] and "before" in warm:  # the same cold rebuild against each
        result["warm_over_cold"]["before, against the cold rebuild of after"] = round(
            result["cold"]["after"]["seconds"] / result["warm"]["before"]["median_s"], 2
        )
    args.output.mkdir(parents=True, exist_ok=True)
    (args.output / "rebuild_speed.json").write_text(json.dumps(result, indent=2) + "\n")
    print(
        json.dumps({k: result[k] for k in ("warm_over_cold",)}),
        {name: (w["median_s"], w["median_cpu_s"]) for name, w in result["warm"].items()},
    )


if __name__ == "__main__":
    main()
