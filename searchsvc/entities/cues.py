"""What the words around a model's span say about it: place cues and lists of places, lists of
works, clubs and employers. Pure functions over a parsed spaCy Doc; `mention.mention` decides with them."""

from __future__ import annotations

import re
from collections.abc import Set as AbstractSet

from .gazetteer import is_place, is_town
from .names import fold
from .span_tools import ent_bounds
from .word_lists import read_words, word_set

WORDS = read_words("cues")
PLACE_LABELS = ("GPE", "LOC")
WORK_CUES = word_set(WORDS, "work_cues")
WORK_LIST_CUES = word_set(WORDS, "work_list_cues")
# "its brands include Foster's, Strongbow and Kronenbourg", "programs such as Spybot and Ad-Aware": a list
# of products, which are no entities (only in a list: "brands" is no cue before one name).
PRODUCT_LIST_CUES = {"brands", "products", "programs", "gadgets", "devices", "consoles", "beers", "lagers", "drinks"}
LIST_OPENERS = ("as", "like", "include", "includes", "including")  # "such as X", "brands include X"
# "cities including Manchester, Glasgow and Sheffield": plural words for places that open a list of places.
PLACE_LIST_CUES = {"places", "cities", "towns", "villages", "regions", "areas", "countries", "islands", "suburbs"}
# A known place after one of these words is a place, whatever spaCy called it ("in Brighton").
PLACE_CUES = {"in", "near", "outside", "around", "across", "throughout", "towards", "via", "nearby", "inside"}
PERSON_PLACE_CUES = {"at", "from"}  # also cues when spaCy said PERSON: "at Glasgow", "from Colchester"
LIST_PLACE_CUES = PLACE_CUES | PERSON_PLACE_CUES  # before a list of places, whatever spaCy called its items
LIST_REACH = 16  # tokens back from a list's item to the cue before its first item
LIST_JOINS = ("and", "or", "plus")  # words that join a list's last item
WORDS_BEFORE_WORKS = WORK_CUES | WORK_LIST_CUES  # "film Ray", "hits Blue Monday": a work follows
# "Gloucester have also been caught": a one-word "person" with a plural verb is a club or team.
PLURAL_VERBS = {"have", "are", "were", "'ve", "’ve", "'re", "’re"}
TEAM_WORDS = word_set(WORDS, "team_words")
SPORT_WORDS = word_set(WORDS, "sport_words")
SPORT_SIGNS = 4
CLUB_ROLES = word_set(WORDS, "club_roles")
DETERMINERS = {"the", "a", "an", "his", "her", "their", "its", "former"}
JOURNEYS = word_set(WORDS, "journeys")
SCORE = re.compile(r"\b\d{1,2}-\d{1,2}\b")
SCORE_AFTER, SCORE_BEFORE = re.compile(r" \d{1,2}-\d{1,2}\b"), re.compile(r"\b\d{1,2}-\d{1,2} $")
COMPANY_WORDS_AFTER = word_set(WORDS, "company_words_after")
MUSIC_WORDS = word_set(WORDS, "music_words")
TOWNS_PEOPLE = word_set(WORDS, "towns_people")
PLACE_NOUNS = word_set(WORDS, "place_nouns")


def word_at(doc, i: int) -> str:
    """The text of token i, or "" outside the document."""
    return doc[i].text if 0 <= i < len(doc) else ""


def cue_before(ent, *, comma: bool = False) -> str:
    """The lower-case word before a span, or before the comma before it when `comma`."""
    before = ent.start - 1
    if comma and word_at(ent.doc, before) == ",":
        before -= 1
    return word_at(ent.doc, before).lower()


def between_places(ent) -> bool:
    """'from Colchester to London': the other end of a journey is a place, so this one is too."""
    doc = ent.doc
    if cue_before(ent) == "from" and word_at(doc, ent.end) == "to" and ent.end + 1 < len(doc):
        return doc[ent.end + 1].ent_type_ in PLACE_LABELS
    if cue_before(ent) == "to" and ent.start >= 2 and doc[ent.start - 2].ent_type_ in PLACE_LABELS:
        first = ent_bounds(doc, ent.start - 2)[0]
        return word_at(doc, first - 1).lower() == "from"
    return False


def place_cue(ent) -> bool:
    """'in Brighton', 'near Upton', 'the town of Colchester'; for a PERSON span also 'at', 'from', 'to';
    for one word the model called an organization 'at' and 'from' outside sport ('a nurse from
    Gateshead', 'its plant at Hanover'; in sport 'signed from Barnsley' is the club)."""
    cue = cue_before(ent)
    if cue in PLACE_CUES or (ent.label_ == "PERSON" and cue in PERSON_PLACE_CUES):
        return True
    if ent.label_ == "ORG" and cue in PERSON_PLACE_CUES and len(ent) == 1 and not sport_text(ent.doc):
        return True
    return cue == "of" and word_at(ent.doc, ent.start - 2).lower() in PLACE_NOUNS


