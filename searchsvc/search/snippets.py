"""Highlighted snippets and titles, from the stored text with Whoosh's highlighter."""

from __future__ import annotations

from whoosh import highlight
from whoosh.analysis import Token

from ..index.schema import from_stored
from .matchset import posting_at

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


def highlighted(
    results, page: int, per_page: int, snippets: int, fragment_size: int, deadline=None, scored: bool = True
):
    """Yield (article, score, highlighted title, snippets) for the hits of one page only; once the
    deadline has passed, the remaining hits get their lead instead of highlighted snippets."""
    results.formatter = MarkFormatter()
    results.fragmenter = highlight.ContextFragmenter(maxchars=fragment_size, surround=max(20, fragment_size // 2))
    results.order = highlight.FIRST
    pinpoint = _Pinpoint(results, fragment_size) if results.searcher.schema["body"].supports("characters") else None
    for hit in results[(page - 1) * per_page : page * per_page]:
        article = from_stored(hit.fields())
        score = round(hit.score or 0.0, 4) if scored else None
        if deadline is not None and deadline.passed():
            yield article, score, highlight.htmlescape(article.title), [lead(article.body, fragment_size)]
            continue
        body = (
            pinpoint.snippets(hit.docnum, article.body, snippets) if pinpoint else hit.highlights("body", top=snippets)
        )
        found = [" ".join(s.split()) for s in body.split(FRAGMENT_SEPARATOR) if s.strip()]
        title = _whole_highlight(hit, "title") or highlight.htmlescape(article.title)
        yield article, score, title, (found or [lead(article.body, fragment_size)])[:snippets]


class _Pinpoint:
    """Snippets from the character offsets the index keeps for each word of the body: the body is
    not analysed again (re-analysing it was half of a search's time on BBC)."""

    def __init__(self, results, fragment_size: int):
        self.searcher = results.searcher
        self.words = sorted({text for field_name, text in results.q.iter_all_terms() if field_name == "body"})
        self.fragmenter = highlight.PinpointFragmenter(
            maxchars=fragment_size, surround=max(20, fragment_size // 2), charlimit=None
        )
        self.formatter, self.order = results.formatter, results.order
        self.scorer = highlight.BasicFragmentScorer()

    def snippets(self, docnum: int, body: str, top: int) -> str:
        tokens = sorted(self._matches(docnum), key=lambda t: (t.startchar, -t.endchar))
        tokens = [t for i, t in enumerate(tokens) if i == 0 or t.startchar != tokens[i - 1].startchar]
        fragments = [_whole_words(f, body) for f in self.fragmenter.fragment_matches(body, tokens)]
        return self.formatter.format(highlight.top_fragments(fragments, top, self.scorer, self.order))

    def _matches(self, docnum: int):
        reader, offset = _segment_of(self.searcher, docnum)
        for word in self.words:
            postings = posting_at(reader, "body", word, docnum - offset)
            if postings is not None:
                for pos, start, end in postings.value_as("characters"):
                    yield Token(text=word, pos=pos, startchar=start, endchar=end, matched=True)


def _segment_of(searcher, docnum: int):
    """The segment reader holding a document, and its first docnum."""
    leaves = searcher.reader().leaf_readers()
    return next((reader, offset) for reader, offset in reversed(leaves) if offset <= docnum)


def _whole_words(fragment, text: str):
    """Start and end a fragment between words (not inside one), keeping its matches."""
    first = min((t.startchar for t in fragment.matches), default=fragment.startchar)
    last = max((t.endchar for t in fragment.matches), default=fragment.endchar)
    start, end = fragment.startchar, fragment.endchar
    if start > 0 and not text[start - 1].isspace():
        space = text.find(" ", start, first)
        start = space + 1 if space != -1 else first
    if end < len(text) and not text[end].isspace():
        space = text.rfind(" ", last, end)
        end = space if space != -1 else last
    fragment.startchar, fragment.endchar = start, end
    return fragment


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
