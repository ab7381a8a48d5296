"""Names that are not people, organizations or places: awards, competitions, products, works, laws
and budgets, time zones, and ordinary words capitalised at the start of a sentence.

Time zones are read from the system's time zone database (`zoneinfo`); a capitalised word is told
from a name by the same article writing it in lower case, and by `wordfreq` saying it is an English
word. The short lists in words/not_entities.toml are what no package holds: the award, competition and product names
that news writes most (measured on BBC), and the last words that make a name a law or a scheme.
"""

from __future__ import annotations

import re
from functools import lru_cache

from .gazetteer import is_demonym
from .word_lists import read_words, word_set

WORDS = read_words("not_entities")
AWARDS = word_set(WORDS, "awards")
COMPETITIONS = word_set(WORDS, "competitions")
PRODUCTS = word_set(WORDS, "products")
TECHNOLOGIES = word_set(WORDS, "technologies")
GROUPS = word_set(WORDS, "groups")
VENUES = word_set(WORDS, "venues")
SIGN_OFFS = {"REUTER", "REUTERS"}
WIRE_ABBREVIATIONS = word_set(WORDS, "wire_abbreviations")
# Credit ratings written in capitals ("cut to BB", "Baa2"), which spaCy reads as names; not a bare
# "AAA", which is also the Amateur Athletic Association.
RATINGS = re.compile(r"(AAA|AA|A|BBB|BB|B|Aaa|Aa|Baa|Ba|Caa)([1-3]|[+-]|-plus|-minus)|BBB|BB|Aaa|Baa|Caa")
PRODUCT_FAMILIES = ("Windows ", "Xbox ", "PlayStation ", "Halo ", "Yahoo Messenger", "MSN Messenger")
APPLE_STYLE = re.compile(r"^i[A-Z][a-z]")  # iPod, iTunes, iMac, iPhone
LAW_HEADS = word_set(WORDS, "law_heads")
# Budgets and bills named alone: "the Budget", "the Pre-Budget Report".
BUDGETS = {"Budget", "Budgets", "Pre-Budget Report", "Pre-Budget", "Finance Bill", "Queen's Speech", "Spending Review"}
WORKS = word_set(WORDS, "works")
# Titles spaCy cuts into pieces ("Breakfast" a place, "Frost" a person): a piece is dropped where the
# whole title stands around it.
SPLIT_TITLES = tuple(title for title in WORKS if len(title.split()) > 1)
SENTENCE_ENDS = {".", "!", "?", ":", ";", '"', "“", "”", "'", "‘", "’", "-", "–", "—", "(", ")"}
COMMON_WORD_ZIPF = 3.0  # wordfreq's scale: 3 is once per million words
VERY_COMMON_WORD_ZIPF = 4.0  # ten times per million: "breakfast", "olympic"


@lru_cache(maxsize=1)
def time_zones() -> frozenset[str]:
    """Time zone abbreviations (GMT, BST, EST, CET...) from the system time zone database."""
    import zoneinfo
    from datetime import datetime

    found = {"GMT", "UTC", "BST"}
    try:
        zones = zoneinfo.available_timezones()
    except Exception:  # no database: the three news writes most
        return frozenset(found)
    for key in zones:
        try:
            zone = zoneinfo.ZoneInfo(key)
        except Exception:
            continue
        for month in (1, 7):
            name = datetime(2005, month, 15, tzinfo=zone).tzname()
            if name and name.isalpha() and name.isupper():
                found.add(name)
    return frozenset(found)


def is_time_zone(name: str) -> bool:
    return name.isupper() and name in time_zones()


def is_award(name: str) -> bool:
    words = name.split()
    return name in AWARDS or (len(words) > 1 and words[-1].lower() in ("award", "awards", "prize", "prizes"))


def is_competition(name: str) -> bool:
    words = name.split()
    singular = name[:-1] if name.endswith("s") else name  # "Grand Slams"
    return name in COMPETITIONS or singular in COMPETITIONS or (len(words) > 1 and words[-1] == "Open")


def is_product(name: str) -> bool:
    return name in PRODUCTS or name.startswith(PRODUCT_FAMILIES) or bool(APPLE_STYLE.match(name))


def is_law_or_budget(name: str) -> bool:
    words = name.split()
    return name in BUDGETS or (len(words) > 1 and words[-1].lower() in LAW_HEADS)


def is_work(name: str) -> bool:
    return name in WORKS


def inside_a_title(ent) -> bool:
    """Whether the span is a piece of a known title written around it ('Frost' of 'Breakfast with Frost')."""
    doc = ent.doc
    around = doc[max(0, ent.start - 4) : min(len(doc), ent.end + 4)]
    offset = ent.start_char - around.start_char
    for title in SPLIT_TITLES:
        if ent.text in title:
            at = around.text.find(title)
            if at != -1 and at <= offset < at + len(title):
                return True
    return False


def is_group(name: str) -> bool:
    """A nationality, religion or party adjective ('Welsh', 'Scots', 'Liberal', 'Kuwaiti')."""
    return name in GROUPS or is_demonym(name)


def is_wire_figure(name: str) -> bool:
    """A results-table abbreviation, an amount of money ('U.S. Dlrs') or a credit rating ('BB', 'Baa1')."""
    words = name.split()
    if any(word in WIRE_ABBREVIATIONS for word in words):
        return True
    return len(words) == 1 and bool(RATINGS.fullmatch(name))


def is_venue(name: str) -> bool:
    return name in VENUES or name.startswith("Stade ")


def is_acronym_plural(name: str) -> bool:
    """'MPs', 'MSPs', 'IPOs': the plural of an acronym is a common noun, never a name."""
    return bool(re.fullmatch(r"[A-Z]{2,5}s", name))


def not_an_entity(name: str) -> bool:
    """Whether a folded name is an award, competition, product, technology, work, law, budget, time
    zone, an acronym's plural, "Non-..." or the wire's sign-off."""
    return (
        is_time_zone(name)
        or is_acronym_plural(name)
        or name in TECHNOLOGIES
        or is_wire_figure(name)
        or name in SIGN_OFFS
        or name.lower().startswith("non-")
        or is_award(name)
        or is_competition(name)
        or is_product(name)
        or is_law_or_budget(name)
        or is_work(name)
    )


@lru_cache(maxsize=65536)
def english_word(word: str, common: bool = False) -> bool:
    """Whether wordfreq knows a lower-case word as an English word (`common`: a very common one)."""
    from wordfreq import zipf_frequency

    return zipf_frequency(word, "en") >= (VERY_COMMON_WORD_ZIPF if common else COMMON_WORD_ZIPF)


def sentence_start(doc, i: int) -> bool:
    """Whether token i opens a sentence or a line (the model has no sentence splitter here)."""
    if i == 0:
        return True
    before = doc[i - 1]
    return before.text in SENTENCE_ENDS or before.is_space or "\n" in before.whitespace_


def lower_case_words(doc) -> set[str]:
    """The words an article writes in lower case (computed once per document)."""
    words = doc.user_data.get("lower_case_words")
    if words is None:
        words = {t.text for t in doc if t.is_lower and t.is_alpha}
        doc.user_data["lower_case_words"] = words
    return words


def capitalised_common_word(ent) -> bool:
    """'Digital music players...', 'Broadband is...': one word, capitalised only because it opens a
    sentence, that the article also writes in lower case and that is an English word."""
    if len(ent) != 1 or not ent.text[:1].isupper() or ent.text.isupper():
        return False
    lower = ent.text.lower()
    return sentence_start(ent.doc, ent.start) and lower in lower_case_words(ent.doc) and english_word(lower)
