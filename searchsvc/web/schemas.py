"""marshmallow schemas of what the API and the pages take in: request arguments and articles (the
answers are in response_schemas.py). Loading builds the core's objects (a SearchRequest, an Article),
so each field is declared once, here, and its default once, in the core."""

from __future__ import annotations

from typing import Any

from marshmallow import EXCLUDE, RAISE, Schema, ValidationError, fields, post_load, pre_load, validate, validates_schema

from ..ingest.articles import ENTITY_TYPES, ID_PATTERN, Article, ArticleError, make_article, unstorable
from ..ingest.dates import parse_date
from ..search import export
from ..search.batch import MAX_QUERIES
from ..search.query import MAX_QUERY_LENGTH
from ..search.ranked import MAX_DEPTH, MAX_FILTER_VALUES, MAX_PER_PAGE, SORTS, SearchRequest
from ..search.related import MAX_RELATED

ENTITY_KINDS = ENTITY_TYPES
REPEATABLE = ("person", "org", "place", "category")
EXPORT_FORMATS = export.FORMATS
MAX_NAME = 200
# Some text that is not blank. Python's \s and JSON Schema's (ECMAScript's) differ on \x1c-\x1f and
# \x85 (blank to Python) and \ufeff (blank to ECMAScript): naming them makes the pattern the
# OpenAPI document publishes mean what the server checks.
BLANK = r"\s\x1c-\x1f\x85\ufeff"
NOT_BLANK = rf"^[{BLANK}]*[^{BLANK}]"
DEFAULT = SearchRequest()  # a search's defaults, declared on SearchRequest; the schemas document them


class PrintedDate(fields.String):
    """ISO 8601 or a printed date ('May 18 2017 8:47 AM EST'), loaded as an aware datetime: read once."""

    def _deserialize(self, value, attr, data, **kwargs):
        text = super()._deserialize(value, attr, data, **kwargs)
        moment = parse_date(text)
        if moment is None:
            raise ValidationError(f"cannot read {text[:40]!r} as a date; use ISO 8601 or a printed date")
        return moment

    def _serialize(self, value, attr, obj, **kwargs):
        return None if value is None else value.isoformat()


def _names(**kwargs) -> fields.List:
    """A repeatable filter: at most MAX_FILTER_VALUES values, each looked up in the index."""
    return fields.List(
        fields.String(validate=validate.Length(min=1, max=MAX_NAME)),
        validate=validate.Length(max=MAX_FILTER_VALUES),
        **kwargs,
    )


def refuse_unstorable(data: object) -> None:
    """Refuse a JSON body holding text that cannot be stored or answered (a lone surrogate, which
    JSON can spell as "\\ud800" but UTF-8 cannot encode), naming the field: before anything else."""
    if not isinstance(data, dict):
        return
    found: dict[str, list[str]] = {}
    for key, value in data.items():
        if reason := unstorable(key):
            found[key.encode("utf-8", "backslashreplace").decode()] = [f"this field's name {reason}"]
            continue
        texts = (
            [(None, value)] if isinstance(value, str) else list(enumerate(value, 1)) if isinstance(value, list) else []
        )
        for position, text in texts:
            if isinstance(text, str) and (reason := unstorable(text)):
                found[key] = [reason if position is None else f"item {position} {reason}"]
                break
    if found:
        raise ValidationError(found)


def _search_request(data: dict) -> SearchRequest:
    """Loaded arguments as the engine's request; what was not given keeps SearchRequest's default."""
    values: dict[str, Any] = {name: tuple(value) if isinstance(value, list) else value for name, value in data.items()}
    return SearchRequest(**values)


class Filters(Schema):
    """A search's filters, named as SearchRequest names them (`data_key` is the parameter's name)."""

    class Meta:
        unknown = EXCLUDE

    people = _names(data_key="person")
    organizations = _names(data_key="org")
    places = _names(data_key="place")
    categories = _names(data_key="category", metadata={"description": "Articles in any of these categories."})
    section = fields.String(load_default=DEFAULT.section, validate=validate.Length(max=MAX_NAME))
    source = fields.String(load_default=DEFAULT.source, validate=validate.Length(max=MAX_NAME))
    date_from = fields.Date(
        data_key="from", load_default=DEFAULT.date_from, metadata={"description": "ISO date, inclusive."}
    )
    date_to = fields.Date(data_key="to", load_default=DEFAULT.date_to, metadata={"description": "ISO date, inclusive."})
    collapse = fields.Boolean(
        load_default=DEFAULT.collapse,
        metadata={
            "description": "Show each group of near-duplicate articles as its best hit, which counts the others "
            "in `duplicates` (default); false shows every copy. Totals and facets count what is shown."
        },
    )


