"""The command line: thin click commands over the indexer and the search engine."""

from __future__ import annotations

import json
import os
import sys
from pathlib import Path

import click

from .cli_context import engine_over, index_option, make_indexer, plural, settings
from .cli_entities import entities
from .cli_generations import generations, interrupts_reported, missing_index, rollback, sources_for, warn_when_no_index
from .cli_journal import journal
from .cli_quotes import quotes
from .cli_search import batch, search
from .index.errors import RebuildFailed, UnknownArticle
from .index.generations import IndexMissing, LockBusy
from .index.replicas import PublishFailed
from .ingest.articles import Problem
from .ingest.readers import FORMATS, read_sources
from .search.query_checks import QueryError
from .settings import SettingError, load_settings, unknown_settings

MAX_PROBLEMS_SHOWN = 20


class DomainErrors(click.Group):
    """Turn the library's errors into one-line `Error: ...` messages (exit 1), in one place."""

    def invoke(self, ctx):
        try:
            return super().invoke(ctx)
        except UnknownArticle as error:
            raise click.ClickException(f"no article with id {error.args[0]}; nothing deleted") from None
        except LockBusy as error:
            message = str(error).replace("rebuild.lock is held", "another rebuild is running")
            raise click.ClickException(message) from None
        except IndexMissing as error:
            raise click.ClickException(missing_index(error)) from None
        except (RebuildFailed, QueryError, PublishFailed) as error:
            raise click.ClickException(str(error)) from None


@click.group(cls=DomainErrors, context_settings={"help_option_names": ["-h", "--help"]})
@click.pass_context
def cli(ctx):
    """searchsvc: full-text and entity search over news archives."""
    try:
        ctx.obj = load_settings()
    except SettingError as error:  # before any command starts: nothing half done
        raise click.ClickException(str(error)) from None
    for line in unknown_settings():
        click.echo(f"Warning: {line}", err=True)


cli.add_command(journal)  # `searchsvc journal list|drop`, in cli_journal.py
cli.add_command(generations)  # `searchsvc generations` and `rollback`, in cli_generations.py
cli.add_command(rollback)
cli.add_command(entities)  # `searchsvc entities merge|rename|...|corrections`, in cli_entities.py
cli.add_command(quotes)  # `searchsvc quotes`, in cli_quotes.py
cli.add_command(search)  # `searchsvc search` and `batch`, in cli_search.py
cli.add_command(batch)


@cli.command()
@click.argument("sources", nargs=-1, type=click.Path())
@index_option
@click.option("--format", "fmt", type=click.Choice(FORMATS), help="Read every file in this format.")
@click.option("--strict", is_flag=True, help="Fail on the first file or record that cannot be read.")
@click.option("--workers", type=click.IntRange(1, 64), help="Processes for entity extraction.")
@click.option("--allow-empty", is_flag=True, help="Replace the index even when the sources hold no readable article.")
@click.option(
    "--dask",
    "cluster",
    metavar="ADDRESS",
    help="Extract entities on this Dask cluster (tcp://host:8786; default SEARCHSVC_DASK).",
)
def rebuild(sources, index_dir, fmt, strict, workers, allow_empty, cluster):
    """Build a fresh index generation from SOURCES (files and folders) and switch to it.

    Without SOURCES: those of the current generation (a new index: SEARCHSVC_SOURCES, seeds/)."""
    paths, fmt = sources_for(index_dir, sources, fmt, settings()["SOURCES"], "rebuild")
    with interrupts_reported(index_dir):
        summary = make_indexer(index_dir, workers, cluster).rebuild(
            paths, fmt=fmt, strict=strict, on_problem=ProblemReport(), allow_empty=allow_empty
        )
    click.echo(f"Generation {summary.generation}: {summary.indexed} articles indexed in {summary.seconds:.1f} s")
    click.echo(
        f"  read {summary.read}, indexed {summary.indexed}, skipped {sum(summary.skipped.values())}, "
        f"duplicate ids {summary.duplicates}, edits applied {summary.edits_applied}"
    )
    click.echo(f"  entities: extracted for {summary.entities_extracted}, from cache for {summary.entities_cached}")
    if summary.cluster:
        lost = summary.cluster.workers_lost
        click.echo(
            f"  on the Dask cluster: {summary.cluster.batches} batches over {summary.cluster.workers} workers"
            + (f"; {lost} worker(s) lost, their batches computed again" if lost else "")
        )
    for kind, count in summary.skipped.most_common():
        click.echo(f"  skipped {count}: {kind}")
    for kind, count in summary.warnings.most_common():
        click.echo(f"  indexed with a warning {count}: {kind}")


@cli.command()
@click.argument("sources", nargs=-1, type=click.Path())
@index_option
@click.option("--format", "fmt", type=click.Choice(FORMATS), help="Read every file in this format.")
@click.option("--workers", type=click.IntRange(1, 64), help="Processes for entity extraction.")
def sync(sources, index_dir, fmt, workers):
    """Update the current generation from SOURCES: only new, changed and removed files.

    Without SOURCES: those the current generation was read from."""
    paths, fmt = sources_for(index_dir, sources, fmt, settings()["SOURCES"], "sync")
    with interrupts_reported(index_dir):
        summary = make_indexer(index_dir, workers).sync(paths, fmt=fmt, on_problem=ProblemReport())
    click.echo(
        f"Synced in {summary.seconds:.1f} s: {plural(summary.changed_files, 'file')} new or changed, "
        f"{plural(summary.removed_files, 'file')} removed, of {summary.files:,} read"
    )
    click.echo(
        f"  articles added or replaced {summary.put}, deleted {summary.deleted}; "
        f"{plural(summary.documents, 'article')} now"
    )
    click.echo(f"  entities: extracted for {summary.entities_extracted}, from cache for {summary.entities_cached}")
    for kind, count in summary.skipped.most_common():
        click.echo(f"  skipped {count}: {kind}")


