"""What the words in and around a span tell of it: the checks the mention rules ask."""

from __future__ import annotations

import re

from .cues import (
    PLACE_LABELS,
    PLURAL_VERBS,
    WORDS_BEFORE_WORKS,
    WORK_CUES,
    WORK_LIST_CUES,
    company_word_after,
    cue_before,
    in_work_list,
    music_text,
    word_at,
)
from .gazetteer import is_place, us_state_codes
from .legal_forms import names_a_company
from .names import (
    HONORIFICS,
    country,
    fold,
    looks_like_full_name,
)
from .not_entities import capitalised_common_word, english_word, inside_a_title, not_an_entity
from .word_lists import read_words, word_set

WORDS = read_words("mentions")

# Facilities named after what they house are organizations ("the Russian Embassy").
ORG_HEADS = re.compile(
    r"\b(embassy|consulate|ministry|department|office|agency|council|commission|court|parliament|"
    r"assembly|university|college|school|hospital|bank|institute|museum|gallery|theatre|police)$",
    re.I,
)

ORG_NAME_HEADS = word_set(WORDS, "org_name_heads")
NOT_IN_PLACE_NAMES = word_set(WORDS, "not_in_place_names")
NOT_IN_PEOPLES_NAMES = NOT_IN_PLACE_NAMES | word_set(WORDS, "not_in_peoples_names")
EVENT_HEADS = word_set(WORDS, "event_heads")
ORG_CUES = word_set(WORDS, "org_cues")
ADJECTIVES_OF_COMPANIES = {"based", "listed"}  # "Paris-based Euronext", "Nasdaq-listed Zorbix": a company
PARTY_ROLES = word_set(WORDS, "party_roles")
FEATURE_HEADS = word_set(WORDS, "feature_heads")
FEATURE_FIRST_WORDS = {"Lake", "Mount", "Mt", "Loch", "Cape", "River", "Isle", "Gulf"}
# Job titles are not organizations: "Home Secretary", "Secretary of State", "Finance Minister".
JOB_TITLES = {"Secretary", "Minister", "Secretaries", "Ministers"}
LAW_WORDS = {"Bill", "Act"}
CURRENCIES = word_set(WORDS, "currencies")
WORKS_PROPER = word_set(WORDS, "works_proper")
# A maker's product after the maker's name: "Apple iPod" (a word in camel case), "Aston Martin DB9" (a
# model code: capitals and digits); the maker is the organization the text names.
CAMEL_CASE = re.compile(r"^[a-z]{1,2}[A-Z]\w+$")
MODEL_CODE = re.compile(r"^[A-Z]{1,4}\d{1,4}[a-z]?$")
BAND_WORDS = {"band", "bands", "rockers", "duo", "trio", "quartet", "outfit"}  # "rock band Keane"
BAND_MEMBERS = {"frontman", "frontwoman", "guitarist", "drummer", "bassist", "keyboardist"}  # after a band's name
# Words after a person's name that tell of another's ("Franz Ferdinand have won"): not after a list's "and"
LIST_WORDS = {"and", "&", ",", "or", "nor"}


def _in_job_title(ent) -> bool:
    """'Trade and Industry Secretary', 'Secretary of State'; but 'Home Office Minister' names an office."""
    doc, last = ent.doc, ent.text.split()[-1].lower()
    if ent.label_ not in ("ORG", "NORP", "PERSON") or last in ORG_NAME_HEADS or ORG_HEADS.search(last):
        return False
    return word_at(doc, ent.end) in JOB_TITLES or (
        cue_before(ent) in ("of", "for") and word_at(doc, ent.start - 2) in JOB_TITLES
    )


def _in_law_title(ent) -> bool:
    """'the Health Service (Miscellaneous Provisions) Bill': neither part is an entity."""
    doc, i = ent.doc, ent.end
    if ent.text in LAW_WORDS and word_at(doc, ent.start - 1) == ")":
        return True
    if word_at(doc, i) == "(":
        i = next((j + 1 for j in range(i, min(i + 8, len(doc))) if doc[j].text == ")"), len(doc))
    return word_at(doc, i) in LAW_WORDS and not word_at(doc, i + 1).istitle()  # not "Bill Clinton"


def span_is_no_entity(ent) -> bool:
    """Spans that are part of a job title or a law, a currency, an event, a work after its kind, an
    award, competition, product, budget or time zone, or a common word opening a sentence."""
    if _in_job_title(ent) or _in_law_title(ent):
        return True
    if ent.label_ == "GPE" and word_at(ent.doc, ent.end).lower() in CURRENCIES:
        return True  # "the US dollar" is a currency
    words = ent.text.split()
    if words[-1].lower() in EVENT_HEADS or cue_before(ent) in WORDS_BEFORE_WORKS or in_work_list(ent):
        return True
    if len(words) > 1 and words[-1].lower() in CURRENCIES and ent.label_ in ("ORG", "NORP", "MONEY"):
        return True  # "the U.S. Dollar" (but Dick Pound is a person and East Rand a place)
    if len(words) > 1 and words[0].lower() in WORK_CUES:
        return True  # "Comedy Meet The Fockers": the kind of work opened the sentence
    name = fold(ent.text)
    if not_an_entity(name) or inside_a_title(ent):
        return True
    return capitalised_common_word(ent) and not is_place(name)


def after_honorific(ent) -> bool:
    """'Mr Trotter', 'Ms Jamieson': a person, whatever spaCy called the span."""
    words = ent.text.split()
    if words[0].rstrip(".") in HONORIFICS:
        words = words[1:]
    elif word_at(ent.doc, ent.start - 1).rstrip(".") not in HONORIFICS:
        return False
    return (len(words) == 1 and words[0].istitle()) or looks_like_full_name(" ".join(words))


