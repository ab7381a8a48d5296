"""Add, delete and recover: the writes that change the current generation; rebuild and sync, the
runs over the sources, are in rebuild.py and sync.py."""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from ..entities import corpus_names
from ..entities.annotate import AnnotateCounts, annotate
from ..entities.cache import EntityCache
from ..entities.ner_service import service_address
from ..ingest.articles import Article, Problem, check_article
from . import duplicates, schema
from .children import die_with_parent, pause_point
from .corrector import Corrector, names_in
from .errors import UnknownArticle
from .generations import Generations, IndexMissing, LockBusy
from .journal import Entry, Journal, applied, mark_applied
from .rebuild import rebuild as rebuild_generation
from .sync import sync as sync_generation

log = logging.getLogger(__name__)
CACHE_FILE = "entities.sqlite"
JOURNAL_FILE = "edits.sqlite"


@dataclass
class Indexer:
    """The index folder and the settings every change needs."""

    root: Path
    model: str
    workers: int = 2
    write_timeout: float = 10.0
    progress: Callable | None = None  # tqdm-like wrapper, or None for quiet
    cluster: str | None = None  # a Dask scheduler's address: entity extraction runs there
    isolate_ner: bool = False  # add() extracts entities in a child process: a long-running service's
    # worker then never holds the model (150 MB it would keep after its first write)
    ner_timeout: float | None = None  # seconds a write's entity extraction may take (None: no limit);
    # a body it cannot finish in time is refused before anything is journaled
    ner_server: str | None = None  # the socket of the service's entity-extraction server (its workers)

    def __post_init__(self):
        die_with_parent()  # whatever this process forks for it (spaCy's, Whoosh's workers) dies with it

    @property
    def generations(self) -> Generations:
        return Generations(self.root)

    def open_cache(self) -> EntityCache:
        return EntityCache(self.root / CACHE_FILE)

    def open_journal(self) -> Journal:
        return Journal(self.root / JOURNAL_FILE)

    def ner_server_address(self) -> str | None:
        """The service's entity-extraction server: this worker's, or that of a service on this index."""
        return self.ner_server or service_address(self.root, self.model)

    @property
    def corrector(self) -> Corrector:
        """Editors' corrections of entities, applied by every rebuild, sync and write."""
        return Corrector(self.root, self.write_timeout)

    # the runs over the sources, each in its own module, as methods of the indexer they use
    rebuild = rebuild_generation
    sync = sync_generation

    def annotate_all(self, articles: list[Article], cache: EntityCache) -> tuple[list[Article], AnnotateCounts]:
        """Entities of many articles (a rebuild's or a sync's), with this indexer's workers, progress bar,
        Dask cluster and entity-extraction server; and the counts of those extracted and cached."""
        return annotate(
            articles, cache, self.model, self.workers, self.progress, self.cluster, server=self.ner_server_address()
        )

    def add(self, articles: list[Article]) -> list[Article]:
        """Add or replace articles in the current generation and the journal; return them."""
        return [article for article, _ in self.put(articles)]

    def put(self, articles: list[Article]) -> list[tuple[Article, bool]]:
        """Add or replace articles; return each with whether it replaced one (decided under the write
        lock, so two writers of one id never both hear "created"). Putting the same article again
        changes nothing but the answer: replaced."""
        for article in articles:
            check_article(article)  # text the index cannot store never reaches the journal
        cache = self.open_cache()
        try:
            annotated, _ = annotate(
                articles,
                cache,
                self.model,
                1,
                isolated=self.isolate_ner,
                timeout=self.ner_timeout,
                server=self.ner_server_address(),
            )
        finally:
            cache.close()
        puts, existed = self._change(annotated, [])
        return [(article, article.id in existed) for article in puts]

    def delete(self, ids: list[str]) -> None:
        """Delete articles by id from the current generation and record it in the journal."""
        self._change([], ids)

    def _change(self, puts: list[Article], deletes: list[str]) -> tuple[list[Article], set[str]]:
        """Journal a write, then index it: the journal is the write-ahead log. Return the articles put
        and the ids of those that replaced one."""
        gens = self.generations
        with gens.write_lock(self.write_timeout):
            folder = gens.current()
            ix = schema.open_dir(folder)
            journal = self.open_journal()
            try:
                self.corrector.bring_up_to_date(folder, ix)  # what a write killed half-way left behind
                names = names_in(folder)  # the corpus's names, decided at the rebuild, and corrected
                self._catch_up(folder, ix, names, journal)
                for article in puts:  # everything is checked before the journal is written
                    schema.to_document(article, names)
                missing = set(deletes) - _present(ix, deletes)
                if missing:
                    raise UnknownArticle(", ".join(i for i in deletes if i in missing))
                existed = _present(ix, [a.id for a in puts])
                before = journal.last_seq()
                journal.record(puts, deletes)  # first the journal: a crash after it loses nothing
                pause_point("journaled")
                try:
                    schema.apply_changes(ix, puts, deletes, timeout=self.write_timeout, names=names)
                except Exception:  # a failed write (not a killed one) leaves no edit behind
                    journal.forget(after=before)
                    raise
                pause_point("indexed")
                duplicates.update(folder, puts, deletes)
                mark_applied(folder, journal.last_seq())
            finally:
                journal.close()
        return corpus_names.apply_to(puts, names), existed

    def recover(self) -> int:
        """Apply the edits the journal holds beyond the current generation (writes killed after they
        were journaled) and bring its near-duplicate groups up to date with what it indexes; return
        the edits applied. For the service's start; every write does the first part too."""
        gens = self.generations
        try:
            with gens.write_lock(self.write_timeout):
                folder = gens.current()
                ix = schema.open_dir(folder)
                journal = self.open_journal()
                try:
                    self.corrector.bring_up_to_date(folder, ix)
                    applied_edits = self._catch_up(folder, ix, names_in(folder), journal)
                finally:
                    journal.close()
                added, removed = _reconcile_groups(folder, ix)
        except IndexMissing:
            return 0
        except LockBusy:  # a rebuild or a write holds it: the next write catches up as well
            log.warning("write lock busy: journaled edits not yet indexed are applied by the next write")
            return 0
        if applied_edits or added or removed:
            log.warning(
                "recovered: %d journaled edits applied to the index; near-duplicate groups: %d "
                "articles added, %d removed",
                applied_edits,
                added,
                removed,
            )
        return applied_edits

    def _catch_up(self, folder: Path, ix, names, journal: Journal) -> int:
        """Index the journaled edits the generation does not hold yet; the caller holds the write lock.
        Applying an edit twice is harmless (a put replaces by id, a delete of a gone id does nothing)."""
        held, last = applied(folder), journal.last_seq()
        if held is not None and held >= last:
            return 0
        broken: list[Entry] = []
        pending = journal.state(after=held or 0, upto=last, broken=broken)
        for entry in broken:
            log.error("%s", self.unusable(entry))
        if pending:
            cache = self.open_cache()
            try:  # their entities are in the cache (extracted before they were journaled)
                annotated, _ = annotate(
                    [a for a in pending.values() if a],
                    cache,
                    self.model,
                    1,
                    isolated=self.isolate_ner,
                    server=self.ner_server_address(),
                )
            finally:
                cache.close()
            deletes = [i for i, a in pending.items() if a is None]
            schema.apply_changes(ix, annotated, deletes, timeout=self.write_timeout, names=names)
            duplicates.update(folder, annotated, deletes)
        mark_applied(folder, last)
        return len(pending)

    @staticmethod
    def unusable(entry: Entry) -> Problem:
        """The problem of a journaled edit that cannot be applied, and how to remove it."""
        return Problem(
            JOURNAL_FILE,
            f"edit {entry.seq} ({entry.op} {entry.article_id}) cannot be applied: "
            f"{entry.problem}; left out (`searchsvc journal drop {entry.seq}` removes it)",
        )

    def journal_entries(self, article_id: str | None = None, limit: int = 50) -> list[Entry]:
        """The newest edits of the journal (of one id)."""
        journal = self.open_journal()
        try:
            return journal.entries(article_id, limit)
        finally:
            journal.close()

    def drop_edits(self, seqs: list[int]) -> list[int]:
        """Remove edits from the journal (under the write lock); return those that were there. The
        current generation keeps what they did until the next rebuild."""
        with self.generations.write_lock(self.write_timeout):
            journal = self.open_journal()
            try:
                return journal.drop(seqs)
            finally:
                journal.close()


def _present(ix, ids: list[str]) -> set[str]:
    """Which of these ids the index holds (one searcher for all)."""
    with ix.searcher() as searcher:
        return {i for i in ids if searcher.document_number(id=i) is not None}


def _reconcile_groups(folder: Path, ix) -> tuple[int, int]:
    """Near-duplicate groups over exactly the indexed articles; the caller holds the write lock."""
    with ix.searcher() as searcher:
        reader = searcher.reader()
        indexed = {term.decode() if isinstance(term, bytes) else term for term in reader.lexicon("id")}
        if reader.has_deletions():  # a deleted article's id stays in the lexicon until a merge
            indexed = {i for i in indexed if searcher.document_number(id=i) is not None}
        return duplicates.reconcile(folder, indexed, lambda i: searcher.document(id=i)["body"])
