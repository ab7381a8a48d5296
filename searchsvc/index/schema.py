"""The Whoosh schema, Article <-> document, and the index operations on one generation."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from datetime import datetime
from pathlib import Path
from typing import Any

from whoosh import index as whoosh_index
from whoosh.fields import DATETIME, ID, KEYWORD, STORED, TEXT, Schema
from whoosh.filedb.filestore import FileStorage

from ..entities.corpus_names import NameDecisions
from ..entities.names import COUNTRY_SHORT_NAMES
from ..ingest.articles import ENTITY_TYPES, Article, Entities
from ..ingest.dates import parse_date, to_utc_naive
from . import quotes_index
from . import whoosh_internals as internals
from .analysis import name_analyzer, text_analyzer

internals.remember_columns()  # a segment asked the disk on every posting whether it has a length column

# entity type -> the field searched by name (person:"ramzan kadyrov") in the query language
NAME_FIELDS = {"people": "person", "organizations": "org", "places": "place"}
WRITER_MEMORY_MB = 256
PARALLEL_WRITE_FROM = 500  # articles; fewer are not worth a second writer process


def make_schema() -> Schema:
    """Define every indexed field once."""
    text = text_analyzer()
    # names are not stemmed, but drop the words the text fields drop: otherwise "of" or "1" in a query
    # could only match inside a name, and a query needing every word would find nothing
    names = name_analyzer()
    exact = {"stored": True, "commas": True, "lowercase": False, "scorable": False}
    return Schema(
        id=ID(stored=True, unique=True),
        url=STORED,
        origin=STORED,
        content_hash=STORED,
        dateline=STORED,
        published_at=STORED,
        updated_at=STORED,  # ISO text with the original offset, for display
        title=TEXT(analyzer=text, stored=True, spelling=True),
        subtitle=TEXT(analyzer=text, stored=True),
        # no spelling graph on the body: it costs a third of the build; suggestions come from
        # the unstemmed words of titles and the entity names
        # chars: each word's place in the text is kept, so snippets need no re-analysis of the body
        body=TEXT(analyzer=text, stored=True, chars=True),
        person=TEXT(analyzer=names),
        org=TEXT(analyzer=names),
        place=TEXT(analyzer=names),
        people=KEYWORD(**exact),
        organizations=KEYWORD(**exact),
        places=KEYWORD(**exact),
        # the names as extracted, before the corpus's decisions and the editors' corrections: a
        # correction rewrites the articles that mention a name it changes (index/corrector.py)
        found=STORED,
        mentions=KEYWORD(commas=True, lowercase=False, scorable=False),
        # stored as the tuple of names, each one term: "Smith, John" is one author
        authors=KEYWORD(**exact),
        tags=KEYWORD(**exact),
        section=ID(stored=True),
        source=ID(stored=True),
        category=ID(stored=True),
        published=DATETIME(sortable=True),
        month=ID(),
    )


def to_document(article: Article, names: NameDecisions | None = None) -> dict:
    """Turn an Article into the fields Whoosh indexes: its entities as extracted, under the names
    decided across the corpus (and corrected); a name's aliases are searchable beside it."""
    names = names or NameDecisions()
    shown = names.apply(article.entities)
    doc: dict[str, Any] = {
        "id": article.id,
        "url": article.url,
        "origin": article.origin,
        "content_hash": article.content_hash,
        "dateline": article.dateline,
        "title": article.title,
        "subtitle": article.subtitle,
        "body": article.body,
        "authors": article.authors,
        "tags": article.tags,
        "section": article.section,
        "source": article.source,
        "category": article.category,
        "found": article.entities.as_record(),
        "mentions": ",".join(names.raw_names(article.entities)),
    }
    for kind, field in NAME_FIELDS.items():
        listed = getattr(shown, kind)
        doc[kind] = ",".join(listed)
        searchable = [
            *listed,
            *(short for name in listed if kind == "places" for short in COUNTRY_SHORT_NAMES.get(name, ())),
        ]
        searchable += [alias for name in listed for alias in names.also_known_as().get(name, ())]
        doc[field] = " , ".join(searchable)  # place:us finds the United States, org:eu the EU
    if article.published:
        doc["published"] = to_utc_naive(article.published)
        doc["published_at"] = article.published.isoformat()
        doc["month"] = doc["published"].strftime("%Y-%m")
    if article.updated:
        doc["updated_at"] = article.updated.isoformat()
    return {key: value for key, value in doc.items() if value not in ("", (), None)}


