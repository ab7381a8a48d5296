"""Small tools over a parsed document: a new span with a label, the bounds of the model's span a token
is in."""

from __future__ import annotations


def with_label(doc, start: int, end: int, label: str):
    """The tokens start to end as a span with this label."""
    span = doc[start:end]
    span.label_ = label
    return span


def ent_bounds(doc, i: int) -> tuple[int, int]:
    """The start and end of the model's span that token i is in (token i alone when it is in none)."""
    start, end = i, i + 1
    while start > 0 and doc[start].ent_iob_ == "I":
        start -= 1
    while end < len(doc) and doc[end].ent_iob_ == "I":
        end += 1
    return start, end
