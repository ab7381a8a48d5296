"""Who said what: an article's direct quotes and their speakers, from the spaCy pass that finds its
entities (the tokens and entity spans; no parser, no second model)."""

from __future__ import annotations

import re

from ..ingest.articles import Entities, Quote
from .quote_cues import DEFINITE, GROUP_PRONOUNS, INDEFINITE, PERSON_PRONOUNS
from .quote_speakers import ParsedArticle

# Bump when the rules change: cached quotes of older rules are then extracted again.
QUOTE_RULES_VERSION = 1
MARKS = re.compile('["\u201c\u201d]')
AFTER_WORDS = 25  # the verb of an attribution after a quote lies within this many tokens of it
FRAGMENT_REACH = 40  # a verb this far before a quote in its sentence may attribute it ('said it was "x"')
CONTINUES_FOR = 2  # an unattributed quote opening a sentence is the last speaker's this many sentences on
# A name given, not words said, after these ('a program called "ipodder"', 'known as "Slim"').
NAMING = {"called", "named", "dubbed", "titled", "entitled", "nicknamed", "known", "word", "term", "slogan", "motto"}
NOT_AFTER_VERB_FIRST = {"told", "tells", "asked", "urged", "accused", "warned", "called", "described", "branded"}


def quoted_spans(text: str) -> list[tuple[int, int, list[int]]]:
    """(start, end, re-opening marks) of each span inside quotation marks; a quote whose paragraph ends
    without a closing mark goes on in the next paragraph when that opens with a mark (news style)."""
    spans: list[tuple[int, int, list[int]]] = []
    inside: int | None = None  # where the open quote's words start
    reopened: list[int] = []
    for match in MARKS.finditer(text):
        i, mark = match.start(), match.group()
        before, after = text[i - 1] if i else " ", text[i + 1] if i + 1 < len(text) else " "
        opens = mark == "\u201c" or (
            mark == '"' and (before.isspace() or before in "([{-\u2014:") and not after.isspace()
        )
        closes = mark == "\u201d" or (mark == '"' and not before.isspace() and not opens)
        if closes and inside is None and mark == '"' and after.isalnum():
            closes, opens = False, True  # 'said:"Yes' or 'the"word': an opening mark written close
        new_paragraph = inside is not None and "\n" in text[max(inside, reopened[-1] if reopened else inside) : i]
        if (
            inside is not None and new_paragraph and not opens
        ):  # a new paragraph that does not open with a mark: the quote ended with its own
            end = text.index("\n", reopened[-1] if reopened else inside)
            spans.append((inside, end, reopened))
            inside, reopened = None, []
        if inside is None:
            if not closes:
                inside, reopened = i + 1, []
        elif closes:
            spans.append((inside, i, reopened))
            inside = None
        elif text[inside:i].rstrip()[-1:] in (".", "?", "!", ",", "\n") or "\n" in text[inside:i]:
            reopened.append(i)  # a paragraph break the source lost: the same quote goes on
        else:
            inside, reopened = i + 1, []
    if inside is not None:
        newline = text.find("\n", reopened[-1] if reopened else inside)
        spans.append((inside, len(text) if newline < 0 else newline, reopened))
    trimmed = []
    for start, end, marks in spans:
        words = text[start:end]
        start, end = start + len(words) - len(words.lstrip()), end - len(words) + len(words.rstrip())
        if start < end:
            trimmed.append((start, end, marks))
    return trimmed


def quotes_from_doc(doc, entities: Entities) -> list[Quote]:
    """The direct quotes of a parsed article, each with its speaker under the article's entity names
    (`entities` as ner.entities_from_doc gives them for the same doc)."""
    article = ParsedArticle(doc, entities, quoted_spans(doc.text))
    found: list[Quote] = []
    said_in: dict[int, tuple[str, str] | None] = {}  # sentence number -> speaker of its last quote
    for (start, end, reopened), (opening, closing) in zip(article.spans, article.marks):
        speaker = _attribution(article, opening, closing, said_in)
        if speaker is False:
            continue
        said_in[article.sentence[closing]] = speaker
        words = "".join(ch for i, ch in enumerate(doc.text[start:end], start) if i not in reopened)
        name, kind = speaker if speaker else (None, None)
        found.append(Quote(" ".join(words.split()), name, kind, start, end))
    return found


