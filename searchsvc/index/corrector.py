"""Editors' corrections of entities, made effective at once: a correction is stored beside the index,
then the articles that mention a name it changes are rewritten in the current generation, under the
write lock, in one commit. No model is loaded: each article keeps its entities as extracted, and
only the names decided over them change. Every door reads the index, so each sees the fix at its
next request."""

from __future__ import annotations

import difflib
from dataclasses import dataclass
from pathlib import Path

from whoosh import query as wq

from ..entities.corpus_names import NameDecisions
from ..entities.corrections import Correction, Known, apply_corrections, check
from ..ingest.articles import ENTITY_TYPES
from . import schema
from .corrections_store import CorrectionStore, applied, mark_applied
from .generations import Generations

SUGGESTIONS = 5


def names_in(folder: Path) -> NameDecisions:
    """The names a generation's articles are written with: the corpus's decisions and the
    corrections applied to it."""
    return apply_corrections(NameDecisions.load(folder), applied(folder))


@dataclass
class Corrector:
    """Corrections of one index folder."""

    root: Path
    write_timeout: float = 10.0

    @property
    def store(self) -> CorrectionStore:
        return CorrectionStore(self.root)

    def corrections(self) -> list[Correction]:
        """The stored corrections; IndexMissing where there is no index (a typo'd folder lists none)."""
        Generations(self.root).current()
        return self.store.all()

    def correct(self, correction: Correction) -> tuple[Correction, int]:
        """Store a correction and rewrite what it changes; return it (with its id) and the articles
        rewritten. CorrectionRefused when a name is unknown (404), it contradicts another (409) or it
        is malformed (422)."""
        gens = Generations(self.root)
        with gens.write_lock(self.write_timeout):
            folder = gens.current()
            ix = schema.open_dir(folder)
            self.bring_up_to_date(folder, ix)
            known = _known(ix, names_in(folder))
            checked = check(
                correction, self.store.all(), known, lambda kind, value: _close(value, known.names.get(kind, ()))
            )
            stored = self.store.add(checked)
            return stored, self.bring_up_to_date(folder, ix)

    def undo(self, correction_id: int) -> tuple[Correction | None, int]:
        """Remove a correction and rewrite what it had changed; (None, 0) when there is no such one."""
        gens = Generations(self.root)
        with gens.write_lock(self.write_timeout):
            folder = gens.current()  # no index (a typo'd folder): IndexMissing before anything is written
            removed = self.store.remove(correction_id)
            return removed, self.bring_up_to_date(folder, schema.open_dir(folder))

    def replace_all(self, corrections: list[Correction]) -> int:
        """Keep exactly these corrections (an import) and rewrite what that changes; return the articles
        rewritten."""
        gens = Generations(self.root)
        with gens.write_lock(self.write_timeout):
            folder = gens.current()
            self.store.replace_all(corrections)
            return self.bring_up_to_date(folder, schema.open_dir(folder))

    def bring_up_to_date(self, folder: Path, ix) -> int:
        """Rewrite the articles whose names differ between the corrections the generation was written
        with and those stored; the caller holds the write lock. Return the articles rewritten."""
        was, now = applied(folder), self.store.all()
        if was == now:
            return 0
        corpus = NameDecisions.load(folder)
        before, after = apply_corrections(corpus, was), apply_corrections(corpus, now)
        changed = _changed_names(before, after, [*was, *now])
        with ix.searcher() as searcher:
            articles = [
                schema.as_extracted(searcher.stored_fields(docnum)) for docnum in _mentioning(searcher, changed)
            ]
        if articles:
            schema.apply_changes(ix, articles, [], timeout=self.write_timeout, names=after)
        mark_applied(folder, now)
        return len(articles)


def _changed_names(before: NameDecisions, after: NameDecisions, corrections: list[Correction]) -> set[str]:
    """The names as extracted whose entity (its name, type, or being hidden) differs."""
    universe = {
        *before.kinds,
        *before.aliases,
        *after.kinds,
        *after.aliases,
        *(name for c in corrections for name in (c.name, c.into, c.to, c.alias) if name),
    }
    return {
        name
        for name in universe
        for kind in ENTITY_TYPES
        if _placement(before, name, kind) != _placement(after, name, kind)
    }


def _placement(decisions: NameDecisions, name: str, kind: str) -> tuple[str, str] | None:
    canonical = decisions.canonical(name)
    decided = decisions.kinds.get(canonical, kind)
    return None if (decided, canonical) in decisions.hidden else (decided, canonical)


def _mentioning(searcher, names: set[str]) -> list[int]:
    """Documents whose extracted entities include one of the names (every document, in an index
    built before those were kept)."""
    if not names:
        return []
    if "mentions" not in searcher.schema:
        return list(searcher.reader().all_doc_ids())
    found = searcher.search(
        wq.Or([wq.Term("mentions", name) for name in sorted(names)]), limit=None, scored=False, sortedby=None
    )
    return sorted(found.docs())


def _known(ix, decisions: NameDecisions) -> Known:
    """The names the index shows per type, and the aliases in force."""
    with ix.searcher() as searcher:
        reader = searcher.reader()
        names = {
            kind: {term.decode() if isinstance(term, bytes) else term for term in reader.lexicon(kind)}
            for kind in ENTITY_TYPES
        }
    return Known(names=names, decisions=decisions)


def _close(value: str, names) -> list[str]:
    folded = {name.casefold(): name for name in names}
    return [folded[f] for f in difflib.get_close_matches(value.casefold(), list(folded), SUGGESTIONS, 0.75)]
