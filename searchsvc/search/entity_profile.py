"""One entity at a glance: how many articles mention it and when, who and what it appears with,
and its top and newest articles. Built from searches filtered on the entity, so it follows the
same names, aliases and filters as the search itself."""

from __future__ import annotations

from dataclasses import replace
from typing import TYPE_CHECKING, Any

from ..entities.names import COUNTRY_SHORT_NAMES
from ..index.schema import NAME_FIELDS
from .filter_names import canonical_name
from .quotes import QuoteRequest
from .ranked import SearchRequest

if TYPE_CHECKING:
    from .session import ReadSession

COOCCURRING = 10  # names of each type shown beside the entity
TOP = 10  # articles in each list
QUOTED = 5  # its newest quotes shown


def profile(session: ReadSession, kind: str, name: str, budget: float = 0.0) -> dict | None:
    """The entity's profile, or None when no article mentions it. Its counts are those of the
    search filtered on it (near-duplicates collapsed as there), which the page links to."""
    canonical = canonical_name(session.searcher, kind, name, session.names)
    filters: dict[str, Any] = {kind: (canonical,)}
    by_entity = SearchRequest(**filters, per_page=TOP, facet_size=COOCCURRING + 1)
    newest = session.search(replace(by_entity, sort="newest"), budget)
    if not newest.total:
        return None
    # the top articles are those where the name's words weigh most (BM25 over the text)
    top = session.search(replace(by_entity, q=_words_query(canonical), facet_size=0), budget)
    aliases = [
        *session.names.also_known_as().get(canonical, ()),
        *(COUNTRY_SHORT_NAMES.get(canonical, ()) if kind == "places" else ()),
    ]
    return {
        "type": kind,
        "name": canonical,
        "aliases": sorted(set(aliases)),
        "articles": newest.total,
        "months": newest.facets.get("published", []),
        "cooccurring": {
            other: [e for e in newest.facets[other] if e["value"] != canonical][:COOCCURRING] for other in NAME_FIELDS
        },
        "top": top if top.total else newest,
        "newest": newest,
        "quotes": session.quotes(QuoteRequest(speakers=(canonical,), per_page=QUOTED, facet_size=0)),
    }


def _words_query(name: str) -> str:
    return " ".join(word for word in name.replace('"', " ").split() if word.upper() not in ("AND", "OR", "NOT"))
