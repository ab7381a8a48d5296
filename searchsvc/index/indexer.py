"""Rebuild, add and delete: the operations that change what is searchable."""
from __future__ import annotations

import logging
import time
from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path

from ..entities import corpus_names
from . import duplicates, schema
from ..entities.annotate import annotate
from ..entities.ner_service import service_address
from ..ingest.articles import Article, Problem, check_article
from .children import die_with_parent, pause_point
from .corrections_store import mark_applied as mark_corrected
from .corrector import Corrector, names_in
from .errors import EmptyRebuild, RebuildFailed, UnknownArticle
from ..entities.corrections import apply_corrections
from ..entities.cache import EntityCache
from .generations import Generations, IndexMissing, LockBusy
from .journal import Entry, Journal, applied, mark_applied
from ..entities.ner_cluster import ClusterReport
from ..ingest.manifest import Manifest, SourceEntry, digest_of
from ..ingest.readers import read_file, source_files

log = logging.getLogger(__name__)
CACHE_FILE = "entities.sqlite"
JOURNAL_FILE = "edits.sqlite"


@dataclass
class Outcome:
    """What any run over the sources met, beside what it changed."""

    entities_extracted: int = 0
    entities_cached: int = 0
    skipped: Counter = field(default_factory=Counter)  # by kind of problem
    warnings: Counter = field(default_factory=Counter)  # records indexed without a bad field
    problems: list[Problem] = field(default_factory=list)
    seconds: float = 0.0


@dataclass
class Summary(Outcome):
    cluster: ClusterReport | None = None  # how entity extraction went on a Dask cluster
    read: int = 0
    indexed: int = 0
    duplicates: int = 0
    edits_applied: int = 0
    generation: str = ""


