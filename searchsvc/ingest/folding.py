"""Text folded the way people type it: accents, ligatures and full-width letters as plain letters.

One function for every layer: the index folds its words with it, the corpus pass its names, the
filters the values they are given.
"""

from __future__ import annotations

import re
import unicodedata

# The combining diacritical marks of Latin, Greek and Cyrillic letters (accents, cedillas, umlauts):
# dropped by folding. Marks of other scripts (Devanagari vowel signs, Japanese voicing) change the
# letter itself and are kept.
MARKS = "\u0300-\u036f\u1ab0-\u1aff\u1dc0-\u1dff\u20d0-\u20ff\ufe20-\ufe2f"
COMBINING_MARK = re.compile(f"[{MARKS}]")
# Letters whose stroke is part of the letter, so Unicode does not decompose them (as Lucene's
# ASCIIFoldingFilter folds them)
WHOLE_LETTERS = str.maketrans(
    {
        "ø": "o",
        "Ø": "O",
        "ł": "l",
        "Ł": "L",
        "đ": "d",
        "Đ": "D",
        "ð": "d",
        "Ð": "D",
        "þ": "th",
        "Þ": "Th",
        "æ": "ae",
        "Æ": "AE",
        "œ": "oe",
        "Œ": "OE",
        "ß": "ss",
        "ẞ": "SS",
        "ı": "i",
    }
)


def fold(text: str) -> str:
    """Text as the index words are written before lower-casing: accents dropped, ligatures and
    full-width or other compatibility forms made plain letters ("Pelé" -> "Pele", "ﬁ" -> "fi");
    the letter case is kept. An index word is fold(word).lower()."""
    if text.isascii():
        return text
    bare = COMBINING_MARK.sub("", unicodedata.normalize("NFKD", text))
    return unicodedata.normalize("NFC", bare).translate(WHOLE_LETTERS)


def name_key(name: str) -> str:
    """A name as a filter matches it: letter case, accents and Unicode forms folded ("Björk": "bjork")."""
    return fold(name).casefold()
