"""`searchsvc entities`: editors' corrections from the terminal (thin over the indexer's corrector),
the same verbs as POST /api/corrections, and the corrections as one JSON file to keep under version
control."""

from __future__ import annotations

import json
from pathlib import Path

import click

from .cli_context import index_option, make_indexer
from .entities.corrections import Correction, CorrectionRefused
from .index.corrections_store import from_export
from .ingest.articles import ENTITY_TYPES

type_option = click.option(
    "--type", "kind", type=click.Choice(ENTITY_TYPES), required=True, help="The type the name is listed under now."
)
note_option = click.option("--note", default="", help="Why (kept with the correction).")


@click.group()
def entities():
    """Correct entities the machine got wrong: merge, rename, retype, hide, detach; list and undo
    corrections, export and import them. Each takes effect at once, without a rebuild."""


def _correct(index_dir, **fields) -> None:
    try:
        stored, rewritten = make_indexer(index_dir).corrector.correct(Correction(**fields))
    except CorrectionRefused as error:
        hint = f" (did you mean: {', '.join(error.suggestions)}?)" if error.suggestions else ""
        raise click.ClickException(f"{error}{hint}") from None
    click.echo(
        f"correction {stored.id}: {stored.describe()}; {rewritten} article{'' if rewritten == 1 else 's'} rewritten"
    )


def _verb(action: str, summary: str, target: str | None = None, choices=None) -> None:
    """Add `searchsvc entities ACTION`: --type, NAME, the one argument the action needs, --note."""

    def command(index_dir, kind, name, note, **given):
        _correct(index_dir, type=kind, name=name, action=action, note=note, **given)

    command.__doc__ = summary
    for option in reversed(
        [
            index_option,
            type_option,
            click.argument("name"),
            *([click.argument(target, type=choices)] if target else []),
            note_option,
        ]
    ):
        command = option(command)
    entities.command(action)(command)


_verb("merge", "NAME is another way of writing INTO: the two become one entity (an alias alone moves alone).", "into")
_verb("rename", "Call the entity NAME by TO from now on; NAME stays an alias (filters on it still work).", "to")
_verb("retype", "List the entity NAME under TO_TYPE instead.", "to_type", click.Choice(ENTITY_TYPES))
_verb("hide", "NAME is not an entity: it leaves filters, facets and lists (its articles stay searchable by text).")
_verb("detach", "ALIAS was wrongly taken for NAME: it becomes an entity of its own.", "alias")


@entities.group(invoke_without_command=True)
@index_option
@click.pass_context
def corrections(ctx, index_dir):
    """List the corrections (or: undo, export, import)."""
    if ctx.invoked_subcommand is None:
        for c in make_indexer(index_dir).corrector.corrections():
            click.echo(f"{c.id}\t{c.time}\t{c.describe()}" + (f"\t{c.note}" if c.note else ""))


@corrections.command()
@index_option
@click.argument("ids", nargs=-1, required=True, type=click.IntRange(1))
def undo(index_dir, ids):
    """Undo corrections by number (see `entities corrections`)."""
    corrector = make_indexer(index_dir).corrector
    missing = []
    for correction_id in ids:
        removed, rewritten = corrector.undo(correction_id)
        if removed is None:
            missing.append(str(correction_id))
        else:
            click.echo(f"undid correction {correction_id}: {removed.describe()}; {rewritten} articles rewritten")
    if missing:
        raise click.ClickException(f"no correction numbered {', '.join(missing)}")


@corrections.command("export")
@index_option
@click.argument("file", type=click.File("w", encoding="utf-8"), default="-")
def export_corrections(index_dir, file):
    """Write every correction to FILE (default: standard output) as JSON."""
    corrector = make_indexer(index_dir).corrector
    corrector.corrections()  # no index there: an error, not an empty file
    json.dump(corrector.store.export(), file, ensure_ascii=False, indent=1)
    file.write("\n")


@corrections.command("import")
@index_option
@click.argument("file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
def import_corrections(index_dir, file):
    """Replace the corrections with those of FILE (as `export` writes it) and apply them."""
    try:
        found = from_export(json.loads(file.read_text(encoding="utf-8")))
    except ValueError as error:  # not JSON, or a correction that makes no sense (CorrectionRefused)
        raise click.ClickException(f"{file.name}: {error}") from None
    rewritten = make_indexer(index_dir).corrector.replace_all(found)
    click.echo(f"imported {len(found)} correction{'' if len(found) == 1 else 's'}; {rewritten} articles rewritten")
