"""One name however the corpus spells it: the forms news writes for one body, misspellings of a long
one-word name and its shortened start, punctuation and spacing."""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from collections.abc import Sequence

from ..ingest.articles import Entities
from ..ingest.folding import name_key
from .corpus_aliases import majority_type, without_evidence
from .names import known_place
from .short_forms import body_forms, state_abbreviations

# A one-word name this long, spelt within this likeness of another of the same first letters, is a
# misspelling of it ("Yuganskneftegaz", "Yuganksneftegas" and "Yuganskneftegas")
MIN_VARIANT_LENGTH, VARIANT_LIKENESS = 10, 0.9
MIN_SHORTENED = 6  # letters of the start of a long one-word organization's name that stand for it ("Yugansk")
SHORTENED_EVIDENCE = 1 / 3  # of its articles that must write the long name too (BBC: 6 of Yugansk's 13)
PUNCTUATION_IN_NAMES = re.compile(r"[.'\u2019-]")  # "George W. Bush", "Bankers' Association", "Asia-Pacific"


def known_forms(votes: dict[str, Counter]) -> dict[str, str]:
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
        {name: states[name] for name, counts in votes.items() if name in states and majority_type(counts) == "places"}
    )
    return aliases


def variant_spellings(votes: dict[str, Counter]) -> dict[str, str]:
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


def shortened_names(
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
            and majority_type(counts) == "organizations"
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
    unproven = without_evidence(found, all_entities, spelled=forms, generic_only=False, share=SHORTENED_EVIDENCE)
    return {alias: name for alias, name in found.items() if alias not in unproven}


def spelling_aliases(votes: dict[str, Counter]) -> dict[str, str]:
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
