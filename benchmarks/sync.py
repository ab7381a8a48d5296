"""Sync against rebuild, from the command line as a user meets them (process start included).

    .venv/bin/python -m benchmarks.sync [--quick]

On a copy of BBC in a temporary folder, in one run: a cold rebuild (empty entity cache), a warm
rebuild of the unchanged sources, then 1% of the files changed (half edited, a quarter removed, a
quarter new) and both a `sync` and a warm `rebuild` of the changed sources, each from its own copy
of the index. Figures go to benchmarks/output/sync.json.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
from datetime import date
from pathlib import Path

from benchmarks.querylog import OUTPUT
from devtools.corpora import copy_sample

PROJECT = Path(__file__).resolve().parents[1]
BBC = PROJECT.parent / "shared" / "data" / "bbc-fulltext"
CHANGED_SHARE = 0.01


def cli(*args: str) -> dict:
    load, started = os.getloadavg()[0], time.perf_counter()
    done = subprocess.run([sys.executable, "-m", "searchsvc", *args], cwd=PROJECT, capture_output=True, text=True)
    if done.returncode != 0:
        raise SystemExit(done.stderr)
    return {
        "seconds": round(time.perf_counter() - started, 2),
        "load_before": round(load, 2),
        "output": done.stdout.strip().splitlines(),
    }


def change(folder: Path, share: float) -> dict:
    files = sorted(folder.rglob("*.txt"))
    count = max(4, round(len(files) * share))
    edited, removed = files[: count // 2], files[count // 2 : count * 3 // 4]
    for n, path in enumerate(edited):
        path.write_text(path.read_text(errors="replace") + f"\n\nA paragraph added for the sync benchmark, {n}.\n")
    for path in removed:
        path.unlink()
    new = count - len(edited) - len(removed)
    for n in range(new):
        (folder / "tech" / f"sync-{n}.txt").write_text(f"New story {n}\n\nA new story for the sync benchmark, {n}.\n")
    return {"edited": len(edited), "removed": len(removed), "new": new}


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--quick", action="store_true", help="40 articles per category, for a smoke run")
    parser.add_argument("--output", type=Path, default=OUTPUT)
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory() as tmp:
        tmp = Path(tmp)
        sources = copy_sample(BBC, tmp / "bbc", 40 if args.quick else None)
        index = tmp / "index"
        cold = cli("rebuild", str(sources), "--index", str(index))
        warm = cli("rebuild", str(sources), "--index", str(index))
        shutil.copytree(index, tmp / "index-sync", ignore=shutil.ignore_patterns("*.lock"))
        changed = change(sources, CHANGED_SHARE)
        synced = cli("sync", str(sources), "--index", str(tmp / "index-sync"))
        rebuilt = cli("rebuild", str(sources), "--index", str(index))
    result = {
        "date": date.today().isoformat(),
        "quick": args.quick,
        "changed": changed,
        "cold_rebuild": cold,
        "warm_rebuild_unchanged": warm,
        "sync_after_change": synced,
        "warm_rebuild_after_change": rebuilt,
        "warm_over_cold_speedup": round(cold["seconds"] / warm["seconds"], 2),
        "sync_over_rebuild_speedup": round(rebuilt["seconds"] / synced["seconds"], 2),
    }
    args.output.mkdir(parents=True, exist_ok=True)
    (args.output / f"sync{'-quick' if args.quick else ''}.json").write_text(json.dumps(result, indent=2) + "\n")
    print(
        json.dumps({k: v for k, v in result.items() if k.endswith("speedup") or k == "changed"}),
        {
            k: result[k]["seconds"]
            for k in ("cold_rebuild", "warm_rebuild_unchanged", "sync_after_change", "warm_rebuild_after_change")
        },
    )


if __name__ == "__main__":
    main()
