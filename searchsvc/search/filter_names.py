"""Name filters as the index names them: a value given in any letter case, by a country's short
name, with a title, or by an alias the corpus decided, resolved to the indexed name; and the values
that name nothing, with the names they are closest to."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from ..entities.corpus_names import NameDecisions
from ..entities.names import SHORT_NAME_OF, person_name
from ..index.schema import NAME_FIELDS
from . import facets
from .budget import Deadline
from .suggest import close_names

if TYPE_CHECKING:
    from .ranked import SearchRequest


@dataclass(frozen=True)
class UnknownName:
    """A name filter value that names nothing in the index, and what it may have meant."""

    param: str  # person, org or place
    value: str
    did_you_mean: list[str]


def canonical_name(searcher, kind: str, value: str, names: NameDecisions) -> str:
    """The indexed name a filter value stands for: any letter case, a country by its short name
    (UK, US), a person with a title the index drops (Mr Blair), an entity by an alias the corpus
    decided (EU, Blair); else the value itself."""
    indexed = facets.by_folded_name(searcher, "category" if kind == "categories" else kind)
    value = " ".join(value.split())  # " Tony  Blair " is Tony Blair
    if kind == "people" and value.casefold() not in indexed:
        value = person_name(value)  # "Mr Blair", "Det Supt Ian Cropper": named as the indexer names them
    if kind != "categories" and value.casefold() not in indexed and value[:4].casefold() == "the ":
        value = value[4:].lstrip()  # "The Times": the indexer drops a leading "the" from every name
    return _country(kind, value) or indexed.get(value.casefold()) or _alias(kind, value, names) or value


def unknown_names(
    searcher, request: SearchRequest, names: NameDecisions, deadline: Deadline | None = None
) -> list[UnknownName]:
    """Each person, org or place filter value that no indexed name, alias or country's short name
    matches ("place=Britian"), with the indexed names it is closest to ("United Kingdom"); those
    found before the deadline, if one is given."""
    deadline = deadline or Deadline()
    found: list[UnknownName] = []
    for kind, param in NAME_FIELDS.items():
        values = dict.fromkeys(getattr(request, kind))  # a value given twice is named once
        if not values:
            continue  # no filter of this type: nothing to read (a search without filters costs nothing here)
        indexed = facets.by_folded_name(searcher, kind)
        for value in values:
            if deadline.passed():
                return found  # the search says it timed out; the names it could not check are not listed
            resolved = canonical_name(searcher, kind, value, names)
            if resolved.casefold() in indexed:
                continue  # a name, an alias or a short name of an indexed name of this type
            found.append(UnknownName(param, value, close_names(value, _known_names(kind, indexed, names))))
    return found


def _known_names(kind: str, indexed: dict[str, str], names: NameDecisions) -> dict[str, str]:
    """Every case-folded form a user could mean, mapped to the indexed name: the names, the corpus's
    aliases of names of this type, and (for places) countries' short names, where indexed."""
    known = dict(indexed)
    for alias, name in names.aliases.items():
        if name.casefold() in indexed:
            known.setdefault(alias.casefold(), indexed[name.casefold()])
    if kind == "places":
        for short, name in SHORT_NAME_OF.items():
            if name.casefold() in indexed:
                known.setdefault(short, indexed[name.casefold()])
    return known


def _country(kind: str, value: str) -> str | None:
    """place=US is the United States, even where an article's "US" escaped canonical naming; so are
    place=U.S. and place=U.K. written with their dots."""
    return SHORT_NAME_OF.get(value.casefold().replace(".", "")) if kind == "places" else None


def _alias(kind: str, value: str, names: NameDecisions) -> str | None:
    return names.resolve(value) if kind != "categories" else None
