"""`searchsvc search` and `searchsvc batch`: a page of hits on the terminal, as JSON, or rows to export."""

from __future__ import annotations

import html
import json
import re

import click

from .cli_context import engine_over, index_option, plural, settings


@click.command()
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
    with engine_over(index_dir).session() as session:
        found = session.search(wanted, settings()["QUERY_TIMEOUT"])
    if as_json:
        click.echo(json.dumps(page_data(found), indent=2, ensure_ascii=False))
        return
    click.echo(
        f"{plural(found.total, 'article')} match ({found.took_ms:.0f} ms)"
        + ("; no article has all the words, so these have any of them" if found.matched == "any" else "")
        + ("; the search ran out of time, so the results are partial" if found.timed_out else "")
        + (f"; did you mean: {found.suggestion}?" if found.suggestion else "")
    )
    echo_unknown_names(found.unknown_names)
    for number, hit in enumerate(found.hits, start=(page - 1) * limit + 1):
        copies = f"  (+{hit.duplicates} near-identical)" if hit.duplicates else ""
        click.echo(f"\n{number}. {terminal(hit.title_highlighted)}  [{hit.article.id}]{copies}")
        for snippet in hit.snippets:
            click.echo(f"   {terminal(snippet)}")


def _export(index_dir, wanted, fmt: str, every: bool) -> None:
    from dataclasses import replace

    from .search import export

    limit = settings()["EXPORT_LIMIT"] if every else wanted.per_page
    with engine_over(index_dir).session() as session:
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


@click.command()
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
    with engine_over(index_dir).session() as session:
        results = session.batch(queries, SearchRequest(collapse=not all_copies), settings()["QUERY_TIMEOUT"])
    if as_csv:
        click.echo(batch_csv(results), nl=False)
        return
    for r in results:
        top = "; ".join(h.article.title for h in r["hits"])
        click.echo(f"{r['query']}\t{plural(r['total'], 'article')}\t{r['error'] or top}")


def terminal(marked: str) -> str:
    """Show <mark>ed HTML as bold text (plain when the output is not a terminal)."""
    parts = re.split(r"<mark>(.*?)</mark>", marked)
    return "".join(
        click.style(html.unescape(p), bold=True, fg="yellow") if i % 2 else html.unescape(p)
        for i, p in enumerate(parts)
    )


def echo_unknown_names(unknown_names) -> None:
    """A line for each filter value that names nothing, with the names it may mean."""
    for unknown in unknown_names:
        hint = f"; did you mean: {', '.join(unknown.did_you_mean)}?" if unknown.did_you_mean else ""
        click.echo(f"no {unknown.param} is called {unknown.value!r}{hint}")
