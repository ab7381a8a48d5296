"""Canonical entity names: folded forms, countries by one name, short forms merged into full ones."""
from __future__ import annotations

import re
from functools import lru_cache

import pycountry

# News usage where pycountry's names are formal ("Russian Federation") or carry commas.
COUNTRY_NAMES = {
    "RU": "Russia", "KR": "South Korea", "KP": "North Korea", "LA": "Laos", "VA": "Vatican City",
    "CD": "Democratic Republic of the Congo", "CG": "Republic of the Congo", "CZ": "Czech Republic",
    "MK": "North Macedonia", "FM": "Micronesia", "PS": "Palestine", "SY": "Syria", "TW": "Taiwan",
}
# Names for countries that pycountry's lookup does not know.
COUNTRY_ALIASES = {
    "uk": "GB", "britain": "GB", "great britain": "GB", "america": "US", "russia": "RU",
    "holland": "NL", "burma": "MM", "ivory coast": "CI", "the states": "US",
}
TITLES = re.compile(
    r"^(mr|mrs|ms|miss|dr|prof|professor|sir|dame|lord|lady|president|senator|sen|rep|gov|"
    r"governor|general|gen|chancellor|judge|justice|rev|father|pope|king|queen|prince|princess)\.?\s+",
    re.I,
)
QUOTES = "\"'“”‘’`«»()[]{}"


def fold(name: str) -> str:
    """Fold whitespace, drop a leading 'the', a possessive and stray punctuation."""
    name = " ".join(name.replace("\u00a0", " ").split())
    name = re.sub(r"^(the)\s+", "", name, flags=re.I)
    name = re.sub(r"(['’]s|s['’])$", lambda m: "s" if m.group(0).startswith("s") else "", name)
    name = name.strip(QUOTES + " ,;:-–—")
    if name.endswith(".") and not re.search(r"\b[A-Z]\.$", name):  # keep the dot of "D.C."
        name = name[:-1]
    return name.replace(",", "")


def person_name(name: str) -> str:
    """Drop honorifics such as 'Mr' or 'President' from a person's name."""
    while True:
        stripped = TITLES.sub("", name)
        if stripped == name or not stripped:
            return name
        name = stripped


@lru_cache(maxsize=4096)
def country(name: str) -> str | None:
    """Return the common English name of a country named in any usual way, or None."""
    key = name.replace(".", "").strip()
    code = COUNTRY_ALIASES.get(key.lower())
    try:
        if code:
            found = pycountry.countries.get(alpha_2=code)
        elif len(key) <= 3 and not key.isupper():
            return None  # "Us", "Ira": only all-capital codes are codes
        else:
            found = pycountry.countries.lookup(key)
    except LookupError:
        return None
    if found is None:
        return None
    return COUNTRY_NAMES.get(found.alpha_2) or getattr(found, "common_name", None) or found.name.split(",")[0]


def merge_short_forms(names: list[str], *, people: bool) -> dict[str, str]:
    """Map each short form to the full name it abbreviates in the same article."""
    merged: dict[str, str] = {}
    longest_first = sorted(set(names), key=lambda n: (-len(n.split()), names.index(n)))
    for short in names:
        for full in longest_first:
            if full == short or len(full.split()) <= len(short.split()):
                continue
            if _abbreviates(short, full, people=people):
                merged[short] = merged.get(full, full)
                break
    return merged


def _abbreviates(short: str, full: str, *, people: bool) -> bool:
    short_words, full_words = short.split(), full.split()
    if people:  # "Kadyrov" -> "Ramzan Kadyrov", "Tony" alone is not merged
        return full_words[-len(short_words):] == short_words
    if len(short_words) == 1 and short.isupper() and len(short) >= 2:  # "BBC" -> British Broadcasting Corp
        initials = "".join(w[0] for w in full_words if w[0].isupper())
        return initials == short
    return full_words[-len(short_words):] == short_words or full_words[:len(short_words)] == short_words