def _attribution(article: ParsedArticle, opening: int, closing: int, said_in: dict):
    """The speaker of the quote between two marks (None: unnamed), or False when nobody is reported
    as saying it (scare quotes, titles, nicknames)."""
    if _looks_like_a_name(article, opening, closing):
        return False
    speaker = _after(article, closing)
    if speaker is not False:
        return speaker
    speaker = _before(article, opening)
    if speaker is not False:
        return speaker
    return _goes_on(article, opening, closing, said_in)


def _after(article: ParsedArticle, closing: int):
    """'"...," he said', '"...," said Mr Brown', '"...", according to X'."""
    i = closing + 1 + (article.word(closing + 1) == ",")
    end = min(article.sentence_end(closing), closing + AFTER_WORDS + 10)
    if closing + 1 < len(article.doc) and article.sentence[closing + 1] != article.sentence[closing]:
        return False
    for verb in range(i, min(end, i + AFTER_WORDS)):
        if article.quoted[verb]:
            return False
        if not article.is_verb(verb):
            continue
        if verb == i:
            return False if article.word(verb) in NOT_AFTER_VERB_FIRST else article.subject_after(verb, end)
        first = article.doc[i]
        if (
            article.word(i) in PERSON_PRONOUNS | GROUP_PRONOUNS | DEFINITE | INDEFINITE
            or i in article.mention_at
            or first.text[:1].isupper()
        ):
            return article.subject_before(verb, i)
        comma = max((k for k in range(max(i, verb - 6), verb) if article.word(k) == ","), default=None)
        if comma is not None and end - verb <= 3:  # '... a "difficult" time for many, Mr Mennear added.'
            return article.subject_before(verb, comma + 1)
        return False
    return False


def _before(article: ParsedArticle, opening: int):
    """'X said: "..."', 'X told the BBC: "..."', 'He called it "a disgrace"', 'Blackburn boss Mark Hughes: "..."'."""
    floor = article.sentence_start(opening)
    verbs = [
        v for v in range(max(floor, opening - FRAGMENT_REACH), opening) if not article.quoted[v] and article.is_verb(v)
    ]
    if verbs and article.word(opening - 1) not in (":", ","):  # a fragment: the main clause's speaker's
        verbs.reverse()  # ('Mr Straw said the US had agreed after "intensive discussions"')
    for verb in reversed(verbs):
        if article.word(verb) == "according":
            return article.subject_after(verb, opening)
        speaker = article.subject_before(verb, floor)
        if speaker is not False:
            return speaker
    if article.word(opening - 1) == ":" and opening - 2 in article.mention_at:
        return article.mention(opening - 2)
    return False


def _goes_on(article: ParsedArticle, opening: int, closing: int, said_in: dict):
    """A quote opening its sentence with no attribution of its own: the words of whoever spoke in the
    sentence or two before ('"A," she said. "B."'; 'Mr Rees said. "..."')."""
    if article.sentence_start(opening) != opening or closing - opening < 4:
        return False
    sentence = article.sentence[opening]
    for back in range(1, CONTINUES_FOR + 1):
        if sentence - back in said_in:
            return said_in[sentence - back]
        speaker = article.speaker_of_sentence(sentence - back, opening)
        if speaker is not False:
            return speaker
        if back == 1 and article.leading_person(sentence - 1, opening):  # 'X is unhappy. "..."'
            return article.leading_person(sentence - 1, opening)
    return False


def _looks_like_a_name(article: ParsedArticle, opening: int, closing: int) -> bool:
    """A nickname (Andrew "Freddie" Flintoff), a name given ('a program called "ipodder"') or a title
    in capitals ("Alternative Budget")."""
    words = [article.doc[i].text for i in range(opening + 1, closing) if article.doc[i].is_alpha]
    naming = article.word(opening - 1)
    if (naming in NAMING or naming == "as" and article.word(opening - 2) in NAMING) and len(words) <= 4:
        return True  # 'a program called "ipodder"
    capitalised = words and all(w[:1].isupper() for w in words if len(w) > 3)
    if (
        capitalised
        and len(words) <= 2
        and article.doc[opening - 1].text[:1].isupper()
        and article.doc[min(closing + 1, len(article.doc) - 1)].text[:1].isupper()
    ):
        return True
    ending = article.doc[closing - 1].text
    return bool(capitalised and len(words) >= 2 and ending not in (".", ",", "?", "!"))
