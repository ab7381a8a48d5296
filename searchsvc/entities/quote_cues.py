"""The words that attribute a quote, and a speaker's name under the article's canonical entity names."""
from __future__ import annotations

from ..ingest.articles import Entities
from .names import acronym_of, country, fold, party_name, person_name
from .not_entities import english_word

# Verbs that report speech or writing: a quote's attribution ("...," he said; X told the BBC: "...").
SPEECH_VERBS = {
    "said", "says", "say", "saying", "told", "tells", "tell", "telling", "added", "adds", "adding",
    "explained", "explains", "insisted", "insists", "warned", "warns", "warning", "argued", "argues",
    "claimed", "claims", "claiming", "stated", "states", "declared", "declares", "asked", "asks", "replied",
    "replies", "wrote", "writes", "commented", "comments", "continued", "continues", "admitted", "admits",
    "noted", "notes", "stressed", "stresses", "urged", "urges", "suggested", "suggests", "maintained",
    "acknowledged", "announced", "announces", "conceded", "concedes", "described", "describes",
    "describing", "called", "calls", "calling", "branded", "brands", "labelled", "labeled", "recalled",
    "recalls", "joked", "jokes", "agreed", "concluded", "confirmed", "confirms", "revealed", "reveals",
    "promised", "promises", "vowed", "vows", "denied", "denies", "complained", "complains", "cautioned",
    "observed", "responded", "accused", "accuses", "accusing", "predicted", "predicts", "echoed",
    "remarked", "boasted", "pledged", "protested", "countered", "emphasised", "emphasized", "believes",
    "believed", "thinks", "feels", "felt", "hopes", "announcing", "quipped", "shouted", "insisting",
    "reported", "reports", "reckons", "reckoned", "predicting", "explaining", "blamed", "praises",
    "argue", "insist", "warn", "claim", "admit", "explain", "believe", "think", "recall", "agree",
    "urging", "stating", "arguing", "admitting", "noting", "asking", "replying", "writing",
    "acknowledges", "describe", "reveal", "confirm", "deny", "denying",
    "charged", "charges", "contended", "asserted", "asserts", "lashed", "retorted", "conceding",
    "criticised", "criticized", "attacked", "dismissed", "praised", "welcomed", "demanded",
}
# Between a subject and its verb: "Bono recently said", "he has already accused".
SUBJECT_GAP = {"also", "recently", "later", "has", "have", "had", "already", "then", "once", "previously",
               "further", "again", "earlier", "always", "often", "repeatedly", "publicly",
               "would", "will", "was", "is", "famously", "subsequently", "simply", "just", "firmly",
               "reportedly", "allegedly", "last", "year", "week", "month", "privately", "now"}
PERSON_PRONOUNS = {"he", "she"}
GROUP_PRONOUNS = {"it", "they", "we"}
DEFINITE = {"the", "this", "that"}
INDEFINITE = {"a", "an", "one", "another", "some", "many", "several", "other", "two", "three", "most"}
# Nouns that stand for an organization after "the" ("the company said"); any other role noun after
# "the" stands for a person ("the minister", "the 29-year-old", "the American").
ORG_NOUNS = {"company", "firm", "group", "bank", "carrier", "airline", "maker", "retailer", "giant",
             "agency", "union", "party", "club", "government", "ministry", "department", "committee",
             "commission", "council", "board", "insurer", "broadcaster", "corporation", "organisation",
             "organization", "body", "regulator", "watchdog", "association", "league", "federation",
             "team", "side", "network", "charity", "institute", "newspaper", "paper", "magazine",
             "station", "channel", "studio", "label", "business", "operator", "manufacturer", "exchange",
             "court", "executive", "administration", "authority", "office", "society", "foundation",
             "report", "statement", "study", "survey", "website", "site", "store", "chain", "supermarket",
             "lender", "embassy", "police", "army", "service", "industry", "fund", "bureau"}
# Words of an unnamed source: its words have no named speaker ("officials said", "sources say").
UNNAMED = {"spokesman", "spokeswoman", "spokesperson", "spokesmen", "official", "officials", "source",
           "sources", "analyst", "analysts", "expert", "experts", "insider", "insiders", "witness",
           "witnesses", "observers", "critics", "fans", "residents", "people", "someone", "traders",
           "dealers", "economists", "bankers", "scouts", "aides", "diplomats", "others", "many", "some",
           "statement", "friend", "friends", "relative", "relatives", "neighbour", "neighbours", "broker",
           "brokers", "executives", "members", "staff", "workers", "campaigners", "insurers", "mps",
           "ministers", "police", "officers", "investigators", "researchers", "scientists", "doctors",
           "lawyers", "players", "supporters", "protesters", "activists", "unions", "politicians"}
PREPOSITIONS = {"of", "for", "at", "from", "to", "by", "with", "against", "on", "in", "into", "about", "over"}
SPOKES = {"spokesman", "spokeswoman", "spokesperson", "spokesmen", "spokeswomen"}


class SpeakerNames:
    """An article's people and organizations (and places: 'the US said'), and the canonical name and
    type a written mention of one of them stands for."""

    def __init__(self, entities: Entities):
        self.kinds = {name: kind for kind in ("places", "organizations", "people")
                      for name in getattr(entities, kind)}
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
                if full[-len(words):] == words or (len(words) > 1 and full[:len(words)] == words):
                    return person, "people"
        for group in self.groups:  # "FA" -> "Football Association", "Cairn" -> "Cairn Energy"
            if acronym_of(name, group) or group.split()[:len(name.split())] == name.split():
                return group, self.kinds[group]
        for person in self.people:
            if person.split()[-len(words):] == words:
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
