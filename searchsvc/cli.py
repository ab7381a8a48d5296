"""The command line: thin click commands over the indexer and the search engine."""
from __future__ import annotations

import html
import json
import os
import re
import sys
from pathlib import Path

import click

from .generations import IndexMissing, LockBusy
from .indexer import Indexer, RebuildFailed, UnknownArticle
from .readers import FORMATS, read_sources
from .settings import setting

MAX_PROBLEMS_SHOWN = 20


def progress_bar(iterable, **options):
    """A tqdm bar on stderr, silent when stderr is not a terminal."""
    from tqdm import tqdm

    return tqdm(iterable, file=sys.stderr, disable=None, leave=False, **options)


def make_indexer(index_dir: str | None, workers: int | None = None) -> Indexer:
    return Indexer(
        root=Path(index_dir or setting("INDEX_DIR")), model=setting("SPACY_MODEL"),
        workers=workers or int(setting("NER_WORKERS")),
        write_timeout=float(setting("WRITE_TIMEOUT")), progress=progress_bar,
    )


index_option = click.option("--index", "index_dir", type=click.Path(file_okay=False),
                            help="Index folder (default: SEARCHSVC_INDEX_DIR or index/).")


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
def cli():
    """searchsvc: full-text and entity search over news archives."""


@cli.command()
@click.argument("sources", nargs=-1, type=click.Path())
@index_option
@click.option("--format", "fmt", type=click.Choice(FORMATS), help="Read every file in this format.")
@click.option("--strict", is_flag=True, help="Fail on the first file or record that cannot be read.")
@click.option("--workers", type=click.IntRange(1, 64), help="Processes for entity extraction.")
def rebuild(sources, index_dir, fmt, strict, workers):
    """Build a fresh index generation from SOURCES (files and folders) and switch to it."""
    paths = [Path(p) for p in sources] or [Path(p) for p in setting("SOURCES").split(os.pathsep) if p]
    indexer = make_indexer(index_dir, workers)
    try:
        summary = indexer.rebuild(paths, fmt=fmt, strict=strict, on_problem=_report_problem)
    except (RebuildFailed, LockBusy) as error:
        raise click.ClickException(str(error).replace("rebuild.lock is held", "another rebuild is running"))
    click.echo(f"Generation {summary.generation}: {summary.indexed} articles indexed in {summary.seconds:.1f} s")
    click.echo(f"  read {summary.read}, indexed {summary.indexed}, skipped {sum(summary.skipped.values())}, "
               f"duplicate ids {summary.duplicates}, edits applied {summary.edits_applied}")
    click.echo(f"  entities: extracted for {summary.entities_extracted}, "
               f"from cache for {summary.entities_cached}")
    for reason, count in summary.skipped.most_common():
        click.echo(f"  skipped {count}: {reason}")


_shown = {"problems": 0}


def _report_problem(problem) -> None:
    _shown["problems"] += 1
    if _shown["problems"] <= MAX_PROBLEMS_SHOWN:
        click.echo(f"skipped {problem}", err=True)
    elif _shown["problems"] == MAX_PROBLEMS_SHOWN + 1:
        click.echo("skipped: more problems; the summary counts them all", err=True)


@cli.command()
@click.argument("files", nargs=-1, required=True, type=click.Path(exists=True, dir_okay=False))
@index_option
@click.option("--format", "fmt", type=click.Choice(FORMATS), help="Read the files in this format.")
def add(files, index_dir, fmt):
    """Add or replace the articles in FILES, in the index and in the edits journal."""
    articles, problems = [], []
    for item in read_sources([Path(f) for f in files], fmt):
        (problems if not hasattr(item, "title") else articles).append(item)
    if problems:
        raise click.ClickException("; ".join(str(p) for p in problems))
    try:
        added = make_indexer(index_dir).add(articles)
    except (IndexMissing, LockBusy) as error:
        raise click.ClickException(str(error))
    for article in added:
        click.echo(f"added {article.id}  {article.title}")


@cli.command()
@click.argument("ids", nargs=-1, required=True)
@index_option
def delete(ids, index_dir):
    """Delete articles by id, from the index and from future rebuilds."""
    try:
        make_indexer(index_dir).delete(list(ids))
    except UnknownArticle as error:
        raise click.ClickException(f"no article with id {error.args[0]}; nothing deleted")
    except (IndexMissing, LockBusy) as error:
        raise click.ClickException(str(error))
    click.echo(f"deleted {len(ids)} article(s)")


