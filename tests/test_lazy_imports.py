"""The command line starts without its heavy libraries: each is imported by the command that needs it
(issue 27). Asserted on what a process has imported, never on time: the timings are in
benchmarks/startup.md (`python -m benchmarks.cli_startup`)."""

from __future__ import annotations

import json
import subprocess
import sys

from searchsvc.cli import cli

from .conftest import PROJECT

# imported by no command's --help, nor by stats or search: each costs 0.03-0.3 s to import
HEAVY = {
    "spacy",
    "scipy",
    "datasketch",
    "trafilatura",
    "courlan",
    "htmldate",
    "feedparser",
    "dateparser",
    "dask",
    "distributed",
    "flask",
    "marshmallow",
}
ENGINE = {"whoosh", "numpy"}  # what stats and search need, and no --help
# runs each command line given (as JSON) in one process, the way the `searchsvc` script does, and
# prints after each the top-level packages imported so far
PROBE = """
import json, sys
from searchsvc.cli import cli
seen = {}
for args in json.loads(sys.argv[1]):
    try:
        cli.main(args, prog_name="searchsvc")
    except SystemExit as done:
        assert not done.code, (args, done.code)
    seen[" ".join(args)] = sorted({name.split(".")[0] for name in sys.modules})
print(json.dumps(seen), file=sys.stderr)
"""


def imported(*command_lines: list[str]) -> dict[str, set[str]]:
    """The packages a fresh process has imported after running each command line, in turn."""
    done = subprocess.run(
        [sys.executable, "-c", PROBE, json.dumps(command_lines)],
        cwd=PROJECT,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert done.returncode == 0, done.stderr
    return {line: set(names) for line, names in json.loads(done.stderr.splitlines()[-1]).items()}


def offenders(seen: dict[str, set[str]], unwanted: set[str]) -> dict[str, list[str]]:
    """The command lines after which an unwanted package had been imported; packages accumulate, so
    the first of them is the one that imported it."""
    return {line: sorted(names & unwanted) for line, names in seen.items() if names & unwanted}


def every_help() -> list[list[str]]:
    """--help of the command line, of each command and of each group's commands."""
    lines = [["--help"]]
    for name, command in cli.commands.items():
        lines.append([name, "--help"])
        lines += [[name, sub, "--help"] for sub in getattr(command, "commands", {})]
    return lines


def test_no_help_imports_a_heavy_library():
    seen = imported(*every_help())
    assert len(seen) > 10  # every command was run: the probe did not stop early
    assert offenders(seen, HEAVY | ENGINE) == {}


def test_stats_and_search_import_no_heavy_library(index_dir):
    seen = imported(["stats", "--index", str(index_dir)], ["search", "chechnya", "--index", str(index_dir)])
    assert offenders(seen, HEAVY) == {}


def test_the_probe_sees_what_a_command_imports(index_dir):
    """The checks above can fail: the packages a command does import are seen."""
    seen = imported(["--help"], ["stats", "--index", str(index_dir)])
    assert {"click", "whoosh", "numpy"} <= seen[f"stats --index {index_dir}"]
