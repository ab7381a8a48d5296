"""The query language: parse user text into a Whoosh query, with limits against abuse.

Words are combined with AND (every word must appear, as in news archives and web search);
`OR`, `NOT`, `-word`, "phrases", `field:` scopes, `prefix*` and `fuzzy~` are understood.
"""

from __future__ import annotations

import copy
import re
from dataclasses import dataclass, field
from datetime import date, datetime, time

from whoosh import qparser
from whoosh import query as wq

from ..index.analysis import EXACT, exact_words
from ..ingest.folding import fold
from .phrases import PhrasePlugin
from .query_checks import QueryError, check_syntax

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
STEMMED_FIELDS = {"title", "subtitle", "body"}
# - excludes only at the start of a word: "anti-war" and "1-0" are words, "-war" excludes. "+" is no
# operator: every word is required already, and Whoosh's "+word" would make the other words optional
EXCLUDED = r"(?<![^\s(])-(?=\S)"
NO_MATCH = r"(?!)"
# "?" is a wildcard inside a word ("wom?n"); at either end of a word it is a question mark
QUESTION_MARK = re.compile(r"(?<!\S)\?+|\?+(?!\S)")
# a "*" standing alone means "anything": dropped, so "*" lists everything and "blair *" is "blair"
# (Whoosh expanded it to every word of six fields: 20 s on BBC)
LONE_STAR = re.compile(r"(?<![^\s(])\*+(?::\*+)?(?![^\s)])")  # "*:*" too, Lucene's "everything"
QUOTED = re.compile(r'"([^"]*)"')
WORD = re.compile(r"\w+")
# a word of a person's or a place's name matches as written, not by its stem ("federer" is not
# "federation"); organisation names hold too many ordinary words ("Bank of England") to count
NAME_WORD_FIELDS = ("person", "place")


@dataclass(frozen=True)
class Ranking:
    """What a query's words are matched in and how each field weighs: the service's defaults, or a
    variant for the relevance benchmark to measure."""

    fields: tuple[str, ...] = DEFAULT_FIELDS
    boosts: dict[str, float] = field(default_factory=lambda: dict(FIELD_BOOSTS))
    all_words: bool = True  # False: any word, ranked, from the start (no "all words first")


DEFAULT_RANKING = Ranking()


def parser(schema, ranking: Ranking = DEFAULT_RANKING) -> qparser.MultifieldParser:
    p = qparser.MultifieldParser(list(ranking.fields), schema, fieldboosts=ranking.boosts, group=qparser.AndGroup)
    p.add_plugin(qparser.FuzzyTermPlugin())
    p.remove_plugin_class(qparser.PhrasePlugin)
    p.add_plugin(PhrasePlugin(ranking.fields, ranking.boosts))  # common words inside a phrase are gaps
    p.remove_plugin_class(qparser.PlusMinusPlugin)
    p.add_plugin(qparser.PlusMinusPlugin(plusexpr=NO_MATCH, minusexpr=EXCLUDED))
    p.remove_plugin_class(qparser.BoostPlugin)  # "^" is rarely meant as a boost in news queries
    return p


def parse(text: str, schema, reader, ranking: Ranking = DEFAULT_RANKING) -> wq.Query:
    """Parse the user's query (every word required, unless the ranking says any); empty text means
    every article."""
    if len(text) > MAX_QUERY_LENGTH:
        raise QueryError(f"query is {len(text)} characters; the limit is {MAX_QUERY_LENGTH}")
    text = LONE_STAR.sub(" ", QUESTION_MARK.sub(" ", text))
    check_syntax(text, schema)  # dangling operators, unknown fields: a clear QueryError before Whoosh
    if not text.strip():
        return wq.Every()
    if len(EXPANDING_WORD.findall(text)) > MAX_EXPANDING_WORDS:
        raise QueryError(f"at most {MAX_EXPANDING_WORDS} wildcard or fuzzy words (*, ?, ~) in one query")
    text = _minus_as_not(text)
    token = exact_words.set(_exact_words(text, reader))
    try:
        parsed = parser(schema, ranking).parse(text)
    except Exception:  # Whoosh raises a variety of errors on odd syntax
        raise QueryError(
            "cannot understand the query: check its quotes, parentheses and operators "
            "(AND, OR, NOT), as in 'strike OR (walkout NOT iraq)'"
        ) from None
    finally:
        exact_words.reset(token)
    nothing = parsed is wq.NullQuery or isinstance(parsed, wq.NullQuery.__class__)
    if (nothing and re.search(EXCLUDED, text)) or (not nothing and not _wanted(parsed)):
        raise QueryError("the query only excludes words: add a word to find, as in 'election -iraq'")
    if nothing:
        raise QueryError("the query has no searchable words (only punctuation or common words like 'the')")
    parsed = _expand(parsed.accept(_any_field_everything).accept(_exclusion_as_not), reader)
    return parsed if ranking.all_words else any_word(parsed)


def _minus_as_not(text: str) -> str:
    """`-word` as `NOT word` outside quotes: Whoosh leaves a "-" inside parentheses unparsed and
    failed on `blair (iraq -brown)`; written as NOT, it means the same everywhere."""
    parts = re.split(r'("[^"]*")', text)
    return "".join(part if i % 2 else re.sub(EXCLUDED, "NOT ", part) for i, part in enumerate(parts))


def _exact_words(text: str, reader) -> frozenset[str]:
    """Words to match as written: quoted ones, and words of people's and places' names (folded as
    the index folds them: "Björk" is the name word "bjork")."""
    text = fold(text)
    quoted = {w.lower() for phrase in QUOTED.findall(text) for w in WORD.findall(phrase)}
    names = {
        w
        for w in (w.lower() for w in WORD.findall(text))
        if any(reader.doc_frequency(field, w) for field in NAME_WORD_FIELDS)
    }
    return frozenset(quoted | names)


