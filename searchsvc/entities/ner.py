"""Named entities with spaCy: people, organizations and places under canonical names."""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable, Iterator
from dataclasses import replace
from functools import lru_cache

from ..ingest.articles import Article, Entities
from .cues import (
    PLACE_LABELS,
    PLURAL_VERBS,
    TEAM_WORDS,
    WORDS_BEFORE_WORKS,
    WORK_CUES,
    WORK_LIST_CUES,
    before_based,
    between_places,
    club_cue,
    club_in_sport,
    company_word_after,
    cue_before,
    employer_of_a_person,
    in_list_of_places,
    in_place_list,
    in_work_list,
    list_after_place_cue,
    music_text,
    place_cue,
    town_before_its_people,
    word_at,
)
from .gazetteer import is_demonym, is_place, nations, us_state_codes
from .legal_forms import names_a_company, only_legal_forms
from .line_ups import line_up_names
from .names import (
    HONORIFICS,
    ROLE_CUES,
    ROYAL_TITLES,
    country,
    fold,
    initials,
    known_place,
    lone_first_names,
    looks_like_full_name,
    merge_short_forms,
    merge_spellings,
    merge_surnames,
    party_name,
    person_name,
)
from .not_entities import capitalised_common_word, english_word, inside_a_title, is_group, is_venue, not_an_entity
from .quotes import quotes_from_doc
from .spans import ampersand_names, pieces, untagged_people

