"""The Article record, its stable id, and the problems a reader reports."""

from __future__ import annotations

import hashlib
import re
import unicodedata
from collections.abc import Mapping
from dataclasses import dataclass, field, fields, replace
from datetime import datetime
from urllib.parse import urlsplit

ENTITY_TYPES = ("people", "organizations", "places")
RECORD_PREFIX = re.compile(r"^record \d+: ")
QUOTED_VALUE = re.compile(r"read '.*?' ?(?= as )")
NUMBER = re.compile(r"\d[\d,]*")
HTTP = re.compile(r"^https?://", re.I)
WWW = re.compile(r"^www\.", re.I)


class ArticleError(ValueError):
    """A file or record that cannot become an Article; `field` names the field at fault, if one is."""

    def __init__(self, message: str, field: str | None = None):
        super().__init__(message)
        self.field = field


@dataclass(frozen=True)
class Problem:
    """Why one file or record was skipped: where it is and the reason."""

    path: str
    reason: str
    line: int | None = None
    kept: bool = False  # a warning: the record was indexed all the same (without the bad field)

    def __str__(self) -> str:
        where = f"{self.path}:{self.line}" if self.line else self.path
        return f"{where}: {self.reason}"

    @property
    def kind(self) -> str:
        """The reason without where it happened or the values involved, to count problems by."""
        reason = RECORD_PREFIX.sub("", self.reason).split(";")[0]
        return NUMBER.sub("N", QUOTED_VALUE.sub("read '…'", reason)).strip()


def composed(record) -> None:
    """Put a record's text in one Unicode form, NFC ("é" one character, not "e" and an accent), so
    that the text indexed, stored and shown is the same whatever form the source wrote it in."""
    for item in fields(record):
        value = getattr(record, item.name)
        if isinstance(value, str) and not unicodedata.is_normalized("NFC", value):
            object.__setattr__(record, item.name, unicodedata.normalize("NFC", value))
        elif isinstance(value, tuple) and not all(
            unicodedata.is_normalized("NFC", v) for v in value if isinstance(v, str)
        ):
            object.__setattr__(
                record, item.name, tuple(unicodedata.normalize("NFC", v) if isinstance(v, str) else v for v in value)
            )


@dataclass(frozen=True)
class Quote:
    """Words inside quotation marks that an article reports someone saying: the speaker as the article
    names them (None when it names nobody) and where the words are in its subtitle and body."""

    text: str
    speaker: str | None
    speaker_type: str | None  # one of ENTITY_TYPES, or None
    start: int  # offsets into the text entities are drawn from (subtitle, blank line, body)
    end: int


@dataclass(frozen=True)
class Entities:
    """Canonical names of the people, organizations and places an article mentions, and its quotes."""

    people: tuple[str, ...] = ()
    organizations: tuple[str, ...] = ()
    places: tuple[str, ...] = ()
    quotes: tuple[Quote, ...] = ()

    def __post_init__(self):
        composed(self)

    def as_dict(self) -> dict[str, list[str]]:
        """The names by type."""
        return {kind: list(getattr(self, kind)) for kind in ENTITY_TYPES}

    def as_record(self) -> dict:
        """Names and quotes as JSON-ready values (the entity cache's and the index's)."""
        return {**self.as_dict(), "quotes": [[q.text, q.speaker, q.speaker_type, q.start, q.end] for q in self.quotes]}

    @classmethod
    def from_record(cls, record: dict) -> Entities:
        """Read as_record's output (a record kept before quotes were has none)."""
        return cls(
            **{kind: tuple(record.get(kind, ())) for kind in ENTITY_TYPES},
            quotes=tuple(Quote(*item) for item in record.get("quotes", ())),
        )


@dataclass(frozen=True)
class Article:
    """One news article, as every reader produces it and the index stores it."""

    id: str
    title: str
    body: str
    url: str = ""
    source: str = ""
    section: str = ""
    subtitle: str = ""
    dateline: str = ""
    authors: tuple[str, ...] = ()
    published: datetime | None = None
    updated: datetime | None = None
    category: str = ""
    tags: tuple[str, ...] = ()
    origin: str = ""
    entities: Entities = field(default_factory=Entities)

    def __post_init__(self):
        composed(self)

    @property
    def paragraphs(self) -> list[str]:
        return [p for p in self.body.split("\n\n") if p.strip()]

    @property
    def content_hash(self) -> str:
        """Hash of the text entities are drawn from; keys the entity cache."""
        return hashlib.sha256(f"{self.subtitle}\n\n{self.body}".encode()).hexdigest()

    def with_entities(self, entities: Entities) -> Article:
        return replace(self, entities=entities)


ID_PATTERN = r"^[A-Za-z0-9][A-Za-z0-9._-]{0,127}$"  # the API's schema checks ids with it too
_ID_OK = re.compile(ID_PATTERN)
ONE_LINE = ("title", "subtitle")  # folded to one line; the body keeps its paragraphs