def split_names(value: str | tuple[str, ...] | list[str] | None) -> tuple[str, ...]:
    """A stored list of names: a tuple, or (entities, and lists in an index built before tuples were
    stored) one string joined with commas."""
    if isinstance(value, (tuple, list)):
        return tuple(value)
    return tuple(part for part in (value or "").split(",") if part)


def from_stored(fields: dict) -> Article:
    """Rebuild an Article from a document's stored fields, with its entities as shown."""
    stored_names: dict[str, Any] = {kind: split_names(fields.get(kind)) for kind in ENTITY_TYPES}
    return Article(
        id=fields["id"],
        title=fields.get("title", ""),
        body=fields.get("body", ""),
        url=fields.get("url", ""),
        source=fields.get("source", ""),
        section=fields.get("section", ""),
        subtitle=fields.get("subtitle", ""),
        dateline=fields.get("dateline", ""),
        authors=split_names(fields.get("authors")),
        tags=split_names(fields.get("tags")),
        published=_stamp(fields.get("published_at")),
        updated=_stamp(fields.get("updated_at")),
        category=fields.get("category", ""),
        origin=fields.get("origin", ""),
        entities=Entities(**stored_names),
    )


def as_extracted(fields: dict) -> Article:
    """Rebuild an Article from a document's stored fields, with its entities as extracted (as shown,
    in an index built before they were kept)."""
    article = from_stored(fields)
    found = fields.get("found")
    if not isinstance(found, dict):
        return article
    return article.with_entities(Entities.from_record(found))


def _stamp(text: str | None) -> datetime | None:
    return parse_date(text) if text else None


def create(path: Path):
    """Create an empty index in a new folder (never over a live one)."""
    path.mkdir(parents=True, exist_ok=False)
    return whoosh_index.create_in(str(path), make_schema())


def open_dir(path: Path):
    # without mmap: Whoosh-Reloaded would copy each compound segment into every worker's memory
    # (423 MB a worker at 100k articles); reads from the page cache cost no latency measured
    return FileStorage(str(path), supports_mmap=False).open_index()


def write_all(
    ix,
    articles: list[Article],
    procs: int = 1,
    names: NameDecisions | None = None,
    meanwhile: Callable[[], None] | None = None,
) -> int:
    """Add articles (ids already unique, entities as extracted) to a fresh index under `names`;
    return the count. `meanwhile` runs once every article is handed to the writers, while they are
    still indexing; so does the quotes index's write."""
    count = 0
    procs = procs if len(articles) >= PARALLEL_WRITE_FROM else 1
    with ix.writer(limitmb=WRITER_MEMORY_MB, procs=procs, multisegment=procs > 1) as writer:
        for article in articles:
            writer.add_document(**to_document(article, names))
            count += 1
        # with several writer processes, these overlap their work (written after them, the quotes
        # index kept a core idle: 4.5 s of CPU on BBC)
        if meanwhile is not None:
            meanwhile()
        quotes_index.write(_folder(ix), articles, [], names or NameDecisions(), fresh=True)
    return count


def apply_changes(
    ix, puts: Iterable[Article], deletes: Iterable[str], timeout: float = 10.0, names: NameDecisions | None = None
) -> None:
    """Replace or add articles (entities as extracted) and delete ids in one commit, then their quotes
    in the quotes index; the caller holds the write lock. Fields an older index lacks are left out."""
    puts, deletes = list(puts), list(deletes)
    with ix.writer(timeout=timeout) as writer:
        known = set(writer.schema.names())
        for article_id in deletes:
            writer.delete_by_term("id", article_id)
        for article in puts:
            doc = to_document(article, names)
            writer.update_document(**{key: value for key, value in doc.items() if key in known})
    quotes_index.write(_folder(ix), puts, deletes, names or NameDecisions(), timeout)


def _folder(ix) -> Path:
    return Path(ix.storage.folder)


def contains(ix, article_id: str) -> bool:
    with ix.searcher() as searcher:
        return searcher.document_number(id=article_id) is not None


def document_count(ix) -> int:
    return ix.doc_count()