# Bump when the canonicalisation rules change: cached entities of older rules are then re-extracted
# (annotate.model_signature puts it in the entity cache key).
RULES_VERSION = 20
LABEL_TYPES = {"PERSON": "people", "ORG": "organizations", "GPE": "places", "LOC": "places", "FAC": "places"}
# Facilities named after what they house are organizations ("the Russian Embassy").
ORG_HEADS = re.compile(
    r"\b(embassy|consulate|ministry|department|office|agency|council|commission|court|parliament|"
    r"assembly|university|college|school|hospital|bank|institute|museum|gallery|theatre|police)$",
    re.I,
)
# A last word that makes any name an organization, whatever spaCy called it ("Scottish Green Party"
# as a work of art); not applied to places, because of "West Bank" and "Soviet Union".
ORG_NAME_HEADS = {
    "party",
    "parliament",
    "executive",
    "assembly",
    "federation",
    "association",
    "council",
    "commission",
    "committee",
    "corporation",
    "corp",
    "inc",
    "ltd",
    "plc",
    "university",
    "institute",
    "foundation",
    "agency",
    "ministry",
    "department",
    "society",
    "studios",
    "airlines",
    "airways",
    "organisation",
    "organization",
    "authority",
    "embassy",
    "labs",
    "laboratories",
    "co",
    "holdings",
    "group",
    "motors",
    "telecom",
    "communications",
    "records",
    "pictures",
    "united",
    "rovers",
    "wanderers",
    "albion",
    "athletic",
    "hotspur",
    "fc",
}
# Words no place's name holds: a span spaCy calls a place with one of them is an organization
# ("Natexis Banques Populaires", "Bay Area Laboratory Cooperative").
NOT_IN_PLACE_NAMES = {
    "party",
    "banque",
    "banques",
    "banco",
    "banca",
    "bancorp",
    "laboratory",
    "laboratories",
    "cooperative",
    "co-operative",
    "company",
    "companies",
    "corporation",
    "institute",
    "association",
    "agency",
    "foundation",
    "society",
    "federation",
    "committee",
}
# Words no person's name holds: a span spaCy calls a person with one of them is an organization
# ("Banque Generale"; "Norsk Hydro" is not caught, and "bank" is left out: DJ Rob Da Bank).
NOT_IN_PEOPLES_NAMES = NOT_IN_PLACE_NAMES | {
    "industries",
    "works",
    "mining",
    "petroleum",
    "oil",
    "airlines",
    "securities",
    "electric",
    "chemical",
    "insurance",
    "holdings",
    "international",
    "resources",
    "systems",
    "enterprises",
    "investments",
    "investment",
    "financial",
    "partners",
}
# A last word that makes a name of two words or more a sports team ("Aston Villa", "Sale Sharks",
# "Northampton Saints"); alone, most are surnames or ordinary words.
TEAM_HEADS = {
    "villa",
    "sharks",
    "tigers",
    "saints",
    "falcons",
    "harlequins",
    "warriors",
    "dragons",
    "ospreys",
    "scarlets",
    "bulls",
    "stormers",
    "crusaders",
    "wolves",
    "rangers",
    "celtic",
    "county",
    "lions",
}
# Letters after a name that are no part of it ("Guy Mansfield QC", "Ann Clwyd MP").
POST_NOMINALS = {"QC", "KC", "MP", "MEP", "MSP", "AM", "OBE", "CBE", "MBE", "KBE", "DBE", "PhD"}
# A last word that makes a name an event: events are not entities ("European Indoor Championships").
EVENT_HEADS = {
    "classic",
    "election",
    "elections",
    "championship",
    "championships",
    "indoors",
    "olympics",
    "games",
    "cup",
    "prix",
    "conference",
    "summit",
    "festival",
    "awards",
    "tournament",
    "trophy",
    "marathon",
    "show",
    "expo",
    "premiership",
    "slam",
}
# Party members in the plural name the party ("the Tories", "the Liberal Democrats"): spaCy says NORP.
PARTY_WORDS = {
    "conservatives",
    "tories",
    "democrats",
    "republicans",
    "liberals",
    "socialists",
    "communists",
    "nationalists",
    "unionists",
    "greens",
    "dems",
}
# A name right after one of these words names an organization ("newspaper Novaya Gazeta").
ORG_CUES = {
    "newspaper",
    "paper",
    "daily",
    "weekly",
    "magazine",
    "agency",
    "broadcaster",
    "channel",
    "network",
    "website",
    "site",
    "firm",
    "company",
    "group",
    "bank",
    "party",
    "club",
    "band",
    "label",
    "station",
    "studio",
    "studios",
    "carrier",
    "airline",
    "retailer",
    "publisher",
    "giant",
    "insurer",
    "lender",
    "conglomerate",
    "operator",
    "maker",
    "manufacturer",
    "carmaker",
    "chipmaker",
    "supermarket",
    "regulator",
    "watchdog",
    "supplier",
    "provider",
    "publishers",
    "developer",
    "developers",
    "bourse",
}
ADJECTIVES_OF_COMPANIES = {"based", "listed"}  # "Paris-based Euronext", "Nasdaq-listed Zorbix": a company
# British parties as news names them alone; before a role noun the name is an adjective ("Labour MP",
# "Lib Dem leader"), which, like a nationality, is no mention of the party.
PARTIES = {
    "Labour",
    "New Labour",
    "Lib Dem",
    "Lib Dems",
    "Liberal Democrat",
    "Liberal Democrats",
    "Tory",
    "Tories",
    "Conservative",
    "Conservatives",
    "SNP",
    "Plaid Cymru",
    "Plaid",
    "UKIP",
    "Ukip",
    "Sinn Fein",
    "DUP",
    "SDLP",
    "Respect",
    "Veritas",
}
PARTY_ROLES = {
    "mp",
    "mps",
    "mep",
    "meps",
    "msp",
    "msps",
    "am",
    "ams",
    "peer",
    "peers",
    "leader",
    "leaders",
    "leadership",
    "spokesman",
    "spokeswoman",
    "spokesperson",
    "candidate",
    "candidates",
    "member",
    "members",
    "activist",
    "activists",
    "supporter",
    "supporters",
    "voter",
    "voters",
    "councillor",
    "councillors",
    "minister",
    "ministers",
    "backbencher",
    "backbenchers",
    "frontbencher",
    "frontbenchers",
    "chairman",
    "deputy",
    "source",
    "sources",
    "campaign",
    "manifesto",
    "policy",
    "policies",
    "government",
    "administration",
    "plans",
    "stronghold",
    "seat",
    "seats",
    "figures",
    "rebels",
    "rebel",
    "grandee",
    "grandees",
    "colleague",
    "colleagues",
    "chief",
    "whip",
    "whips",
    "official",
    "officials",
    "election",
    "victory",
    "defeat",
    "majority",
}
# A last word that makes a name spaCy calls an organization a venue, a place ("Wembley Stadium").
VENUE_HEADS = {
    "stadium",
    "arena",
    "airport",
    "prison",
    "jail",
    "racecourse",
    "velodrome",
    "park",
    "ground",
    "bridge",
    "dome",
}
# Words that make a name a natural feature, a place whatever spaCy called it: "Murray River",
# "Kakadu National Park", "Lake Geneva" ("Forest" is left out: Nottingham Forest is a club).
FEATURE_HEADS = {
    "river",
    "lake",
    "lakes",
    "mountain",
    "mountains",
    "hills",
    "valley",
    "island",
    "islands",
    "bay",
    "beach",
    "canyon",
    "desert",
    "falls",
    "gorge",
    "peninsula",
    "glacier",
    "reef",
    "sea",
    "ocean",
    "gulf",
    "strait",
    "straits",
    "creek",
    "estuary",
    "coast",
    "national park",
    "heath",
    "moor",
    "moors",
    "harbour",
    "harbor",
}
FEATURE_FIRST_WORDS = {"Lake", "Mount", "Mt", "Loch", "Cape", "River", "Isle", "Gulf"}
# Job titles are not organizations: "Home Secretary", "Secretary of State", "Finance Minister".
JOB_TITLES = {"Secretary", "Minister", "Secretaries", "Ministers"}
LAW_WORDS = {"Bill", "Act"}
CURRENCIES = {
    "dollar",
    "dollars",
    "franc",
    "francs",
    "pound",
    "pounds",
    "euro",
    "euros",
    "yen",
    "yuan",
    "peso",
    "pesos",
    "rupee",
    "rupees",
    "rouble",
    "roubles",
    "ruble",
    "rubles",
    "lira",
    "krona",
    "krone",
    "rand",
    "shekel",
    "shekels",
}
NAME_LABELS = {"PERSON", "ORG", "FAC", "NORP", "WORK_OF_ART", "PRODUCT"}  # not GPE/LOC, dates, numbers
MAX_WORDS = 8  # longer spans are run-on mistakes, not names
# Kinds of work whose name, once so called, is a work in the whole article (not "festival", "game")
WORKS_PROPER = {
    "film",
    "films",
    "movie",
    "movies",
    "blockbuster",
    "album",
    "song",
    "novel",
    "musical",
    "sitcom",
    "documentary",
    "drama",
    "comedy",
    "biopic",
    "sequel",
    "thriller",
    "series",
    "book",
    "single",
    "soap",
    "programme",
    "show",
}
# A maker's product after the maker's name: "Apple iPod" (a word in camel case), "Aston Martin DB9" (a
# model code: capitals and digits); the maker is the organization the text names.
CAMEL_CASE = re.compile(r"^[a-z]{1,2}[A-Z]\w+$")
MODEL_CODE = re.compile(r"^[A-Z]{1,4}\d{1,4}[a-z]?$")
BAND_WORDS = {"band", "bands", "rockers", "duo", "trio", "quartet", "outfit"}  # "rock band Keane"
BAND_MEMBERS = {"frontman", "frontwoman", "guitarist", "drummer", "bassist", "keyboardist"}  # after a band's name
# Words after a person's name that tell of another's ("Franz Ferdinand have won"): not after a list's "and"
LIST_WORDS = {"and", "&", ",", "or", "nor"}
PIPES_NOT_NEEDED = ["tok2vec", "tagger", "parser", "attribute_ruler", "lemmatizer", "senter"]
BATCH_SIZE = 32