def common_word_not_a_place(words: list[str]) -> bool:
    """One capitalised word that wordfreq knows as a common English word and the gazetteer not at all."""
    word = words[0] if len(words) == 1 else ""
    return word[:1].isupper() and not word.isupper() and english_word(word.lower(), common=True) and not is_place(word)


def natural_feature(words: list[str], *, person: bool) -> bool:
    """'Murray River', 'Lake Geneva'; for a "person" only 'Lake Geneva', because Mike Lake and Dennis
    Hills are people; never a name with an organization's word ('University of the Highlands and Islands')."""
    lower = [w.lower() for w in words]
    if len(words) < 2 or any(w in ORG_NAME_HEADS or ORG_HEADS.search(w) for w in lower):
        return False
    if words[0] in FEATURE_FIRST_WORDS and words[1][:1].isupper():
        return True
    return not person and (lower[-1] in FEATURE_HEADS or " ".join(lower[-2:]) in FEATURE_HEADS)


def acronym_not_a_place(ent, name: str) -> bool:
    """'BT', 'GM' tagged as places: capitals that are no country, state or gazetteer place."""
    bare = name.replace(".", "")
    return (
        ent.label_ in PLACE_LABELS
        and bare.isupper()
        and bare.isalpha()
        and len(bare) <= 4
        and not country(name)
        and not is_place(name)
        and bare not in us_state_codes()
    )


def initial_and_surname(words: list[str]) -> bool:
    """'K Maggs', 'S Easterby': one capital letter and a capitalised word of no English."""
    return (
        len(words) == 2
        and len(words[0]) == 1
        and words[0].isupper()
        and words[0] not in ("A", "I")
        and words[1].istitle()
        and not english_word(words[1].lower())
    )


def organization_by_its_words(label: str, words: list[str]) -> bool:
    """'Paws Incorporated', 'NV Philips' (a legal form), 'Natexis Banques Populaires' (a word no
    place's name holds), 'Banque Generale' (a word no person's name holds); never a country's name
    ('Russian Federation')."""
    if len(words) < 2 or not words[0][:1].isupper() or country(" ".join(words)):
        return False
    if names_a_company(words):
        return True
    lower = [word.lower() for word in words]
    if label in (*PLACE_LABELS, "FAC"):
        return any(word in NOT_IN_PLACE_NAMES for word in lower)
    return label == "PERSON" and any(word in NOT_IN_PEOPLES_NAMES for word in lower)


def named_as_a_work(ent) -> bool:
    """'film Vera Drake', 'the comedy Little Britain': the article calls the name a work, so every
    mention of it in the article is the work ('Vera Drake has scooped seven nominations')."""
    cue = cue_before(ent)
    return cue in WORKS_PROPER or (cue in WORK_LIST_CUES and in_work_list(ent))


def named_as_a_band(ent) -> bool:
    """'rock band Keane', 'Scissor Sisters have won' (in an article on music): the article calls the
    name a band, so every mention of it there is the band ('Franz Ferdinand's album')."""
    if cue_before(ent) in BAND_WORDS:
        return True
    after = word_at(ent.doc, ent.end).lower()
    if len(ent) > 1 and ent.label_ == "PERSON" and after in BAND_MEMBERS:
        return True  # "Franz Ferdinand frontman Alex Kapranos"
    return (
        len(ent) > 1
        and ent.label_ == "PERSON"
        and after in PLURAL_VERBS
        and cue_before(ent) not in LIST_WORDS
        and music_text(ent.doc)
    )


def named_as_a_company(ent) -> bool:
    """'gas giant Gazprom', 'Gazprom shares', 'supplier Ericsson', 'Paris-based Euronext': one word no
    gazetteer knows, that the article calls a company, is the company wherever the article writes it."""
    name, cue = fold(ent.text), cue_before(ent)
    return (
        " " not in name
        and ent.label_ in ("PERSON", "GPE", "ORG")
        and not is_place(name)
        and (
            cue in ORG_CUES
            or company_word_after(ent)
            or (cue in ADJECTIVES_OF_COMPANIES and ent.start >= 2 and word_at(ent.doc, ent.start - 2) == "-")
        )
    )


def in_a_work(span, works: set[str]) -> bool:
    """Whether a span is a work's name, or its end ('Britain' of 'Little Britain stars ...')."""
    before = word_at(span.doc, span.start - 1)
    return fold(span.text) in works or (before[:1].isupper() and fold(f"{before} {span.text}") in works)


def model_after_its_maker(span) -> bool:
    """'Aston Martin DB9', "Aston's DB9", 'the Rover QX5': a model's code after its maker's name; the
    code alone ('the DB9') is then the same product, in the whole article."""
    doc, start = span.doc, span.end - 1
    if not MODEL_CODE.match(span[-1].text):
        return False
    if word_at(doc, start - 1) in ("'s", "’s"):
        start -= 1  # the maker's possessive
    return start > 0 and doc[start - 1].is_title


def a_product(word: str) -> bool:
    """'iPod', 'DB9', 'Outlook': a product's name after its maker's."""
    return bool(CAMEL_CASE.match(word) or MODEL_CODE.match(word)) or (not_an_entity(word) and word[:1].isupper())


def party(ent, name: str) -> tuple[str, str] | None:
    """A party named alone is an organization, unless it qualifies a role noun ('Labour MP')."""
    after = word_at(ent.doc, ent.end)
    if after.lower() in PARTY_ROLES:
        return None
    return "organizations", name
