"""What news writes for a well-known body, club or US state beside its name. Hand-written general
knowledge and the `us` package's AP abbreviations, never read off a corpus: the corpus pass merges
the forms a corpus holds into one name, and a filter finds the entity by any of them."""

from __future__ import annotations

from functools import cache

# Each tuple is one entity as news writes it; of the forms a corpus holds, the most used is kept.
BODIES = (
    (
        "Federal Reserve",
        "Fed",
        "Federal Reserve Board",
        "Federal Reserve System",
        "US Federal Reserve",
        "U.S. Federal Reserve",
        "US Federal Reserve Board",
        "U.S. Federal Reserve Board",
    ),
    (
        "US Department of Agriculture",
        "U.S. Department of Agriculture",
        "USDA",
        "US Agriculture Department",
        "U.S. Agriculture Department",
        "United States Department of Agriculture",
    ),
    ("BBC", "British Broadcasting Corporation", "British Broadcasting Corp"),
    ("Manchester United", "Man Utd", "Man United"),
    ("Manchester City", "Man City"),
    ("Tottenham Hotspur", "Spurs"),
    ("Conservatives", "Conservative Party", "Tories", "Tory Party", "Tory"),
    ("Liberal Democrats", "Lib Dems", "Lib Dem", "Liberal Democrat Party"),
)
# Older wire abbreviations of US states beside AP's ("Tex" for Texas); "La" is left out, since
# "LA" is Los Angeles once letter case is folded.
MORE_STATE_ABBREVIATIONS = {"Tex": "Texas", "Wisc": "Wisconsin", "Calif": "California"}


@cache
def body_forms() -> dict[str, tuple[str, ...]]:
    """Each form of a body, club or party, mapped to all the forms of that entity."""
    return {form: forms for forms in BODIES for form in forms}


@cache
def state_abbreviations() -> dict[str, str]:
    """AP's abbreviation of each US state, with and without its last dot ('Calif.', 'N.Y.'): its name."""
    import us

    found = dict(MORE_STATE_ABBREVIATIONS)
    for state in us.states.STATES:
        if state.ap_abbr and state.ap_abbr != state.name and state.ap_abbr.rstrip(".").casefold() != "la":
            found[state.ap_abbr] = found[state.ap_abbr.rstrip(".")] = state.name
    return found
