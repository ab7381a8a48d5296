"""Names decided across the corpus, not article by article: one type per name by the votes of every
article, and one name per entity (an acronym and the long form seen beside it, a party with and
without "Party", a company with and without "plc", a lone surname and the one full name it stands
for). Runs on the entities each article already has (the cache's), so it needs no model.
"""

from __future__ import annotations

import json
from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path

from ..ingest.articles import ENTITY_TYPES, Article, Entities
from .corpus_aliases import (
    acronym_aliases,
    firms_named_after_people,
    last_word_aliases,
    majority_type,
    possessive_aliases,
    resolve_chains,
    suffix_aliases,
    surname_aliases,
    without_evidence,
)
from .corpus_spellings import known_forms, shortened_names, spelling_aliases, variant_spellings
from .gazetteer import is_place
from .names import known_place
from .short_forms import body_forms

FILE = "names.json"  # kept in each generation's folder
MIN_UNNAMED = 10  # articles a one-word "person" never named in full needs to be taken for an organization
ORGANIZATION_SHARE = 0.25  # of a one-word name's articles that make it an organization when they say so
MIN_SPLIT = 3  # articles of each type that keep a town's name and its club apart ("Newcastle")


@dataclass
class NameDecisions:
    """What the corpus decided: the type of each name, and the name each alias stands for."""

    kinds: dict[str, str] = field(default_factory=dict)
    aliases: dict[str, str] = field(default_factory=dict)
    hidden: frozenset[tuple[str, str]] = frozenset()  # (type, name) an editor hid (corrections.py)

    def canonical(self, name: str) -> str:
        return self.aliases.get(name, name)

    def apply(self, entities: Entities) -> Entities:
        """An article's entities under the corpus's names and types."""
        found: dict[str, list[str]] = {kind: [] for kind in ENTITY_TYPES}
        for kind in ENTITY_TYPES:
            for name in getattr(entities, kind):
                name = self.canonical(name)
                decided = self.kinds.get(name, kind)
                if name not in found[decided] and (decided, name) not in self.hidden:
                    found[decided].append(name)
        return Entities(
            people=tuple(found["people"]),
            organizations=tuple(found["organizations"]),
            places=tuple(found["places"]),
        )

    def also_known_as(self) -> dict[str, list[str]]:
        """Each canonical name's aliases, indexed beside it so that `org:eu` finds the European Union."""
        return self._also_known_as

    @cached_property
    def _also_known_as(self) -> dict[str, list[str]]:  # asked for each article indexed
        found: dict[str, list[str]] = defaultdict(list)
        for alias, name in self.aliases.items():
            found[name].append(alias)
        return dict(found)

    def raw_names(self, entities: Entities) -> tuple[str, ...]:
        """Every name an article's entities and quotes give before any decision: what a correction
        looks for (a speaker the entity rules left out is one too)."""
        speakers = (quote.speaker for quote in entities.quotes if quote.speaker)
        return tuple(dict.fromkeys([*(name for kind in ENTITY_TYPES for name in getattr(entities, kind)), *speakers]))

    def resolve(self, value: str) -> str | None:
        """The canonical name a user's filter value stands for, in any letter case; None if unknown."""
        return self._folded_aliases.get(value.casefold())

    @cached_property
    def _folded_aliases(self) -> dict[str, str]:
        return {alias.casefold(): name for alias, name in self.aliases.items()}

    def save(self, folder: Path) -> None:
        (folder / FILE).write_text(
            json.dumps({"kinds": self.kinds, "aliases": self.aliases}, ensure_ascii=False, sort_keys=True)
        )

    @classmethod
    def load(cls, folder: Path) -> NameDecisions:
        try:
            data = json.loads((folder / FILE).read_text())
        except FileNotFoundError:  # a generation built before the corpus pass
            return cls()
        return cls(kinds=data["kinds"], aliases=data["aliases"])