@lru_cache(maxsize=2)
def load_model(name: str):
    """Load the spaCy pipeline with only its entity recognizer."""
    import spacy

    nlp = spacy.load(name, exclude=PIPES_NOT_NEEDED)
    nlp.max_length = max(nlp.max_length, 60_000_000)
    return nlp


def ner_text(article: Article) -> str:
    # Headlines capitalise every word, which spaCy reads as names: the title is left out.
    return f"{article.subtitle}\n\n{article.body}" if article.subtitle else article.body


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


def _not_an_entity(ent) -> bool:
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


def _after_honorific(ent) -> bool:
    """'Mr Trotter', 'Ms Jamieson': a person, whatever spaCy called the span."""
    words = ent.text.split()
    if words[0].rstrip(".") in HONORIFICS:
        words = words[1:]
    elif word_at(ent.doc, ent.start - 1).rstrip(".") not in HONORIFICS:
        return False
    return (len(words) == 1 and words[0].istitle()) or looks_like_full_name(" ".join(words))


def _common_word_not_a_place(words: list[str]) -> bool:
    """One capitalised word that wordfreq knows as a common English word and the gazetteer not at all."""
    word = words[0] if len(words) == 1 else ""
    return word[:1].isupper() and not word.isupper() and english_word(word.lower(), common=True) and not is_place(word)


