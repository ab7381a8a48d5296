"""Facet counts over every matching article, from per-searcher maps of document -> values."""
from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from weakref import WeakKeyDictionary

FACET_FIELDS = ("people", "organizations", "places", "section", "month")
_maps: WeakKeyDictionary = WeakKeyDictionary()  # searcher -> {field: {docnum: [values]}}


def values_by_doc(searcher, field: str) -> dict[int, list[str]]:
    """Map each live document to its values in a field; built once per open searcher."""
    per_searcher = _maps.setdefault(searcher, {})
    if field not in per_searcher:
        reader = searcher.reader()
        mapping: dict[int, list[str]] = {}
        if field in reader.indexed_field_names():
            for btext in reader.lexicon(field):
                value = btext.decode("utf-8")
                for docnum in reader.postings(field, btext).all_ids():
                    mapping.setdefault(docnum, []).append(value)
        per_searcher[field] = mapping
    return per_searcher[field]


def all_values(searcher, field: str) -> set[str]:
    """Every value of a field in live documents."""
    return {value for values in values_by_doc(searcher, field).values() for value in values}


def count(searcher, field: str, docnums: Iterable[int]) -> Counter:
    """Count the values of a field over the given documents."""
    mapping = values_by_doc(searcher, field)
    counts: Counter = Counter()
    for docnum in docnums:
        counts.update(mapping.get(docnum, ()))
    return counts


def top(counts: Counter, size: int) -> list[dict]:
    """The most frequent values, ties broken by name so the order is stable."""
    ranked = sorted(counts.items(), key=lambda item: (-item[1], item[0]))
    return [{"value": value, "count": n} for value, n in ranked[:size]]
