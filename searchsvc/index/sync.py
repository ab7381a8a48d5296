"""Sync: bring the current generation up to date with its sources, reading only what changed."""

from __future__ import annotations

import time
from collections.abc import Iterable
from pathlib import Path
from typing import TYPE_CHECKING

from ..ingest.articles import Article, Problem
from ..ingest.manifest import Manifest, SourceEntry, digest_of
from ..ingest.readers import read_file, source_files
from . import duplicates, schema
from .corrector import names_in
from .errors import RebuildFailed
from .runs import ProblemHandler, SyncSummary, existing_sources, note_problem

if TYPE_CHECKING:
    from .indexer import Indexer


def sync(
    indexer: Indexer, sources: Iterable[Path], fmt: str | None = None, on_problem: ProblemHandler | None = None
) -> SyncSummary:
    """Bring the current generation up to date with the sources, reading only the files that are
    new or changed since it was built or last synced, and deleting what removed files gave.

    Ids edited through `add`, `delete` or the API keep their edits, as a rebuild would keep them.
    Nothing goes into the edits journal: the sources themselves say what a rebuild will find."""
    started, summary, gens = time.monotonic(), SyncSummary(), indexer.generations
    sources = existing_sources(sources)
    with gens.rebuild_lock():
        folder = gens.current()
        manifest = Manifest.load(folder)
        if manifest is None:
            raise RebuildFailed(
                "this index was built before sync kept track of source files: run `searchsvc rebuild` once"
            )
        puts, deletes = changed_articles(sources, fmt, manifest, summary, on_problem)
        journal, cache = indexer.open_journal(), indexer.open_cache()
        edited = set(journal.state())
        puts = [a for a in puts if a.id not in edited]
        deletes = [i for i in deletes if i not in edited]
        annotated, counts = indexer.annotate_all(puts, cache)
        journal.close()
        cache.close()
        with gens.write_lock(indexer.write_timeout):
            ix = schema.open_dir(folder)
            indexer.corrector.bring_up_to_date(folder, ix)
            deletes = [i for i in deletes if schema.contains(ix, i)]
            schema.apply_changes(ix, annotated, deletes, timeout=indexer.write_timeout, names=names_in(folder))
            duplicates.update(folder, annotated, deletes)
            manifest.save(folder)
            gens.record_sources(folder, sources, fmt, merge=True)  # what it read is part of it now
            summary.documents = schema.document_count(ix)
    summary.put, summary.deleted = len(annotated), len(deletes)
    summary.entities_extracted, summary.entities_cached = counts.extracted, counts.cached
    summary.seconds = time.monotonic() - started
    return summary


def changed_articles(
    sources: list[Path],
    fmt: str | None,
    manifest: Manifest,
    summary: SyncSummary,
    on_problem: ProblemHandler | None,
) -> tuple[list[Article], list[str]]:
    """Articles of new and changed files, and the ids that changed or removed files no longer give;
    the manifest is brought up to date with what was read."""
    puts: dict[str, Article] = {}
    deletes: set[str] = set()
    seen: set[str] = set()
    for file in source_files(sources, fmt):
        if isinstance(file, Problem):
            note_problem(file, summary, False, on_problem)
            continue
        seen.add(file.origin)
        summary.files += 1
        digest = digest_of(file.path)
        entry = manifest.files.get(file.origin)
        if entry is not None and entry.digest == digest:
            continue
        summary.changed_files += 1
        ids = []
        for item in read_file(file, fmt):
            if isinstance(item, Problem):
                note_problem(item, summary, False, on_problem)
                continue
            puts[item.id] = item
            ids.append(item.id)
        deletes.update(set(manifest.ids_from(file.origin)) - set(ids))
        manifest.files[file.origin] = SourceEntry(digest, ids)
    for folder in (p for p in sources if p.is_dir()):
        for origin in manifest.origins_under(folder.resolve().name):
            if origin not in seen:  # the file is gone: so are its articles
                summary.removed_files += 1
                deletes.update(manifest.files.pop(origin).ids)
    return list(puts.values()), sorted(deletes - set(puts))
