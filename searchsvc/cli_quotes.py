"""`searchsvc quotes`: who said what from the terminal, with the search's output options, through the
same read session as GET /api/quotes."""

from __future__ import annotations

import json
from datetime import date

import click

from .cli_context import engine_over, index_option, settings
from .cli_search import echo_unknown_names, terminal
from .ingest.articles import ENTITY_TYPES
from .search.export import FORMATS as EXPORT_FORMATS

FORMATS = ("text", "json", *EXPORT_FORMATS)


@click.command()
@click.argument("query", default="")
@index_option
@click.option("--speaker", multiple=True, help="Quotes of this speaker, by any of its names (repeatable: any of them).")
@click.option("--speaker-type", type=click.Choice(ENTITY_TYPES), help="Speakers of this type.")
@click.option("--person", multiple=True, help="Quotes in articles mentioning this person (repeatable).")
@click.option("--org", multiple=True, help="Quotes in articles mentioning this organization (repeatable).")
@click.option("--place", multiple=True, help="Quotes in articles mentioning this place (repeatable).")
@click.option("--from", "date_from", type=click.DateTime(("%Y-%m-%d",)), help="Published on or after (YYYY-MM-DD).")
@click.option("--to", "date_to", type=click.DateTime(("%Y-%m-%d",)), help="Published on or before (YYYY-MM-DD).")
@click.option(
    "--sort",
    type=click.Choice(("relevance", "newest", "oldest")),
    default="relevance",
    show_default=True,
    help="relevance with words; without words the newest come first",
)
@click.option("--limit", type=click.IntRange(1, 100), default=10, show_default=True, help="Quotes to show.")
@click.option("--page", type=click.IntRange(1, 1000), default=1, show_default=True)
@click.option(
    "--format",
    "fmt",
    type=click.Choice(FORMATS),
    default="text",
    show_default=True,
    help="json as GET /api/quotes; csv and jsonl as its export",
)
@click.option("--all", "every", is_flag=True, help="With --format csv/jsonl: every matching quote, not one page.")
def quotes(
    query, index_dir, speaker, speaker_type, person, org, place, date_from, date_to, sort, limit, page, fmt, every
):
    """Search what people and organizations are quoted saying: QUERY's words in the quote."""
    from .search import export
    from .search.quotes import QuoteQueryError, QuoteRequest, page_as_json

    wanted = QuoteRequest(
        q=query,
        speakers=speaker,
        speaker_type=speaker_type or "",
        people=person,
        organizations=org,
        places=place,
        date_from=_day(date_from),
        date_to=_day(date_to),
        sort=sort,
        page=page,
        per_page=limit,
        facet_size=10 if fmt == "json" else 0,
    )
    cap = settings()["EXPORT_LIMIT"] if every and fmt in EXPORT_FORMATS else None
    try:
        with engine_over(index_dir).session() as session:
            found = session.quotes(wanted, cap)
    except QuoteQueryError as error:
        raise click.ClickException(str(error)) from None
    if fmt in EXPORT_FORMATS:
        for line in export.lines((export.quote_row(hit) for hit in found.hits), fmt, export.QUOTE_COLUMNS):
            click.echo(line, nl=False)
        if cap is not None and found.total > len(found.hits):
            click.echo(f"exported {len(found.hits):,} of {found.total:,} quotes (SEARCHSVC_EXPORT_LIMIT)", err=True)
        return
    if fmt == "json":
        click.echo(json.dumps(page_as_json(wanted, found), indent=2, ensure_ascii=False))
        return
    click.echo(f"{found.total:,} quote{'' if found.total == 1 else 's'} ({found.took_ms} ms)")
    echo_unknown_names(found.unknown_names)
    for number, hit in enumerate(found.hits, start=(page - 1) * limit + 1):
        when = f", {hit.published:%d %b %Y}" if hit.published else ""
        click.echo(f"\n{number}. \u201c{terminal(hit.highlighted)}\u201d")
        click.echo(f"   \u2014 {hit.speaker or 'not named'}, in {hit.title}{when}  [{hit.article_id}]")


def _day(moment) -> date | None:
    return moment.date() if moment else None