def _engine(index_dir):
    from .engine import Engine

    return Engine(Path(index_dir or setting("INDEX_DIR")))


@cli.command()
@index_option
@click.option("--json", "as_json", is_flag=True, help="Print JSON, as GET /api/stats answers.")
def stats(index_dir, as_json):
    """Documents, generation, when built, entities per type and the top entities."""
    from .present import built_at
    from .search import stats as index_stats

    engine = _engine(index_dir)
    try:
        with engine.searcher() as searcher:
            data = index_stats(searcher)
    except IndexMissing as error:
        raise click.ClickException(str(error))
    data["generation"] = engine.generation()
    data["built_at"] = built_at(data["generation"])
    if as_json:
        click.echo(json.dumps(data, indent=2, ensure_ascii=False))
        return
    click.echo(f"documents   {data['documents']}")
    click.echo(f"generation  {data['generation']} (built {data['built_at']})")
    for kind, count in data["entities"].items():
        top = ", ".join(f"{e['value']} ({e['count']})" for e in data["top_entities"][kind][:5])
        click.echo(f"{kind:<13}{count} distinct; most mentioned: {top or '-'}")


@cli.command()
@click.argument("query")
@index_option
@click.option("--limit", type=click.IntRange(1, 100), default=10, show_default=True)
@click.option("--json", "as_json", is_flag=True, help="Print JSON, as GET /api/search answers.")
def search(query, index_dir, limit, as_json):
    """Search the index and print titles with highlighted snippets."""
    from .present import page_data
    from .query import QueryError
    from .search import SearchRequest, search as run_search

    try:
        with _engine(index_dir).searcher() as searcher:
            page = run_search(searcher, SearchRequest(q=query, per_page=limit))
    except (IndexMissing, QueryError) as error:
        raise click.ClickException(str(error))
    if as_json:
        click.echo(json.dumps(page_data(page), indent=2, ensure_ascii=False))
        return
    click.echo(f"{page.total} articles match ({page.took_ms:.0f} ms)"
               + (f"; did you mean: {page.suggestion}?" if page.suggestion else ""))
    for number, hit in enumerate(page.hits, start=1):
        click.echo(f"\n{number}. {_terminal(hit.title_highlighted)}  [{hit.article.id}]")
        for snippet in hit.snippets:
            click.echo(f"   {_terminal(snippet)}")


def _terminal(marked: str) -> str:
    """Show <mark>ed HTML as bold text (plain when the output is not a terminal)."""
    parts = re.split(r"<mark>(.*?)</mark>", marked)
    return "".join(click.style(html.unescape(p), bold=True, fg="yellow") if i % 2 else html.unescape(p)
                   for i, p in enumerate(parts))


@cli.command()
@index_option
@click.option("--bind", default=lambda: setting("BIND"), show_default="SEARCHSVC_BIND or 127.0.0.1:8000",
              help="Address to listen on, host:port.")
@click.option("--workers", type=click.IntRange(1, 256), default=lambda: int(setting("WORKERS")),
              show_default="SEARCHSVC_WORKERS or one per core", help="gunicorn worker processes.")
@click.option("--reload", is_flag=True, help="Restart workers when the code changes (development).")
def serve(index_dir, bind, workers, reload):
    """Serve the API and the search page with gunicorn and the project's settings."""
    if index_dir:
        os.environ["SEARCHSVC_INDEX_DIR"] = index_dir
    argv = gunicorn_argv(bind, workers, reload)
    sys.stdout.flush(), sys.stderr.flush()
    os.execv(argv[0], argv)  # gunicorn becomes this process: signals reach its master directly


def gunicorn_argv(bind: str, workers: int, reload: bool = False) -> list[str]:
    """The gunicorn command line: settings from searchsvc/gunicorn_conf.py, an app from create_app()."""
    config = Path(__file__).resolve().with_name("gunicorn_conf.py")
    return [sys.executable, "-m", "gunicorn", "--config", f"file:{config}", "--bind", bind,
            "--workers", str(workers), *(["--reload"] if reload else []), "searchsvc:create_app()"]
