"""The indexer's errors, in a module of their own: the command line turns them into messages without
importing the indexer, and with it Whoosh, numpy and the entity rules, before a command needs them."""

from __future__ import annotations


class RebuildFailed(RuntimeError):
    """A rebuild stopped (with --strict, on the first skipped file or record)."""


class EmptyRebuild(RebuildFailed):
    """A rebuild that read no article would replace a generation that has articles."""


class UnknownArticle(KeyError):
    """An id that is not in the index."""