@dataclass
class SyncSummary(Outcome):
    files: int = 0
    changed_files: int = 0
    removed_files: int = 0
    put: int = 0
    deleted: int = 0
    documents: int = 0


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

    def _cache(self) -> EntityCache:
        return EntityCache(self.root / CACHE_FILE)

    def _journal(self) -> Journal:
        return Journal(self.root / JOURNAL_FILE)

    def _ner_server(self) -> str | None:
        """The service's entity-extraction server: this worker's, or that of a service on this index."""
        return self.ner_server or service_address(self.root, self.model)

    @property
    def corrector(self) -> Corrector:
        """Editors' corrections of entities, applied by every rebuild, sync and write."""
        return Corrector(self.root, self.write_timeout)

    def rebuild(self, sources: Iterable[Path], fmt: str | None = None, strict: bool = False,
                on_problem: Callable[[Problem], None] | None = None, allow_empty: bool = False) -> Summary:
        """Build a complete new generation from the sources and the edits, then switch to it.

        A source that does not exist fails the rebuild before anything is read, and a rebuild that
        reads no article keeps a generation that has articles unless `allow_empty`: a typo must
        never empty the index."""
        started, summary, gens = time.monotonic(), Summary(), self.generations
        sources = [Path(p) for p in sources]
        missing = [str(p) for p in sources if not p.exists()]
        if missing:
            raise RebuildFailed(f"no such file or folder: {', '.join(missing)}; the index is unchanged")
        with gens.rebuild_lock():
            gens.clean()
            journal, cache = self._journal(), self._cache()
            seen_edits = journal.last_seq()
            articles, manifest = self._read(sources, fmt, strict, on_problem, summary)
            if summary.read == 0 and not allow_empty:
                _refuse_to_empty(gens, summary)
            broken: list[Entry] = []
            edits = journal.state(upto=seen_edits, broken=broken)
            _apply_edits(articles, edits)
            annotated, counts = annotate(list(articles.values()), cache, self.model, self.workers,
                                         self.progress, self.cluster, server=self._ner_server())
            corpus = corpus_names.decide(a.entities for a in annotated)  # no model: cached entities only
            corrections = self.corrector.store.all()  # a first rebuild has no index yet
            names = apply_corrections(corpus, corrections)
            build_dir = gens.new_build_dir()
            ix = schema.create(build_dir)
            near = []
            summary.indexed = schema.write_all(ix, annotated, procs=self.workers, names=names,
                                              meanwhile=lambda: near.append(duplicates.Duplicates.build(
                                                  [a.id for a in annotated], [a.body for a in annotated])))
            corpus.save(build_dir)
            mark_corrected(build_dir, corrections)
            manifest.save(build_dir)
            gens.record_sources(build_dir, sources, fmt)  # a rebuild without sources reads these again
            with gens.write_lock(self.write_timeout):
                upto = journal.last_seq()  # no edit is journaled while we hold the write lock
                late = journal.state(after=seen_edits, upto=upto, broken=broken)  # made while we were building
                puts, late_counts = annotate([a for a in late.values() if a], cache, self.model)
                late_deletes = [i for i, a in late.items() if a is None]
                schema.apply_changes(ix, puts, late_deletes, names=names)
                self.corrector.bring_up_to_date(build_dir, ix)  # corrections made while we were building
                near[0].change([(a.id, a.body) for a in puts], late_deletes)
                near[0].save(build_dir)
                mark_applied(build_dir, upto)
                summary.indexed = schema.document_count(ix)
                summary.generation = gens.publish(build_dir)
            gens.clean()
            journal.close(), cache.close()
        for entry in broken:
            _note_problem(_unusable(entry), summary, False, on_problem)
        summary.edits_applied = len(edits) + len(late)
        summary.entities_extracted = counts.extracted + late_counts.extracted
        summary.entities_cached = counts.cached + late_counts.cached
        summary.cluster = counts.cluster
        summary.seconds = time.monotonic() - started
        gens.record_rebuild({"generation": summary.generation, "finished_at": time.time(),
                             "seconds": summary.seconds, "indexed": summary.indexed,
                             "entities_extracted": summary.entities_extracted,
                             "entities_cached": summary.entities_cached})
        return summary

    def _read(self, sources, fmt, strict, on_problem, summary: Summary) -> tuple[dict[str, Article], Manifest]:
        """Read every article, noting what each file gave (its hash and ids) for `sync`."""
        articles: dict[str, Article] = {}
        manifest = Manifest()
        items = self._items(source_files(sources, fmt), fmt, manifest)
        if self.progress:
            items = self.progress(items, desc="reading", unit=" articles")
        for item in items:
            if isinstance(item, Problem):
                _note_problem(item, summary, strict, on_problem)
                continue
            summary.read += 1
            if item.id in articles:
                summary.duplicates += 1  # the later record of an id wins
            articles[item.id] = item
        return articles, manifest

    @staticmethod
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

    def sync(self, sources: Iterable[Path], fmt: str | None = None,
             on_problem: Callable[[Problem], None] | None = None) -> SyncSummary:
        """Bring the current generation up to date with the sources, reading only the files that are
        new or changed since it was built or last synced, and deleting what removed files gave.

        Ids edited through `add`, `delete` or the API keep their edits, as a rebuild would keep them.
        Nothing goes into the edits journal: the sources themselves say what a rebuild will find."""
        started, summary, gens = time.monotonic(), SyncSummary(), self.generations
        sources = [Path(p) for p in sources]
        missing = [str(p) for p in sources if not p.exists()]
        if missing:
            raise RebuildFailed(f"no such file or folder: {', '.join(missing)}; the index is unchanged")
        with gens.rebuild_lock():
            folder = gens.current()
            manifest = Manifest.load(folder)
            if manifest is None:
                raise RebuildFailed("this index was built before sync kept track of source files: "
                                    "run `searchsvc rebuild` once")
            puts, deletes = self._changed(sources, fmt, manifest, summary, on_problem)
            journal, cache = self._journal(), self._cache()
            edited = set(journal.state())
            puts = [a for a in puts if a.id not in edited]
            deletes = [i for i in deletes if i not in edited]
            annotated, counts = annotate(puts, cache, self.model, self.workers, self.progress, self.cluster,
                                         server=self._ner_server())
            journal.close(), cache.close()
            with gens.write_lock(self.write_timeout):
                ix = schema.open_dir(folder)
                self.corrector.bring_up_to_date(folder, ix)
                deletes = [i for i in deletes if schema.contains(ix, i)]
                schema.apply_changes(ix, annotated, deletes, timeout=self.write_timeout, names=names_in(folder))
                duplicates.update(folder, annotated, deletes)
                manifest.save(folder)
                gens.record_sources(folder, sources, fmt, merge=True)  # what it read is part of it now
                summary.documents = schema.document_count(ix)
        summary.put, summary.deleted = len(annotated), len(deletes)
        summary.entities_extracted, summary.entities_cached = counts.extracted, counts.cached
        summary.seconds = time.monotonic() - started
        return summary

    @staticmethod
    def _changed(sources, fmt, manifest: Manifest, summary: SyncSummary, on_problem):
        """Articles of new and changed files, and the ids that changed or removed files no longer give."""
        puts: dict[str, Article] = {}
        deletes: set[str] = set()
        seen: set[str] = set()
        for file in source_files(sources, fmt):
            if isinstance(file, Problem):
                _note_problem(file, summary, False, on_problem)
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
                    _note_problem(item, summary, False, on_problem)
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

    def add(self, articles: list[Article]) -> list[Article]:
        """Add or replace articles in the current generation and the journal; return them."""
        return [article for article, _ in self.put(articles)]

    def put(self, articles: list[Article]) -> list[tuple[Article, bool]]:
        """Add or replace articles; return each with whether it replaced one (decided under the write
        lock, so two writers of one id never both hear "created"). Putting the same article again
        changes nothing but the answer: replaced."""
        for article in articles:
            check_article(article)  # text the index cannot store never reaches the journal
        cache = self._cache()
        try:
            annotated, _ = annotate(articles, cache, self.model, 1, isolated=self.isolate_ner,
                                    timeout=self.ner_timeout, server=self._ner_server())
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
            journal = self._journal()
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
                journal = self._journal()
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
            log.warning("recovered: %d journaled edits applied to the index; near-duplicate groups: %d "
                        "articles added, %d removed", applied_edits, added, removed)
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
            log.error("%s", _unusable(entry))
        if pending:
            cache = self._cache()
            try:  # their entities are in the cache (extracted before they were journaled)
                annotated, _ = annotate([a for a in pending.values() if a], cache, self.model, 1,
                                        isolated=self.isolate_ner, server=self._ner_server())
            finally:
                cache.close()
            deletes = [i for i, a in pending.items() if a is None]
            schema.apply_changes(ix, annotated, deletes, timeout=self.write_timeout, names=names)
            duplicates.update(folder, annotated, deletes)
        mark_applied(folder, last)
        return len(pending)

    def journal_entries(self, article_id: str | None = None, limit: int = 50) -> list[Entry]:
        """The newest edits of the journal (of one id)."""
        journal = self._journal()
        try:
            return journal.entries(article_id, limit)
        finally:
            journal.close()

    def drop_edits(self, seqs: list[int]) -> list[int]:
        """Remove edits from the journal (under the write lock); return those that were there. The
        current generation keeps what they did until the next rebuild."""
        with self.generations.write_lock(self.write_timeout):
            journal = self._journal()
            try:
                return journal.drop(seqs)
            finally:
                journal.close()


