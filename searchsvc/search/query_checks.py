"""Checks of a query's syntax before Whoosh parses it, so that a mistake gets a clear message."""
from __future__ import annotations


def check_syntax(text: str, schema) -> None:
    """Raise QueryError for what the query language cannot mean (filled in by issue 24, part 5)."""
