"""The command line: thin click commands over the indexer and the search engine."""

from __future__ import annotations

import html
import json
import os
import re
import sys
from pathlib import Path
from typing import TYPE_CHECKING

import click

from .cli_entities import entities
from .cli_generations import generations, interrupts_reported, missing_index, rollback, sources_for, warn_when_no_index
from .cli_journal import journal
from .cli_quotes import quotes
from .index.errors import RebuildFailed, UnknownArticle
from .index.generations import IndexMissing, LockBusy
from .index.replicas import PublishFailed
from .ingest.articles import Problem
from .ingest.readers import FORMATS, read_sources
from .search.query_checks import QueryError
from .settings import SettingError, load_settings, unknown_settings

if TYPE_CHECKING:
    from .index.indexer import Indexer

MAX_PROBLEMS_SHOWN = 20


def progress_bar(iterable, **options):
    """A tqdm bar on stderr, silent when stderr is not a terminal."""
    from tqdm import tqdm

    return tqdm(iterable, file=sys.stderr, disable=None, leave=False, **options)


def settings() -> dict:
    """The settings this command runs with, read once when the command line starts."""
    return click.get_current_context().find_root().obj


def make_indexer(index_dir: Path | None, workers: int | None = None, cluster: str | None = None) -> Indexer:
    from .index.indexer import Indexer  # with Whoosh, numpy and the entity rules: not for --help or a search

    return Indexer(
        root=index_dir or settings()["INDEX_DIR"],
        model=settings()["SPACY_MODEL"],
        workers=workers or settings()["NER_WORKERS"],
        write_timeout=settings()["WRITE_TIMEOUT"],
        progress=progress_bar,
        cluster=cluster or settings()["DASK"],
    )


index_option = click.option(
    "--index",
    "index_dir",
    type=click.Path(file_okay=False, path_type=Path),
    help="Index folder (default: SEARCHSVC_INDEX_DIR or index/).",
)


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
            paths, fmt=fmt, strict=strict, on_problem=_report_problem, allow_empty=allow_empty
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
        summary = make_indexer(index_dir, workers).sync(paths, fmt=fmt, on_problem=_report_problem)
    click.echo(
        f"Synced in {summary.seconds:.1f} s: {_count(summary.changed_files, 'file')} new or changed, "
        f"{_count(summary.removed_files, 'file')} removed, of {summary.files:,} read"
    )
    click.echo(
        f"  articles added or replaced {summary.put}, deleted {summary.deleted}; "
        f"{_count(summary.documents, 'article')} now"
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


_shown = {"problems": 0}


def _report_problem(problem) -> None:
    _shown["problems"] += 1
    if _shown["problems"] <= MAX_PROBLEMS_SHOWN:
        click.echo(f"{'warning' if problem.kept else 'skipped'} {problem}", err=True)
    elif _shown["problems"] == MAX_PROBLEMS_SHOWN + 1:
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
            f"{_count(skipped, 'record')} skipped (listed above); {_count(len(articles), 'article')} added or replaced"
        )


@cli.command()
@click.argument("ids", nargs=-1, required=True)
@index_option
def delete(ids, index_dir):
    """Delete articles by id, from the index and from future rebuilds."""
    make_indexer(index_dir).delete(list(ids))
    click.echo(f"deleted {_count(len(ids), 'article')}")


def _count(n: int, noun: str) -> str:
    return f"{n:,} {noun}{'' if n == 1 else 's'}"


def _engine(index_dir):
    from .search.engine import Engine

    return Engine(index_dir or settings()["INDEX_DIR"])


