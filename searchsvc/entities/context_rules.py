"""Mention rules that read the words around a span: cues before and after it, lists, sport and music text."""

from __future__ import annotations

from .cues import (
    TEAM_WORDS,
    before_based,
    between_places,
    club_cue,
    club_in_sport,
    cue_before,
    employer_of_a_person,
    in_list_of_places,
    in_place_list,
    list_after_place_cue,
    place_cue,
    town_before_its_people,
    word_at,
)
from .gazetteer import is_place, nations
from .mention_checks import (
    ORG_CUES,
    ORG_HEADS,
    acronym_not_a_place,
    after_honorific,
    natural_feature,
)
from .mention_span import SKIP, VENUE_HEADS, Found, Span
from .names import (
    ROLE_CUES,
    country,
    fold,
    known_place,
    looks_like_full_name,
)
from .not_entities import is_venue


def club_in_a_sports_report(s: Span) -> Found:
    """ "Newcastle beat Liverpool 2-1": clubs, in a sports report."""
    if s.kind != "organizations" and len(s.folded) <= 2 and not is_venue(s.name) and club_in_sport(s.ent, s.name):
        return "organizations", s.text
    return None


def person_in_capitals(s: Span) -> Found:
    """ "IAAF", "BT": nobody's name is written in capitals; "GB" is the country."""
    if s.kind == "people" and len(s.folded) == 1 and s.folded[0].isupper() and s.folded[0].isalpha():
        return ("places" if country(s.folded[0]) else "organizations"), s.text
    return None


def venue(s: Span) -> Found:
    """ "Murrayfield", "Old Trafford": grounds."""
    return ("places", s.text) if s.kind != "places" and is_venue(s.name) else None


def natural_feature_of_any_label(s: Span) -> Found:
    """ "Murray River", "Kakadu National Park", "Lake Geneva"."""
    if s.kind != "places" and natural_feature(s.folded, person=s.kind == "people"):
        return "places", s.text
    return None


def venue_by_its_head(s: Span) -> Found:
    """ "Fratton Park", "Wembley Stadium" are venues."""
    if s.kind == "organizations" and len(s.folded) > 1 and s.folded[-1].lower() in VENUE_HEADS:
        return "places", s.text
    return None


def after_an_honorific(s: Span) -> Found:
    """ "Mr Trotter", "Ms Jamieson": a person."""
    return ("people", s.text) if after_honorific(s.ent) else None


def town_before_a_word_for_its_people(s: Span) -> Found:
    """ "Glasgow band Franz Ferdinand": the town."""
    if s.kind != "places" and len(s.folded) == 1 and town_before_its_people(s.ent):
        return "places", s.text
    return None


def club_by_its_cue(s: Span) -> Found:
    """ "Gloucester have", "Munster lock Paul O'Connell": the club."""
    return ("organizations", s.text) if s.kind == "people" and len(s.folded) == 1 and club_cue(s.ent) else None


def known_place_after_a_place_cue(s: Span) -> Found:
    """ "in Brighton", "the town of Upton": a known place after a place cue or in a list of places."""
    ent = s.ent
    if s.kind != "places" and (place_cue(ent) or in_place_list(ent) or before_based(ent)) and is_place(s.name):
        return "places", s.text
    return None


def in_a_list_of_places(s: Span) -> Found:
    """ "places like Levenshulme and Rusholme"."""
    return ("places", s.text) if s.kind != "places" and in_list_of_places(s.ent) else None


def small_town_in_a_list_of_places(s: Span) -> Found:
    """ "in Newry and Armagh": a town too small for the gazetteer in a list of places."""
    if s.kind != "places" and len(s.folded) == 1 and any(map(is_place, list_after_place_cue(s.ent) or ())):
        return "places", s.text
    return None


def acronym_that_is_no_place(s: Span) -> Found:
    """ "BT's exchanges": not Bhutan, not a place."""
    if s.kind == "places" and len(s.folded) == 1 and acronym_not_a_place(s.ent, s.folded[0]):
        return "organizations", s.text
    return None


def one_word_after_the(s: Span) -> Found:
    """ "the Worcester game" (the club), "the Brighton conference" (the town); "the Tate", "the Bill",
    "the Welsh": one word after "the" is rarely a person."""
    if s.kind != "people" or len(s.folded) != 1 or cue_before(s.ent) != "the":
        return None
    after = word_at(s.doc, s.ent.end)
    if is_place(s.folded[0]) and after.lower() in TEAM_WORDS:
        return "organizations", s.text
    if is_place(s.folded[0]) and after.islower():
        return "places", s.text
    return SKIP


def employer_after_a_person(s: Span) -> Found:
    """ "analyst Rosario Ilacqua of L.F. Rothschild": where the person works."""
    if s.kind == "people" and employer_of_a_person(s.ent) and not is_place(s.name):
        return "organizations", s.text
    return None


def organization_by_the_word_before(s: Span) -> Found:
    """ "newspaper Novaya Gazeta", "publishers Sega"."""
    return ("organizations", s.text) if s.kind == "people" and cue_before(s.ent) in ORG_CUES else None


def person_after_a_role(s: Span) -> Found:
    """ "Holyrood leader, Nicola Sturgeon"."""
    if (
        s.kind != "people"
        and cue_before(s.ent, comma=True) in ROLE_CUES
        and len(s.folded) <= 3
        and looks_like_full_name(s.name)
        and not known_place(s.text)
    ):
        return "people", s.text
    return None


def facility_by_its_head(s: Span) -> Found:
    """ "the Russian Embassy": a facility named after what it houses."""
    return ("organizations", s.text) if s.label == "FAC" and ORG_HEADS.search(s.text) else None


def country_as_a_team(s: Span) -> Found:
    """ "US" or "Wales" tagged as an organization (a team) is still the place."""
    if s.kind == "organizations" and (country(fold(s.text)) or fold(s.text) in nations()):
        return "places", s.text
    return None


def country_as_a_person(s: Span) -> Found:
    """ "Sri Lanka said": nobody's name is a country's (one word may be: Jordan)."""
    return ("places", s.text) if s.kind == "people" and len(s.folded) > 1 and country(s.name) else None


def between_two_places(s: Span) -> Found:
    """ "between Leeds and Harrogate": a place."""
    return ("places", s.text) if s.kind != "places" and between_places(s.ent) else None
