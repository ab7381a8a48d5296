"""Quotes as documents of their own: a second Whoosh index in each generation's folder (`quotes/`),
one document per quote, written beside the articles' index by the same writes (schema.write_all and
schema.apply_changes), so that a quote is found, ranked and counted by its own words.

Each quote carries its article's id, title, date, source and shown entities (for filters), and its
speaker under the names decided across the corpus and corrected, as every entity is."""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path
from typing import Any

from whoosh import index as whoosh_index
from whoosh.fields import DATETIME, ID, KEYWORD, NUMERIC, STORED, TEXT, Schema
from whoosh.filedb.filestore import FileStorage

from ..entities.corpus_names import NameDecisions
from ..ingest.articles import ENTITY_TYPES, Article
from ..ingest.dates import to_utc_naive
from .analysis import text_analyzer

FOLDER = "quotes"


def make_schema() -> Schema:
    exact = {"stored": True, "commas": True, "lowercase": False, "scorable": False}
    return Schema(
        quote_id=ID(stored=True, unique=True),
        article_id=ID(stored=True),
        position=NUMERIC(stored=True, sortable=True),
        start=STORED,
        end=STORED,  # where in the article
        text=TEXT(analyzer=text_analyzer(), stored=True, chars=True),
        speaker=ID(stored=True, sortable=True),
        speaker_type=ID(stored=True),
        title=STORED,
        source=ID(stored=True),
        published_at=STORED,
        published=DATETIME(sortable=True),
        people=KEYWORD(**exact),
        organizations=KEYWORD(**exact),
        places=KEYWORD(**exact),
    )


def exists(folder: Path) -> bool:
    return whoosh_index.exists_in(str(folder / FOLDER))


def open_or_create(folder: Path):
    """The generation's quotes index (created empty in a generation built before quotes were)."""
    path = folder / FOLDER
    if whoosh_index.exists_in(str(path)):
        return FileStorage(str(path), supports_mmap=False).open_index()
    path.mkdir(exist_ok=True)
    return whoosh_index.create_in(str(path), make_schema())


def open_existing(folder: Path):
    """The generation's quotes index for reading, or None when it has none."""
    path = folder / FOLDER
    return FileStorage(str(path), supports_mmap=False).open_index() if exists(folder) else None


def write(
    folder: Path,
    puts: Iterable[Article],
    deletes: Iterable[str],
    names: NameDecisions,
    timeout: float = 10.0,
    fresh: bool = False,
) -> None:
    """Replace the quotes of the articles put (entities as extracted), drop those of the ids deleted;
    one commit. The caller holds the write lock (or owns the folder, in a rebuild: `fresh`, an empty
    index, where there is nothing to replace)."""
    ix = open_or_create(folder)
    with ix.writer(timeout=timeout) as writer:
        for article_id in deletes:
            writer.delete_by_term("article_id", article_id)
        for article in puts:
            if not fresh:
                writer.delete_by_term("article_id", article.id)
            for document in documents(article, names):
                writer.add_document(**document)


def documents(article: Article, names: NameDecisions) -> list[dict]:
    """The quotes of an article (entities as extracted) as documents, speakers under `names`."""
    shown = names.apply(article.entities)
    common: dict[str, Any] = {
        "article_id": article.id,
        "title": article.title,
        "source": article.source,
        **{kind: ",".join(getattr(shown, kind)) for kind in ENTITY_TYPES},
    }
    if article.published:
        common.update(published=to_utc_naive(article.published), published_at=article.published.isoformat())
    found = []
    for position, quote in enumerate(article.entities.quotes):
        speaker, speaker_type = speaker_of(quote.speaker, quote.speaker_type, names)
        document = {
            **common,
            "quote_id": f"{article.id}#{position}",
            "position": position,
            "text": quote.text,
            "start": quote.start,
            "end": quote.end,
            "speaker": speaker or "",
            "speaker_type": speaker_type or "",
        }
        found.append({key: value for key, value in document.items() if value not in ("", None)})
    return found


def speaker_of(name: str | None, kind: str | None, names: NameDecisions) -> tuple[str | None, str | None]:
    """The speaker under the corpus's names and the editors' corrections: None for nobody named, or a
    name an editor hid."""
    if not name:
        return None, None
    canonical = names.canonical(name)
    decided = names.kinds.get(canonical, kind)
    if (decided, canonical) in names.hidden:
        return None, None
    return canonical, decided