@cli.command()
@index_option
@click.option("--json", "as_json", is_flag=True, help="Print JSON, as GET /api/stats answers.")
def stats(index_dir, as_json):
    """Documents, generation, when built, entities per type and the top entities."""
    from .search.page_json import built_at
    from .search.ranked import stats as index_stats

    engine = _engine(index_dir)
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
@click.argument("query", default="")
@index_option
@click.option("--limit", type=click.IntRange(1, 100), default=10, show_default=True, help="Hits to show.")
@click.option("--page", type=click.IntRange(1, 1000), default=1, show_default=True)
@click.option("--sort", type=click.Choice(("relevance", "newest", "oldest")), default="relevance", show_default=True)
@click.option("--person", multiple=True, help="Only articles mentioning this person (repeatable).")
@click.option("--org", multiple=True, help="Only articles mentioning this organization (repeatable).")
@click.option("--place", multiple=True, help="Only articles mentioning this place (repeatable).")
@click.option("--category", multiple=True, help="Only articles in this category (repeatable: any of them).")
@click.option("--json", "as_json", is_flag=True, help="Print JSON, as GET /api/search answers.")
@click.option(
    "--format",
    "fmt",
    type=click.Choice(("text", "json", "csv", "jsonl")),
    default=None,
    help="text (the default), json (as the API), or csv / jsonl rows (as the export).",
)
@click.option(
    "--all",
    "every",
    is_flag=True,
    help="With --format csv or jsonl: every match (up to SEARCHSVC_EXPORT_LIMIT), not one page.",
)
@click.option(
    "--all-copies",
    "all_copies",
    is_flag=True,
    help="Show near-duplicates one by one (by default a group shows as its best hit).",
)
def search(query, index_dir, limit, page, sort, person, org, place, category, as_json, fmt, every, all_copies):
    """Search the index and print titles with highlighted snippets (or rows to export)."""
    from .search.page_json import page_data
    from .search.ranked import SearchRequest

    fmt = fmt or ("json" if as_json else "text")
    wanted = SearchRequest(
        q=query,
        page=page,
        per_page=limit,
        sort=sort,
        people=person,
        organizations=org,
        places=place,
        categories=category,
        facet_size=10 if fmt == "json" else 0,
        collapse=not all_copies,
    )
    if fmt in ("csv", "jsonl"):
        _export(index_dir, wanted, fmt, every)
        return
    as_json = fmt == "json"
    with _engine(index_dir).session() as session:
        found = session.search(wanted, settings()["QUERY_TIMEOUT"])
    if as_json:
        click.echo(json.dumps(page_data(found), indent=2, ensure_ascii=False))
        return
    click.echo(
        f"{_count(found.total, 'article')} match ({found.took_ms:.0f} ms)"
        + ("; no article has all the words, so these have any of them" if found.matched == "any" else "")
        + ("; the search ran out of time, so the results are partial" if found.timed_out else "")
        + (f"; did you mean: {found.suggestion}?" if found.suggestion else "")
    )
    for unknown in found.unknown_names:
        hint = f"; did you mean: {', '.join(unknown.did_you_mean)}?" if unknown.did_you_mean else ""
        click.echo(f"no {unknown.param} is called {unknown.value!r}{hint}")
    for number, hit in enumerate(found.hits, start=(page - 1) * limit + 1):
        copies = f"  (+{hit.duplicates} near-identical)" if hit.duplicates else ""
        click.echo(f"\n{number}. {_terminal(hit.title_highlighted)}  [{hit.article.id}]{copies}")
        for snippet in hit.snippets:
            click.echo(f"   {_terminal(snippet)}")


def _export(index_dir, wanted, fmt: str, every: bool) -> None:
    from dataclasses import replace

    from .search import export

    limit = settings()["EXPORT_LIMIT"] if every else wanted.per_page
    with _engine(index_dir).session() as session:
        total, hits = session.every_hit(
            replace(wanted, page=1, per_page=limit) if every else wanted,
            limit if every else wanted.page * wanted.per_page,
            settings()["QUERY_TIMEOUT"],
        )
    if not every:
        hits = hits[(wanted.page - 1) * wanted.per_page :]
    for line in export.lines((export.row(article, score) for article, score in hits), fmt):
        click.echo(line, nl=False)
    if every and total > len(hits):
        click.echo(f"exported {len(hits):,} of {total:,} matches (SEARCHSVC_EXPORT_LIMIT)", err=True)


@cli.command()
@click.argument("file", type=click.File("r", encoding="utf-8"))
@index_option
@click.option("--csv", "as_csv", is_flag=True, help="Print CSV: query, total, top titles and ids.")
@click.option(
    "--all-copies",
    "all_copies",
    is_flag=True,
    help="Count near-duplicates one by one (by default a group counts once, as in search).",
)
def batch(file, index_dir, as_csv, all_copies):
    """Search each line of FILE (a CSV file: its first column) and print its total and top articles."""
    from .search.batch import MAX_QUERIES, batch_csv, queries_from_csv, queries_from_lines
    from .search.ranked import SearchRequest

    text = file.read()
    queries = queries_from_csv(text) if file.name.endswith(".csv") else queries_from_lines(text)
    if len(queries) > MAX_QUERIES:
        raise click.ClickException(f"{len(queries):,} queries; at most {MAX_QUERIES:,} at once")
    with _engine(index_dir).session() as session:
        results = session.batch(queries, SearchRequest(collapse=not all_copies), settings()["QUERY_TIMEOUT"])
    if as_csv:
        click.echo(batch_csv(results), nl=False)
        return
    for r in results:
        top = "; ".join(h.article.title for h in r["hits"])
        click.echo(f"{r['query']}\t{_count(r['total'], 'article')}\t{r['error'] or top}")


def _terminal(marked: str) -> str:
    """Show <mark>ed HTML as bold text (plain when the output is not a terminal)."""
    parts = re.split(r"<mark>(.*?)</mark>", marked)
    return "".join(
        click.style(html.unescape(p), bold=True, fg="yellow") if i % 2 else html.unescape(p)
        for i, p in enumerate(parts)
    )


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