def _known_place_at(doc, i: int) -> bool:
    """Whether token i is in a span spaCy calls a place that the gazetteer knows."""
    if not 0 <= i < len(doc) or doc[i].ent_type_ not in PLACE_LABELS:
        return False
    start, end = ent_bounds(doc, i)
    return is_place(fold(doc[start:end].text))


def in_place_list(ent) -> bool:
    """'London, Birmingham, Glasgow and Cambridge': next to a known place in a list, so a place too;
    likewise any item of a list a place cue opens ('crews from Bodmin, Liskeard and St Austell')."""
    doc = ent.doc
    if word_at(doc, ent.start - 1) in (",", "and", "or") and _known_place_at(doc, ent.start - 2):
        return True
    if word_at(doc, ent.end) in (",", "and", "or") and _known_place_at(doc, ent.end + 1):
        return True
    return list_after_place_cue(ent) is not None


def _list_cue_at(ent) -> int | None:
    """The token before the first item, when a span is a later item of a list of capitalised names
    ('X, Y and Z', 'X, Y plus Z'); else None (an apposition, 'in Nairobi, Tesfaye Woldemariam, said',
    is no list)."""
    doc = ent.doc
    if not (
        word_at(doc, ent.start - 1) in LIST_JOINS
        or (word_at(doc, ent.start - 1) == "," and _list_goes_on(doc, ent.end))
    ):
        return None
    i = ent.start - 1
    while i >= 0 and ent.start - i <= LIST_REACH and (doc[i].text in (",", *LIST_JOINS) or _name_word(doc[i])):
        i -= 1
    return i if i < ent.start - 2 else None


def _name_word(token) -> bool:
    """A word a list's item can be made of: capitalised ('Falcon Crest'), in capitals ('SOS') or a
    possessive ("Foster's")."""
    return token.is_title or (token.is_upper and token.is_alpha) or token.text in ("'s", "’s")


def list_after_place_cue(ent) -> list[str] | None:
    """The items before a span, when it is a later item of a list that follows a place cue: 'at
    Dibrugarh, Neamatighat and Guwahati'; else None ('In France, Jordan said' and 'from British and
    Commonwealth' are no lists of places)."""
    doc, i = ent.doc, _list_cue_at(ent)
    if i is None or word_at(doc, i).lower() not in LIST_PLACE_CUES:
        return None
    if any(token.ent_type_ == "NORP" for token in doc[i + 1 : ent.start]):
        return None  # "from British and Commonwealth": a company's name, not a list of places
    items: list[str] = []
    item: list[str] = []
    for token in doc[i + 1 : ent.start]:
        if token.text in (",", *LIST_JOINS):
            items.append(" ".join(item))
            item = []
        else:
            item.append(token.text)
    return [name for name in items if name]


def _in_list_opened_by(ent, cues: AbstractSet[str]) -> bool:
    """Whether a span is an item of a list that one of `cues` opens, right before its first item or
    before 'such as', 'like', 'include(s)' or 'including' there."""
    doc = ent.doc
    i = ent.start - 1 if word_at(doc, ent.start - 1) in LIST_OPENERS else _list_cue_at(ent)
    if i is None:
        return False
    cue = word_at(doc, i).lower()
    return cue in cues or (cue in LIST_OPENERS and any(word_at(doc, j).lower() in cues for j in (i - 2, i - 1)))


def in_work_list(ent) -> bool:
    """An item of a list of works or products: 'soap operas Knots Landing, Falcon Crest plus ...',
    'such classics as Super Trouper, SOS and Dancing Queen' (the first item's own cue, 'operas', is a
    work cue), 'its brands include Foster's, Strongbow and Kronenbourg'."""
    return _in_list_opened_by(ent, WORK_LIST_CUES | PRODUCT_LIST_CUES)


def in_list_of_places(ent) -> bool:
    """'places like Levenshulme and Rusholme', 'cities including Manchester, Glasgow and Sheffield',
    'regions such as Lorraine': an item of a list a plural word for places opens is a place."""
    return _in_list_opened_by(ent, PLACE_LIST_CUES)


def _list_goes_on(doc, i: int) -> bool:
    """Whether commas and capitalised names from token i lead to an 'and', 'or' or 'plus' (', Y and Z')."""
    for token in doc[i : i + LIST_REACH]:
        if token.text in LIST_JOINS:
            return True
        if token.text != "," and not _name_word(token):
            return False
    return False


def before_based(ent) -> bool:
    """'the Newbury-based company': a known place before '-based'."""
    return word_at(ent.doc, ent.end) == "-" and word_at(ent.doc, ent.end + 1).lower() == "based"


