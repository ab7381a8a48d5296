"""Canonical entity names: folded forms, countries by one name, short forms merged into full ones."""

from __future__ import annotations

import re
from collections import Counter

from .gazetteer import NEWS_ABBREVIATIONS, NEWS_NAMES, country, is_place, region_names

# The news names of countries (lower case) and news abbreviations (as written), by ISO code:
# searchsvc.web.mentions marks them in article text.
COUNTRY_ALIASES = {**NEWS_NAMES, **NEWS_ABBREVIATIONS}

# What news writes for a country beside its name. Searched and filtered as that country (place:us,
# place=UK); never used to find a country in text, where two capitals are often something else.
COUNTRY_SHORT_NAMES = {
    "United States": ("US", "USA", "U.S.", "U.S.A.", "America", "United States of America"),
    "United Kingdom": ("UK", "Britain", "Great Britain", "GB", "United Kingdom of Great Britain and Northern Ireland"),
    "United Arab Emirates": ("UAE",),
    "Russia": ("Russian Federation",),
}
SHORT_NAME_OF = {short.casefold(): name for name, shorts in COUNTRY_SHORT_NAMES.items() for short in shorts}
TITLES = re.compile(
    r"^(mr|mrs|ms|miss|dr|prof|professor|sir|dame|lord|lady|president|senator|sen|rep|gov|"
    r"governor|general|gen|chancellor|judge|justice|rev|father|pope|king|queen|prince|princess|"
    r"treasurer|undersecretary|under-secretary|secretary|minister|premier|ambassador|chairman|commissioner|"
    # police, council, courts, church and forces, as British news writes them ("Det Supt Ian Cropper",
    # "Councillor Rachel Ambler", "Recorder Anthony Lumb"; "Det Con" together: Con is also a first name)
    r"councillor|cllr|det con|det|detective|supt|superintendent|insp|inspector|sgt|sergeant|constable|"
    r"recorder|coroner|magistrate|headteacher|headmaster|headmistress|mayor|sister|canon|bishop|"
    r"archbishop|cardinal|rabbi|imam|colonel|col|lieutenant|lt|brigadier|commander|admiral|corporal|cpl)"
    r"\.?\s+",
    re.I,
)
# "Prince Charles" without its title is a first name that names nobody (issue: he became Charles Kennedy)
ROYAL_TITLES = ("King", "Queen", "Prince", "Princess", "Pope")
ROYAL_NAME = re.compile(r"^(king|queen|prince|princess|pope)\.?\s+[A-Z][\w'-]+(\s+[IVX]+)?$", re.I)
HONORIFICS = {"Mr", "Mrs", "Ms", "Miss", "Dr", "Sir", "Dame"}  # as written: "MS" and "DR Congo" are not
# A full name right after one of these words (a comma between allowed) is a person ("leader, Nicola
# Sturgeon"); "rival" and "partner" are left out: they come before companies as often.
ROLE_CUES = {
    "leader",
    "spokesman",
    "spokeswoman",
    "spokesperson",
    "minister",
    "secretary",
    "chairman",
    "chairwoman",
    "director",
    "president",
    "executive",
    "chief",
    "boss",
    "coach",
    "manager",
    "actor",
    "actress",
    "singer",
    "sculptor",
    "artist",
    "author",
    "writer",
    "novelist",
    "producer",
    "presenter",
    "comedian",
    "musician",
    "model",
    "captain",
    "striker",
    "champion",
    "lawyer",
    "analyst",
    "economist",
    "founder",
    "editor",
    "hurdler",
    "sprinter",
    "athlete",
    "drummer",
    "guitarist",
    "bassist",
    "vocalist",
    "rapper",
    "campaigner",
    "headteacher",
    "teacher",
    "winger",
    "midfielder",
    "defender",
    "goalkeeper",
    "batsman",
    "bowler",
    "councillor",
    "detective",
}
# News shorthand for parties, merged like the country names ("the Tories" are the Conservatives).
PARTY_ALIASES = {
    "tories": "Conservatives",
    "tory": "Conservatives",
    "conservative": "Conservatives",
    "lib dems": "Liberal Democrats",
    "lib dem": "Liberal Democrats",
    "liberal democrat": "Liberal Democrats",
    "new labour": "Labour",
}
NAME_PARTICLES = {"van", "von", "de", "der", "den", "da", "di", "du", "del", "la", "le", "bin", "al"}
QUOTES = "\"'“”‘’`«»()[]{}<>"


