"""How text becomes index words: common words dropped unless written in capitals, and every word
indexed both stemmed and, where the stem differs, as written, so that names match exactly.

Stemming alone merges names into ordinary words ("Federer" and "Federation" both stem to "feder":
q=federer found 122 BBC articles where 20 say Federer). Each word is therefore indexed as its stem
and, when that differs, as itself marked with EXACT (as Lucene's KeywordRepeatFilter does); a query
asks for the stem unless the word is one to match exactly: a quoted word, or a word of a person's or
a place's name in this index (see query.py).

Text is also folded the way people type it: accents, ligatures and full-width letters become plain
letters ("café" is "cafe", "ﬁ" is "fi", "ｂｌａｉｒ" is "blair") in the index and in queries alike. Only the
words are folded: the stored text keeps its accents, and each word keeps its place in it.
"""

from __future__ import annotations

import sys
from contextvars import ContextVar
from functools import lru_cache

from whoosh.analysis import STOP_WORDS, Filter, LowercaseFilter, RegexTokenizer, StemFilter, StopFilter
from whoosh.lang.porter import stem as porter_stem

from ..ingest.folding import MARKS, fold

EXACT = "="  # marks a word indexed as written; the tokenizer never yields "=", so none can clash
MIN_WORD = 2  # one-letter words are not indexed
# Stop words that news also writes as names: "US", "IT", "IS" (the group). In capitals they are
# kept in the text (as written, never stemmed: "its" stems to "it"), and in names they are never
# dropped, so place:us and q=US find something.
CAPITAL_NAMES = frozenset({"us", "it", "is"})
# Whoosh pickles the analyzers into each index's table of contents under their module's name: an
# index built when this module was searchsvc.analysis names it so, and must still open.
sys.modules.setdefault("searchsvc.analysis", sys.modules[__name__])
# Words of the current query that must match as written (set by the query parser for one parse).
exact_words: ContextVar[frozenset[str]] = ContextVar("exact_words", default=frozenset())
# A word as Whoosh's default tokenizer reads it, with combining marks inside it: "Bjo\u0308rk" written
# with a separate umlaut is one word, not "Bjo" and "rk"
WORD_PATTERN = rf"[\w*][\w*{MARKS}]*(?:\.[\w*{MARKS}]+)*"


class FoldFilter(Filter):
    """Fold each word (see fold); its place in the text is unchanged."""

    def __eq__(self, other):
        return type(self) is type(other)

    def __call__(self, tokens):
        for t in tokens:
            t.text = fold(t.text)
            yield t


class StopUnlessCapitals(Filter):
    """Drop common and one-letter words, but keep a common word written in capitals ('US', 'WHO')."""

    def __init__(self, stoplist=STOP_WORDS, minsize: int = MIN_WORD):
        self.stops = frozenset(stoplist)
        self.minsize = minsize

    def __eq__(self, other):
        return type(self) is type(other) and (self.stops, self.minsize) == (other.stops, other.minsize)

    def __call__(self, tokens):
        for t in tokens:
            text = t.text
            common = text.lower() in self.stops
            if len(text) >= self.minsize and (text.isupper() or not common):
                t.stopped = False
                t.capital_stop = common  # "IT" is kept apart from "it", the stem of "its"
                yield t
            elif not t.removestops:
                t.stopped = True
                yield t


class StemAndExact(StemFilter):
    """Index the stem and the word as written; in a query, the stem unless the word is exact."""

    is_morph = True  # left out when Whoosh gathers unstemmed words for spelling

    def __call__(self, tokens):
        stem = self._stem
        exact = {fold(word) for word in exact_words.get()}  # the query's words as typed: "björk"
        for t in tokens:
            if t.stopped:
                yield t
                continue
            word = t.text
            if getattr(t, "capital_stop", False):
                t.text = EXACT + word
                yield t
                continue
            stemmed = stem(word)
            if t.mode == "index":
                t.text = stemmed
                yield t
                if stemmed != word:
                    t.text = EXACT + word
                    yield t
            else:
                t.text = EXACT + word if word in exact and stemmed != word else stemmed
                yield t


@lru_cache(maxsize=200_000)
def stem(word: str) -> str:
    """A lower-case word's stem, as the text fields stem it (related.py compares articles by stems)."""
    return porter_stem(word)


def text_analyzer():
    """Titles, subtitles and bodies."""
    return RegexTokenizer(WORD_PATTERN) | FoldFilter() | StopUnlessCapitals() | LowercaseFilter() | StemAndExact()


def name_analyzer():
    """Entity names: not stemmed; common words dropped except those that are also names."""
    return (
        RegexTokenizer(WORD_PATTERN)
        | FoldFilter()
        | LowercaseFilter()
        | StopFilter(stoplist=STOP_WORDS - CAPITAL_NAMES)
    )