class UrlArgs(Schema):
    """Query-string arguments: the repeatable ones become lists, any other given twice is an error."""

    repeatable: tuple[str, ...] = REPEATABLE

    @pre_load
    def lists_from_multidict(self, data, **kwargs):
        """Repeatable filters become lists; any other parameter given twice is an error, not a guess."""
        if not hasattr(data, "getlist"):
            return data
        repeated = {
            key: [f"given {len(data.getlist(key))} times; give it once"]
            for key in data
            if key not in self.repeatable and key in self.parameters() and len(data.getlist(key)) > 1
        }
        if repeated:
            raise ValidationError(repeated)
        loaded = {key: data.get(key) for key in data}
        for key in self.repeatable:
            loaded[key] = [v for v in data.getlist(key) if v != ""]
        return {k: v for k, v in loaded.items() if not (k not in self.repeatable and v == "")}

    def parameters(self) -> set[str]:
        """The query parameters it takes, by their names in the URL."""
        return {item.data_key or name for name, item in self.fields.items()}

    @validates_schema
    def dates_in_order(self, data, **kwargs):
        if data.get("date_from") and data.get("date_to") and data["date_from"] > data["date_to"]:
            raise ValidationError("'from' is after 'to'", "from")


class SearchArgs(Filters, UrlArgs):
    """GET /api/search and GET / arguments, loaded as a SearchRequest."""

    error_messages = {"unknown": "unknown parameter: a typo? /api/openapi.json lists the parameters"}

    q = fields.String(
        load_default=DEFAULT.q,
        validate=validate.Length(max=MAX_QUERY_LENGTH),
        metadata={"description": "Query text; empty lists all articles, newest first."},
    )
    page = fields.Integer(load_default=DEFAULT.page, validate=validate.Range(min=1, max=MAX_DEPTH))
    per_page = fields.Integer(load_default=DEFAULT.per_page, validate=validate.Range(min=1, max=MAX_PER_PAGE))
    sort = fields.String(load_default=DEFAULT.sort, validate=validate.OneOf(SORTS))
    snippets = fields.Integer(load_default=DEFAULT.snippets, validate=validate.Range(min=1, max=5))
    fragment_size = fields.Integer(load_default=DEFAULT.fragment_size, validate=validate.Range(min=40, max=1000))
    facet_size = fields.Integer(load_default=DEFAULT.facet_size, validate=validate.Range(min=1, max=100))

    @post_load
    def search_request(self, data, **kwargs) -> SearchRequest:
        return _search_request(data)


class ExportArgs(SearchArgs):
    """GET /api/search/export: the search's parameters and a format, loaded as (SearchRequest, format)."""

    format = fields.String(
        load_default="csv",
        validate=validate.OneOf(EXPORT_FORMATS),
        metadata={"description": "csv (names joined with '; ') or jsonl"},
    )

    @post_load
    def search_request(self, data, **kwargs) -> tuple[SearchRequest, str]:
        export_format = data.pop("format")
        return _search_request(data), export_format


class BatchRequest(Filters):
    """POST /api/batch: many queries, with the same filters for each; loaded as (queries, SearchRequest)."""

    class Meta:
        unknown = RAISE  # {"plce": ["UK"]} would otherwise run every query unfiltered

    error_messages = {"unknown": "unknown field: a typo? /api/openapi.json lists the fields"}

    queries = fields.List(
        fields.String(validate=validate.Length(max=MAX_QUERY_LENGTH)),
        required=True,
        validate=validate.Length(min=1, max=MAX_QUERIES),
    )

    @pre_load
    def strings_as_lists(self, data, **kwargs):
        """Refuse text that cannot be stored; a single string where a list is expected is a list of one."""
        refuse_unstorable(data)
        if not isinstance(data, dict):
            return data
        lists = {item.data_key or name for name, item in self.fields.items() if isinstance(item, fields.List)}
        return {key: [value] if key in lists and isinstance(value, str) else value for key, value in data.items()}

    @post_load
    def queries_and_filters(self, data, **kwargs) -> tuple[list[str], SearchRequest]:
        queries = data.pop("queries")
        return queries, _search_request(data)