def decide(all_entities: Iterable[Entities]) -> NameDecisions:
    """Decide names and types from every article's entities."""
    all_entities = list(all_entities)  # read twice: votes, then the evidence for common words' aliases
    votes: dict[str, Counter] = defaultdict(Counter)  # name -> type -> articles
    for entities in all_entities:
        for kind in ENTITY_TYPES:
            for name in getattr(entities, kind):
                votes[name][kind] += 1
    spellings = spelling_aliases(votes)
    for alias, name in spellings.items():
        votes[name].update(votes.pop(alias))
    forms = {**known_forms(votes), **variant_spellings(votes)}
    shortened = shortened_names(votes, forms, all_entities)
    forms.update(shortened)
    for alias, name in forms.items():
        if alias in votes:
            votes.setdefault(name, Counter()).update(votes.pop(alias))
    spellings = resolve_chains({**spellings, **forms})
    majority = {name: majority_type(counts) for name, counts in votes.items()}
    articles = {name: counts.total() for name, counts in votes.items()}
    aliases = {**spellings, **acronym_aliases(majority, articles), **suffix_aliases(majority, articles)}
    aliases = resolve_chains(aliases)
    aliases.update(surname_aliases(votes, majority, articles, aliases))
    last_words = last_word_aliases(majority, articles, aliases)
    aliases.update(
        {alias: name for alias, name in last_words.items() if alias not in without_evidence(last_words, all_entities)}
    )
    aliases.update(possessive_aliases(majority, articles, aliases))
    firms = firms_named_after_people(majority, articles, aliases)
    aliases.update(firms)
    aliases = resolve_chains(aliases)
    merged: dict[str, Counter] = defaultdict(Counter)
    for name, counts in votes.items():
        merged[aliases.get(name, name)].update(counts)
    kinds = {name: majority_type(counts) for name, counts in merged.items()}
    kinds.update({aliases.get(firm, firm): "organizations" for firm in firms.values()})
    kinds.update({aliases.get(name, name): "organizations" for name in shortened.values()})  # not Yugansk's places
    kinds.update(_unnamed_people(kinds, articles))
    kinds.update(_organizations_by_their_cues(merged, kinds))
    kinds.update({name: "organizations" for name in kinds if name in body_forms()})  # "Spurs" is the club
    for name in _towns_and_clubs(merged):
        del kinds[name]  # each article keeps its own type: the town in one, its club in another
    return NameDecisions(kinds=kinds, aliases=aliases)


def _organizations_by_their_cues(votes: dict[str, Counter], kinds: dict[str, str]) -> dict[str, str]:
    """A one-word name that MIN_SPLIT articles or more, and at least ORGANIZATION_SHARE of its articles,
    call an organization is one, when it is no gazetteer place and no surname of a person named in
    full (Gazprom, Ericsson, Napster: only the articles that write 'Gazprom shares' or 'supplier
    Ericsson' can tell; the rest follow the model's place or person)."""
    surnames = {name.split()[-1] for name, kind in kinds.items() if kind == "people" and " " in name}
    return {
        name: "organizations"
        for name, counts in votes.items()
        if " " not in name
        and kinds.get(name) != "organizations"
        and counts["organizations"] >= MIN_SPLIT
        and counts["organizations"] >= ORGANIZATION_SHARE * counts.total()
        and name not in surnames
        and not is_place(name)
    }


def _towns_and_clubs(votes: dict[str, Counter]) -> list[str]:
    """Towns the articles name as places and as organizations (their clubs: 'Newcastle', 'Liverpool'),
    each often enough: no one type fits every article."""
    return [
        name
        for name, counts in votes.items()
        if counts["places"] >= MIN_SPLIT and counts["organizations"] >= MIN_SPLIT and is_place(name)
    ]


def apply_to(articles: list[Article], decisions: NameDecisions) -> list[Article]:
    return [a.with_entities(decisions.apply(a.entities)) for a in articles]


def _unnamed_people(kinds: dict[str, str], articles: dict[str, int]) -> dict[str, str]:
    """A one-word 'person' that no article names in full, in at least MIN_UNNAMED articles, is an
    organization the model took for a person (Yukos, Everton): news names a person in full at least
    once. A surname that full names end in stays a person."""
    surnames = {name.split()[-1] for name, kind in kinds.items() if kind == "people" and len(name.split()) >= 2}
    return {
        name: "organizations"
        for name, kind in kinds.items()
        if kind == "people"
        and len(name.split()) == 1
        and name not in surnames
        and articles.get(name, 0) >= MIN_UNNAMED
        and not known_place(name)
    }
