"""Names decided across the corpus, not article by article: one type per name by the votes of every
article, and one name per entity (an acronym and the long form seen beside it, a party with and
without "Party", a company with and without "plc", a lone surname and the one full name it stands
for). Runs on the entities each article already has (the cache's), so it needs no model.
"""

from __future__ import annotations

import json
import re
from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path

from ..ingest.articles import ENTITY_TYPES, Article, Entities
from ..ingest.folding import name_key
from .gazetteer import is_place
from .legal_forms import is_legal_form
from .names import known_place
from .not_entities import english_word
from .short_forms import body_forms, state_abbreviations

FILE = "names.json"  # kept in each generation's folder
# Words that make no difference to which organization is meant ("Labour" is the "Labour Party").
ORG_SUFFIXES = {
    "party",
    "plc",
    "ltd",
    "limited",
    "inc",
    "incorporated",
    "corp",
    "corporation",
    "co",
    "company",
    "group",
    "ag",
    "sa",
    "nv",
    "llc",
    "holdings",
}
SMALL_WORDS = {"of", "and", "the", "for", "de", "&", "in", "on"}  # skipped by acronyms
MIN_ACRONYM, MAX_ACRONYM = 2, 6
DOMINANT_SHARE = 0.75  # a short form stands for the full name that has this share of their articles
MIN_ARTICLES = 3  # ... and is mentioned in at least this many articles
PUNCTUATION_IN_NAMES = re.compile(r"[.'\u2019-]")  # "George W. Bush", "Bankers' Association", "Asia-Pacific"
EVIDENCE_SHARE = 0.5  # of a common word's articles that must write the long name it is taken for
MIN_UNNAMED = 10  # articles a one-word "person" never named in full needs to be taken for an organization
# A one-word name this long, spelt within this likeness of another of the same first letters, is a
# misspelling of it ("Yuganskneftegaz", "Yuganksneftegas" and "Yuganskneftegas")
MIN_VARIANT_LENGTH, VARIANT_LIKENESS = 10, 0.9
MIN_SHORTENED = 6  # letters of the start of a long one-word organization's name that stand for it ("Yugansk")
SHORTENED_EVIDENCE = 1 / 3  # of its articles that must write the long name too (BBC: 6 of Yugansk's 13)
# "the Reagan administration" is no man called Reagan: such "full names" are no first name's rival
GOVERNMENT_WORDS = {"administration", "administrations", "government", "governments", "era", "cabinet"}
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
        return Entities(**{kind: tuple(names) for kind, names in found.items()})

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
    spellings = _spelling_aliases(votes)
    for alias, name in spellings.items():
        votes[name].update(votes.pop(alias))
    forms = {**_known_forms(votes), **_variant_spellings(votes)}
    shortened = _shortened_names(votes, forms, all_entities)
    forms.update(shortened)
    for alias, name in forms.items():
        if alias in votes:
            votes.setdefault(name, Counter()).update(votes.pop(alias))
    spellings = _resolve_chains({**spellings, **forms})
    majority = {name: _majority(counts) for name, counts in votes.items()}
    articles = {name: counts.total() for name, counts in votes.items()}
    aliases = {**spellings, **_acronym_aliases(majority, articles), **_suffix_aliases(majority, articles)}
    aliases = _resolve_chains(aliases)
    aliases.update(_surname_aliases(votes, majority, articles, aliases))
    last_words = _last_word_aliases(majority, articles, aliases)
    aliases.update(
        {alias: name for alias, name in last_words.items() if alias not in _without_evidence(last_words, all_entities)}
    )
    aliases.update(_possessive_aliases(majority, articles, aliases))
    firms = _firms_named_after_people(majority, articles, aliases)
    aliases.update(firms)
    aliases = _resolve_chains(aliases)
    merged: dict[str, Counter] = defaultdict(Counter)
    for name, counts in votes.items():
        merged[aliases.get(name, name)].update(counts)
    kinds = {name: _majority(counts) for name, counts in merged.items()}
    kinds.update({aliases.get(firm, firm): "organizations" for firm in firms.values()})
    kinds.update({aliases.get(name, name): "organizations" for name in shortened.values()})  # not Yugansk's places
    kinds.update(_unnamed_people(kinds, articles))
    kinds.update(_organizations_by_their_cues(merged, kinds))
    kinds.update({name: "organizations" for name in kinds if name in body_forms()})  # "Spurs" is the club
    for name in _towns_and_clubs(merged):
        del kinds[name]  # each article keeps its own type: the town in one, its club in another
    return NameDecisions(kinds=kinds, aliases=aliases)


