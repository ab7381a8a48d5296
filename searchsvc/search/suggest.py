"""'Did you mean': replace words the index does not know by the closest, most common words it does."""

from __future__ import annotations

import difflib
import re

from whoosh.analysis import STOP_WORDS, StemmingAnalyzer
from whoosh.support.levenshtein import levenshtein

from ..ingest.folding import fold
from .budget import Deadline

SUGGESTION_FIELDS = ("title", "person", "org", "place")  # unstemmed words to suggest from
MAX_DISTANCE = 2
MIN_WORD = 4  # shorter words have too many neighbours to guess from
WORD = re.compile(r"(?<![\w:*?~])([A-Za-z][A-Za-z'-]+)(?![\w*?~:])")
OPERATORS = {"AND", "OR", "NOT", "TO"}
_stem = StemmingAnalyzer(stoplist=None)


def _stem_of(word: str) -> str:
    tokens = [t.text for t in _stem(word)]
    return tokens[0] if tokens else word.lower()


def _known(reader, word: str) -> bool:
    lowered = word.lower()
    return lowered in STOP_WORDS or bool(
        reader.doc_frequency("body", _stem_of(word))
        or any(reader.doc_frequency(field, lowered) for field in ("person", "org", "place"))
    )


def best_correction(searcher, word: str) -> str | None:
    """The nearest known word, the more common one on a tie; None when there is none."""
    reader, lowered = searcher.reader(), word.lower()
    candidates = set()
    for field in SUGGESTION_FIELDS:
        # the first letter is kept: without a prefix Whoosh compares the word with every term of
        # a multi-segment index in Python (311 ms a word on BBC, 17 ms with it)
        candidates.update(searcher.corrector(field).suggest(lowered, limit=8, maxdist=MAX_DISTANCE, prefix=1))
    ranked = sorted(
        (levenshtein(lowered, c), -reader.doc_frequency("body", _stem_of(c)), c)
        for c in candidates
        if c != lowered and c.isalpha()
    )
    return ranked[0][2] if ranked else None


def suggest(searcher, text: str, deadline: Deadline | None = None) -> str | None:
    """The query with unknown words corrected, or None when nothing needed correcting or when the
    deadline passes first (each unknown word costs 35-60 ms on BBC: a query of 80 of them, 4 s)."""
    reader, changed = searcher.reader(), False
    deadline = deadline or Deadline()

    def replace(match: re.Match) -> str:
        nonlocal changed
        word = match.group(1)
        if deadline.passed() or word in OPERATORS or len(word) < MIN_WORD or _known(reader, word):
            return word
        fixed = best_correction(searcher, word)
        if fixed is None:
            return word
        changed = True
        return fixed

    corrected = WORD.sub(replace, text)
    return corrected if changed and not deadline.passed() else None


NAME_CUTOFF = 0.75  # difflib's ratio: "Britian" -> "britain" 0.86, "Chechnia" -> "chechnya" 0.88
MAX_NAMES = 3


def close_names(value: str, known: dict[str, str]) -> list[str]:
    """The names a misspelt filter value may mean: `known` maps each case-folded name or alias to
    the indexed name it stands for. Only names with the value's first letter are compared, so that
    a large archive's hundreds of thousands of names cost a fraction of a pass."""
    folded = fold(value).casefold().strip()  # the keys are folded names: "Pelè" is compared as "pele"
    if not folded:
        return []
    same_start = [name for name in known if name[:1] == folded[:1]]
    found = difflib.get_close_matches(folded, same_start, n=MAX_NAMES * 2, cutoff=NAME_CUTOFF)
    return list(dict.fromkeys(known[name] for name in found))[:MAX_NAMES]