def _digest(text: str) -> str:
    return hashlib.sha1(text.encode("utf-8")).hexdigest()[:16]


def article_id(
    *, explicit: str = "", url: str = "", origin: str = "", position: int | None = None, title: str = "", body: str = ""
) -> str:
    """Return a stable id: an explicit id, else from the URL, else path and position, else content."""
    if explicit:
        if not _ID_OK.match(explicit):
            raise ArticleError(f"id {explicit!r} must be 1-128 letters, digits, '.', '_' or '-'", field="id")
        return explicit
    if url:
        return "u" + _digest(normalise_url(url))
    if origin:
        return "p" + _digest(f"{origin}#{position or 0}")
    return "c" + _digest(f"{title}\n{body}")


def normalise_url(url: str) -> str:
    """The page a URL names, written one way (courlan's normalisation): scheme, 'www.', fragment and
    trailing slash dropped, the host in lower case, the path's case kept (/story/AbC123 and
    /story/abc123 can be two pages), tracking parameters (utm_*, fbclid...) dropped, the others sorted."""
    from courlan import normalize_url  # 0.1 s to import (its domain list): for readers of URLs only

    url = url.strip().split("#", 1)[0]
    try:
        parts = urlsplit(url if "://" in url else f"http://{url}")
        url = normalize_url(parts._replace(path=parts.path.rstrip("/")), trailing_slash=False)
    except ValueError:  # not a URL urllib can split (an unclosed IPv6 bracket): kept as written
        pass
    return WWW.sub("", HTTP.sub("", url)).rstrip("/")


def clean_text(text: str) -> str:
    """Fold runs of spaces in each line and trim blank lines, keeping paragraph breaks."""
    lines = [re.sub(r"[ \t\u00a0]+", " ", line).strip() for line in text.replace("\r\n", "\n").split("\n")]
    paragraphs, current = [], []
    for line in lines:
        if line:
            current.append(line)
        elif current:
            paragraphs.append(" ".join(current))
            current = []
    if current:
        paragraphs.append(" ".join(current))
    return "\n\n".join(paragraphs)


def unstorable(text: str) -> str | None:
    """Why a text cannot be stored (a lone surrogate such as "\\ud800", which JSON can spell but UTF-8
    cannot encode), or None when it can: the index, the journal and every answer need UTF-8."""
    if text.isascii():
        return None
    try:
        text.encode("utf-8")
    except UnicodeEncodeError as error:
        code = ord(text[error.start])
        return f"holds a lone surrogate (\\u{code:04x}) at character {error.start + 1:,}, which is not text"
    return None


def check_storable(values: Mapping[str, object]) -> None:
    """Refuse a text (or a name in a list) that cannot be stored, naming its field (ArticleError)."""
    for name, value in values.items():
        for text in (value,) if isinstance(value, str) else value if isinstance(value, (tuple, list)) else ():
            if isinstance(text, str) and (reason := unstorable(text)):
                raise ArticleError(f"field {name!r} {reason}", field=name)


def check_article(article: Article) -> None:
    """Refuse an article (from any reader) with a text that cannot be stored."""
    check_storable({item.name: getattr(article, item.name) for item in fields(Article) if item.name != "entities"})


def make_article(values: Mapping[str, object], *, origin: str = "", position: int | None = 0) -> Article:
    """Build an Article from its fields' values (text, sequences of names, datetimes), cleaned the one
    way every source is: titles on one line, paragraphs kept, names trimmed, an id made when none is given:
    from the origin and position in a file, or (position None: an article with no place in a file, as
    one posted to the API) from its title and body."""
    cleaned = {name: _clean(name, value) for name, value in values.items()}
    title, body, url = cleaned.get("title", ""), cleaned.get("body", ""), cleaned.get("url", "")
    if not title:
        raise ArticleError("missing field 'title'", field="title")
    if not body:
        raise ArticleError("missing field 'body'", field="body")
    explicit = cleaned.pop("id", "")
    check_storable({**cleaned, "id": explicit})  # before the id is made: hashing one fails too
    place = origin if position is not None else ""
    return Article(
        id=article_id(explicit=explicit, url=url, origin=place, position=position, title=title, body=body),
        **{**cleaned, "origin": origin},
    )


def _clean(name: str, value):
    if isinstance(value, str):
        if name in ONE_LINE:
            return " ".join(value.split())
        return clean_text(value) if name == "body" else value.strip()
    if isinstance(value, (list, tuple)):
        return tuple(item.strip() for item in value if item.strip())
    return value  # a datetime or None


def article_to_record(article: Article) -> dict:
    """The article as a JSON object with the documented field names (entities included)."""
    return {item.name: _plain(getattr(article, item.name)) for item in fields(Article)}


def _plain(value):
    if isinstance(value, datetime):
        return value.isoformat()
    if isinstance(value, tuple):
        return list(value)
    return value.as_dict() if isinstance(value, Entities) else value
