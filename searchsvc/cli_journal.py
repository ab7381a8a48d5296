"""`searchsvc journal`: list the edits journal and drop an edit from it (thin over the indexer)."""

from __future__ import annotations

import click

from .cli_context import index_option, make_indexer
from .index.generations import LockBusy


@click.group()
def journal():
    """The edits journal: every add, replace and delete made with `add`, `delete` or the API."""


@journal.command("list")
@index_option
@click.option("--id", "article_id", help="Only the edits of this article id.")
@click.option("--limit", type=click.IntRange(1, 100_000), default=50, show_default=True, help="Newest edits shown.")
def list_edits(index_dir, article_id, limit):
    """Show the newest edits, oldest first: number, time, put or delete, id, title; an edit that cannot
    be applied says why."""
    for entry in make_indexer(index_dir).journal_entries(article_id, limit):
        line = f"{entry.seq}\t{entry.at}\t{entry.op}\t{entry.article_id}\t{entry.title}"
        click.echo(line if not entry.problem else f"{line}\tCANNOT BE APPLIED: {entry.problem}")


@journal.command("drop")
@index_option
@click.argument("seqs", nargs=-1, required=True, type=click.IntRange(1))
def drop(index_dir, seqs):
    """Remove edits by number (see `journal list`): rebuilds no longer apply them; the index keeps what
    they did until the next rebuild."""
    try:
        dropped = make_indexer(index_dir).drop_edits(list(seqs))
    except LockBusy as error:
        raise click.ClickException(str(error)) from None
    missing = sorted(set(seqs) - set(dropped))
    click.echo(f"dropped {len(dropped)} edit{'' if len(dropped) == 1 else 's'}")
    if missing:
        raise click.ClickException(f"no edit numbered {', '.join(map(str, missing))}")
