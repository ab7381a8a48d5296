"""The query language: parse user text into a Whoosh query, with limits against abuse.

Words are combined with AND (every word must appear, as in news archives and web search);
`OR`, `NOT`, `-word`, "phrases", `field:` scopes, `prefix*` and `fuzzy~` are understood.
"""
from __future__ import annotations

import re
from datetime import date, datetime, time

from whoosh import qparser, query as wq

MAX_QUERY_LENGTH = 500
MAX_EXPANSION = 256  # words a prefix, wildcard or fuzzy term may stand for
MIN_PREFIX = 2  # letters before a wildcard
MAX_EXPANDING_WORDS = 3  # wildcard and fuzzy words in one query: each is matched against the lexicon
FUZZY_PREFIX = 2  # letters a fuzzy word keeps: "kadirov~" looks only among words starting "ka"
EXPANDING_WORD = re.compile(r"[^\s\"]*[*?~][^\s\"]*")
DEFAULT_FIELDS = ("title", "subtitle", "body", "person", "org", "place")
# Each field a word matches in adds its own BM25 score, scaled by these weights (body: 1). A headline
# word usually recurs in the body, so half a body match on top is enough; entity names are mostly the
# body's words again, canonicalised. Chosen on SciFact train and Cranfield: benchmarks/relevance.md.
FIELD_BOOSTS = {"title": 0.5, "subtitle": 0.5, "person": 0.3, "org": 0.3, "place": 0.3}
SCOPES = {"title", "subtitle", "body", "person", "org", "place", "section", "source", "category",
          "tags", "id"}
# - excludes only at the start of a word: "anti-war" and "1-0" are words, "-war" excludes. "+" is no
# operator: every word is required already, and Whoosh's "+word" would make the other words optional
EXCLUDED = r"(?<![^\s(])-(?=\S)"
NO_MATCH = r"(?!)"
# "?" is a wildcard inside a word ("wom?n"); at either end of a word it is a question mark
QUESTION_MARK = re.compile(r"(?<!\S)\?+|\?+(?!\S)")
FILTER_FIELDS = {"people": "people", "organizations": "organizations", "places": "places",
                 "section": "section", "source": "source"}


class QueryError(ValueError):
    """A query that cannot be run, with a message that says how to fix it."""


def parser(schema, group=qparser.AndGroup) -> qparser.MultifieldParser:
    p = qparser.MultifieldParser(list(DEFAULT_FIELDS), schema, fieldboosts=FIELD_BOOSTS, group=group)
    p.add_plugin(qparser.FuzzyTermPlugin())
    p.remove_plugin_class(qparser.PlusMinusPlugin)
    p.add_plugin(qparser.PlusMinusPlugin(plusexpr=NO_MATCH, minusexpr=EXCLUDED))
    p.remove_plugin_class(qparser.BoostPlugin)  # "^" is rarely meant as a boost in news queries
    return p


def parse(text: str, schema, reader, any_word: bool = False) -> wq.Query:
    """Parse the user's query; empty text means every article."""
    if len(text) > MAX_QUERY_LENGTH:
        raise QueryError(f"query is {len(text)} characters; the limit is {MAX_QUERY_LENGTH}")
    text = QUESTION_MARK.sub(" ", text)
    if not text.strip():
        return wq.Every()
    if len(EXPANDING_WORD.findall(text)) > MAX_EXPANDING_WORDS:
        raise QueryError(f"at most {MAX_EXPANDING_WORDS} wildcard or fuzzy words (*, ?, ~) in one query")
    group = qparser.OrGroup if any_word else qparser.AndGroup
    try:
        parsed = parser(schema, group).parse(text)
    except Exception as error:  # Whoosh raises a variety of errors on odd syntax
        raise QueryError(f"cannot understand the query: {error}") from None
    if parsed is wq.NullQuery or isinstance(parsed, wq.NullQuery.__class__):
        raise QueryError("the query has no searchable words (only punctuation or common words like 'the')")
    return _expand(parsed, reader)


def _expand(q: wq.Query, reader) -> wq.Query:
    """Replace each wildcard and fuzzy word by the words it stands for, once, within limits
    (Whoosh would otherwise expand it again for every hit it highlights)."""

    def expand(node: wq.Query) -> wq.Query:
        if not isinstance(node, (wq.Prefix, wq.Wildcard, wq.FuzzyTerm, wq.Regex)):
            return node
        shown = f"{node.text}*" if isinstance(node, wq.Prefix) else node.text
        stem = node.text.split("*")[0].split("?")[0]
        if isinstance(node, (wq.Prefix, wq.Wildcard)) and len(stem) < MIN_PREFIX:
            raise QueryError(f"'{shown}': put at least {MIN_PREFIX} letters before a wildcard")
        if isinstance(node, wq.FuzzyTerm):
            if len(node.text) < MIN_PREFIX:
                raise QueryError(f"'{node.text}~': a fuzzy word needs at least {MIN_PREFIX} letters")
            node.prefixlength = min(max(node.prefixlength, FUZZY_PREFIX), len(node.text))
        words = []
        try:
            for word in node._btexts(reader):
                words.append(word)
                if len(words) > MAX_EXPANSION:
                    raise QueryError(f"'{shown}' matches more than {MAX_EXPANSION} words; "
                                     "add letters to narrow it")
        except (IndexError, ValueError) as error:  # Whoosh's automata choke on some odd words
            raise QueryError(f"'{shown}' cannot be expanded: {error}") from None
        if not words:
            return wq.Term(node.fieldname, node.text)  # matches nothing, as the word does
        field = node.fieldname
        return wq.Or([wq.Term(field, w if isinstance(w, str) else w.decode("utf-8"), boost=node.boost) for w in words])

    return q.accept(expand)


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

