"""Article records as JSON objects, read leniently: the documented field names, their aliases and checks."""

from __future__ import annotations

from collections.abc import Mapping
from typing import get_origin, get_type_hints

from ..articles import Article, ArticleError, make_article
from ..dates import parse_date
from .text import decode_references

# field -> other names accepted for it (BEIR's `_id` and `text`, for instance)
ALIASES = {"id": ("_id",), "body": ("text", "content"), "published": ("date",), "authors": ("author",)}
# A record's fields are the Article's, each read as its type says (text, names, a date); the origin
# is where the reader found it and entities are found later. Files from scrapers and corpora are
# messy, so this reader takes aliases, numbers as text, names as a comma-separated string and keeps
# an article whose date it cannot read, and decodes HTML character references ("Jos&#233;"), which
# scraped text often keeps; the API's ArticleSchema (web/schemas.py) refuses all that,
# and both build the Article with make_article.
FIELD_TYPES = {name: hint for name, hint in get_type_hints(Article).items() if name not in ("origin", "entities")}


def _get(record: Mapping, name: str):
    for key in (name, *ALIASES.get(name, ())):
        if record.get(key) not in (None, "", []):
            return record[key]
    return None


def _text(record: Mapping, name: str) -> str:
    value = _get(record, name)
    if value is None:
        return ""
    if isinstance(value, list) and all(isinstance(item, str) for item in value):
        return decode_references("\n\n".join(value))
    if isinstance(value, (str, int, float)) and not isinstance(value, bool):
        return decode_references(str(value))
    raise ArticleError(f"field {name!r} must be a string, not {type(value).__name__}", field=name)


def _names(record: Mapping, name: str) -> tuple[str, ...]:
    value = _get(record, name)
    if value is None:
        return ()
    if isinstance(value, str):
        value = list(value.split(","))
    if not isinstance(value, list) or not all(isinstance(item, str) for item in value):
        raise ArticleError(f"field {name!r} must be a string or a list of strings", field=name)
    return tuple(decode_references(item) for item in value)


def _date(record: Mapping, name: str, warnings: list[str] | None):
    raw = _text(record, name)
    if not raw:
        return None
    moment = parse_date(raw)
    if moment is None:
        message = f"field {name!r}: cannot read {raw[:40]!r} as a date"
        if warnings is None:
            raise ArticleError(message, field=name)
        warnings.append(f"{message}; indexed without it")
    return moment


def article_from_record(
    record: object, *, origin: str = "", position: int = 0, warnings: list[str] | None = None
) -> Article:
    """Turn one JSON object into an Article; unknown fields are ignored. With a `warnings` list, an
    unreadable date is noted there and left out instead of refusing the article."""
    if not isinstance(record, Mapping):
        raise ArticleError(f"expected a JSON object, got {type(record).__name__}")
    noted: list[str] | None = None if warnings is None else []
    article = make_article(
        {name: _read(record, name, hint, noted) for name, hint in FIELD_TYPES.items()}, origin=origin, position=position
    )
    if warnings is not None:  # a skipped record has nothing to warn about: its reason says it all
        warnings.extend(noted or ())
    return article


def _read(record: Mapping, name: str, hint, warnings: list[str] | None):
    if hint is str:
        return _text(record, name)
    if get_origin(hint) is tuple:
        return _names(record, name)
    return _date(record, name, warnings)
