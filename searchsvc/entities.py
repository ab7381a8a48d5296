"""Named entities with spaCy: people, organizations and places under canonical names."""
from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable, Iterator
from functools import lru_cache

from .articles import Article, Entities
from .names import (country, fold, known_place, looks_like_full_name, merge_short_forms, merge_spellings,
                    merge_surnames, party_name, person_name)

# Bump when the canonicalisation rules change: cached entities of older rules are then re-extracted.
RULES_VERSION = 2
LABEL_TYPES = {"PERSON": "people", "ORG": "organizations", "GPE": "places", "LOC": "places", "FAC": "places"}
PLACE_LABELS = ("GPE", "LOC")
# Facilities named after what they house are organizations ("the Russian Embassy").
ORG_HEADS = re.compile(
    r"\b(embassy|consulate|ministry|department|office|agency|council|commission|court|parliament|"
    r"assembly|university|college|school|hospital|bank|institute|museum|gallery|theatre|police)$", re.I)
# A last word that makes any name an organization, whatever spaCy called it ("Scottish Green Party"
# as a work of art); not applied to places, because of "West Bank" and "Soviet Union".
ORG_NAME_HEADS = {"party", "parliament", "executive", "assembly", "federation", "association", "council",
                  "commission", "committee", "corporation", "corp", "inc", "ltd", "plc", "university",
                  "institute", "foundation", "agency", "ministry", "department", "society", "studios",
                  "airlines", "airways", "organisation", "organization", "authority", "embassy"}
# A last word that makes a name an event: events are not entities ("European Indoor Championships").
EVENT_HEADS = {"election", "elections", "championship", "championships", "indoors", "olympics", "games",
               "cup", "prix", "conference", "summit", "festival", "awards", "tournament", "trophy",
               "marathon", "show", "expo"}
# Party members in the plural name the party ("the Tories", "the Liberal Democrats"): spaCy says NORP.
PARTY_WORDS = {"conservatives", "tories", "democrats", "republicans", "liberals", "socialists",
               "communists", "nationalists", "unionists", "greens", "dems"}
# A name right after one of these words names an organization ("newspaper Novaya Gazeta").
ORG_CUES = {"newspaper", "paper", "daily", "weekly", "magazine", "agency", "broadcaster", "channel",
            "network", "website", "site", "firm", "company", "group", "bank", "party", "club", "band",
            "label", "station", "studio", "studios", "carrier", "airline", "retailer", "publisher"}
# A full name right after one of these words (a comma between allowed) is a person ("leader, Nicola
# Sturgeon"); "rival" and "partner" are left out: they come before companies as often.
ROLE_CUES = {"leader", "spokesman", "spokeswoman", "spokesperson", "minister", "secretary", "chairman",
             "chairwoman", "director", "president", "executive", "chief", "boss", "coach", "manager",
             "actor", "actress", "singer", "sculptor", "artist", "author", "writer", "novelist",
             "producer", "presenter", "comedian", "musician", "captain", "striker", "champion",
             "lawyer", "analyst", "economist", "founder", "editor", "hurdler", "sprinter", "athlete"}
HONORIFICS = {"Mr", "Mrs", "Ms", "Miss", "Dr", "Sir", "Dame"}  # as written: "MS" and "DR Congo" are not
# A name right after one of these words names a work, product or event, not an entity ("film Ray").
WORK_CUES = {"film", "films", "movie", "movies", "blockbuster", "flop", "flops", "album", "song", "novel",
             "musical", "sitcom", "programme", "documentary", "drama", "game", "console", "software",
             "browser", "handset", "chip", "virus", "worm", "conference", "festival", "tournament"}
# Job titles are not organizations: "Home Secretary", "Secretary of State", "Finance Minister".
JOB_TITLES = {"Secretary", "Minister", "Secretaries", "Ministers"}
LAW_WORDS = {"Bill", "Act"}
CURRENCIES = {"dollar", "dollars", "franc", "francs", "pound", "pounds", "euro", "euros", "yen", "yuan",
              "peso", "pesos", "rupee", "rupees", "rouble", "roubles", "ruble", "rubles", "lira", "krona",
              "krone", "rand", "shekel", "shekels"}
