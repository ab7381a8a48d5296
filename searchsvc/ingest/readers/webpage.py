"""Saved news pages (HTML): the article as trafilatura extracts it, without navigation, footers or
cookie notices; title, date, authors, canonical URL, site name and section from the page's markup."""

from __future__ import annotations

import copy
import logging
import re
from collections.abc import Iterator
from datetime import datetime

from ..articles import Article, ArticleError, article_id, clean_text
from ..dates import parse_date
from .source import SourceFile
from .text import decode

# the date with its time and zone when the page gives them ("2024-03-05T07:30:00+0100"), else the day;
# from the markup, the byline and the URL, never from any year in the text ("(c) 2024" is no date)
DATE_FORMAT = "%Y-%m-%dT%H:%M:%S%z"
DATE_PARAMS = {"original_date": True, "extensive_search": False, "outputformat": DATE_FORMAT}
# what comes before the first element of a document: spaces, <?xml ...?>, comments, <!DOCTYPE ...>
_PROLOG = re.compile(r"\s*(?:<\?.*?\?>|<!--.*?-->|<!DOCTYPE[^>]*>)", re.S | re.I)
_FIRST_TAG = re.compile(r"\s*<([A-Za-z][\w:.-]*)")


def _parsers():
    """trafilatura and htmldate, imported when a page is first read (0.1 s: not when the command line
    starts), with their loggers quieted after the import, which sets htmldate's level."""
    import htmldate
    import trafilatura

    # the reader reports each page it cannot read as a Problem; the libraries' own log lines about the
    # same pages would only repeat it on stderr
    for name in ("trafilatura", "htmldate", "courlan", "justext"):
        logging.getLogger(name).setLevel(logging.CRITICAL)
    return trafilatura, htmldate


def root_tag(head: str) -> str:
    """The name of a document's first element (lower case), after its prolog; "" when there is none."""
    position = 0
    while match := _PROLOG.match(head, position):
        position = match.end()
    match = _FIRST_TAG.match(head, position)
    return match.group(1).lower() if match else ""


def looks_html(head: str) -> bool:
    return head.lstrip()[:15].lower().startswith("<!doctype html") or root_tag(head) == "html"


def html_to_text(fragment: str) -> str:
    """An HTML fragment (a feed item's content) as text paragraphs separated by blank lines."""
    trafilatura, _ = _parsers()
    try:
        text = trafilatura.extract(
            f"<html><body><article>{fragment}</article></body></html>",
            favor_recall=True,
            include_comments=False,
            include_tables=True,
        )
    except Exception as error:  # a parser's failure on bad input is this input's problem, not ours
        raise ArticleError(f"cannot read the HTML: {type(error).__name__}: {error}") from None
    return _paragraphs(text or "")


def _paragraphs(text: str) -> str:
    """trafilatura puts one paragraph a line; the Article separates them with a blank line."""
    return clean_text("\n\n".join(text.splitlines()))


def read(file: SourceFile) -> Iterator[Article]:
    """Yield the one article of a saved web page."""
    trafilatura, htmldate = _parsers()
    decode(file.data)  # refuses binary files with the same reason as every reader
    try:
        tree = trafilatura.load_html(file.data)
        if tree is None:
            raise ArticleError("not an HTML page: nothing could be parsed")
        modified = htmldate.find_date(
            copy.deepcopy(tree), original_date=False, extensive_search=False, outputformat=DATE_FORMAT
        )
        # precision first: a page without an article (a 404) gives nothing rather than its cookie
        # notice or menu
        document = trafilatura.bare_extraction(
            tree,
            with_metadata=True,
            favor_precision=True,
            include_comments=False,
            include_tables=True,
            date_extraction_params=DATE_PARAMS,
        )
    except ArticleError:
        raise
    except Exception as error:  # a parser's failure on bad input is this file's problem, not ours
        raise ArticleError(f"cannot read the page: {type(error).__name__}: {error}") from None
    if document is None or not any(c.isalnum() for c in document.text or ""):
        raise ArticleError("no article text found in the page (only navigation, boilerplate or nothing)")
    title = " ".join((document.title or "").split())
    paragraphs = _paragraphs(document.text).split("\n\n")
    if title and paragraphs and paragraphs[0] == title:  # the headline, repeated as the first line
        paragraphs = paragraphs[1:]
    body = "\n\n".join(paragraphs)
    if not body:
        raise ArticleError("no article text found in the page, only its title")
    url = (document.url or "").strip()
    published = _date(document.date)
    updated = _date(modified)
    sections = [c.strip() for c in document.categories or [] if c.strip()]
    yield Article(
        id=article_id(url=url, origin=file.origin),
        title=title or body.split(". ")[0][:120],
        body=body,
        url=url,
        source=(document.sitename or document.hostname or file.collection or "").strip(),
        section=sections[0] if sections else "",
        authors=tuple(name.strip() for name in (document.author or "").split(";") if name.strip()),
        published=published,
        updated=updated if published and updated and updated > published else None,
        category=file.category,
        tags=tuple(t.strip() for t in document.tags or [] if t.strip()),
        origin=file.origin,
    )


def _date(raw: str | None) -> datetime | None:
    return parse_date(raw) if raw else None
