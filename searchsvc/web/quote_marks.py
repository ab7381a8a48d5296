"""Mark an article's quotes in its text, each with its speaker linked after the closing mark."""

from __future__ import annotations

from collections.abc import Callable

from markupsafe import Markup

from ..ingest.articles import Article
from ..search.quotes import QuoteHit

CLOSING_MARKS = ('"', "\u201d")


def marked_paragraphs(
    article: Article, quotes: list[QuoteHit], mark: Callable[[str], Markup], speaker_link: Callable[[str, str], str]
) -> list[Markup]:
    """The article's paragraphs, each piece marked by `mark` (mentions), its quotes in <span class=
    "quote"> with the speaker linked after the closing mark. Quote offsets count from the text
    entities are read from: the subtitle, a blank line, then the body."""
    position = len(article.subtitle) + 2 if article.subtitle else 0
    paragraphs = []
    for raw in article.body.split("\n\n"):
        start, end = position, position + len(raw)
        position = end + 2
        if not raw.strip():
            continue
        pieces, last = [], 0
        for quote in quotes:
            inside_from, inside_to = max(quote.start, start) - start, min(quote.end, end) - start
            if inside_from >= inside_to or inside_from < last:
                continue
            said = f"Said by {quote.speaker}" if quote.speaker else "Speaker not named"
            pieces += [
                mark(raw[last:inside_from]),
                Markup('<span class="quote" title="{}">{}</span>').format(said, mark(raw[inside_from:inside_to])),
            ]
            last = inside_to
            if quote.end <= end and quote.speaker:
                if raw[last : last + 1] in CLOSING_MARKS:
                    pieces.append(Markup("{}").format(raw[last]))
                    last += 1
                pieces.append(
                    Markup('<sup class="said-by"><a class="{}" href="{}">{}</a></sup>').format(
                        quote.speaker_type or "",
                        speaker_link(quote.speaker_type or "people", quote.speaker),
                        quote.speaker,
                    )
                )
        pieces.append(mark(raw[last:]))
        paragraphs.append(Markup("").join(pieces))
    return paragraphs