def _any_field_everything(node: wq.Query) -> wq.Query:
    """`title:*` means every article: Whoosh would list every word of the field to find them."""
    return wq.Every() if isinstance(node, wq.Every) else node


def _exclusion_as_not(node: wq.Query) -> wq.Query:
    """`a -b` as `a NOT b`: Whoosh's AndNot matcher let excluded articles through (on the crafted
    corpus "blair -iraq" found the article about Iraq that "blair NOT iraq" left out)."""
    if isinstance(node, wq.AndNot):
        wanted = list(node.a.subqueries) if isinstance(node.a, wq.And) else [node.a]
        return wq.And([*wanted, wq.Not(node.b)])
    return node


def _wanted(q: wq.Query) -> wq.Query | None:
    """The part of a query that finds articles, without what it excludes (None if nothing)."""
    if isinstance(q, wq.Not):
        return None
    if isinstance(q, wq.AndNot):
        return _wanted(q.a)
    if isinstance(q, wq.And):
        wanted = [part for part in q.subqueries if not isinstance(part, wq.Not)]
        return wq.And(wanted) if wanted else None
    return q


def any_word(q: wq.Query) -> wq.Query:
    """The query with its required words made optional, down to the parts of one written word
    ("7-day-old" is day AND old in each field: here day OR old, so an article with "old" alone gets
    that word's score; SciFact train nDCG@10 0.6819 -> 0.6850 against requiring both); what it
    excludes stays excluded."""
    excluded: list[wq.Query] = []
    if isinstance(q, wq.AndNot):
        q, excluded = q.a, [q.b]
    if isinstance(q, wq.And):
        excluded += [part.query for part in q.subqueries if isinstance(part, wq.Not)]
        wanted = [part for part in q.subqueries if not isinstance(part, wq.Not)]
        q = wq.Or(wanted) if len(wanted) > 1 else wanted[0]
    q = q.accept(_words_as_any)
    return wq.AndNot(q, wq.Or(excluded)) if excluded else q


def _words_as_any(node: wq.Query) -> wq.Query:
    if type(node) is wq.And and not any(isinstance(part, wq.Not) for part in node.subqueries):
        return wq.Or(node.subqueries, boost=node.boost)
    return node


def several_words(q: wq.Query) -> bool:
    """Whether the query requires several words (besides any it excludes)."""
    wanted = _wanted(q)
    return isinstance(wanted, wq.And) and len(wanted.subqueries) > 1


def _expand(q: wq.Query, reader) -> wq.Query:
    """Replace each wildcard and fuzzy word by the words it stands for, once, within limits
    (Whoosh would otherwise expand it again for every hit it highlights)."""

    def expand(node: wq.Query) -> wq.Query:
        if isinstance(node, wq.TermRange):  # "[a TO]" listed every word of six fields: 20-30 s on BBC
            return _expanded(node, f"[{node.start or ''} TO {node.end or ''}]", node.start or "", reader)
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
        return _expanded(node, shown, node.text, reader)

    return q.accept(expand)


def _expanded(node: wq.Query, shown: str, text: str, reader) -> wq.Query:
    """The words an expanding query (prefix, wildcard, fuzzy word, range) stands for, as an OR of
    words; a QueryError past MAX_EXPANSION of them, found as soon as the lexicon yields one more."""
    words = []
    try:
        for word in (w for source in _with_exact_twin(node) for w in source._btexts(reader)):
            words.append(word)
            if len(words) > MAX_EXPANSION:
                raise QueryError(
                    f"'{shown}' matches more than {MAX_EXPANSION} words; narrow it (more letters, a shorter range)"
                )
    except QueryError:
        raise
    except (IndexError, ValueError):  # Whoosh's automata choke on some odd words
        raise QueryError(f"'{shown}' cannot be expanded: write it with fewer wildcards, as in 'econom*'") from None
    if not words:
        return wq.Term(node.fieldname, text)  # matches nothing, as the word does
    return wq.Or(
        [wq.Term(node.fieldname, w if isinstance(w, str) else w.decode("utf-8"), boost=node.boost) for w in words]
    )


def _with_exact_twin(node: wq.Query) -> list[wq.Query]:
    """A prefix or wildcard in a stemmed field also looks among the words as written: `federer*`
    finds "Federer", indexed as the stem "feder" and as written."""
    if not isinstance(node, (wq.Prefix, wq.Wildcard)) or node.fieldname not in STEMMED_FIELDS:
        return [node]
    twin = copy.copy(node)
    twin.text = EXACT + node.text
    return [node, twin]


def filters(
    people=(),
    organizations=(),
    places=(),
    categories=(),
    section="",
    source="",
    date_from: date | None = None,
    date_to: date | None = None,
) -> wq.Query | None:
    """Exact filters, combined with AND (categories: any of them); None when there are none."""
    terms: list[wq.Query] = []
    for kind, values in (("people", people), ("organizations", organizations), ("places", places)):
        terms.extend(wq.Term(kind, value) for value in values)
    if categories:
        terms.append(wq.Or([wq.Term("category", value) for value in categories]))
    for kind, value in (("section", section), ("source", source)):
        if value:
            terms.append(wq.Term(kind, value))
    if date_from or date_to:
        start = datetime.combine(date_from, time.min) if date_from else None
        end = datetime.combine(date_to, time.max) if date_to else None
        terms.append(wq.DateRange("published", start, end))
    if not terms:
        return None
    return terms[0] if len(terms) == 1 else wq.And(terms)
