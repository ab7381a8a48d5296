"""Highlighted snippets and titles, from the stored text with Whoosh's highlighter."""
from __future__ import annotations

from whoosh import highlight

from .index import from_stored

LEAD_ELLIPSIS = "…"
FRAGMENT_SEPARATOR = "\x1e"


class MarkFormatter(highlight.HtmlFormatter):
    """Escaped text with each match in a bare <mark>."""

    def __init__(self):
        super().__init__(between=FRAGMENT_SEPARATOR)

    def format_token(self, text, token, replace=False):
        return f"<mark>{highlight.htmlescape(highlight.get_text(text, token, replace))}</mark>"

    def format_fragment(self, fragment, replace=False):
        """Mark a fragment cut from inside the text with an ellipsis at the cut."""
        formatted = super().format_fragment(fragment, replace)
        before = LEAD_ELLIPSIS if fragment.startchar > 0 else ""
        after = LEAD_ELLIPSIS if fragment.endchar < len(fragment.text.rstrip()) else ""
        return f"{before}{formatted.strip()}{after}"


def highlighted(results, page: int, per_page: int, snippets: int, fragment_size: int, deadline=None,
                scored: bool = True):
    """Yield (article, score, highlighted title, snippets) for the hits of one page only; once the
    deadline has passed, the remaining hits get their lead instead of highlighted snippets."""
    results.formatter = MarkFormatter()
    results.fragmenter = highlight.ContextFragmenter(maxchars=fragment_size, surround=max(20, fragment_size // 2))
    results.order = highlight.FIRST
    for hit in results[(page - 1) * per_page:page * per_page]:
        article = from_stored(hit.fields())
        score = round(hit.score or 0.0, 4) if scored else None
        if deadline is not None and deadline.passed():
            yield article, score, highlight.htmlescape(article.title), [lead(article.body, fragment_size)]
            continue
        body = hit.highlights("body", top=snippets)
        found = [" ".join(s.split()) for s in body.split(FRAGMENT_SEPARATOR) if s.strip()]
        title = _whole_highlight(hit, "title") or highlight.htmlescape(article.title)
        yield article, score, title, (found or [lead(article.body, fragment_size)])[:snippets]


def _whole_highlight(hit, field_name: str) -> str:
    results = hit.results
    fragmenter, results.fragmenter = results.fragmenter, highlight.WholeFragmenter()
    try:
        return hit.highlights(field_name)
    finally:
        results.fragmenter = fragmenter


def highlight_text(text: str) -> str:
    """Plain text made safe to insert as HTML."""
    return highlight.htmlescape(text)


def lead(body: str, size: int) -> str:
    """The start of the article, cut at a word boundary and escaped."""
    first = body.split("\n\n", 1)[0]
    if len(first) > size:
        first = first[:size].rsplit(" ", 1)[0] + LEAD_ELLIPSIS
    return highlight.htmlescape(first)