def _natural_feature(words: list[str], *, person: bool) -> bool:
    """'Murray River', 'Lake Geneva'; for a "person" only 'Lake Geneva', because Mike Lake and Dennis
    Hills are people; never a name with an organization's word ('University of the Highlands and Islands')."""
    lower = [w.lower() for w in words]
    if len(words) < 2 or any(w in ORG_NAME_HEADS or ORG_HEADS.search(w) for w in lower):
        return False
    if words[0] in FEATURE_FIRST_WORDS and words[1][:1].isupper():
        return True
    return not person and (lower[-1] in FEATURE_HEADS or " ".join(lower[-2:]) in FEATURE_HEADS)


def _acronym_not_a_place(ent, name: str) -> bool:
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


def _initial_and_surname(words: list[str]) -> bool:
    """'K Maggs', 'S Easterby': one capital letter and a capitalised word of no English."""
    return (
        len(words) == 2
        and len(words[0]) == 1
        and words[0].isupper()
        and words[0] not in ("A", "I")
        and words[1].istitle()
        and not english_word(words[1].lower())
    )


def _organization_by_its_words(label: str, words: list[str]) -> bool:
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


def _named_as_a_work(ent) -> bool:
    """'film Vera Drake', 'the comedy Little Britain': the article calls the name a work, so every
    mention of it in the article is the work ('Vera Drake has scooped seven nominations')."""
    cue = cue_before(ent)
    return cue in WORKS_PROPER or (cue in WORK_LIST_CUES and in_work_list(ent))


def _named_as_a_band(ent) -> bool:
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


def _named_as_a_company(ent) -> bool:
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


def _in_a_work(span, works: set[str]) -> bool:
    """Whether a span is a work's name, or its end ('Britain' of 'Little Britain stars ...')."""
    before = word_at(span.doc, span.start - 1)
    return fold(span.text) in works or (before[:1].isupper() and fold(f"{before} {span.text}") in works)


def _model_after_its_maker(span) -> bool:
    """'Aston Martin DB9', "Aston's DB9", 'the Rover QX5': a model's code after its maker's name; the
    code alone ('the DB9') is then the same product, in the whole article."""
    doc, start = span.doc, span.end - 1
    if not MODEL_CODE.match(span[-1].text):
        return False
    if word_at(doc, start - 1) in ("'s", "’s"):
        start -= 1  # the maker's possessive
    return start > 0 and doc[start - 1].is_title


def _a_product(word: str) -> bool:
    """'iPod', 'DB9', 'Outlook': a product's name after its maker's."""
    return bool(CAMEL_CASE.match(word) or MODEL_CODE.match(word)) or (not_an_entity(word) and word[:1].isupper())


def _party(ent, name: str) -> tuple[str, str] | None:
    """A party named alone is an organization, unless it qualifies a role noun ('Labour MP')."""
    after = word_at(ent.doc, ent.end)
    if after.lower() in PARTY_ROLES:
        return None
    return "organizations", name


def _mention(ent) -> tuple[str, str] | None:
    """Type and text of one mention, spaCy's label corrected by the words around it; None to skip."""
    doc, text = ent.doc, ent.text
    if not text.split() or _not_an_entity(ent):
        return None
    folded = fold(text).split() or [""]
    if only_legal_forms(folded):
        return None  # "Co", "Co Inc": the rest of the name was lost (but "BT" and "Sia" are names)
    if folded[-1].lower() in PARTY_WORDS and ent.label_ in ("NORP", "PERSON", "ORG"):
        if len(folded) == 1 and ent.start > 0 and doc[ent.start - 1].is_title:
            text = f"{doc[ent.start - 1].text} {text}"  # "Liberal" of "the Liberal Democrats' leader"
        return "organizations", text
    if " ".join(folded) in PARTIES and ent.label_ in ("NORP", "PERSON", "ORG", "GPE"):  # GPE: "New Labour"
        return _party(ent, text)
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
    if _organization_by_its_words(ent.label_, folded):
        return "organizations", text
    if ent.label_ in ("ORG", *PLACE_LABELS, "FAC") and _initial_and_surname(folded):
        return "people", text  # "K Maggs" typed as an organization: an initial and a surname
    if len(folded) > 1 and folded[-1].lower() in TEAM_HEADS and ent.label_ in ("PERSON", "ORG", "NORP"):
        return "organizations", text  # "Aston Villa", "Sale Sharks": the club
    if len(folded) > 1 and folded[-1] == "City" and not is_place(" ".join(folded)):
        return "organizations", text  # "Manchester City"; but "Mexico City" is a place
    kind = LABEL_TYPES.get(ent.label_)
    if kind is None:
        return None
    if kind == "organizations" and len(folded) > 1 and _a_product(folded[-1]):
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
    if ent.label_ in ("GPE", "FAC") and _common_word_not_a_place(folded):
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
    if kind != "places" and _natural_feature(folded, person=kind == "people"):
        return "places", text  # "Murray River", "Kakadu National Park", "Lake Geneva"
    if kind == "organizations" and len(folded) > 1 and folded[-1].lower() in VENUE_HEADS:
        return "places", text  # "Fratton Park", "Wembley Stadium" are venues
    if _after_honorific(ent):
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
    if kind == "places" and len(folded) == 1 and _acronym_not_a_place(ent, folded[0]):
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


