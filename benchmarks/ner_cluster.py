"""Entity extraction on a Dask cluster against local processes, same corpus, same run.

    .venv/bin/python -m benchmarks.ner_cluster [--quick]

A cold rebuild (empty entity cache) of BBC from the command line, timed from process start: once
with `--workers 2` (local processes), once with `--dask` against a scheduler and two
single-threaded workers started on loopback from the project's environment. Both use the same 2
cores, so the figure is the cluster path's overhead (scheduling, shipping texts and results), not a
speed-up; a real cluster adds machines. Figures go to benchmarks/output/ner-cluster.json.
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
from devtools.dask_cluster import cluster

PROJECT = Path(__file__).resolve().parents[1]
BBC = PROJECT.parent / "shared" / "data" / "bbc-fulltext"


def timed_rebuild(sources: Path, root: Path, *extra: str) -> dict:
    load = os.getloadavg()[0]
    started = time.perf_counter()
    done = subprocess.run(
        [sys.executable, "-m", "searchsvc", "rebuild", str(sources), "--index", str(root), *extra],
        cwd=PROJECT,
        capture_output=True,
        text=True,
    )
    seconds = time.perf_counter() - started
    if done.returncode != 0:
        raise SystemExit(done.stderr)
    return {
        "seconds": round(seconds, 1),
        "load_before": round(load, 2),
        "load_after": round(os.getloadavg()[0], 2),
        "summary": done.stdout.strip().splitlines(),
    }


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--quick", action="store_true", help="10 articles per category, for a smoke run")
    parser.add_argument("--output", type=Path, default=OUTPUT)
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory() as tmp:
        tmp = Path(tmp)
        sources = copy_sample(BBC, tmp / "bbc", 10) if args.quick else BBC
        local = timed_rebuild(sources, tmp / "local", "--workers", "2")
        with cluster(tmp) as (address, _):
            remote = timed_rebuild(sources, tmp / "remote", "--dask", address)
        shutil.rmtree(tmp / "local", ignore_errors=True)
    result = {
        "date": date.today().isoformat(),
        "quick": args.quick,
        "local_processes": local,
        "dask_cluster": remote,
        "cluster_over_local": round(remote["seconds"] / local["seconds"], 2),
    }
    args.output.mkdir(parents=True, exist_ok=True)
    (args.output / f"ner-cluster{'-quick' if args.quick else ''}.json").write_text(json.dumps(result, indent=2) + "\n")
    print(
        json.dumps({k: v for k, v in result.items() if k in ("cluster_over_local", "quick")}),
        "local",
        local["seconds"],
        "s; cluster",
        remote["seconds"],
        "s",
    )


if __name__ == "__main__":
    main()