NAME_LABELS = {"PERSON", "ORG", "FAC", "NORP", "WORK_OF_ART", "PRODUCT"}  # not GPE/LOC, dates, numbers
MAX_WORDS = 8  # longer spans are run-on mistakes, not names
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


def _word(doc, i: int) -> str:
    return doc[i].text if 0 <= i < len(doc) else ""


def _cue(ent, *, comma: bool = False) -> str:
    """The lower-case word before a span, or before the comma before it when `comma`."""
    before = ent.start - 1
    if comma and _word(ent.doc, before) == ",":
        before -= 1
    return _word(ent.doc, before).lower()


def _in_job_title(ent) -> bool:
    """'Trade and Industry Secretary', 'Secretary of State'; but 'Home Office Minister' names an office."""
    doc, last = ent.doc, ent.text.split()[-1].lower()
    if ent.label_ not in ("ORG", "NORP", "PERSON") or last in ORG_NAME_HEADS or ORG_HEADS.search(last):
        return False
    return _word(doc, ent.end) in JOB_TITLES or (
        _cue(ent) in ("of", "for") and _word(doc, ent.start - 2) in JOB_TITLES)


def _in_law_title(ent) -> bool:
    """'the Health Service (Miscellaneous Provisions) Bill': neither part is an entity."""
    doc, i = ent.doc, ent.end
    if ent.text in LAW_WORDS and _word(doc, ent.start - 1) == ")":
        return True
    if _word(doc, i) == "(":
        i = next((j + 1 for j in range(i, min(i + 8, len(doc))) if doc[j].text == ")"), len(doc))
    return _word(doc, i) in LAW_WORDS and not _word(doc, i + 1).istitle()  # not "Bill Clinton"


def _not_an_entity(ent) -> bool:
    """Spans that are part of a job title or a law, a currency, an event, or a work after its kind."""
    if _in_job_title(ent) or _in_law_title(ent):
        return True
    if ent.label_ == "GPE" and _word(ent.doc, ent.end).lower() in CURRENCIES:
        return True  # "the US dollar" is a currency
    return ent.text.split()[-1].lower() in EVENT_HEADS or _cue(ent) in WORK_CUES


def _after_honorific(ent) -> bool:
    """'Mr Trotter', 'Ms Jamieson': a person, whatever spaCy called the span."""
    words = ent.text.split()
    if words[0].rstrip(".") in HONORIFICS:
        words = words[1:]
    elif _word(ent.doc, ent.start - 1).rstrip(".") not in HONORIFICS:
        return False
    return (len(words) == 1 and words[0].istitle()) or looks_like_full_name(" ".join(words))


def _between_places(ent) -> bool:
    """'from Colchester to London': the other end of a journey is a place, so this one is too."""
    doc = ent.doc
    if _cue(ent) == "from" and _word(doc, ent.end) == "to" and ent.end + 1 < len(doc):
        return doc[ent.end + 1].ent_type_ in PLACE_LABELS
    if _cue(ent) == "to" and ent.start >= 2 and doc[ent.start - 2].ent_type_ in PLACE_LABELS:
        first = ent.start - 2
        while first > 0 and doc[first].ent_iob_ == "I":
            first -= 1
        return _word(doc, first - 1).lower() == "from"
    return False