def _known_forms(votes: dict[str, Counter]) -> dict[str, str]:
    """The forms news writes for one body ('Fed', 'Federal Reserve Board'; 'Man Utd'; 'Tories'), under
    its full name if the corpus writes it, else the form the corpus uses most, and a US state's abbreviation ('Calif', 'N.Y.') under its name when
    the corpus takes it for a place. A body's other forms become aliases too, so that a filter on
    'Tories' finds the Conservatives though the articles' names already say Conservatives."""
    aliases = {}
    for forms in {forms for name in votes if (forms := body_forms().get(name))}:
        keep = (
            forms[0]
            if forms[0] in votes
            else max((f for f in forms if f in votes), key=lambda f: (votes[f].total(), f))
        )
        aliases.update({form: keep for form in forms if form != keep})
    states = state_abbreviations()
    aliases.update(
        {name: states[name] for name, counts in votes.items() if name in states and _majority(counts) == "places"}
    )
    return aliases


def _variant_spellings(votes: dict[str, Counter]) -> dict[str, str]:
    """Long one-word names spelt nearly alike are one name, under the most used spelling."""
    from difflib import SequenceMatcher

    by_start: dict[str, list[str]] = defaultdict(list)
    for name in votes:
        if " " not in name and len(name) >= MIN_VARIANT_LENGTH and name.isalpha():
            by_start[name[:3].casefold()].append(name)
    aliases = {}
    for names in by_start.values():
        names.sort(key=lambda n: (-votes[n].total(), n))
        for i, name in enumerate(names):
            for keep in names[:i]:
                if keep not in aliases and SequenceMatcher(None, name, keep).ratio() >= VARIANT_LIKENESS:
                    aliases[name] = keep
                    break
    return aliases


def _shortened_names(
    votes: dict[str, Counter], forms: dict[str, str], all_entities: Sequence[Entities]
) -> dict[str, str]:
    """'Yugansk' for 'Yuganskneftegas': a one-word name that opens the one long one-word organization
    of the corpus that starts so, where its articles write that organization too (the evidence)."""
    longs: dict[str, list[str]] = defaultdict(list)
    for name, counts in votes.items():
        if (
            " " not in name
            and len(name) >= MIN_VARIANT_LENGTH
            and name not in forms
            and _majority(counts) == "organizations"
        ):
            longs[name[:MIN_SHORTENED]].append(name)
    found = {
        name: longs[name[:MIN_SHORTENED]][0]
        for name in votes
        if " " not in name
        and MIN_SHORTENED <= len(name) < MIN_VARIANT_LENGTH
        and name not in forms
        and len(longs.get(name[:MIN_SHORTENED], ())) == 1
        and longs[name[:MIN_SHORTENED]][0].startswith(name)
        and not known_place(name)
    }
    unproven = _without_evidence(found, all_entities, spelled=forms, generic_only=False, share=SHORTENED_EVIDENCE)
    return {alias: name for alias, name in found.items() if alias not in unproven}


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


def _spelling_aliases(votes: dict[str, Counter]) -> dict[str, str]:
    """Names written alike but for accents, Unicode forms, letter case, dots, apostrophes and hyphens
    are one name ("Jose Manuel Barroso" and "José Manuel Barroso", "George W. Bush" and "George W
    Bush", "Asia-Pacific" and "Asia Pacific"): the accented spelling if any, else the most used."""
    spelled: dict[str, list[str]] = defaultdict(list)
    for name in votes:
        spelled[_spelling_key(name)].append(name)
    aliases = {}
    for names in spelled.values():
        if len(names) > 1:
            best = max(names, key=lambda n: (not n.isascii(), votes[n].total(), n))
            aliases.update({name: best for name in names if name != best})
    return aliases


def _spelling_key(name: str) -> str:
    return " ".join(PUNCTUATION_IN_NAMES.sub(lambda m: " " if m.group() == "-" else "", name_key(name)).split())


def apply_to(articles: list[Article], decisions: NameDecisions) -> list[Article]:
    return [a.with_entities(decisions.apply(a.entities)) for a in articles]


