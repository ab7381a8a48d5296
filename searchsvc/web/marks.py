"""Mark the words of the search a reader came from in an article's HTML, in its text only."""

from __future__ import annotations

import html as entities
import re
from collections.abc import Callable

from markupsafe import Markup, escape

TAG = re.compile(r"(<[^>]*>)")


def mark_words(html: Markup, spans: Callable[[str], list[tuple[int, int]]]) -> Markup:
    """Wrap each (start, end) span that `spans` finds in the text between tags in <mark>; tags and
    their attributes (the entity links) stay whole, and a link's text is marked inside the link."""
    parts: list[str] = []
    for number, part in enumerate(TAG.split(str(html))):
        if number % 2 or not part:
            parts.append(part)  # a tag, kept as it is
            continue
        text, last = entities.unescape(part), 0
        for start, end in spans(text):
            parts += [escape(text[last:start]), Markup("<mark>{}</mark>").format(text[start:end])]
            last = end
        parts.append(escape(text[last:]))
    return Markup("".join(parts))