def _line_up_tokens(doc) -> set[int]:
    """The tokens of the names line-ups give: the model's spans over them are set aside."""
    return {i for _, span in line_up_mentions(doc) for i in range(span.start, span.end)}


def line_up_mentions(doc) -> list[tuple[str, object]]:
    """(type, span) of each person and club a sports line-up names; they replace the model's spans."""
    if "line_ups" not in doc.user_data:  # asked for twice per article: computed once
        found = []
        for named in line_up_names(doc.text):
            span = doc.char_span(named.start, named.end, alignment_mode="expand")
            if span is not None and len(span):
                found.append((named.kind, span))
        doc.user_data["line_ups"] = found
    return doc.user_data["line_ups"]


def canonical_mentions(doc) -> Iterator[tuple[str, str]]:
    """Yield (type, canonical name) for each entity mention in a parsed document."""
    joined = ampersand_names(doc)
    taken = _line_up_tokens(doc) | {i for span in joined.values() for i in range(span.start, span.end)}
    spans = [
        span
        for span in (*(piece for ent in doc.ents for piece in pieces(ent)), *untagged_people(doc))
        if not any(i in taken for i in range(span.start, span.end))
    ]
    mentions = [(span, _mention(span)) for span in spans]
    works = {fold(span.text) for span in spans if _named_as_a_work(span)}
    mentions = [(span, None if works and _in_a_work(span, works) else found) for span, found in mentions]
    models = {span[-1].text for span in spans if _model_after_its_maker(span)}
    mentions = [(span, None if span.text in models else found) for span, found in mentions]
    bands = {fold(span.text) for span in spans if _named_as_a_band(span) or _named_as_a_company(span)}
    mentions = [
        (span, ("organizations", found[1]) if found and fold(span.text) in bands else found) for span, found in mentions
    ]
    mentions = [
        (span, ("organizations", joined[span.text].text) if span.text in joined else found) for span, found in mentions
    ]
    mentions += [(span, (kind, span.text)) for kind, span in line_up_mentions(doc)]
    mentions += [(span, ("organizations", span.text)) for span in joined.values()]
    for span, found in sorted(mentions, key=lambda mention: mention[0].start):  # in the order of the text
        if found is None:
            continue
        kind, name = found[0], fold(found[1])
        if kind == "people":
            name = person_name(_with_royal_title(span, name))
        elif kind == "places":
            name = country(name) or name
        else:
            name = party_name(name)
        if (
            len(name) < 2
            or len(name.split()) > MAX_WORDS
            or not any(ch.isupper() for ch in name)
            or not any(ch.isalpha() for ch in name)
        ):
            continue
        yield kind, name


def bracketed_aliases(doc, taken: set[int] = frozenset()) -> dict[str, str]:
    """'Royal National Institute of the Blind (RNIB)', 'the IOC (International Olympic Committee)',
    'Mumbai (Bombay)': a name in brackets right after a name of the same label is the same entity
    when one is the other's acronym, or when both are towns (no country or region: 'Perth
    (Australia)' and 'Springfield (Illinois)' name two places, 'Betsen (Biarritz)' a player and his
    club, 'Sylvia (Kate Winslet)' a character and her actor). An acronym's full name, or the town
    as first written, stands for both."""
    aliases, ents = {}, [e for e in doc.ents if not any(i in taken for i in range(e.start, e.end))]
    for first, second in zip(ents, ents[1:]):
        if not (
            second.start == first.end + 1
            and doc[first.end].text == "("
            and second.label_ == first.label_
            and second.end < len(doc)
            and doc[second.end].text == ")"
        ):
            continue
        names = fold(first.text), fold(second.text)
        short, full = sorted(names, key=len)
        if _acronym_of(short, full):
            aliases[short] = full
        elif first.label_ == "GPE" and not any(map(known_place, names)):
            aliases[names[1]] = names[0]  # the town as first written
    return aliases


