"""RSS (0.9x, 1.0, 2.0) and Atom feeds, read with feedparser: each item is an article."""

from __future__ import annotations

import io
from collections.abc import Iterator
from datetime import UTC, datetime

from ..articles import Article, ArticleError, Problem, article_id, clean_text
from .source import SourceFile
from .text import decode
from .webpage import html_to_text, root_tag

FEED_ROOTS = {"rss", "feed", "rdf:rdf"}
PLAIN_TYPES = {"text/plain", "text"}


def looks_feed(head: str) -> bool:
    """An RSS, Atom or RDF (RSS 1.0) document, told by its first element."""
    return root_tag(head) in FEED_ROOTS


def read(file: SourceFile) -> Iterator[Article | Problem]:
    """Yield one article per item; an item without a body is a Problem naming its number."""
    import feedparser  # the parsers load when a feed is read, not when the command line starts

    decode(file.data)  # refuses binary files with the same reason as every reader
    try:
        # a stream, never a str: feedparser would take a str for a URL or a file name to open
        parsed = feedparser.parse(io.BytesIO(file.data), sanitize_html=True, resolve_relative_uris=True)
    except Exception as error:  # a parser's failure on bad input is this file's problem, not ours
        raise ArticleError(f"cannot read the feed: {type(error).__name__}: {error}") from None
    if not parsed.entries:
        if parsed.get("bozo"):
            raise ArticleError(f"not a readable RSS or Atom feed: {_why(parsed)}")
        if not parsed.get("version"):
            raise ArticleError("not an RSS or Atom feed")
        raise ArticleError("the feed has no items")
    if parsed.get("bozo"):
        yield Problem(
            file.origin,
            f"the feed is not well-formed ({_why(parsed)}); its items were read leniently and may be incomplete",
            kept=True,
        )
    channel = parsed.get("feed", {})
    source = " ".join(str(channel.get("title") or "").split()) or file.collection
    for number, entry in enumerate(parsed.entries, start=1):
        warnings: list[str] = []
        try:
            yield _article(entry, number, file, source, warnings)
        except ArticleError as error:
            yield Problem(file.origin, f"item {number}: {error}")
        yield from (Problem(file.origin, f"item {number}: {w}", kept=True) for w in warnings)


def _why(parsed) -> str:
    error = parsed.get("bozo_exception")
    return " ".join(str(error).split()) or type(error).__name__


def _article(entry, number: int, file: SourceFile, source: str, warnings: list[str]) -> Article:
    body = _body(entry)
    if not body:
        raise ArticleError("no body (no description, summary or content)")
    title = _text(entry.get("title_detail")) or " ".join(str(entry.get("title") or "").split())
    title = " ".join(title.split())
    url = str(entry.get("link") or "").strip()
    tags = tuple(
        dict.fromkeys(
            term
            for tag in entry.get("tags") or []
            if (term := " ".join(str(tag.get("label") or tag.get("term") or "").split()))
        )
    )
    published = _date(entry, "published", warnings)
    updated = _date(entry, "updated", warnings)
    if published is None:  # Atom's one required date is <updated>: the entry's date when alone
        published, updated = updated, None
    return Article(
        id=article_id(url=url, origin=file.origin, position=number),
        title=title or body.split(". ")[0][:120],
        body=body,
        url=url,
        source=source,
        authors=_authors(entry),
        published=published,
        updated=updated if updated and published and updated > published else None,
        category=tags[0] if tags else file.category,
        tags=tags,
        origin=file.origin,
    )


def _body(entry) -> str:
    """The full content when the item has it (Atom <content>, RSS <content:encoded>), else its summary."""
    for detail in [*(entry.get("content") or []), entry.get("summary_detail")]:
        text = _text(detail)
        if text:
            return text
    return ""


def _text(detail) -> str:
    if not detail or not str(detail.get("value") or "").strip():
        return ""
    value = str(detail["value"])
    if str(detail.get("type") or "").lower() in PLAIN_TYPES:
        return clean_text(value)
    return html_to_text(value)


def _authors(entry) -> tuple[str, ...]:
    names = [str(a.get("name") or "").strip() for a in entry.get("authors") or []]
    if not any(names) and entry.get("author"):
        names = [str(entry["author"]).strip()]
    return tuple(dict.fromkeys(name for name in names if name))


def _date(entry, name: str, warnings: list[str]) -> datetime | None:
    # dict.get: feedparser's own get answers "updated" with "published" (and warns) when absent
    raw = str(dict.get(entry, name) or "").strip()
    moment = dict.get(entry, f"{name}_parsed")  # feedparser's reading of it, in UTC
    if moment:
        return datetime(*moment[:6]).replace(tzinfo=UTC)
    if raw:
        warnings.append(f"cannot read {raw[:40]!r} as a date; indexed without it")
    return None
