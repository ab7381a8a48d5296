"""One mention's type and name: spaCy's label corrected by the words in and around its span."""

from __future__ import annotations

from .cues import (
    PLACE_LABELS,
    PLURAL_VERBS,
    TEAM_WORDS,
    before_based,
    between_places,
    club_cue,
    club_in_sport,
    company_word_after,
    cue_before,
    employer_of_a_person,
    in_list_of_places,
    in_place_list,
    list_after_place_cue,
    music_text,
    place_cue,
    town_before_its_people,
    word_at,
)
from .gazetteer import is_demonym, is_place, nations
from .legal_forms import only_legal_forms
from .mention_checks import (
    LIST_WORDS,
    MODEL_CODE,
    ORG_CUES,
    ORG_HEADS,
    ORG_NAME_HEADS,
    a_product,
    acronym_not_a_place,
    after_honorific,
    common_word_not_a_place,
    initial_and_surname,
    natural_feature,
    organization_by_its_words,
    party,
    span_is_no_entity,
)
from .names import (
    ROLE_CUES,
    country,
    fold,
    known_place,
    looks_like_full_name,
)
from .not_entities import is_group, is_venue
from .word_lists import read_words, word_set

WORDS = read_words("mentions")
LABEL_TYPES = {"PERSON": "people", "ORG": "organizations", "GPE": "places", "LOC": "places", "FAC": "places"}
TEAM_HEADS = word_set(WORDS, "team_heads")
# Letters after a name that are no part of it ("Guy Mansfield QC", "Ann Clwyd MP").
POST_NOMINALS = {"QC", "KC", "MP", "MEP", "MSP", "AM", "OBE", "CBE", "MBE", "KBE", "DBE", "PhD"}
PARTY_WORDS = word_set(WORDS, "party_words")
PARTIES = word_set(WORDS, "parties")
VENUE_HEADS = word_set(WORDS, "venue_heads")
NAME_LABELS = {"PERSON", "ORG", "FAC", "NORP", "WORK_OF_ART", "PRODUCT"}  # not GPE/LOC, dates, numbers