class EntitiesSchema(Schema):
    people = fields.List(fields.String())
    organizations = fields.List(fields.String())
    places = fields.List(fields.String())


class ArticleQuoteSchema(Schema):
    quote = fields.String()
    speaker = fields.String(allow_none=True, metadata={"description": "the entity's name; null: nobody named"})
    speaker_type = fields.String(allow_none=True)


class ArticleSchema(Schema):
    """An article in and out: POST /api/articles (loaded as the Article) and GET /api/articles/<id>."""

    class Meta:
        unknown = RAISE  # a misspelt field ('date', 'plce') is named, never dropped in silence

    error_messages = {"unknown": "unknown field: a typo? /api/openapi.json lists an article's fields"}

    # Stricter than the JSON files' reader (ingest/readers/records.py) on purpose: no aliases, no
    # comma-separated names, no numbers as text, and an unreadable date is a 422, not a warning, so a
    # client learns what is wrong; the limits hold only here, at the edge. make_article cleans both alike.
    id = fields.String(validate=validate.Regexp(ID_PATTERN))
    url = fields.String(validate=validate.Length(max=2000))
    source = fields.String(validate=validate.Length(max=MAX_NAME))
    section = fields.String(validate=validate.Length(max=MAX_NAME))
    title = fields.String(required=True, validate=[validate.Length(min=1, max=1000), validate.Regexp(NOT_BLANK)])
    subtitle = fields.String(validate=validate.Length(max=2000))
    dateline = fields.String(validate=validate.Length(max=MAX_NAME))
    authors = fields.List(fields.String(validate=validate.Length(max=MAX_NAME)), validate=validate.Length(max=50))
    published = PrintedDate(
        allow_none=True,
        metadata={
            "format": "date-time",
            "description": "ISO 8601; printed dates such as 'May 18 2017 8:47 AM EST' too.",
        },
    )
    updated = PrintedDate(allow_none=True, metadata={"format": "date-time"})
    category = fields.String(validate=validate.Length(max=MAX_NAME))
    tags = fields.List(fields.String(validate=validate.Length(max=MAX_NAME)), validate=validate.Length(max=100))
    body = fields.String(required=True, validate=[validate.Length(min=1), validate.Regexp(NOT_BLANK)])
    entities = fields.Nested(EntitiesSchema, dump_only=True)
    quotes = fields.List(
        fields.Nested(ArticleQuoteSchema),
        dump_only=True,
        metadata={"description": "Who said what in it, in its order (GET only)."},
    )
    origin = fields.String(dump_only=True)

    @pre_load
    def only_storable_text(self, data, **kwargs):
        """Refuse text that cannot be stored; what GET answers besides the fields (entities, origin,
        computed here) is ignored, so an article read can be sent back as it is."""
        refuse_unstorable(data)
        return (
            {k: v for k, v in data.items() if k not in ("entities", "quotes", "origin")}
            if isinstance(data, dict)
            else data
        )

    @post_load
    def article(self, data, **kwargs) -> Article:
        try:
            return make_article(data, origin="api", position=None)  # no id, no URL: the id is the content's
        except ArticleError as error:  # the checks above leave none today; the core keeps the last word
            raise ValidationError(str(error), error.field or "_article") from None


class EntityArgs(Schema):
    class Meta:
        unknown = EXCLUDE

    type = fields.String(required=True, validate=validate.OneOf(ENTITY_KINDS))
    prefix = fields.String(load_default="", validate=validate.Length(max=MAX_NAME))
    limit = fields.Integer(load_default=20, validate=validate.Range(min=1, max=500))


class LimitArgs(Schema):
    class Meta:
        unknown = EXCLUDE

    limit = fields.Integer(load_default=5, validate=validate.Range(min=1, max=MAX_RELATED))
