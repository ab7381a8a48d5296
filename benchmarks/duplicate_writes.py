"""What one write costs the near-duplicate files, at archive sizes: this tree beside a baseline.

    git worktree add ../before <commit>       # the code before, beside this one
    .venv/bin/python -m benchmarks.duplicate_writes --baseline ../before [--sizes 10000,100000]

Synthetic archives made as benchmarks/scale.py makes them (BBC paragraphs recombined, seeded; in
memory only). For each size, each tree's own rebuild files (signatures and groups) are written once
into a temporary folder; then the two trees take turns on the same writes, each timed as the
indexer runs it (`duplicates.update` under the write lock: read what it needs, place the articles,
write): one new article, one replaced, one deleted; then what a search worker pays once to read the
groups again. The baseline's duplicates.py is loaded from its file (it imports nothing of the
project); the signatures and pairs are computed once, by this tree, and saved by each. Figures: median and range per kind of write, the files'
sizes, the 1-minute load average before and after; JSON in benchmarks/output/duplicate_writes.json.
"""

from __future__ import annotations

import argparse
import importlib.util
import json
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path
from types import SimpleNamespace

from benchmarks import scale
from benchmarks.querylog import OUTPUT
from searchsvc.index import duplicates

BBC = Path(__file__).resolve().parents[1].parent / "shared" / "data" / "bbc-fulltext"
SIZES = (10_000, 100_000)
WRITES = 5  # of each kind, per tree and size


def baseline_module(tree: Path):
    spec = importlib.util.spec_from_file_location("baseline_duplicates", tree / "searchsvc" / "index" / "duplicates.py")
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # dataclasses look their module up
    spec.loader.exec_module(module)
    return module


def bodies(count: int) -> list[str]:
    sources = scale.source_articles([(BBC, None)])
    return ["\n\n".join(record["body"]) for record in scale.recombine(sources, count)]


def files_mb(folder: Path) -> float:
    return round(sum(p.stat().st_size for p in folder.rglob("*") if p.is_file()) / 1e6, 1)


def timed_writes(module, folder: Path, ids: list[str], texts: list[str], fresh: list[str], turn: int) -> dict:
    """One write of each kind; seconds each."""
    started = time.perf_counter()
    module.update(folder, [SimpleNamespace(id=f"new-{turn}", body=fresh[turn])], [])
    added = time.perf_counter() - started
    started = time.perf_counter()
    module.update(folder, [SimpleNamespace(id=ids[turn], body=texts[-1 - turn])], [])
    replaced = time.perf_counter() - started
    started = time.perf_counter()
    module.update(folder, [], [ids[-1 - turn]])
    deleted = time.perf_counter() - started
    return {"add one": added, "replace one": replaced, "delete one": deleted}


def measure(size: int, trees: dict, texts: list[str], fresh: list[str], tmp: Path) -> dict:
    ids = [f"scale-{n:07d}" for n in range(size)]
    started = time.perf_counter()
    built = duplicates.Duplicates.build(ids, texts[:size])  # the same pairs as the baseline's (tests/test_minhash.py)
    print(f"{size:,}: signed and paired in {time.perf_counter() - started:.1f} s", file=sys.stderr)
    folders = {}
    for name, module in trees.items():  # each tree's rebuild files, written by its own code
        folders[name] = tmp / f"{name}-{size}"
        folders[name].mkdir()
        module.Duplicates(list(built.ids), built.sigs.copy(), dict(built.pairs)).save(folders[name])
    seconds: dict = {name: {} for name in trees}
    load = [os.getloadavg()[0]]
    for turn in range(WRITES):
        for name, module in trees.items():
            for kind, value in timed_writes(module, folders[name], ids, texts[:size], fresh, turn).items():
                seconds[name].setdefault(kind, []).append(value)
    reads = {}
    for name, module in trees.items():  # what each search worker pays once after a write (median of 3)
        times = []
        for _ in range(3):
            started = time.perf_counter()
            groups = module.read_groups(folders[name])
            times.append(time.perf_counter() - started)
        reads[name] = (round(1000 * statistics.median(times), 1), len(groups))
    load.append(os.getloadavg()[0])
    result = {"articles": size, "pairs": len(built.pairs), "load_before_after": [round(x, 2) for x in load]}
    for name in trees:
        result[name] = {
            "files_mb": files_mb(folders[name]),
            "groups": reads[name][1],
            "read groups after the writes": {"ms": reads[name][0]},
            **{
                kind: {
                    "median_ms": round(1000 * statistics.median(v), 1),
                    "range_ms": [round(1000 * min(v), 1), round(1000 * max(v), 1)],
                }
                for kind, v in seconds[name].items()
            },
        }
    return result


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--baseline", type=Path, help="A checkout of the code to compare with (git worktree).")
    parser.add_argument("--sizes", default=",".join(map(str, SIZES)))
    parser.add_argument("--output", type=Path, default=OUTPUT)
    args = parser.parse_args(argv)
    sizes = [int(s) for s in args.sizes.split(",")]
    trees = ({"before": baseline_module(args.baseline.resolve())} if args.baseline else {}) | {"after": duplicates}
    texts = bodies(max(sizes) + WRITES)
    fresh, texts = texts[-WRITES:], texts[:-WRITES]
    with tempfile.TemporaryDirectory(prefix="searchsvc-dupwrites-") as tmp:
        results = [measure(size, trees, texts, fresh, Path(tmp)) for size in sizes]
    args.output.mkdir(parents=True, exist_ok=True)
    (args.output / "duplicate_writes.json").write_text(json.dumps(results, indent=2) + "\n")
    for result in results:
        print(json.dumps(result))


if __name__ == "__main__":
    main()
