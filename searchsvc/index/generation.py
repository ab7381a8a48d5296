"""One generation of an index folder: its Whoosh index and the files written beside it, each named and
read here.

A generation's folder (`gen-<stamp>`, named after when it was built, UTC) holds:
    <Whoosh's files>           the articles' index
    quotes/                    the quotes index (quotes_index.py)
    names.json                 the corpus's decisions on names (entities/corpus_names.py)
    corrections-applied.json   the editors' corrections its articles are written with (corrections_store.py)
    sources.json               what each source file gave, for `sync` (ingest/manifest.py)
    built-from.json            the sources it was read from and their format, for `rebuild` without sources
    duplicates.json, duplicate-pairs.npz, minhash.npz, duplicates.d/   near-duplicates (duplicates.py)

Each file's format stays with the module that knows it; this class says where it is and reads or
writes it. What a generation imports is imported when asked: the command line's --help loads no
Whoosh nor numpy (tests/test_lazy_imports.py).
"""

from __future__ import annotations

import json
import os
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from ..entities.corpus_names import NameDecisions
    from ..ingest.manifest import Manifest
    from .duplicates import Duplicates

PREFIX = "gen-"
STAMP = "%Y%m%dT%H%M%S%fZ"  # a generation's name after "gen-": when it was built (UTC)
BUILT_FROM = "built-from.json"  # its sources (absolute paths) and their format


@dataclass(frozen=True)
class BuiltFrom:
    """What a generation was read from: `rebuild` and `sync` without sources read these again."""

    sources: tuple[str, ...]
    fmt: str | None = None


@dataclass(frozen=True)
class Generation:
    """The files of one generation folder."""

    folder: Path

    @staticmethod
    def stamp(moment: datetime) -> str:
        """The part of a generation's name that says when it was built."""
        return moment.astimezone(UTC).strftime(STAMP)

    @property
    def name(self) -> str:
        return self.folder.name

    @property
    def built_at(self) -> datetime | None:
        """When it was built, from its name (gen-20261125T101500123456Z); None for another name."""
        try:
            return datetime.strptime(self.name.split("-", 1)[1], STAMP).replace(tzinfo=UTC)
        except (IndexError, ValueError):
            return None

    # the articles and their quotes

    def open_index(self):
        """The Whoosh index of the articles."""
        from . import schema

        return schema.open_dir(self.folder)

    def open_quotes(self):
        """The quotes index, or None for a generation built without one."""
        from .quotes_index import open_existing

        return open_existing(self.folder)

    # names

    def names(self) -> NameDecisions:
        """The names its articles are written with: the corpus's decisions and the corrections applied."""
        from .corrector import names_in

        return names_in(self.folder)

    def names_version(self) -> tuple | None:
        """Changes when the names change (an editor's correction rewrote articles)."""
        from .corrections_store import stamp

        return stamp(self.folder)

    # near-duplicates

    def duplicate_groups(self) -> list[list[str]]:
        """The near-duplicate groups of ids (none for a generation built before they were kept)."""
        from .duplicate_log import read_groups

        return read_groups(self.folder)

    def duplicates_version(self) -> tuple:
        """What tells one state of the near-duplicate files from another (empty when there are none)."""
        from .duplicate_log import version

        return version(self.folder)

    def duplicates(self, pairs: bool = True) -> Duplicates | None:
        """The signatures and (unless not `pairs`) pairs; the caller holds the write lock."""
        from .duplicates import Duplicates

        return Duplicates.load(self.folder, pairs)

    # sources

    def manifest(self) -> Manifest | None:
        """What each source file gave, or None for a generation built before it was kept."""
        from ..ingest.manifest import Manifest

        return Manifest.load(self.folder)

    def built_from(self) -> BuiltFrom | None:
        """The sources it was read from, or None when it does not say (built before it was noted) or
        cannot be read."""
        try:
            data = json.loads((self.folder / BUILT_FROM).read_text())
            return BuiltFrom(tuple(data["sources"]), data.get("format"))
        except (OSError, ValueError, KeyError, TypeError):
            return None

    def record_sources(self, sources: Iterable, fmt: str | None, merge: bool = False) -> None:
        """Note what it was read from (absolute paths); `merge` adds to what it noted."""
        paths = [str(Path(p).resolve()) for p in sources]
        before = self.built_from() if merge else None
        if before:
            paths = list(before.sources) + [p for p in paths if p not in before.sources]
            fmt = before.fmt
        temporary = self.folder / f"{BUILT_FROM}.tmp"
        temporary.write_text(json.dumps({"sources": paths, "format": fmt}, ensure_ascii=False))
        os.replace(temporary, self.folder / BUILT_FROM)