def fold(name: str) -> str:
    """Fold whitespace, drop a leading 'the', a possessive and stray punctuation."""
    name = " ".join(name.replace("\u00a0", " ").split())
    name = re.sub(r"^(the)\s+", "", name, flags=re.I)
    name = re.sub(r"(['’]s|s['’])$", lambda m: "s" if m.group(0).startswith("s") else "", name)
    name = name.strip(QUOTES + " ,;:-–—")
    if name.endswith(".") and not re.search(r"\b[A-Z]\.$", name):  # keep the dot of "D.C."
        name = name[:-1]
    return name.replace(",", "").replace("<", "").replace(">", "")  # the wire's "<Besicorp Group Inc>"


def person_name(name: str) -> str:
    """Drop honorifics such as 'Mr' or 'President' from a person's name; a royal or papal title before
    a lone given name is the name itself ('Prince Charles', 'Queen Elizabeth II', 'Pope Benedict')."""
    if ROYAL_NAME.match(name):
        return name
    while True:
        stripped = TITLES.sub("", name)
        if stripped == name or not stripped:
            return name
        name = stripped


def known_place(name: str) -> bool:
    """Whether a name is a country or a region that ISO 3166 lists ('England', 'Texas'); not a
    town, whose names are often surnames too ('Lincoln')."""
    return bool(country(name)) or name in region_names()


def party_name(name: str) -> str:
    """Return the usual name of a party named by a news shorthand ('Tories'), else the name."""
    return PARTY_ALIASES.get(name.lower(), name)


def looks_like_full_name(name: str) -> bool:
    """Two to four capitalised words, particles allowed: 'Nicola Sturgeon', 'Ludwig van Beethoven'."""
    words = name.split()
    return 2 <= len(words) <= 4 and words[0][:1].isupper() and all(map(_name_word, words))


def _name_word(word: str) -> bool:
    if word in NAME_PARTICLES:
        return True
    capitalised = word[:1].isupper() and not (len(word) > 1 and word.isupper())  # "MP" is no name
    return capitalised and word.replace("-", "").replace("'", "").isalpha()


def merge_spellings(votes: dict[str, Counter]) -> dict[str, Counter]:
    """Merge names spelt apart only by spaces, hyphens or case ('TimeWarner' into 'Time Warner')."""
    best: dict[str, str] = {}
    for name in votes:  # the form with more words, then more capitals: "Labour Party", not "Labour party"
        key = _spelling_key(name)
        if key not in best or _spelling_rank(name) > _spelling_rank(best[key]):
            best[key] = name
    return _merge_votes(votes, {name: best[_spelling_key(name)] for name in votes})


def merge_surnames(votes: dict[str, Counter]) -> dict[str, Counter]:
    """Merge a lone surname into the one person of that surname, whatever type its mentions had; and
    a full name spaCy called something else into a person when its surname alone was a person
    ("Vinod Pande" as an organization, "Pande" as a person)."""
    people: dict[str, list[str]] = {}
    for name, counts in votes.items():
        if looks_like_full_name(name) and (
            _first_mentioned_majority(counts) == "people" or _surname_of_a_person(name, votes)
        ):
            people.setdefault(name.split()[-1], []).append(name)
    for surname, names in people.items():  # "R O'Gara" in a line-up is "Ronan O'Gara": one person
        people[surname] = [
            n for n in names if not (_initialled(n) and any(f != n and _abbreviates(n, f, people=True) for f in names))
        ]
    aliases = {
        name: people[name][0]
        for name, counts in votes.items()
        if len(people.get(name, ())) == 1
        and (
            _first_mentioned_majority(counts) != "people"
            or _first_mentioned_majority(votes[people[name][0]]) != "people"
        )
        and not known_place(name)
    }
    # "England" is not the surname of "Tudor England"; the surname's mentions were the person's, so
    # they vote for a person, and so do the full name's
    fulls = {people[name][0] for name in aliases}
    fulls |= {
        name
        for name, counts in votes.items()
        if looks_like_full_name(name)
        and _first_mentioned_majority(counts) != "people"
        and _surname_of_a_person(name, votes)
    }  # "Camilla Parker Bowles" beside "Parker Bowles"
    votes = {
        name: Counter(people=counts.total()) if name in aliases or name in fulls else counts
        for name, counts in votes.items()
    }
    return _merge_votes(votes, aliases)