def _majority(counts: Counter) -> str:
    # a tie goes to the first of ENTITY_TYPES (people, organizations, places)
    return max(ENTITY_TYPES, key=lambda kind: (counts[kind], -ENTITY_TYPES.index(kind)))


def _is_acronym(name: str) -> bool:
    return MIN_ACRONYM <= len(name) <= MAX_ACRONYM and name.isupper() and name.isalpha()


def _initials(name: str) -> str:
    words = name.replace("-", " ").split()
    return "".join(w[0] for w in words if w.lower() not in SMALL_WORDS and w[0].isalpha()).upper()


def _acronym_aliases(majority: dict[str, str], articles: dict[str, int]) -> dict[str, str]:
    """'EU' and 'European Union': an organization's acronym and the organization of the corpus with
    those initials that has most of their articles (each article already merged the two when it used
    both, so the cache no longer shows them side by side); the form more articles use stands for both."""
    by_initials: dict[str, list[str]] = defaultdict(list)
    for name, kind in majority.items():
        if kind == "organizations" and len(name.split()) > 1:
            by_initials[_initials(name)].append(name)
            bare = _org_key(name)  # "GM" of "General Motors Corp"
            if len(bare.split()) > 1 and _initials(bare) != _initials(name):
                by_initials[_initials(bare)].append(name)
    aliases = {}
    for short, kind in majority.items():
        candidates = by_initials.get(short, [])
        if kind != "organizations" or not _is_acronym(short) or not candidates:
            continue
        full = _dominant(candidates, articles)
        if full is None:
            continue
        keep, other = (short, full) if articles[short] >= articles[full] else (full, short)
        aliases[other] = keep
    return aliases


def _org_key(name: str) -> str:
    words = list(re.sub(r"[.,]", "", name).lower().split())
    if words and words[0] == "the":
        words = words[1:]
    while len(words) > 1 and (words[-1] in ORG_SUFFIXES or words[-1] in ("and", "&")):
        words = words[:-1]  # "Merrill Lynch and Co Inc" is "Merrill Lynch"
    return " ".join(words)


def _suffix_aliases(majority: dict[str, str], articles: dict[str, int]) -> dict[str, str]:
    """'Labour' and 'Labour Party', 'Conservatives' and 'Conservative Party', 'BP' and 'BP plc'."""
    groups: dict[str, list[str]] = defaultdict(list)
    for name, kind in majority.items():
        if kind == "organizations":
            groups[_org_key(name)].append(name)
    for key in list(groups):  # "conservatives" joins "conservative" when that group exists
        if key.endswith("s") and key[:-1] in groups:
            groups[key[:-1]].extend(groups.pop(key))
    aliases = {}
    for names in groups.values():
        if len(names) > 1:
            keep = max(names, key=lambda n: (articles[n], len(n)))
            aliases.update({n: keep for n in names if n != keep})
    return aliases


def _surname_aliases(
    votes: dict[str, Counter], majority: dict[str, str], articles: dict[str, int], aliases: dict[str, str]
) -> dict[str, str]:
    """'Bush' for 'George W Bush' when he has most of the articles of people called Bush; never a name
    that is mostly a place ('Madrid' is not 'Atletico Madrid')."""
    by_surname: dict[str, list[str]] = defaultdict(list)
    first_names = set()
    for name, kind in majority.items():
        words = name.split()
        if len(words) >= 2 and kind == "people" and name not in aliases:
            by_surname[words[-1]].append(name)
            if not any(word.lower() in GOVERNMENT_WORDS for word in words[1:]):
                first_names.add(words[0])  # not "Reagan Administrations", a body the model took for a man
    found = {}
    for name, counts in votes.items():
        if name not in by_surname or name in aliases or counts["places"] * 2 >= counts.total() or known_place(name):
            continue
        if name in first_names:  # "Charles" is Ray Charles's surname and Charles Kennedy's first name: nobody's
            continue
        top = _dominant(
            by_surname[name], {full: articles[full] - 0.5 * (articles[full] == 1) for full in by_surname[name]}
        )
        if top is not None:  # a rival named in one article counts half ("Nancy Reagan" beside Ronald)
            found[name] = top
    return found