def _unusable(entry: Entry) -> Problem:
    return Problem(JOURNAL_FILE, f"edit {entry.seq} ({entry.op} {entry.article_id}) cannot be applied: "
                                 f"{entry.problem}; left out (`searchsvc journal drop {entry.seq}` removes it)")


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


def _note_problem(item: Problem, summary, strict: bool, on_problem) -> None:
    if strict and not item.kept:
        raise RebuildFailed(f"skipped {item} (--strict)")
    summary.problems.append(item)
    (summary.warnings if item.kept else summary.skipped)[item.kind] += 1
    if on_problem:
        on_problem(item)


def _refuse_to_empty(gens: Generations, summary: Summary) -> None:
    try:
        ix = schema.open_dir(gens.current())
    except IndexMissing:
        return  # nothing to lose
    serving = schema.document_count(ix)
    if serving:
        skipped = sum(summary.skipped.values())
        raise EmptyRebuild(f"the sources hold no readable article ({skipped} skipped); the index keeps its "
                           f"{serving:,} articles (pass --allow-empty to replace them with an empty index)")


def _apply_edits(articles: dict[str, Article], edits: dict[str, Article | None]) -> None:
    for article_id, article in edits.items():
        if article is None:
            articles.pop(article_id, None)
        else:
            articles[article_id] = article
