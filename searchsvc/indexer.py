"""Rebuild, add and delete: the operations that change what is searchable."""
from __future__ import annotations

import time
from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path

from . import index
from .annotate import annotate
from .articles import Article, Problem
from .children import die_with_parent
from .entity_cache import EntityCache
from .generations import Generations
from .journal import Journal
from .readers import read_sources

CACHE_FILE = "entities.sqlite"
JOURNAL_FILE = "edits.sqlite"


class RebuildFailed(RuntimeError):
    """A rebuild stopped (with --strict, on the first skipped file or record)."""


class UnknownArticle(KeyError):
    """An id that is not in the index."""


@dataclass
class Summary:
    read: int = 0
    indexed: int = 0
    duplicates: int = 0
    edits_applied: int = 0
    entities_extracted: int = 0
    entities_cached: int = 0
    skipped: Counter = field(default_factory=Counter)
    problems: list[Problem] = field(default_factory=list)
    generation: str = ""
    seconds: float = 0.0


@dataclass
class Indexer:
    """The index folder and the settings every change needs."""

    root: Path
    model: str
    workers: int = 2
    write_timeout: float = 10.0
    progress: Callable | None = None  # tqdm-like wrapper, or None for quiet

    @property
    def generations(self) -> Generations:
        return Generations(self.root)

    def _cache(self) -> EntityCache:
        return EntityCache(self.root / CACHE_FILE)

    def _journal(self) -> Journal:
        return Journal(self.root / JOURNAL_FILE)

    def rebuild(self, sources: Iterable[Path], fmt: str | None = None, strict: bool = False,
                on_problem: Callable[[Problem], None] | None = None) -> Summary:
        """Build a complete new generation from the sources and the edits, then switch to it."""
        started, summary, gens = time.monotonic(), Summary(), self.generations
        die_with_parent()
        with gens.rebuild_lock():
            gens.clean()
            journal, cache = self._journal(), self._cache()
            seen_edits = journal.last_seq()
            articles = self._read(sources, fmt, strict, on_problem, summary)
            edits = journal.state(upto=seen_edits)
            _apply_edits(articles, edits)
            annotated, counts = annotate(list(articles.values()), cache, self.model, self.workers,
                                         self.progress)
            build_dir = gens.new_build_dir()
            ix = index.create(build_dir)
            summary.indexed = index.write_all(ix, annotated, procs=self.workers)
            with gens.write_lock(self.write_timeout):
                late = journal.state(after=seen_edits)  # edits made while we were building
                puts, late_counts = annotate([a for a in late.values() if a], cache, self.model)
                index.apply_changes(ix, puts, [i for i, a in late.items() if a is None])
                summary.indexed = index.document_count(ix)
                summary.generation = gens.publish(build_dir)
            gens.clean()
            journal.close(), cache.close()
        summary.edits_applied = len(edits) + len(late)
        summary.entities_extracted = counts.extracted + late_counts.extracted
        summary.entities_cached = counts.cached + late_counts.cached
        summary.seconds = time.monotonic() - started
        gens.record_rebuild({"generation": summary.generation, "finished_at": time.time(),
                             "seconds": summary.seconds, "indexed": summary.indexed,
                             "entities_extracted": summary.entities_extracted,
                             "entities_cached": summary.entities_cached})
        return summary

    def _read(self, sources, fmt, strict, on_problem, summary: Summary) -> dict[str, Article]:
        articles: dict[str, Article] = {}
        items = read_sources(sources, fmt)
        if self.progress:
            items = self.progress(items, desc="reading", unit=" articles")
        for item in items:
            if isinstance(item, Problem):
                if strict:
                    raise RebuildFailed(f"skipped {item} (--strict)")
                summary.problems.append(item)
                summary.skipped[item.reason.split(":")[0]] += 1
                if on_problem:
                    on_problem(item)
                continue
            summary.read += 1
            if item.id in articles:
                summary.duplicates += 1  # the later record of an id wins
            articles[item.id] = item
        return articles

    def add(self, articles: list[Article]) -> list[Article]:
        """Add or replace articles in the current generation and the journal; return them."""
        cache = self._cache()
        annotated, _ = annotate(articles, cache, self.model, 1)
        cache.close()
        self._change(annotated, [])
        return annotated

    def delete(self, ids: list[str]) -> None:
        """Delete articles by id from the current generation and record it in the journal."""
        self._change([], ids)

    def _change(self, puts: list[Article], deletes: list[str]) -> None:
        gens = self.generations
        with gens.write_lock(self.write_timeout):
            ix = index.open_dir(gens.current())
            missing = [i for i in deletes if not index.contains(ix, i)]
            if missing:
                raise UnknownArticle(", ".join(missing))
            journal = self._journal()
            journal.record(puts, deletes)  # first the journal: a crash after it loses nothing
            journal.close()
            index.apply_changes(ix, puts, deletes, timeout=self.write_timeout)


def _apply_edits(articles: dict[str, Article], edits: dict[str, Article | None]) -> None:
    for article_id, article in edits.items():
        if article is None:
            articles.pop(article_id, None)
        else:
            articles[article_id] = article