def _last_word_aliases(majority: dict[str, str], articles: dict[str, int], aliases: dict[str, str]) -> dict[str, str]:
    """'Commons' for 'House of Commons': a one-word organization and the organization ending in that
    word that has most of the articles of such organizations."""
    by_last: dict[str, list[str]] = defaultdict(list)
    for name, kind in majority.items():
        if kind == "organizations" and len(name.split()) >= 2 and name not in aliases:
            by_last[name.split()[-1]].append(name)
    found = {}
    for name, kind in majority.items():
        if kind == "organizations" and name in by_last and name not in aliases and not known_place(name):
            full = _dominant(by_last[name], articles)
            if full is not None:
                found[name] = full
    return found


def _without_evidence(
    aliases: dict[str, str],
    all_entities: Sequence[Entities],
    spelled: dict[str, str] | None = None,
    generic_only: bool = True,
    share: float = EVIDENCE_SHARE,
) -> dict[str, str]:
    """The aliases of a common English word ('Congress', 'Parliament', 'Commission') that the articles
    do not bear out: the longer name must be written beside the word in at least EVIDENCE_SHARE of the
    articles naming the word. On Reuters, "Congress" (the US Congress, 40 articles) had become
    "American Pork Congress" by share of names alone. Without `generic_only`, every alias is checked;
    `spelled` maps the names as articles write them to the name they were merged into."""
    spelled = spelled or {}
    checked = {
        alias: name
        for alias, name in aliases.items()
        if not generic_only or (len(alias.split()) == 1 and english_word(alias.lower()))
    }
    if not checked:
        return {}
    alone, beside = Counter(), Counter()
    for entities in all_entities:
        names = {spelled.get(name, name) for kind in ENTITY_TYPES for name in getattr(entities, kind)}
        for alias in names & checked.keys():
            alone[alias] += 1
            beside[alias] += checked[alias] in names
    return {alias: name for alias, name in checked.items() if beside[alias] < share * alone[alias]}


def _possessive_aliases(majority: dict[str, str], articles: dict[str, int], aliases: dict[str, str]) -> dict[str, str]:
    """'Moody' for "Moody's Investors Service Inc": a one-word organization, whose "'s" the names lost
    as a possessive, and the organization opening with it and "'s" that has most of such articles."""
    by_first: dict[str, list[str]] = defaultdict(list)
    for name, kind in majority.items():
        first = name.split()[0]
        possessive = first.endswith(("'s", "’s"))
        if kind == "organizations" and len(name.split()) >= 2 and possessive and name not in aliases:
            by_first[first[:-2]].append(name)
    found = {}
    for name, kind in majority.items():
        if kind == "organizations" and name in by_first and name not in aliases:
            full = _dominant(by_first[name], articles)
            if full is not None:
                found[name] = full
    return found


def _firms_named_after_people(
    majority: dict[str, str], articles: dict[str, int], aliases: dict[str, str]
) -> dict[str, str]:
    """'J.P. Morgan' for 'J.P. Morgan and Co Inc', 'Samuel Montagu' for 'Samuel Montagu and Co Ltd': a
    full name mostly typed a person, and the company of the corpus that is that name and legal forms
    (in MIN_ARTICLES articles or more): the firm, not the man, is what news names so."""
    firms: dict[str, list[str]] = defaultdict(list)
    for name, kind in majority.items():
        words = name.split()
        while len(words) > 2 and (is_legal_form(words[-1]) or words[-1] in ("and", "&")):
            words = words[:-1]
        stem = " ".join(words)
        if kind == "organizations" and stem != name and articles[name] >= MIN_ARTICLES:
            firms[stem].append(name)
    found = {}
    for name, kind in majority.items():
        if kind == "people" and len(name.split()) >= 2 and name in firms and name not in aliases:
            found[name] = max(firms[name], key=lambda firm: (articles[firm], firm))
    return found


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


def _dominant(names: list[str], articles: dict[str, float]) -> str | None:
    """The name with most of the articles of these names, if one has DOMINANT_SHARE of them."""
    top = max(names, key=lambda n: (articles[n], n))
    if articles[top] >= MIN_ARTICLES and articles[top] >= DOMINANT_SHARE * sum(map(articles.get, names)):
        return top
    return None


def _resolve_chains(aliases: dict[str, str]) -> dict[str, str]:
    resolved = {}
    for alias in aliases:
        name, seen = aliases[alias], {alias}
        while name in aliases and name not in seen:
            seen.add(name)
            name = aliases[name]
        if name != alias:
            resolved[alias] = name
    return resolved
