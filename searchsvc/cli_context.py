"""What every command reads: the settings, the index folder, and an indexer or engine over it."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import TYPE_CHECKING

import click

if TYPE_CHECKING:
    from .index.indexer import Indexer
    from .search.engine import Engine

index_option = click.option(
    "--index",
    "index_dir",
    type=click.Path(file_okay=False, path_type=Path),
    help="Index folder (default: SEARCHSVC_INDEX_DIR or index/).",
)


def settings() -> dict:
    """The settings this command runs with, read once when the command line starts."""
    return click.get_current_context().find_root().obj


def progress_bar(iterable, **options):
    """A tqdm bar on stderr, silent when stderr is not a terminal."""
    from tqdm import tqdm

    return tqdm(iterable, file=sys.stderr, disable=None, leave=False, **options)


def make_indexer(index_dir: Path | None, workers: int | None = None, cluster: str | None = None) -> Indexer:
    """The indexer of the index folder, with the settings' workers, write timeout and Dask cluster."""
    from .index.indexer import Indexer  # with Whoosh, numpy and the entity rules: not for --help or a search

    return Indexer(
        root=index_dir or settings()["INDEX_DIR"],
        model=settings()["SPACY_MODEL"],
        workers=workers or settings()["NER_WORKERS"],
        write_timeout=settings()["WRITE_TIMEOUT"],
        progress=progress_bar,
        cluster=cluster or settings()["DASK"],
    )


def engine_over(index_dir: Path | None) -> Engine:
    """The search engine over the index folder."""
    from .search.engine import Engine

    return Engine(index_dir or settings()["INDEX_DIR"])


def plural(n: int, noun: str) -> str:
    """'1 article', '2,000 articles'."""
    return f"{n:,} {noun}{'' if n == 1 else 's'}"
