"""Plain-text articles: the title on the first line, then paragraphs (the BBC layout)."""

from __future__ import annotations

from collections.abc import Iterator

from ..articles import Article, ArticleError, article_id, clean_text
from .source import SourceFile
from .text import decode_references

MAX_TITLE = 300


def read(file: SourceFile) -> Iterator[Article]:
    """Yield the one article of a file whose first line is its title."""
    text = decode_references(file.text())
    first, _, rest = text.strip().partition("\n")
    title = " ".join(first.split())
    body = clean_text(rest)
    if not title:
        raise ArticleError("empty file: no title line")
    if len(title) > MAX_TITLE:
        raise ArticleError(f"first line is {len(title)} characters, too long for a title")
    if not body:
        raise ArticleError("no body after the title line")
    yield Article(
        id=article_id(origin=file.origin),
        title=title,
        body=body,
        source=file.collection,
        category=file.category,
        origin=file.origin,
    )