def club_cue(ent) -> bool:
    """'Gloucester have', "Ulster's Kevin Maggs", 'Munster lock Paul O'Connell': one word spaCy calls a
    person that takes a plural verb, or a place's name before a player's full name, is a club or team
    (but "Shakespeare's Richard III" is no club)."""
    doc, end = ent.doc, ent.end
    if word_at(doc, end).lower() in PLURAL_VERBS:
        return True
    if not is_place(ent.text) or _in_a_full_name(doc, ent.text):
        return False  # "David's wife Victoria": a first name, though GeoNames has a town David
    if word_at(doc, end) in ("'s", "’s"):
        after = end + 1
    elif (
        end < len(doc)
        and doc[end].is_lower
        and doc[end].is_alpha
        and not doc[end].is_stop
        and doc[end].text not in TOWNS_PEOPLE
    ):
        after = end + 1  # one role word: "lock", "flanker", "striker" (not "and", "of")
    else:
        return False
    if after >= len(doc) or doc[after].ent_type_ != "PERSON" or doc[after].ent_iob_ != "B":
        return False
    return ent_bounds(doc, after)[1] - after >= 2


def sport_text(doc) -> bool:
    """Whether a document is a sports report: enough of its words are SPORT_WORDS."""
    if "sport" not in doc.user_data:  # asked for each span: read once per document
        words = {token.lower_ for token in doc if token.is_alpha or "-" in token.text}
        signs = len(words & SPORT_WORDS)
        doc.user_data["sport"] = signs >= SPORT_SIGNS or (signs >= 2 and bool(SCORE.search(doc.text)))
    return doc.user_data["sport"]


def music_text(doc) -> bool:
    """Whether a document speaks of bands and records (where "Franz Ferdinand have" is a band)."""
    if "music" not in doc.user_data:
        doc.user_data["music"] = any(token.lower_ in MUSIC_WORDS for token in doc)
    return doc.user_data["music"]


def club_in_sport(ent, name: str) -> bool:
    """In a sports report a town's name is its club ('Newcastle beat Liverpool 2-1', 'a move to
    Madrid'): a gazetteer town, no country or region, not after a place cue ('in Madrid')."""
    doc = ent.doc
    after = doc[ent.end] if ent.end < len(doc) else None
    if (
        cue_before(ent) in DETERMINERS
        and after is not None
        and after.is_lower
        and after.is_alpha
        and after.text not in TEAM_WORDS | CLUB_ROLES
    ):
        return False  # "the London club", "the Dublin trip": the town as an adjective
    if cue_before(ent) == "to" and word_at(doc, ent.start - 2).lower() in JOURNEYS:
        return False  # "the trip to Dublin", "flown to Dublin"
    if is_town(name) and (
        word_at(doc, ent.end) == "v"
        or cue_before(ent) == "v"
        or _beside_a_score(ent)
        or (after is not None and after.text in CLUB_ROLES - PLURAL_VERBS)
    ):
        return True  # "Newcastle v Chelsea", "Newcastle 2-1 Bolton", "Newcastle prop Ed Kalman": in any text
    return (
        sport_text(doc)
        and is_town(name)
        and not place_cue(ent)
        and not before_based(ent)
        and not _in_a_full_name(ent.doc, name)
    )


def town_before_its_people(ent) -> bool:
    """'Glasgow band Franz Ferdinand', 'Leeds mayor': a known town before a word for its people."""
    return word_at(ent.doc, ent.end) in TOWNS_PEOPLE and is_place(fold(ent.text))


def company_word_after(ent) -> bool:
    """'Gazprom shares', 'Ericsson chief', "Sega's shares": a word after a one-word name that only a
    company's name takes; not a surname of a person the document names in full."""
    doc, i = ent.doc, ent.end
    if word_at(doc, i) in ("'s", "’s"):
        i += 1
    return word_at(doc, i).lower() in COMPANY_WORDS_AFTER and not _in_a_full_name(doc, ent.text)


def _beside_a_score(ent) -> bool:
    """'Newcastle 2-1 Bolton': a score right after or right before the name."""
    text = ent.doc.text
    return bool(
        SCORE_AFTER.match(text, ent.end_char) or SCORE_BEFORE.search(text[max(0, ent.start_char - 8) : ent.start_char])
    )


def _in_a_full_name(doc, word: str) -> bool:
    """Whether a word begins or ends a full name spaCy found in the document."""
    return any(e.label_ == "PERSON" and len(e) > 1 and word in (e[0].text, e[-1].text) for e in doc.ents)


def employer_of_a_person(ent) -> bool:
    """'analyst Rosario Ilacqua of L.F. Rothschild': a name right after a person and 'of' is where
    the person works, not another person."""
    doc = ent.doc
    return cue_before(ent) == "of" and ent.start >= 2 and doc[ent.start - 2].ent_type_ == "PERSON"