def _mention(ent) -> tuple[str, str] | None:
    """Type and text of one mention, spaCy's label corrected by the words around it; None to skip."""
    doc, text = ent.doc, ent.text
    if not text.split() or _not_an_entity(ent):
        return None
    folded = fold(text).split() or [""]
    if folded[-1].lower() in PARTY_WORDS and ent.label_ in ("NORP", "PERSON", "ORG"):
        if len(folded) == 1 and ent.start > 0 and doc[ent.start - 1].is_title:
            text = f"{doc[ent.start - 1].text} {text}"  # "Liberal" of "the Liberal Democrats' leader"
        return "organizations", text
    if ent.label_ == "NORP":
        after = _word(doc, ent.end)
        if after.istitle() and after.lower() in ORG_NAME_HEADS:
            return "organizations", f"{text} {after}"  # "the Scottish Executive": spaCy stops at Scottish
        if len(folded) >= 3 and looks_like_full_name(" ".join(folded[-2:])):
            return "people", " ".join(folded[-2:])  # "Russian Irina Shevchenko"
        return None  # nationalities and other groups
    if folded[-1].lower() in ORG_NAME_HEADS and ent.label_ in NAME_LABELS and text[:1].isupper():
        return "organizations", text
    kind = LABEL_TYPES.get(ent.label_)
    if kind is None:
        return None
    if _after_honorific(ent):
        return "people", text
    if kind == "people" and len(folded) == 1 and _cue(ent) == "the":
        return None  # "the Tate", "the Bill", "the Welsh": one word after "the" is rarely a person
    if kind == "people" and _cue(ent) in ORG_CUES:
        return "organizations", text
    if (kind != "people" and _cue(ent, comma=True) in ROLE_CUES and len(folded) <= 3
            and looks_like_full_name(" ".join(folded)) and not known_place(text)):
        return "people", text  # "Holyrood leader, Nicola Sturgeon"
    if ent.label_ == "FAC" and ORG_HEADS.search(text):
        return "organizations", text
    if kind == "organizations" and country(fold(text)):
        return "places", text  # "US" tagged as an organization is still the country
    if kind != "places" and _between_places(ent):
        return "places", text
    return kind, text


def canonical_mentions(doc) -> Iterator[tuple[str, str]]:
    """Yield (type, canonical name) for each entity mention in a parsed document."""
    for ent in doc.ents:
        found = _mention(ent)
        if found is None:
            continue
        kind, name = found[0], fold(found[1])
        if kind == "people":
            name = person_name(name)
        elif kind == "places":
            name = country(name) or name
        else:
            name = party_name(name)
        if (len(name) < 2 or len(name.split()) > MAX_WORDS or not any(ch.isupper() for ch in name)
                or not any(ch.isalpha() for ch in name)):
            continue
        yield kind, name


def entities_from_doc(doc) -> Entities:
    """Collect one article's canonical entities: majority type per name, short forms merged."""
    votes: dict[str, Counter] = {}
    for kind, name in canonical_mentions(doc):
        votes.setdefault(name, Counter())[kind] += 1
    votes = merge_surnames(merge_spellings(votes))
    by_type: dict[str, list[str]] = {"people": [], "organizations": [], "places": []}
    for name, counts in votes.items():
        by_type[counts.most_common(1)[0][0]].append(name)
    result = {}
    for kind, names in by_type.items():
        merged = merge_short_forms(names, people=kind == "people")
        result[kind] = tuple(dict.fromkeys(merged.get(name, name) for name in names))
    return Entities(**result)


def extract(articles: Iterable[Article], model: str, workers: int = 1) -> Iterator[Entities]:
    """Yield the entities of each article, in order, using `workers` processes."""
    nlp = load_model(model)
    texts = (ner_text(article) for article in articles)
    for doc in nlp.pipe(texts, n_process=max(1, workers), batch_size=BATCH_SIZE):
        yield entities_from_doc(doc)


def raw_entities(doc) -> Entities:
    """spaCy's own output, labels mapped to our types, names only whitespace-folded (a baseline)."""
    found: dict[str, list[str]] = {"people": [], "organizations": [], "places": []}
    for ent in doc.ents:
        kind = LABEL_TYPES.get(ent.label_)
        name = " ".join(ent.text.split())
        if kind and name not in found[kind]:
            found[kind].append(name)
    return Entities(**{k: tuple(v) for k, v in found.items()})
