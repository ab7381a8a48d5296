"""marshmallow schemas of quotes: the search's arguments in (a QuoteRequest), the page of quotes out."""

from __future__ import annotations

from typing import Any

from marshmallow import Schema, fields, post_load, validate

from ..search.quotes import MAX_QUERY, SPEAKER_TYPES, QuoteRequest
from ..search.ranked import MAX_DEPTH, MAX_PER_PAGE, SORTS
from .response_schemas import FacetValueSchema, PageSchema, UnknownNameSchema
from .schemas import EXPORT_FORMATS, UrlArgs, _names

DEFAULT = QuoteRequest()


class QuoteArgs(UrlArgs):
    """GET /api/quotes and GET /quotes arguments, loaded as a QuoteRequest."""

    error_messages = {"unknown": "unknown parameter: a typo? /api/openapi.json lists the parameters"}
    repeatable = ("speaker", "person", "org", "place")

    q = fields.String(
        load_default=DEFAULT.q,
        validate=validate.Length(max=MAX_QUERY),
        metadata={"description": "Words of the quote; empty lists every quote, newest first."},
    )
    speakers = _names(data_key="speaker", metadata={"description": "Quotes of this speaker (any of its names)."})
    speaker_type = fields.String(load_default=DEFAULT.speaker_type, validate=validate.OneOf(("", *SPEAKER_TYPES)))
    people = _names(data_key="person", metadata={"description": "Quotes in articles mentioning this person."})
    organizations = _names(data_key="org")
    places = _names(data_key="place")
    date_from = fields.Date(data_key="from", load_default=None, metadata={"description": "ISO date, inclusive."})
    date_to = fields.Date(data_key="to", load_default=None, metadata={"description": "ISO date, inclusive."})
    sort = fields.String(load_default=DEFAULT.sort, validate=validate.OneOf(SORTS))
    page = fields.Integer(load_default=DEFAULT.page, validate=validate.Range(min=1, max=MAX_DEPTH))
    per_page = fields.Integer(load_default=DEFAULT.per_page, validate=validate.Range(min=1, max=MAX_PER_PAGE))
    facet_size = fields.Integer(load_default=DEFAULT.facet_size, validate=validate.Range(min=1, max=100))

    @post_load
    def quote_request(self, data, **kwargs) -> QuoteRequest:
        return _quote_request(data)


class QuoteExportArgs(QuoteArgs):
    format = fields.String(load_default="csv", validate=validate.OneOf(EXPORT_FORMATS))

    @post_load
    def quote_request(self, data, **kwargs) -> tuple[QuoteRequest, str]:
        export_format = data.pop("format")
        return _quote_request(data), export_format


def _quote_request(data: dict[str, Any]) -> QuoteRequest:
    """The loaded arguments as a QuoteRequest, lists (repeated names) as tuples."""
    arguments: dict[str, Any] = {k: tuple(v) if isinstance(v, list) else v for k, v in data.items()}
    return QuoteRequest(**arguments)


class QuoteArticleSchema(Schema):
    id = fields.String()
    title = fields.String()
    published = fields.String(allow_none=True, metadata={"format": "date-time"})
    source = fields.String()


class QuoteSchema(Schema):
    quote = fields.String()
    speaker = fields.String(allow_none=True, metadata={"description": "the entity's name; null: nobody named"})
    speaker_type = fields.String(allow_none=True)
    article = fields.Nested(QuoteArticleSchema)
    highlights = fields.String(metadata={"description": "the quote, HTML-escaped, its matching words in <mark>"})
    score = fields.Float(allow_none=True)


class SpeakerFacetsSchema(Schema):
    speakers = fields.List(fields.Nested(FacetValueSchema))


class QuotePageSchema(PageSchema):
    took_ms = fields.Integer()
    quotes = fields.List(fields.Nested(QuoteSchema))
    facets = fields.Nested(SpeakerFacetsSchema)
    unknown_names = fields.List(
        fields.Nested(UnknownNameSchema),
        metadata={
            "description": "Each speaker, person, org or place value that names nobody quoted or indexed "
            "(so nothing matches it), with the names it may mean (for a speaker: those whose name ends with it)."
        },
    )
