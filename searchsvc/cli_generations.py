"""Which generation is served, and no slip of the command line losing it: `generations`, `rollback`,
the sources a bare `rebuild` or `sync` reads, Ctrl-C during one, and where the index is looked for."""

from __future__ import annotations

import json
import os
import signal
import sys
import time
import warnings
from contextlib import contextmanager, suppress
from functools import cache
from pathlib import Path

import click

from .cli_context import index_option
from .index.generations import Generations, IndexMissing, NoSuchGeneration

INTERRUPTED_EXIT = 130  # 128 + SIGINT, as a shell reports a command stopped by Ctrl-C
WHERE = "--index DIR or SEARCHSVC_INDEX_DIR"  # how to point a command at an index folder


def _root(index_dir: Path | None) -> Path:
    return Path(index_dir or click.get_current_context().find_root().obj["INDEX_DIR"]).resolve()


def missing_index(error: IndexMissing) -> str:
    """Where the index was looked for (absolute: the command may run from any folder) and what to do."""
    return (
        f"no index in {error.root.resolve()}: build one there with `searchsvc rebuild SOURCES`, "
        f"or point at an existing one with {WHERE}"
    )


def sources_for(
    index_dir: Path | None,
    given: tuple[str, ...],
    fmt: str | None,
    defaults: list[Path],
    command: str,
) -> tuple[list[Path], str | None]:
    """The sources `rebuild` or `sync` reads: those given, else the current generation's (said on
    stdout), else, for a brand-new index only, the default ones (SEARCHSVC_SOURCES, seeds/)."""
    if given:
        return [Path(p) for p in given], fmt
    root = _root(index_dir)
    gens = Generations(root)
    name = gens.current_name()
    if name is None:
        if command == "sync":
            raise click.ClickException(missing_index(IndexMissing(root)))
        paths = [Path(p).resolve() for p in defaults]
        click.echo(
            f"No sources given and no index in {root} yet: reading the default sources "
            f"{', '.join(map(str, paths))} (SEARCHSVC_SOURCES); for an index elsewhere: {WHERE}"
        )
        return paths, fmt
    built_from = gens.built_from(name)
    if built_from is None:
        raise click.ClickException(
            f"no sources given, and generation {name} in {root} does not say what it was read from (built "
            f"before generations noted it): name them, `searchsvc {command} SOURCES...`; the index is unchanged"
        )
    fmt = fmt or built_from.fmt
    click.echo(
        f"No sources given: {command} reads the sources of generation {name}: "
        f"{', '.join(built_from.sources)}" + (f" (format {fmt})" if fmt else "")
    )
    return [Path(p) for p in built_from.sources], fmt


@cache  # once a process: a fork hook cannot be removed
def _register_fork_hook() -> None:
    os.register_at_fork(after_in_child=_children_die_on_ctrl_c)


def _children_die_on_ctrl_c() -> None:
    # A worker (spaCy's, Whoosh's) stopped by Ctrl-C dies at once and quietly, without a traceback
    # of its own: the rebuild itself says what happened
    with suppress(ValueError):  # not the main thread of the child: nothing to undo
        signal.signal(signal.SIGINT, signal.SIG_DFL)


@contextmanager
def interrupts_reported(index_dir: Path | None):
    """Turn Ctrl-C into one line saying what the index serves, remove the build it stopped, and exit
    130 at once: waiting for worker queues that will never drain would hang (spaCy's did)."""
    gens = Generations(_root(index_dir))
    before = gens.current_name()
    _register_fork_hook()
    try:
        with warnings.catch_warnings():
            # spaCy's "[W127] Not all `Language.pipe` worker processes completed": they were stopped
            # on purpose; a worker that fails otherwise fails the rebuild with its own error
            warnings.filterwarnings("ignore", message=r"\[W127\]")
            yield
    except KeyboardInterrupt:
        signal.signal(signal.SIGINT, signal.SIG_IGN)  # a second Ctrl-C must not stop the clean-up
        gens.drop_builds()
        click.echo(f"interrupted; {_serving(gens, before)}", err=True)
        sys.stdout.flush(), sys.stderr.flush()
        os._exit(INTERRUPTED_EXIT)  # workers still alive die with this process (PR_SET_PDEATHSIG)


def _serving(gens: Generations, before: str | None) -> str:
    name = gens.current_name()
    if name is None:
        return f"there is still no index in {gens.root}"
    count = next((g.articles for g in gens.history() if g.name == name), None)
    articles = "?" if count is None else f"{count:,}"
    if name != before:
        return f"it had already switched: the index serves the new generation {name} with {articles} articles"
    return f"the index still serves generation {name} with {articles} articles"


def warn_when_no_index(index_dir: Path | None, log_format: str) -> None:
    """Say loudly, before the server starts, that every search will fail until an index is built."""
    root = _root(index_dir)
    if Generations(root).current_name() is not None:
        return
    message = (
        f"NO INDEX in {root}: every search answers 503 until `searchsvc rebuild SOURCES --index {root}` "
        f"builds one; to serve another index: {WHERE}"
    )
    if log_format == "json":
        click.echo(
            json.dumps(
                {
                    "timestamp": time.strftime("%Y-%m-%dT%H:%M:%S%z"),
                    "levelname": "WARNING",
                    "name": "searchsvc.serve",
                    "process": os.getpid(),
                    "message": message,
                }
            ),
            err=True,
        )
    else:
        click.echo(f"WARNING: {message}", err=True)


@click.command("generations")
@index_option
def generations(index_dir):
    """List the generations kept: when each was built, its sources and its articles."""
    gens = Generations(_root(index_dir))
    found = gens.history()
    if not found:
        raise IndexMissing(gens.root)
    for info in found:
        built = info.built.strftime("%Y-%m-%d %H:%M:%S UTC") if info.built else "?"
        articles = "?" if info.articles is None else f"{info.articles:,}"
        sources = ", ".join(info.built_from.sources) if info.built_from else "(not noted)"
        click.echo(f"{'*' if info.current else ' '} {info.name}  {built}  {articles:>9} articles  {sources}")


@click.command("rollback")
@index_option
@click.option("--to", "name", metavar="GENERATION", help="Serve this generation (default: the one before).")
def rollback(index_dir, name):
    """Serve the previous generation again (or the one named with --to)."""
    gens = Generations(_root(index_dir))
    try:
        left, now = gens.rollback(name, click.get_current_context().find_root().obj["WRITE_TIMEOUT"])
    except NoSuchGeneration as error:
        raise click.ClickException(str(error)) from None
    info = next(g for g in gens.history() if g.name == now)
    click.echo(
        f"Serving {now} again ({'?' if info.articles is None else f'{info.articles:,}'} articles) instead of {left}"
    )
    click.echo(
        "  edits made since it was built (add, delete, the API) stay in the edits journal: "
        "the next rebuild applies them"
    )
