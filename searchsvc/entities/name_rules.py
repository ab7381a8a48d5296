"""Mention rules that read a span's own words: what its name holds tells its type, or that it is no entity."""

from __future__ import annotations

from .cues import (
    PLACE_LABELS,
    PLURAL_VERBS,
    company_word_after,
    cue_before,
    music_text,
    place_cue,
    word_at,
)
from .gazetteer import is_demonym, is_place
from .legal_forms import only_legal_forms
from .mention_checks import (
    LIST_WORDS,
    MODEL_CODE,
    ORG_NAME_HEADS,
    a_product,
    common_word_not_a_place,
    initial_and_surname,
    organization_by_its_words,
    party,
    span_is_no_entity,
)
from .mention_span import NAME_LABELS, PARTIES, PARTY_WORDS, POST_NOMINALS, SKIP, TEAM_HEADS, Found, Span
from .names import (
    looks_like_full_name,
)
from .not_entities import is_group


def no_entity_by_its_words(s: Span) -> Found:
    """A job title, a law, a currency, an event, a work after its kind, an award...: no entity."""
    return SKIP if span_is_no_entity(s.ent) else None


def legal_forms_alone(s: Span) -> Found:
    """ "Co", "Co Inc": the rest of the name was lost (but "BT" and "Sia" are names)."""
    return SKIP if only_legal_forms(s.folded) else None


def party_members(s: Span) -> Found:
    """ "the Tories", "the Liberal Democrats' leader": members in the plural name the party."""
    if s.folded[-1].lower() not in PARTY_WORDS or s.label not in ("NORP", "PERSON", "ORG"):
        return None
    doc, ent, text = s.doc, s.ent, s.text
    if len(s.folded) == 1 and ent.start > 0 and doc[ent.start - 1].is_title:
        text = f"{doc[ent.start - 1].text} {text}"  # "Liberal" of "the Liberal Democrats' leader"
    return "organizations", text


def party_named_alone(s: Span) -> Found:
    """A party named alone ("New Labour", typed GPE too); before a role noun no mention ("Labour MP")."""
    if s.name in PARTIES and s.label in ("NORP", "PERSON", "ORG", "GPE"):
        return party(s.ent, s.text) or SKIP
    return None


def nationality_or_group(s: Span) -> Found:
    """NORP: "the Scottish Executive" (spaCy stops at Scottish), "Russian Irina Shevchenko", "in
    Punjab"; otherwise a nationality or another group, no entity."""
    if s.label != "NORP":
        return None
    after = word_at(s.doc, s.ent.end)
    if after.istitle() and after.lower() in ORG_NAME_HEADS:
        return "organizations", f"{s.text} {after}"
    if len(s.folded) >= 3 and looks_like_full_name(" ".join(s.folded[-2:])):
        return "people", " ".join(s.folded[-2:])
    if place_cue(s.ent) and is_place(s.name) and not is_demonym(s.folded[0]):
        return "places", s.text
    return SKIP


def group_of_people(s: Span) -> Found:
    """ "the Welsh", "Scots" tagged as people or organizations."""
    return SKIP if is_group(s.name) else None


def organization_by_its_head(s: Span) -> Found:
    """A last word that makes any name an organization ("Scottish Green Party" as a work of art)."""
    if s.folded[-1].lower() in ORG_NAME_HEADS and s.label in NAME_LABELS and s.text[:1].isupper():
        return "organizations", s.text
    return None


def post_nominals(s: Span) -> Found:
    """ "Guy Mansfield QC": the person without the letters after the name."""
    if len(s.folded) > 2 and s.folded[-1] in POST_NOMINALS and looks_like_full_name(" ".join(s.folded[:-1])):
        return "people", " ".join(s.folded[:-1])
    return None


def a_word_only_organizations_hold(s: Span) -> Found:
    """ "Paws Incorporated", "Natexis Banques Populaires": a word only an organization's name holds."""
    return ("organizations", s.text) if organization_by_its_words(s.label, s.folded) else None


def an_initial_before_a_surname(s: Span) -> Found:
    """ "K Maggs" typed as an organization or a place: an initial and a surname."""
    if s.label in ("ORG", *PLACE_LABELS, "FAC") and initial_and_surname(s.folded):
        return "people", s.text
    return None


def team_by_its_head(s: Span) -> Found:
    """ "Aston Villa", "Sale Sharks": the club."""
    if len(s.folded) > 1 and s.folded[-1].lower() in TEAM_HEADS and s.label in ("PERSON", "ORG", "NORP"):
        return "organizations", s.text
    return None


def city_club(s: Span) -> Found:
    """ "Manchester City"; but "Mexico City" is a place."""
    if len(s.folded) > 1 and s.folded[-1] == "City" and not is_place(s.name):
        return "organizations", s.text
    return None


def label_of_no_type(s: Span) -> Found:
    """Dates, numbers, works, products...: labels of no type of ours."""
    return SKIP if s.kind is None else None


def maker_of_a_product(s: Span) -> Found:
    """ "Apple iPod", "Microsoft Outlook": the maker."""
    if s.kind == "organizations" and len(s.folded) > 1 and a_product(s.folded[-1]):
        return "organizations", " ".join(s.folded[:-1])
    return None


def company_by_the_word_after(s: Span) -> Found:
    """ "Gazprom shares", "Ericsson chief": a company."""
    if s.kind != "organizations" and len(s.folded) == 1 and not is_place(s.folded[0]) and company_word_after(s.ent):
        return "organizations", s.text
    return None


def place_with_a_digit(s: Span) -> Found:
    """ "O2" typed as a place: no country or town holds a digit."""
    return ("organizations", s.text) if s.label == "GPE" and any(ch.isdigit() for ch in s.text) else None


def person_with_a_digit(s: Span) -> Found:
    """ "O2", "U2": nobody's name holds a digit; "Spider-Man 2" (a sequel) and "Martin DB9" (a car) are
    no entity (but "Transport 2000" is)."""
    if s.kind != "people" or not any(ch.isdigit() for ch in s.text):
        return None
    last = s.folded[-1]
    if len(s.folded) > 1 and ((last.isdigit() and len(last) == 1) or MODEL_CODE.match(last)):
        return SKIP
    return "organizations", s.text


def band_by_its_plural_verb(s: Span) -> Found:
    """ "Franz Ferdinand have won", "Scissor Sisters are", in an article on music: a band."""
    if (
        s.kind == "people"
        and len(s.folded) > 1
        and word_at(s.doc, s.ent.end).lower() in PLURAL_VERBS
        and cue_before(s.ent) not in LIST_WORDS
        and music_text(s.doc)
    ):
        return "organizations", s.text
    return None


def common_word_no_gazetteer_knows(s: Span) -> Found:
    """ "Breakfast": an English word no gazetteer knows (LOC kept: "Atlantic", "Pacific")."""
    return SKIP if s.label in ("GPE", "FAC") and common_word_not_a_place(s.folded) else None


def unit_after_a_number(s: Span) -> Found:
    """ "30GB", "6MB": a unit after a number."""
    doc, start = s.doc, s.ent.start
    return SKIP if start > 0 and doc[start - 1].like_num and not doc[start - 1].whitespace_ else None