@cli.command()
@click.argument("replica", type=click.Path(file_okay=False))
@index_option
def publish(replica, index_dir):
    """Copy the current generation to a read replica's index folder (rsync) and switch it there."""
    from .index.replicas import publish as publish_to

    name = publish_to(index_dir or settings()["INDEX_DIR"], Path(replica), settings()["WRITE_TIMEOUT"])
    click.echo(f"published to {replica} as {name}")


class ProblemReport:
    """Say each problem of one command's run on stderr, up to MAX_PROBLEMS_SHOWN: the summary counts them all."""

    def __init__(self) -> None:
        self.seen = 0

    def __call__(self, problem: Problem) -> None:
        self.seen += 1
        if self.seen <= MAX_PROBLEMS_SHOWN:
            click.echo(f"{'warning' if problem.kept else 'skipped'} {problem}", err=True)
        elif self.seen == MAX_PROBLEMS_SHOWN + 1:
            click.echo("more problems: the summary counts them all", err=True)


@cli.command()
@click.argument("files", nargs=-1, required=True, type=click.Path(exists=True, dir_okay=False))
@index_option
@click.option("--format", "fmt", type=click.Choice(FORMATS), help="Read the files in this format.")
def add(files, index_dir, fmt):
    """Add or replace the articles in FILES, in the index and in the edits journal.

    Every readable record is added; each one skipped is reported (file:line), and then exit 1."""
    articles, skipped = [], 0
    for item in read_sources([Path(f) for f in files], fmt):
        if isinstance(item, Problem):
            skipped += not item.kept
            click.echo(f"{'warning' if item.kept else 'skipped'} {item}", err=True)
        else:
            articles.append(item)
    if articles:
        for article, replaced in make_indexer(index_dir).put(articles):  # decided under the write lock
            click.echo(f"{'replaced' if replaced else 'added'} {article.id}  {article.title}")
    if skipped:
        raise click.ClickException(
            f"{plural(skipped, 'record')} skipped (listed above); {plural(len(articles), 'article')} added or replaced"
        )


@cli.command()
@click.argument("ids", nargs=-1, required=True)
@index_option
def delete(ids, index_dir):
    """Delete articles by id, from the index and from future rebuilds."""
    make_indexer(index_dir).delete(list(ids))
    click.echo(f"deleted {plural(len(ids), 'article')}")


@cli.command()
@index_option
@click.option("--json", "as_json", is_flag=True, help="Print JSON, as GET /api/stats answers.")
def stats(index_dir, as_json):
    """Documents, generation, when built, entities per type and the top entities."""
    from .search.page_json import built_at
    from .search.ranked import stats as index_stats

    engine = engine_over(index_dir)
    with engine.searcher() as searcher:
        data = index_stats(searcher)
    data["generation"] = engine.generation()
    data["built_at"] = built_at(data["generation"])
    if as_json:
        click.echo(json.dumps(data, indent=2, ensure_ascii=False))
        return
    click.echo(f"{'documents':<15}{data['documents']:,}")
    click.echo(f"{'generation':<15}{data['generation']} (built {data['built_at']})")
    for kind, count in data["entities"].items():
        top = ", ".join(f"{e['value']} ({e['count']})" for e in data["top_entities"][kind][:5])
        click.echo(f"{kind:<15}{count:,} distinct; most mentioned: {top or '-'}")
    categories = ", ".join(f"{e['value']} ({e['count']})" for e in data["categories"][:8])
    click.echo(f"{'categories':<15}{categories or '-'}")


@cli.command()
@index_option
@click.option(
    "--bind",
    default=lambda: settings()["BIND"],
    show_default="SEARCHSVC_BIND or 127.0.0.1:8000",
    help="Address to listen on, host:port.",
)
@click.option(
    "--workers",
    type=click.IntRange(1, 256),
    default=lambda: settings()["WORKERS"],
    show_default="SEARCHSVC_WORKERS or one per core",
    help="gunicorn worker processes.",
)
@click.option("--reload", is_flag=True, help="Restart workers when the code changes (development).")
def serve(index_dir, bind, workers, reload):
    """Serve the API and the search page with gunicorn and the project's settings."""
    if index_dir:
        os.environ["SEARCHSVC_INDEX_DIR"] = str(index_dir.resolve())  # for gunicorn's app
    warn_when_no_index(index_dir, settings()["LOG_FORMAT"])
    argv = gunicorn_argv(bind, workers, reload)
    sys.stdout.flush(), sys.stderr.flush()
    os.execv(argv[0], argv)  # gunicorn becomes this process: signals reach its master directly


def gunicorn_argv(bind: str, workers: int, reload: bool = False) -> list[str]:
    """The gunicorn command line: settings from searchsvc/gunicorn_conf.py, an app from create_app()."""
    config = Path(__file__).resolve().with_name("gunicorn_conf.py")
    return [
        sys.executable,
        "-m",
        "gunicorn",
        "--config",
        f"file:{config}",
        "--bind",
        bind,
        "--workers",
        str(workers),
        *(["--reload"] if reload else []),
        "searchsvc.web.app:create_app()",
    ]
