"""Article records as JSON objects: the documented field names, and their checks."""
from __future__ import annotations

from collections.abc import Mapping

from ..articles import Article, ArticleError, article_id, clean_text
from ..dates import parse_date

# field -> other names accepted for it (BEIR's `_id` and `text`, for instance)
ALIASES = {"id": ("_id",), "body": ("text", "content"), "published": ("date",), "authors": ("author",)}


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
        return "\n\n".join(value)
    if isinstance(value, (str, int, float)) and not isinstance(value, bool):
        return str(value)
    raise ArticleError(f"field {name!r} must be a string, not {type(value).__name__}", field=name)


def _names(record: Mapping, name: str) -> tuple[str, ...]:
    value = _get(record, name)
    if value is None:
        return ()
    if isinstance(value, str):
        value = [part for part in value.split(",")]
    if not isinstance(value, list) or not all(isinstance(item, str) for item in value):
        raise ArticleError(f"field {name!r} must be a string or a list of strings", field=name)
    return tuple(item.strip() for item in value if item.strip())


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


def article_from_record(record: object, *, origin: str = "", position: int = 0,
                        warnings: list[str] | None = None) -> Article:
    """Turn one JSON object into an Article; unknown fields are ignored. With a `warnings` list, an
    unreadable date is noted there and left out instead of refusing the article."""
    if not isinstance(record, Mapping):
        raise ArticleError(f"expected a JSON object, got {type(record).__name__}")
    title = " ".join(_text(record, "title").split())
    body = clean_text(_text(record, "body"))
    if not title:
        raise ArticleError("missing field 'title'", field="title")
    if not body:
        raise ArticleError("missing field 'body'", field="body")
    url = _text(record, "url").strip()
    return Article(
        id=article_id(explicit=_text(record, "id").strip(), url=url, origin=origin, position=position,
                      title=title, body=body),
        title=title, body=body, url=url,
        source=_text(record, "source").strip(), section=_text(record, "section").strip(),
        subtitle=" ".join(_text(record, "subtitle").split()),
        dateline=_text(record, "dateline").strip(),
        authors=_names(record, "authors"), tags=_names(record, "tags"),
        category=_text(record, "category").strip(),
        published=_date(record, "published", warnings), updated=_date(record, "updated", warnings),
        origin=origin,
    )
