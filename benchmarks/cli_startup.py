"""CLI start-up as a user meets it: wall time from process start to exit, this tree beside a baseline.

Each command runs as its own process (`python -m searchsvc ...`, and the `searchsvc` console script
when the virtualenv has one), timed from before the fork to after the exit, the two trees taking
turns so that the machine's load falls on both alike. `stats` reads an index built from seeds/ by
this tree into a temporary folder. Figures: median and range over the runs, the load average before
and after, and what `--help` and `stats` import in each tree (`python -X importtime`, one run each).

    git worktree add ../before <commit>       # the code before, beside this one
    .venv/bin/python -m benchmarks.cli_startup --baseline ../before [--runs 10]
    git worktree remove ../before

Without --baseline only this tree is timed. Results: benchmarks/startup.md; JSON in benchmarks/output/.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections import Counter
from datetime import UTC, datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
OUTPUT = ROOT / "benchmarks" / "output" / "startup.json"
TARGET_S = 0.5  # issue 27: `searchsvc --help` and `searchsvc stats` within half a second
COMMANDS = {  # name: arguments after `searchsvc`; {index} is the seeds index
    "--help": ["--help"],
    "rebuild --help": ["rebuild", "--help"],
    "search --help": ["search", "--help"],
    "stats": ["stats", "--index", "{index}"],
}
SCRIPT_COMMANDS = ("--help", "stats")  # also timed through the console script
_IMPORT = re.compile(r"import time:\s+(\d+) \|\s+(\d+) \| (\s*)(\S+)")


def launcher(tree: Path, script: bool) -> tuple[list[str], dict[str, str]]:
    """The command line before the arguments, and the environment that makes it run `tree`'s code."""
    env = {**os.environ, "PYTHONPATH": str(tree)}  # ahead of the virtualenv's own path to the project
    env = {k: v for k, v in env.items() if not k.startswith("SEARCHSVC_")}  # the defaults, as a user starts
    if script:
        return [str(Path(sys.executable).with_name("searchsvc"))], env
    return [sys.executable, "-m", "searchsvc"], env


def run_once(tree: Path, args: list[str], script: bool) -> float:
    """Seconds from before the process starts until it has exited (it must succeed)."""
    command, env = launcher(tree, script)
    started = time.perf_counter()
    done = subprocess.run(command + args, cwd=tree, env=env, capture_output=True, text=True)
    seconds = time.perf_counter() - started
    if done.returncode:
        raise SystemExit(f"{' '.join(args)} in {tree} failed:\n{done.stderr}")
    return seconds


def build_index(folder: Path) -> Path:
    """An index of seeds/, built by this tree's `searchsvc rebuild`."""
    index = folder / "index"
    command, env = launcher(ROOT, script=False)
    subprocess.run(
        command + ["rebuild", str(ROOT / "seeds"), "--index", str(index)],
        cwd=ROOT,
        env=env,
        check=True,
        capture_output=True,
    )
    return index


def import_profile(tree: Path, args: list[str], top: int = 10) -> dict:
    """What a command imports: the total, and the packages with the most import time of their own."""
    command, env = launcher(tree, script=False)
    done = subprocess.run(
        [command[0], "-X", "importtime", *command[1:], *args],
        cwd=tree,
        env=env,
        capture_output=True,
        text=True,
        check=True,
    )
    own, total = Counter(), 0
    for match in _IMPORT.finditer(done.stderr):
        own[match[4].split(".")[0]] += int(match[1])
        if not match[3]:  # a top-level import: its cumulative time counts once
            total += int(match[2])
    return {
        "total_ms": round(total / 1000, 1),
        "packages_ms": {name: round(us / 1000, 1) for name, us in own.most_common(top)},
        "modules": sorted(own),
    }


def summary(times: list[float]) -> dict:
    return {
        "median_s": round(statistics.median(times), 3),
        "min_s": round(min(times), 3),
        "max_s": round(max(times), 3),
        "runs": len(times),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--baseline", type=Path, help="A checkout of the code to compare with (git worktree).")
    parser.add_argument("--runs", type=int, default=10, help="Runs of each command in each tree.")
    options = parser.parse_args()
    trees = {"after": ROOT} | ({"before": options.baseline.resolve()} if options.baseline else {})
    has_script = Path(sys.executable).with_name("searchsvc").exists()
    cases = [(name, False) for name in COMMANDS] + [(name, True) for name in SCRIPT_COMMANDS if has_script]
    folder = Path(tempfile.mkdtemp(prefix="cli-startup-"))
    try:
        index = build_index(folder)
        for tree in trees.values():  # untimed: byte-code compiled and files read once, in both trees alike
            for name, script in cases:
                run_once(tree, [a.format(index=index) for a in COMMANDS[name]], script)
        load_before = os.getloadavg()
        times = {(tree, name, script): [] for tree in trees for name, script in cases}
        for round_ in range(options.runs):
            for name, script in cases:
                order = list(trees) if round_ % 2 else list(reversed(trees))  # neither tree always first
                for tree in order:
                    args = [a.format(index=index) for a in COMMANDS[name]]
                    times[tree, name, script].append(run_once(trees[tree], args, script))
        load_after = os.getloadavg()
        profiles = {
            f"{tree} {name}": import_profile(path, [a.format(index=index) for a in COMMANDS[name]])
            for tree, path in trees.items()
            for name in SCRIPT_COMMANDS
        }
    finally:
        shutil.rmtree(folder, ignore_errors=True)
    results = {
        "date": datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC"),
        "load_before": [round(x, 2) for x in load_before],
        "load_after": [round(x, 2) for x in load_after],
        "python": sys.version.split()[0],
        "cores": os.cpu_count(),
        "timings": [
            {"tree": tree, "command": ("searchsvc " if script else "python -m searchsvc ") + name, **summary(values)}
            for (tree, name, script), values in times.items()
        ],
        "imports": profiles,
    }
    OUTPUT.parent.mkdir(parents=True, exist_ok=True)
    OUTPUT.write_text(json.dumps(results, indent=2))
    print(report(results))


def report(results: dict) -> str:
    """The figures as markdown: a row per command, after beside before and their ratio."""
    rows = {}
    for t in results["timings"]:
        rows.setdefault(t["command"], {})[t["tree"]] = t
    lines = [
        f"{results['date']}, Python {results['python']}, {results['cores']} cores; load average "
        f"{' '.join(map(str, results['load_before']))} before, {' '.join(map(str, results['load_after']))} after",
        "",
        f"| command | before: median (range) | after: median (range) | after / before | <= {TARGET_S} s? |",
        "|---|---|---|---|---|",
    ]
    for command, by_tree in rows.items():
        cell = {tree: f"{t['median_s']:.3f} s ({t['min_s']:.3f}-{t['max_s']:.3f})" for tree, t in by_tree.items()}
        after, before = by_tree["after"], by_tree.get("before")
        ratio = f"{after['median_s'] / before['median_s']:.2f}" if before else "-"
        lines.append(
            f"| `{command}` | {cell.get('before', '-')} | {cell['after']} | {ratio} | "
            f"{'yes' if after['median_s'] <= TARGET_S else 'no'} |"
        )
    lines += [
        "",
        "| tree, command | imports in all | the packages that take longest (ms of their own) |",
        "|---|---|---|",
    ]
    for case, profile in results["imports"].items():
        heavy = ", ".join(f"{name} {ms}" for name, ms in profile["packages_ms"].items())
        lines.append(f"| {case} | {profile['total_ms']} ms | {heavy} |")
    return "\n".join(lines)


if __name__ == "__main__":
    main()
