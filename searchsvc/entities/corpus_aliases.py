"""Short forms across the corpus and the full names they stand for: acronyms, legal suffixes, lone
surnames, last words, possessives, firms named after people."""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from collections.abc import Mapping, Sequence

from ..ingest.articles import ENTITY_TYPES, Entities
from .legal_forms import is_legal_form
from .names import known_place
from .not_entities import english_word

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
EVIDENCE_SHARE = 0.5  # of a common word's articles that must write the long name it is taken for
# "the Reagan administration" is no man called Reagan: such "full names" are no first name's rival
GOVERNMENT_WORDS = {"administration", "administrations", "government", "governments", "era", "cabinet"}


def _is_acronym(name: str) -> bool:
    return MIN_ACRONYM <= len(name) <= MAX_ACRONYM and name.isupper() and name.isalpha()


def _initials(name: str) -> str:
    words = name.replace("-", " ").split()
    return "".join(w[0] for w in words if w.lower() not in SMALL_WORDS and w[0].isalpha()).upper()


def acronym_aliases(majority: dict[str, str], articles: dict[str, int]) -> dict[str, str]:
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


def suffix_aliases(majority: dict[str, str], articles: dict[str, int]) -> dict[str, str]:
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


def surname_aliases(
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


def last_word_aliases(majority: dict[str, str], articles: dict[str, int], aliases: dict[str, str]) -> dict[str, str]:
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


def without_evidence(
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
    alone: Counter[str] = Counter()
    beside: Counter[str] = Counter()
    for entities in all_entities:
        names = {spelled.get(name, name) for kind in ENTITY_TYPES for name in getattr(entities, kind)}
        for alias in names & checked.keys():
            alone[alias] += 1
            beside[alias] += checked[alias] in names
    return {alias: name for alias, name in checked.items() if beside[alias] < share * alone[alias]}


def possessive_aliases(majority: dict[str, str], articles: dict[str, int], aliases: dict[str, str]) -> dict[str, str]:
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


def firms_named_after_people(
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


def _dominant(names: list[str], articles: Mapping[str, float]) -> str | None:
    """The name with most of the articles of these names, if one has DOMINANT_SHARE of them."""
    top = max(names, key=lambda n: (articles[n], n))
    if articles[top] >= MIN_ARTICLES and articles[top] >= DOMINANT_SHARE * sum(articles[name] for name in names):
        return top
    return None


def resolve_chains(aliases: dict[str, str]) -> dict[str, str]:
    resolved = {}
    for alias in aliases:
        name, seen = aliases[alias], {alias}
        while name in aliases and name not in seen:
            seen.add(name)
            name = aliases[name]
        if name != alias:
            resolved[alias] = name
    return resolved


def majority_type(counts: Counter) -> str:
    # a tie goes to the first of ENTITY_TYPES (people, organizations, places)
    return max(ENTITY_TYPES, key=lambda kind: (counts[kind], -ENTITY_TYPES.index(kind)))
