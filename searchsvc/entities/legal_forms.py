"""Companies' legal forms ("Inc", "Ltd", "plc", "AG", "Oyj", "S.p.A."), from `cleanco`'s list of them
by country and type, counted only as a company writes them: in capitals, with dots, or capitalised in
three letters or more ("Inc", "Corp"), and "Co"; never a two-letter word such as "As" or "At".
"""

from __future__ import annotations

from functools import lru_cache

# Spellings news uses that cleanco's list lacks ("Cos", "KK" without dots), and entries of its list
# that are a country or an ordinary word in news.
MORE_FORMS = {"cos", "kk", "bv", "spa", "cv", "pty"}
NOT_FORMS = {"uk", "e.g", "ok", "vat"}
TWO_LETTER_FORMS = {"Co"}
# Forms that, alone, are what is left of a name the model cut ("Co Inc"); other forms alone are often
# names ("BT", "Sia").
BARE_FORMS = {"Co", "Cos", "Inc", "Corp", "Ltd", "Plc", "plc", "LLC", "Limited", "Incorporated"}
# Forms written before a company's name ("NV Philips", "PT Astra", "OAO Gazprom"); any other two
# capitals before a name are more often a person's initials ("AS Byatt", "KD Lang").
LEADING_FORMS = {"NV", "N.V.", "PT", "OAO", "ZAO", "OOO", "PJSC", "JSC"}


@lru_cache(maxsize=1)
def _forms() -> frozenset[str]:
    from cleanco.termdata import terms_by_country, terms_by_type

    terms = {term.strip() for group in (*terms_by_type.values(), *terms_by_country.values()) for term in group}
    keys = {term.rstrip(".").lower() for term in terms if term and " " not in term}
    return frozenset((keys | MORE_FORMS) - NOT_FORMS)


def is_legal_form(word: str) -> bool:
    """Whether a word, as written, is a company's legal form: 'Inc', 'PLC', 'plc', 'N.V.', 'Oyj'."""
    if word.rstrip(".").lower() not in _forms():
        return False
    letters = [ch for ch in word if ch.isalpha()]
    written_as_a_form = (
        word == "plc"
        or word in TWO_LETTER_FORMS
        or "." in word
        or (len(letters) >= 2 and word.isupper())
        or (word[:1].isupper() and len(word) >= 3)
    )
    return written_as_a_form


def only_legal_forms(words: list[str]) -> bool:
    """'Co', 'Co Inc': what is left of a company's name the model cut."""
    return bool(words) and all(word in BARE_FORMS for word in words)


def names_a_company(words: list[str]) -> bool:
    """'Paws Incorporated', 'Vaisala KK', 'NV Philips': a legal form last, or one of a few first."""
    return len(words) >= 2 and (is_legal_form(words[-1]) or words[0] in LEADING_FORMS)