def mention(ent) -> tuple[str, str] | None:
    """Type and text of one mention, spaCy's label corrected by the words around it; None to skip."""
    doc, text = ent.doc, ent.text
    if not text.split() or span_is_no_entity(ent):
        return None
    folded = fold(text).split() or [""]
    if only_legal_forms(folded):
        return None  # "Co", "Co Inc": the rest of the name was lost (but "BT" and "Sia" are names)
    if folded[-1].lower() in PARTY_WORDS and ent.label_ in ("NORP", "PERSON", "ORG"):
        if len(folded) == 1 and ent.start > 0 and doc[ent.start - 1].is_title:
            text = f"{doc[ent.start - 1].text} {text}"  # "Liberal" of "the Liberal Democrats' leader"
        return "organizations", text
    if " ".join(folded) in PARTIES and ent.label_ in ("NORP", "PERSON", "ORG", "GPE"):  # GPE: "New Labour"
        return party(ent, text)
    if ent.label_ == "NORP":
        after = word_at(doc, ent.end)
        if after.istitle() and after.lower() in ORG_NAME_HEADS:
            return "organizations", f"{text} {after}"  # "the Scottish Executive": spaCy stops at Scottish
        if len(folded) >= 3 and looks_like_full_name(" ".join(folded[-2:])):
            return "people", " ".join(folded[-2:])  # "Russian Irina Shevchenko"
        if place_cue(ent) and is_place(" ".join(folded)) and not is_demonym(folded[0]):
            return "places", text  # "in Punjab": a known place the model called a group
        return None  # nationalities and other groups
    if is_group(" ".join(folded)):
        return None  # "the Welsh", "Scots" tagged as people or organizations
    if folded[-1].lower() in ORG_NAME_HEADS and ent.label_ in NAME_LABELS and text[:1].isupper():
        return "organizations", text
    if len(folded) > 2 and folded[-1] in POST_NOMINALS and looks_like_full_name(" ".join(folded[:-1])):
        return "people", " ".join(folded[:-1])  # "Guy Mansfield QC"
    if organization_by_its_words(ent.label_, folded):
        return "organizations", text
    if ent.label_ in ("ORG", *PLACE_LABELS, "FAC") and initial_and_surname(folded):
        return "people", text  # "K Maggs" typed as an organization: an initial and a surname
    if len(folded) > 1 and folded[-1].lower() in TEAM_HEADS and ent.label_ in ("PERSON", "ORG", "NORP"):
        return "organizations", text  # "Aston Villa", "Sale Sharks": the club
    if len(folded) > 1 and folded[-1] == "City" and not is_place(" ".join(folded)):
        return "organizations", text  # "Manchester City"; but "Mexico City" is a place
    kind = LABEL_TYPES.get(ent.label_)
    if kind is None:
        return None
    if kind == "organizations" and len(folded) > 1 and a_product(folded[-1]):
        return "organizations", " ".join(folded[:-1])  # "Apple iPod", "Microsoft Outlook": the maker
    if kind != "organizations" and len(folded) == 1 and not is_place(folded[0]) and company_word_after(ent):
        return "organizations", text  # "Gazprom shares", "Ericsson chief": a company
    if ent.label_ == "GPE" and any(ch.isdigit() for ch in text):
        return "organizations", text  # "O2" typed as a place: no country or town holds a digit
    if kind == "people" and any(ch.isdigit() for ch in text):
        if len(folded) > 1 and ((folded[-1].isdigit() and len(folded[-1]) == 1) or MODEL_CODE.match(folded[-1])):
            return None  # "Spider-Man 2": a sequel, a work; "Martin DB9": a car (not "Transport 2000")
        return "organizations", text  # "O2", "U2": nobody's name holds a digit
    if (
        kind == "people"
        and len(folded) > 1
        and word_at(doc, ent.end).lower() in PLURAL_VERBS
        and cue_before(ent) not in LIST_WORDS
        and music_text(doc)
    ):
        return "organizations", text  # "Franz Ferdinand have won", "Scissor Sisters are": a band
    if ent.label_ in ("GPE", "FAC") and common_word_not_a_place(folded):
        return None  # "Breakfast": an English word no gazetteer knows (LOC kept: "Atlantic", "Pacific")
    if ent.start > 0 and doc[ent.start - 1].like_num and not doc[ent.start - 1].whitespace_:
        return None  # "30GB", "6MB": a unit after a number
    if (
        kind != "organizations"
        and len(folded) <= 2
        and not is_venue(" ".join(folded))
        and club_in_sport(ent, " ".join(folded))
    ):
        return "organizations", text  # "Newcastle beat Liverpool 2-1": clubs, in a sports report
    if kind == "people" and len(folded) == 1 and folded[0].isupper() and folded[0].isalpha():
        # "IAAF", "BT": nobody's name is written in capitals; "GB" is the country
        return ("places" if country(folded[0]) else "organizations"), text
    if kind != "places" and is_venue(" ".join(folded)):
        return "places", text  # "Murrayfield", "Old Trafford": grounds
    if kind != "places" and natural_feature(folded, person=kind == "people"):
        return "places", text  # "Murray River", "Kakadu National Park", "Lake Geneva"
    if kind == "organizations" and len(folded) > 1 and folded[-1].lower() in VENUE_HEADS:
        return "places", text  # "Fratton Park", "Wembley Stadium" are venues
    if after_honorific(ent):
        return "people", text
    if kind != "places" and len(folded) == 1 and town_before_its_people(ent):
        return "places", text  # "Glasgow band Franz Ferdinand": the town
    if kind == "people" and len(folded) == 1 and club_cue(ent):
        return "organizations", text  # "Gloucester have", "Munster lock Paul O'Connell": the club
    if kind != "places" and (place_cue(ent) or in_place_list(ent) or before_based(ent)) and is_place(" ".join(folded)):
        return "places", text  # "in Brighton", "the town of Upton": a known place after a place cue
    if kind != "places" and in_list_of_places(ent):
        return "places", text  # "places like Levenshulme and Rusholme"
    if kind != "places" and len(folded) == 1 and any(map(is_place, list_after_place_cue(ent) or ())):
        return "places", text  # "in Newry and Armagh": a town too small for the gazetteer in a list of places
    if kind == "places" and len(folded) == 1 and acronym_not_a_place(ent, folded[0]):
        return "organizations", text  # "BT's exchanges": not Bhutan, not a place
    if kind == "people" and len(folded) == 1 and cue_before(ent) == "the":
        after = word_at(doc, ent.end)
        if is_place(folded[0]) and after.lower() in TEAM_WORDS:
            return "organizations", text  # "the Worcester game": the club
        if is_place(folded[0]) and after.islower():
            return "places", text  # "the Brighton conference"
        return None  # "the Tate", "the Bill", "the Welsh": one word after "the" is rarely a person
    if kind == "people" and employer_of_a_person(ent) and not is_place(" ".join(folded)):
        return "organizations", text
    if kind == "people" and cue_before(ent) in ORG_CUES:
        return "organizations", text
    if (
        kind != "people"
        and cue_before(ent, comma=True) in ROLE_CUES
        and len(folded) <= 3
        and looks_like_full_name(" ".join(folded))
        and not known_place(text)
    ):
        return "people", text  # "Holyrood leader, Nicola Sturgeon"
    if ent.label_ == "FAC" and ORG_HEADS.search(text):
        return "organizations", text
    if kind == "organizations" and (country(fold(text)) or fold(text) in nations()):
        return "places", text  # "US" or "Wales" tagged as an organization (a team) is still the place
    if kind == "people" and len(folded) > 1 and country(" ".join(folded)):
        return "places", text  # "Sri Lanka said": nobody's name is a country's (one word may be: Jordan)
    if kind != "places" and between_places(ent):
        return "places", text
    return kind, text
