"""The words that attribute a quote (word lists in quote_words.toml), and a speaker's name under the
article's canonical entity names."""

from __future__ import annotations

import tomllib
from pathlib import Path

from ..ingest.articles import Entities
from .names import acronym_of, country, fold, party_name, person_name
from .not_entities import english_word

WORDS = tomllib.loads(Path(__file__).with_name("quote_words.toml").read_text(encoding="utf-8"))
SPEECH_VERBS = set(WORDS["speech_verbs"])
SUBJECT_GAP = set(WORDS["subject_gap"])
PERSON_PRONOUNS = set(WORDS["person_pronouns"])
GROUP_PRONOUNS = set(WORDS["group_pronouns"])
DEFINITE = set(WORDS["definite"])
INDEFINITE = set(WORDS["indefinite"])
ORG_NOUNS = set(WORDS["org_nouns"])
UNNAMED = set(WORDS["unnamed"])
PREPOSITIONS = set(WORDS["prepositions"])
SPOKES = set(WORDS["spokes"])
NOT_BEFORE_A_SUBJECT = set(WORDS["not_before_a_subject"])


class SpeakerNames:
    """An article's people and organizations (and places: 'the US said'), and the canonical name and
    type a written mention of one of them stands for."""

    def __init__(self, entities: Entities):
        self.kinds = {name: kind for kind in ("places", "organizations", "people") for name in getattr(entities, kind)}
        self.people = list(entities.people)
        self.groups = [*entities.organizations, *entities.places]

    def resolve(self, written: str, label: str | None = None) -> tuple[str, str] | None:
        """(name, type) of a mention as written ('Mr Gammell' -> Bill Gammell); a person the article's
        entities left out keeps the name as written; None when it names nobody."""
        name = fold(written)
        if not name or not any(ch.isupper() for ch in name):
            return None
        as_person = person_name(name)
        for candidate in (name, as_person, country(name) or "", party_name(name)):
            if candidate in self.kinds:
                return candidate, self.kinds[candidate]
        words = as_person.split()
        for cut in range(1, len(words) - 1):  # "Striker Nicolas Anelka", "Oxfam adviser Max Lawson"
            if " ".join(words[cut:]) in self.kinds:
                return " ".join(words[cut:]), self.kinds[" ".join(words[cut:])]
        if label != "ORG":
            for person in self.people:  # "Gammell" -> "Bill Gammell", "Larry Mullen" -> "Larry Mullen Jr"
                full = person.split()
                if full[-len(words) :] == words or (len(words) > 1 and full[: len(words)] == words):
                    return person, "people"
        for group in self.groups:  # "FA" -> "Football Association", "Cairn" -> "Cairn Energy"
            if acronym_of(name, group) or group.split()[: len(name.split())] == name.split():
                return group, self.kinds[group]
        for person in self.people:
            if person.split()[-len(words) :] == words:
                return person, "people"
        if len(words) > 2 and words[-1].isupper():  # "Guy Mansfield QC", "Paul Boateng MP"
            return self.resolve(" ".join(words[:-1]), label)
        firsts = [person for person in self.people if len(words) == 1 and person.split()[0] == words[0]]
        if len(firsts) == 1 and label != "ORG":  # "Ozzy" for Ozzy Osbourne, the article's only Ozzy
            return firsts[0], "people"
        if label == "PERSON" or (label is None and (len(words) >= 2 or as_person != name)):
            return as_person, "people"
        if label in ("ORG", "GPE"):
            return name, "organizations" if label == "ORG" else "places"
        if label is None and not english_word(name.lower()):
            return name, "organizations"  # one word the model missed before a speech verb: 'Macrovision said'
        return None