def _acronym_of(short: str, full: str) -> bool:
    """'RNIB' of 'Royal National Institute of the Blind', 'IOC' of 'International Olympic Committee';
    right beside its name in brackets an acronym may also keep a qualifier the model cut from the name
    ('USADA' of 'Anti-Doping Agency', its 'United States' made a place)."""
    letters = initials(full, hyphens_apart=True)
    if not short.isupper() or len(short) < 2:
        return False
    return letters.endswith(short) or (len(letters) >= 3 and short.endswith(letters))


def _with_royal_title(span, name: str) -> str:
    """'Charles' after 'Prince' is Prince Charles: the title is his name (the model leaves it out)."""
    before = span.doc[span.start - 1].text if span.start else ""
    return f"{before} {name}" if len(name.split()) == 1 and before in ROYAL_TITLES else name


def _merge_aliases(votes: dict[str, Counter], aliases: dict[str, str]) -> dict[str, Counter]:
    """Fold each bracketed alias's votes into the name it follows, when both were kept as names."""
    canonical = {
        name: next((c for c in (name, person_name(name), country(name)) if c in votes), None)
        for name in (*aliases, *aliases.values())
    }
    merged: dict[str, Counter] = {}
    into = {
        canonical[a]: canonical[f]
        for a, f in aliases.items()
        if canonical[a] and canonical[f] and canonical[a] != canonical[f]
    }
    for name, counts in votes.items():
        merged.setdefault(into.get(name, name), Counter()).update(counts)
    return merged


def entities_from_doc(doc) -> Entities:
    """Collect one article's canonical entities: majority type per name, short forms merged."""
    votes: dict[str, Counter] = {}
    for kind, name in canonical_mentions(doc):
        votes.setdefault(name, Counter())[kind] += 1
    votes = merge_surnames(merge_spellings(_merge_aliases(votes, bracketed_aliases(doc, _line_up_tokens(doc)))))
    by_type: dict[str, list[str]] = {"people": [], "organizations": [], "places": []}
    for name, counts in votes.items():
        by_type[counts.most_common(1)[0][0]].append(name)
    for name in list(by_type["organizations"]):  # "fires in Wales ... the Wales Fire Service": the
        if known_place(name) and any(o.startswith(f"{name} ") for o in by_type["organizations"]):
            by_type["organizations"].remove(name)  # region alone is the place, never the service's short form
            by_type["places"].append(name)
    result = {}
    for kind, names in by_type.items():
        merged = merge_short_forms(names, people=kind == "people")
        dropped = lone_first_names(names) if kind == "people" else set()
        result[kind] = tuple(dict.fromkeys(merged.get(name, name) for name in names if name not in dropped))
    return Entities(**result)


def extract(articles: Iterable[Article], model: str, workers: int = 1) -> Iterator[Entities]:
    """Yield the entities of each article, in order, using `workers` processes."""
    nlp = load_model(model)
    texts = (ner_text(article) for article in articles)
    for doc in nlp.pipe(texts, n_process=max(1, workers), batch_size=BATCH_SIZE):
        yield with_quotes(doc, entities_from_doc(doc))


def with_quotes(doc, entities: Entities) -> Entities:
    """The entities with the article's quotes, found in the same pass (issue 29: no second model)."""
    return replace(entities, quotes=tuple(quotes_from_doc(doc, entities)))


def raw_entities(doc) -> Entities:
    """spaCy's own output, labels mapped to our types, names only whitespace-folded (a baseline)."""
    found: dict[str, list[str]] = {"people": [], "organizations": [], "places": []}
    for ent in doc.ents:
        kind = LABEL_TYPES.get(ent.label_)
        name = " ".join(ent.text.split())
        if kind and name not in found[kind]:
            found[kind].append(name)
    return Entities(**{k: tuple(v) for k, v in found.items()})
