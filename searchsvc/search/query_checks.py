"""Checks of a query's syntax before Whoosh parses it, so that a mistake gets a clear message: an
operator that joins or excludes nothing, a field that cannot be searched. Whoosh would search such
an operator as a word ("blair AND" finds the word "AND") and a field it does not know as text."""

from __future__ import annotations

import difflib
import re

# the fields a query may scope words to (title:visas), as the README's query language lists them
QUERY_FIELDS = ("title", "subtitle", "body", "person", "org", "place", "section", "category", "source")
# indexed fields kept for filters and the service itself, and what a user writes instead
INSTEAD = {
    "people": "person:",
    "organizations": "org:",
    "places": "place:",
    "published": "the from and to parameters",
    "month": "the from and to parameters",
}
FIELD_EXAMPLE = {
    "person": 'person:"ramzan kadyrov"',
    "org": "org:treasury",
    "place": "place:chechnya",
    "section": 'section:"News & Opinion"',
    "category": "category:sport",
    "source": "source:bbc",
}
JOINING = ("AND", "OR", "ANDNOT", "ANDMAYBE")  # Whoosh's infix operators; NOT is a prefix
EXAMPLE = {
    "AND": "blair AND brown",
    "OR": "strike OR walkout",
    "ANDNOT": "blair ANDNOT iraq",
    "ANDMAYBE": "blair ANDMAYBE iraq",
    "NOT": "election NOT iraq",
}
# a quoted phrase, a parenthesis, a lone quote (text to Whoosh), or a run of anything else
TOKEN = re.compile(r'"[^"]*"|[()"]|[^\s()"]+')
# what Whoosh reads as text though it holds "name:": a closed phrase, a URL
AS_TEXT = re.compile(r'"[^"]*"|\S*://\S*')
# `name:` scoping what follows it, wherever Whoosh sees one ("a.url:x" too), but not inside a hyphened
# word ("anti-war:"); a name starts with a letter ("10:30" is a time). Followed by a space
# ("Note: x") or by "//" (a URL) it is text
FIELD = re.compile(r"(?:(?<![\w-])|(?<=(?<![\w-])-))(?P<name>[^\W\d]\w*):(?!//)")
START, OPERAND, JOIN, NEGATION = "start", "operand", "join", "negation"  # what the last token leaves


class QueryError(ValueError):
    """A query that cannot be run, with a message that says how to fix it and the parameter at fault.
    Declared here, beside the checks and without Whoosh, so that the command line can catch it
    without importing the query parser."""

    def __init__(self, message: str, field: str = "q"):
        super().__init__(message)
        self.field = field


def check_syntax(text: str, schema) -> None:
    """Raise QueryError for what the query language cannot mean: an unknown or unsearchable field,
    an operator with nothing to join or exclude, a word excluded twice."""
    _check_fields(text)
    check_operators(text)


def _error(message: str) -> QueryError:
    return QueryError(message)


def _check_fields(text: str) -> None:
    masked = AS_TEXT.sub(lambda m: "#" * len(m.group()), text)
    for match in FIELD.finditer(masked):
        name, rest = match["name"], masked[match.end() :]
        if rest[:1].isspace() and rest.strip() and not rest.lstrip().startswith(")"):
            continue  # "Note: the vote": a colon in a sentence
        if name == "published" and rest[:1] in ("[", "{"):
            continue  # a date range, published:[2005-01-01 TO 2005-03-31]
        if name not in QUERY_FIELDS:
            raise _error(_unknown_field(name))
        if not rest.strip() or rest.lstrip().startswith(")"):
            example = FIELD_EXAMPLE.get(name, f"{name}:visas")
            raise _error(
                f"'{name}:' is followed by nothing to find: write the words right after the colon, as in {example}"
            )


def _unknown_field(name: str) -> str:
    known = ", ".join(f"{field}:" for field in QUERY_FIELDS)
    if name in INSTEAD:
        return f"'{name}:' cannot be searched in the query: use {INSTEAD[name]} instead (fields: {known})"
    close = difflib.get_close_matches(name.lower(), QUERY_FIELDS, n=1, cutoff=0.7)
    hint = f"did you mean {close[0]}:? " if close else ""
    return f"'{name}:' is not a field you can search; {hint}the fields are {known} (as in title:visas)"


def check_operators(text: str) -> None:
    """Walk the words, phrases and parentheses: every operator needs what it joins or excludes."""
    state, last, last_start, negated_group, depth = START, "", 0, False, 0
    for match in TOKEN.finditer(text):
        token, start = match.group(), match.start()
        before, after = text[start - 1 : start], text[match.end() : match.end() + 1]
        excludes = _excludes(token, before, after)
        if excludes and (state == NEGATION or negated_group):
            raise _error(
                f"'{text[last_start : match.end()]}' excludes twice: write NOT once to leave a word out, "
                "as in 'election NOT iraq', or no NOT to find it"
            )
        negated_group = False
        if token in JOINING:
            if state == START:
                where = "at the start of the query" if not depth else "after '('"
                raise _error(
                    f"'{token}' {where} has nothing "
                    f"before it to join: write a word on each side, as in '{EXAMPLE[token]}' "
                    f'(to find the word itself, quote it: "{token}")'
                )
            if state != OPERAND:
                raise _error(
                    f"'{last} {token}' puts two operators in a row: keep one, as in 'blair AND brown' "
                    "or 'strike OR walkout'"
                )
            if after and after != ")" and not (before.isspace() and after.isspace()):
                raise _error(
                    f"put spaces around '{token}', as in '{EXAMPLE[token]}': "
                    f"written against '{before if not before.isspace() else after}' it is read as a word"
                )
            state, last, last_start = JOIN, token, start
        elif excludes:
            if token == "NOT" and after == "(":
                raise _error(
                    "put a space between 'NOT' and '(', as in 'election NOT (iraq OR syria)': "
                    "written against it, NOT is read as a word"
                )
            negation = token in ("NOT", "-")  # "-(" and '-"' exclude what follows; "-iraq" is whole
            state, last, last_start = (NEGATION if negation else OPERAND), token, start
        elif token == "(":
            negated_group, state, depth = state == NEGATION, START, depth + 1
        elif token == ")":
            if depth:  # a stray ")" is ignored, as Whoosh does
                _dangling(state, last, "before ')'")
                state, depth = OPERAND, depth - 1
        elif token in ("-", '"') or (token.endswith(":") and after in ("(", '"')):
            continue  # a lone hyphen or quote is punctuation; `title:` scopes what follows
        else:
            state, last = OPERAND, token
    _dangling(state, last, "at the end of the query")


def _excludes(token: str, before: str, after: str) -> bool:
    """Whether the token is NOT, or a "-" that excludes (at the start of a word: query.EXCLUDED)."""
    if token == "NOT":
        return True
    at_word_start = before in ("", "(") or before.isspace()
    return token.startswith("-") and at_word_start and (len(token) > 1 or after in ("(", '"'))


def _dangling(state: str, last: str, end: str) -> None:
    if state == JOIN:
        raise _error(
            f"'{last}' {end} joins nothing: write a word after it, as in "
            f"'{EXAMPLE[last]}' (to find the word itself, quote it: \"{last}\")"
        )
    if state == NEGATION:
        raise _error(
            f"'{last}' {end} excludes nothing: write the word to leave out after it, as in 'election NOT iraq'"
        )
