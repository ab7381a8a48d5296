"""Scraped news pages: section, title, subtitle, date lines, boilerplate, then the body."""

from __future__ import annotations

import re
from collections.abc import Iterator

from ..articles import Article, ArticleError, article_id
from ..dates import date_kind, parse_date
from .source import SourceFile
from .text import decode_references

HEADER_LINES = 8  # date lines are looked for among the first lines only
MAX_SECTION_WORDS = 5
MAX_BOILERPLATE = 300  # longer lines are prose, whatever words they use
BOILERPLATE = re.compile(
    r"by continuing to use|privacy policy|private policy|terms of (use|service)|cookie|"
    r"all rights reserved|^advertisement$|^(share|tweet|email|print)( this)?( (story|article|page))?$|"
    r"subscribe|sign up for|newsletter|follow us|^read more|^click here|^related:",
    re.I,
)
AUTHOR = re.compile(r"^[Bb]y\s+([A-Z][\w.'-]+(?:\s+(?:and\s+)?[A-Z][\w.'-]+){0,5})$")


def looks_scraped(text: str) -> bool:
    """Tell a scraped page by a date line among its first lines."""
    lines = [line for line in text.splitlines() if line.strip()][:HEADER_LINES]
    return any(parse_date(line) for line in lines[1:])


def read(file: SourceFile) -> Iterator[Article]:
    """Yield the one article of a scraped page."""
    lines = [" ".join(line.split()) for line in decode_references(file.text()).splitlines()]
    lines = [line for line in lines if line]
    first_date = next((i for i, line in enumerate(lines[:HEADER_LINES]) if parse_date(line)), None)
    if first_date is None:
        raise ArticleError("no date line among the first lines of a scraped page")
    section, title, subtitle = _header(lines[:first_date])
    stamps, authors, rest = [], [], lines[first_date:]
    while rest and (parse_date(rest[0]) or AUTHOR.match(rest[0])):
        line = rest.pop(0)
        if author := AUTHOR.match(line):
            authors.append(author.group(1))
        else:
            stamps.append((date_kind(line), parse_date(line)))
    body = [line for line in rest if not (len(line) < MAX_BOILERPLATE and BOILERPLATE.search(line))]
    if body and subtitle and body[0] == subtitle:
        body = body[1:]
    if not body:
        raise ArticleError("no body after the header and boilerplate")
    published, updated = _published_updated(stamps)
    return iter(
        [
            Article(
                id=article_id(origin=file.origin),
                title=title,
                subtitle=subtitle,
                section=section,
                body="\n\n".join(body),
                authors=tuple(authors),
                published=published,
                updated=updated,
                category=file.category,
                origin=file.origin,
            )
        ]
    )


def _header(lines: list[str]) -> tuple[str, str, str]:
    """Split the lines before the dates into section, title and subtitle."""
    if not lines:
        raise ArticleError("no title before the date lines")
    if len(lines) == 1:
        return "", lines[0], ""
    if len(lines[0].split()) <= MAX_SECTION_WORDS and not lines[0].endswith((".", "?", "!")):
        return lines[0], lines[1], " ".join(lines[2:])
    return "", lines[0], " ".join(lines[1:])


def _published_updated(stamps):
    """Labelled stamps keep their label; of unlabelled ones the earliest is the publication."""
    labelled = {kind: moment for kind, moment in stamps if kind}
    plain = sorted(moment for kind, moment in stamps if not kind)
    published = labelled.get("published") or (plain[0] if plain else None)
    updated = labelled.get("updated") or (plain[-1] if len(plain) > 1 else None)
    if published is None and updated is not None:
        published = updated
    return published, updated
