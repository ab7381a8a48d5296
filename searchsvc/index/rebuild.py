"""Rebuild: read every source, apply the edits, extract entities, write a new generation aside and
switch to it, with the edits made meanwhile."""

from __future__ import annotations

import os
import time
from collections.abc import Iterable
from pathlib import Path
from typing import TYPE_CHECKING

from ..entities import corpus_names
from ..entities.annotate import annotate
from ..entities.corrections import apply_corrections
from ..ingest.articles import Article, Problem
from ..ingest.manifest import Manifest, SourceEntry, digest_of
from ..ingest.readers import read_file, source_files
from . import duplicates, schema
from .corrections_store import mark_applied as mark_corrected
from .errors import EmptyRebuild
from .generations import Generations, IndexMissing
from .journal import Entry, mark_applied
from .runs import ProblemHandler, Summary, existing_sources, note_problem

if TYPE_CHECKING:
    from .indexer import Indexer

# tests only: "stage@folder" makes a rebuild stop at that stage (STAGES), write folder/stage-PID and
# wait until the test removes that file (or kills it): a kill or a write at a known stage, not after a sleep
PAUSE = "SEARCHSVC_REBUILD_PAUSE"
STAGES = ("building", "built")  # the new generation's folder made, empty; its index written, not switched to


def rebuild(
    indexer: Indexer,
    sources: Iterable[Path],
    fmt: str | None = None,
    strict: bool = False,
    on_problem: ProblemHandler | None = None,
    allow_empty: bool = False,
) -> Summary:
    """Build a complete new generation from the sources and the edits, then switch to it.

    A source that does not exist fails the rebuild before anything is read, and a rebuild that
    reads no article keeps a generation that has articles unless `allow_empty`: a typo must
    never empty the index."""
    started, summary, gens = time.monotonic(), Summary(), indexer.generations
    sources = existing_sources(sources)
    with gens.rebuild_lock():
        gens.clean()
        journal, cache = indexer.open_journal(), indexer.open_cache()
        seen_edits = journal.last_seq()
        articles, manifest = read_articles(sources, fmt, strict, on_problem, summary, indexer.progress)
        if summary.read == 0 and not allow_empty:
            _refuse_to_empty(gens, summary)
        broken: list[Entry] = []
        edits = journal.state(upto=seen_edits, broken=broken)
        _apply_edits(articles, edits)
        annotated, counts = indexer.annotate_all(list(articles.values()), cache)
        corpus = corpus_names.decide(a.entities for a in annotated)  # no model: cached entities only
        corrections = indexer.corrector.store.all()  # a first rebuild has no index yet
        names = apply_corrections(corpus, corrections)
        build_dir = gens.new_build_dir()
        ix = schema.create(build_dir)
        _pause("building")
        near = []
        summary.indexed = schema.write_all(
            ix,
            annotated,
            procs=indexer.workers,
            names=names,
            meanwhile=lambda: near.append(
                duplicates.Duplicates.build([a.id for a in annotated], [a.body for a in annotated])
            ),
        )
        corpus.save(build_dir)
        mark_corrected(build_dir, corrections)
        manifest.save(build_dir)
        gens.record_sources(build_dir, sources, fmt)  # a rebuild without sources reads these again
        _pause("built")
        with gens.write_lock(indexer.write_timeout):
            upto = journal.last_seq()  # no edit is journaled while we hold the write lock
            late = journal.state(after=seen_edits, upto=upto, broken=broken)  # made while we were building
            puts, late_counts = annotate([a for a in late.values() if a], cache, indexer.model)
            late_deletes = [i for i, a in late.items() if a is None]
            schema.apply_changes(ix, puts, late_deletes, names=names)
            indexer.corrector.bring_up_to_date(build_dir, ix)  # corrections made while we were building
            near[0].change([(a.id, a.body) for a in puts], late_deletes)
            near[0].save(build_dir)
            mark_applied(build_dir, upto)
            summary.indexed = schema.document_count(ix)
            summary.generation = gens.publish(build_dir)
        gens.clean()
        journal.close()
        cache.close()
    for entry in broken:
        note_problem(indexer.unusable(entry), summary, False, on_problem)
    summary.edits_applied = len(edits) + len(late)
    summary.entities_extracted = counts.extracted + late_counts.extracted
    summary.entities_cached = counts.cached + late_counts.cached
    summary.cluster = counts.cluster
    summary.seconds = time.monotonic() - started
    gens.record_rebuild(
        {
            "generation": summary.generation,
            "finished_at": time.time(),
            "seconds": summary.seconds,
            "indexed": summary.indexed,
            "entities_extracted": summary.entities_extracted,
            "entities_cached": summary.entities_cached,
        }
    )
    return summary


def read_articles(
    sources: list[Path],
    fmt: str | None,
    strict: bool,
    on_problem: ProblemHandler | None,
    summary: Summary,
    progress=None,
) -> tuple[dict[str, Article], Manifest]:
    """Read every article, noting what each file gave (its hash and ids) for `sync`."""
    articles: dict[str, Article] = {}
    manifest = Manifest()
    items = _items(source_files(sources, fmt), fmt, manifest)
    if progress:
        items = progress(items, desc="reading", unit=" articles")
    for item in items:
        if isinstance(item, Problem):
            note_problem(item, summary, strict, on_problem)
            continue
        summary.read += 1
        if item.id in articles:
            summary.duplicates += 1  # the later record of an id wins
        articles[item.id] = item
    return articles, manifest


def _items(files, fmt: str | None, manifest: Manifest):
    for file in files:
        if isinstance(file, Problem):
            yield file
            continue
        ids: list[str] = []
        for item in read_file(file, fmt):
            if isinstance(item, Article):
                ids.append(item.id)
            yield item
        manifest.files[file.origin] = SourceEntry(digest_of(file.path), ids)


def _refuse_to_empty(gens: Generations, summary: Summary) -> None:
    try:
        ix = schema.open_dir(gens.current())
    except IndexMissing:
        return  # nothing to lose
    serving = schema.document_count(ix)
    if serving:
        skipped = sum(summary.skipped.values())
        raise EmptyRebuild(
            f"the sources hold no readable article ({skipped} skipped); the index keeps its "
            f"{serving:,} articles (pass --allow-empty to replace them with an empty index)"
        )


def _apply_edits(articles: dict[str, Article], edits: dict[str, Article | None]) -> None:
    for article_id, article in edits.items():
        if article is None:
            articles.pop(article_id, None)
        else:
            articles[article_id] = article


def _pause(stage: str) -> None:
    """Wait at this stage while the tests ask to (PAUSE): see STAGES."""
    wanted, _, folder = os.environ.get(PAUSE, "").partition("@")
    if wanted != stage or not folder:
        return
    marker = Path(folder) / f"{stage}-{os.getpid()}"
    marker.touch()
    while marker.exists():
        time.sleep(0.02)