def _surname_of_a_person(name: str, votes: dict[str, Counter]) -> bool:
    """Whether a name's last word is named alone, mostly as a person, more often than the name is
    named as something else ("Pande" twice beside "Vinod Pande" once as an organization; not one
    "Boerse" beside "Deutsche Boerse" three times), and the name is no known place."""
    words = name.split()
    surname = words[-1] if words[-1] in votes or len(words) < 3 else " ".join(words[-2:])  # "Parker Bowles"
    if (
        surname not in votes
        or _first_mentioned_majority(votes[surname]) != "people"
        or known_place(name)
        or is_place(name)
    ):
        return False
    if " " in surname:  # a surname of two words named alone as a person is evidence enough
        return votes[surname]["people"] >= votes[name].total()
    return votes[name]["people"] > 0 or votes[surname]["people"] > votes[name].total()


def _spelling_key(name: str) -> str:
    return re.sub(r"[\s\-‐–]+", "", name).lower()


def _spelling_rank(name: str) -> tuple[int, int]:
    return len(name.split()), sum(ch.isupper() for ch in name)


def _first_mentioned_majority(counts: Counter) -> str:
    """The type most of a name's mentions have; a tie goes to the type it was first given (not
    corpus_aliases.majority_type, which breaks a tie by the order of ENTITY_TYPES)."""
    return counts.most_common(1)[0][0]


def _merge_votes(votes: dict[str, Counter], aliases: dict[str, str]) -> dict[str, Counter]:
    merged: dict[str, Counter] = {}
    for name, counts in votes.items():  # in order of first mention
        merged.setdefault(aliases.get(name, name), Counter()).update(counts)
    return merged


def merge_short_forms(names: list[str], *, people: bool) -> dict[str, str]:
    """Map each short form to the full name it abbreviates in the same article."""
    merged: dict[str, str] = {}
    longest_first = sorted(set(names), key=lambda n: (-len(n.split()), names.index(n)))
    for short in names:  # a first name alone never joins a full name: "Charles" (the prince) is not Charles Kennedy
        if not people and known_place(short):
            continue  # a place is never lost into an organization named after it ("Wales Rural Fire Service")
        for full in longest_first:
            if full == short or (len(full.split()) <= len(short.split()) and not (people and _initialled(short))):
                continue
            if _abbreviates(short, full, people=people):
                merged[short] = merged.get(full, full)
                break
    return merged


def lone_first_names(names: list[str]) -> set[str]:
    """People named by a first name alone that begins a full name of the same article ("I said to
    Nigel" beside "Nigel Melville"): not merged into it, since a first name alone is no evidence
    ("Charles" the prince beside Charles Kennedy), and no entity of their own."""
    firsts = {name.split()[0] for name in names if looks_like_full_name(name)}
    return {name for name in names if len(name.split()) == 1 and name in firsts}


def initials(name: str, *, hyphens_apart: bool = False) -> str:
    """The first letters of a name's capitalised words: 'BBC' of 'British Broadcasting Corporation';
    with `hyphens_apart`, 'ADA' of 'Anti-Doping Agency'."""
    words = name.replace("-", " ").split() if hyphens_apart else name.split()
    return "".join(word[0] for word in words if word[:1].isupper())


def acronym_of(short: str, full: str) -> bool:
    """'BBC' of 'British Broadcasting Corporation'. A qualifier before the name is often left out of
    its acronym ('SEC' of 'US Securities Exchange Commission'); three letters at least for that, so
    that two-letter codes stay exact."""
    if not (short.isupper() and len(short) >= 2):
        return False
    letters = initials(full)
    return letters == short or (len(short) >= 3 and letters.endswith(short))


def _initialled(name: str) -> bool:
    """'B O'Driscoll', 'J. Smith': an initial and a surname."""
    words = name.split()
    return len(words) == 2 and len(words[0].rstrip(".")) == 1 and words[0][0].isupper()


def _abbreviates(short: str, full: str, *, people: bool) -> bool:
    short_words, full_words = short.split(), full.split()
    if people:  # "Kadyrov" -> "Ramzan Kadyrov", "B O'Driscoll" -> "Brian O'Driscoll", "Tony" alone is not merged
        if _initialled(short):
            return (
                len(full_words) == 2
                and not _initialled(full)
                and full_words[1] == short_words[1]
                and full_words[0][0] == short_words[0][0]
            )
        if len(short_words) == 1 and len(full_words) == 3 and full_words[1] == short:
            return True  # "Chacin" -> "Juan Chacin Guzman": a Spanish name's first surname
        return full_words[-len(short_words) :] == short_words
    if len(short_words) == 1 and short.isupper() and len(short) >= 2:  # "BBC" -> British Broadcasting Corp
        return acronym_of(short, full)
    return full_words[-len(short_words) :] == short_words or full_words[: len(short_words)] == short_words
