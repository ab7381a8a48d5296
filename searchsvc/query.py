"""The query language: parse user text into a Whoosh query, with limits against abuse.

Words are combined with AND (every word must appear, as in news archives and web search);
`OR`, `NOT`, `-word`, "phrases", `field:` scopes, `prefix*` and `fuzzy~` are understood.
"""
from __future__ import annotations

from datetime import date, datetime, time

from whoosh import qparser, query as wq

MAX_QUERY_LENGTH = 500
MAX_EXPANSION = 256  # words a prefix, wildcard or fuzzy term may stand for
MIN_PREFIX = 2  # letters before a wildcard
DEFAULT_FIELDS = ("title", "subtitle", "body", "person", "org", "place")
SCOPES = {"title", "subtitle", "body", "person", "org", "place", "section", "source", "category",
          "tags", "id"}
FILTER_FIELDS = {"people": "people", "organizations": "organizations", "places": "places",
                 "section": "section", "source": "source"}


class QueryError(ValueError):
    """A query that cannot be run, with a message that says how to fix it."""


def parser(schema, group=qparser.AndGroup) -> qparser.MultifieldParser:
    p = qparser.MultifieldParser(list(DEFAULT_FIELDS), schema, group=group)
    p.add_plugin(qparser.FuzzyTermPlugin())
    p.add_plugin(qparser.PlusMinusPlugin())
    p.remove_plugin_class(qparser.BoostPlugin)  # "^" is rarely meant as a boost in news queries
    return p


def parse(text: str, schema, reader, any_word: bool = False) -> wq.Query:
    """Parse the user's query; empty text means every article."""
    if len(text) > MAX_QUERY_LENGTH:
        raise QueryError(f"query is {len(text)} characters; the limit is {MAX_QUERY_LENGTH}")
    if not text.strip():
        return wq.Every()
    group = qparser.OrGroup if any_word else qparser.AndGroup
    try:
        parsed = parser(schema, group).parse(text)
    except Exception as error:  # Whoosh raises a variety of errors on odd syntax
        raise QueryError(f"cannot understand the query: {error}") from None
    if parsed is wq.NullQuery or isinstance(parsed, wq.NullQuery.__class__):
        raise QueryError("the query has no searchable words (only punctuation or common words like 'the')")
    _check_expansions(parsed, reader)
    return parsed


def _check_expansions(q: wq.Query, reader) -> None:
    for leaf in q.leaves() if q.children() else [q]:
        if isinstance(leaf, (wq.Prefix, wq.Wildcard, wq.FuzzyTerm, wq.Regex)):
            shown = f"{leaf.text}*" if isinstance(leaf, wq.Prefix) else leaf.text
            stem = leaf.text.split("*")[0].split("?")[0]
            if isinstance(leaf, (wq.Prefix, wq.Wildcard)) and len(stem) < MIN_PREFIX:
                raise QueryError(f"'{shown}': put at least {MIN_PREFIX} letters before a wildcard")
            count = 0
            for _ in leaf._btexts(reader):
                count += 1
                if count > MAX_EXPANSION:
                    raise QueryError(f"'{shown}' matches more than {MAX_EXPANSION} words; "
                                     "add letters to narrow it")


def filters(people=(), organizations=(), places=(), section="", source="",
            date_from: date | None = None, date_to: date | None = None) -> wq.Query | None:
    """Exact filters, combined with AND; None when there are none."""
    terms: list[wq.Query] = []
    for field, values in (("people", people), ("organizations", organizations), ("places", places)):
        terms.extend(wq.Term(field, value) for value in values)
    for field, value in (("section", section), ("source", source)):
        if value:
            terms.append(wq.Term(field, value))
    if date_from or date_to:
        start = datetime.combine(date_from, time.min) if date_from else None
        end = datetime.combine(date_to, time.max) if date_to else None
        terms.append(wq.DateRange("published", start, end))
    if not terms:
        return None
    return terms[0] if len(terms) == 1 else wq.And(terms)

