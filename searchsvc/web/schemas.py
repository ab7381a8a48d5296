"""marshmallow schemas: request arguments in, responses out. Loading builds the core's objects
(a SearchRequest, an Article), so each field is declared once, here, and its default once, in the core."""
from __future__ import annotations

from marshmallow import (EXCLUDE, RAISE, Schema, ValidationError, fields, post_load, pre_load, validate,
                         validates_schema)

from ..ingest.articles import ENTITY_TYPES, ID_PATTERN, Article, ArticleError, make_article, unstorable
from ..ingest.dates import parse_date
from ..search import export
from ..search.batch import MAX_QUERIES
from ..search.query import MAX_QUERY_LENGTH
from ..search.related import MAX_RELATED
from ..search.ranked import MAX_DEPTH, MAX_FILTER_VALUES, MAX_PER_PAGE, SORTS, SearchRequest

ENTITY_KINDS = ENTITY_TYPES
REPEATABLE = ("person", "org", "place", "category")
EXPORT_FORMATS = export.FORMATS
MAX_NAME = 200
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
    return fields.List(fields.String(validate=validate.Length(min=1, max=MAX_NAME)),
                       validate=validate.Length(max=MAX_FILTER_VALUES), **kwargs)


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
        texts = [(None, value)] if isinstance(value, str) else list(enumerate(value, 1)) \
            if isinstance(value, list) else []
        for position, text in texts:
            if isinstance(text, str) and (reason := unstorable(text)):
                found[key] = [reason if position is None else f"item {position} {reason}"]
                break
    if found:
        raise ValidationError(found)


def _search_request(data: dict) -> SearchRequest:
    """Loaded arguments as the engine's request; what was not given keeps SearchRequest's default."""
    return SearchRequest(**{name: tuple(value) if isinstance(value, list) else value for name, value in data.items()})


class Filters(Schema):
    """A search's filters, named as SearchRequest names them (`data_key` is the parameter's name)."""

    class Meta:
        unknown = EXCLUDE

    people = _names(data_key="person")
    organizations = _names(data_key="org")
    places = _names(data_key="place")
    categories = _names(data_key="category",
                        metadata={"description": "Articles in any of these categories."})
    section = fields.String(load_default=DEFAULT.section, validate=validate.Length(max=MAX_NAME))
    source = fields.String(load_default=DEFAULT.source, validate=validate.Length(max=MAX_NAME))
    date_from = fields.Date(data_key="from", load_default=DEFAULT.date_from,
                            metadata={"description": "ISO date, inclusive."})
    date_to = fields.Date(data_key="to", load_default=DEFAULT.date_to, metadata={"description": "ISO date, inclusive."})
    collapse = fields.Boolean(load_default=DEFAULT.collapse, metadata={
        "description": "Show each group of near-duplicate articles as its best hit, which counts the others "
                       "in `duplicates` (default); false shows every copy. Totals and facets count what is shown."})


class UrlArgs(Schema):
    """Query-string arguments: the repeatable ones become lists, any other given twice is an error."""

    repeatable: tuple[str, ...] = REPEATABLE

    @pre_load
    def lists_from_multidict(self, data, **kwargs):
        """Repeatable filters become lists; any other parameter given twice is an error, not a guess."""
        if not hasattr(data, "getlist"):
            return data
        repeated = {key: [f"given {len(data.getlist(key))} times; give it once"] for key in data
                    if key not in self.repeatable and key in self.parameters() and len(data.getlist(key)) > 1}
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

    q = fields.String(load_default=DEFAULT.q, validate=validate.Length(max=MAX_QUERY_LENGTH),
                      metadata={"description": "Query text; empty lists all articles, newest first."})
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

    format = fields.String(load_default="csv", validate=validate.OneOf(EXPORT_FORMATS),
                           metadata={"description": "csv (names joined with '; ') or jsonl"})

    @post_load
    def search_request(self, data, **kwargs) -> tuple[SearchRequest, str]:
        export_format = data.pop("format")
        return _search_request(data), export_format


class BatchRequest(Filters):
    """POST /api/batch: many queries, with the same filters for each; loaded as (queries, SearchRequest)."""

    class Meta:
        unknown = RAISE  # {"plce": ["UK"]} would otherwise run every query unfiltered

    error_messages = {"unknown": "unknown field: a typo? /api/openapi.json lists the fields"}

    queries = fields.List(fields.String(validate=validate.Length(max=MAX_QUERY_LENGTH)), required=True,
                          validate=validate.Length(min=1, max=MAX_QUERIES))

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


class HitSchema(Schema):
    id = fields.String()
    title = fields.String()
    title_highlighted = fields.String(metadata={"description": "HTML-escaped title, matches in <mark>."})
    url = fields.String()
    source = fields.String()
    section = fields.String()
    category = fields.String()
    published = fields.String(allow_none=True)
    score = fields.Float(allow_none=True, metadata={"description": "Relevance; null when sorted by date."})
    snippets = fields.List(fields.String(), metadata={"description": "HTML-escaped, matches in <mark>."})
    entities = fields.Nested(EntitiesSchema)
    duplicates = fields.Integer(metadata={
        "description": "How many matching near-duplicates of this article the hit stands for (collapsed "
                       "away; 0 with collapse=false). In a related list: always 0."})


class FacetValueSchema(Schema):
    value = fields.String()
    count = fields.Integer()


class MonthSchema(Schema):
    bucket = fields.String(metadata={"description": "YYYY-MM"})
    count = fields.Integer()


class FacetsSchema(Schema):
    people = fields.List(fields.Nested(FacetValueSchema))
    organizations = fields.List(fields.Nested(FacetValueSchema))
    places = fields.List(fields.Nested(FacetValueSchema))
    sections = fields.List(fields.Nested(FacetValueSchema))
    categories = fields.List(fields.Nested(FacetValueSchema))
    published = fields.List(fields.Nested(MonthSchema))


class UnknownNameSchema(Schema):
    param = fields.String(metadata={"description": "person, org or place"})
    value = fields.String(metadata={"description": "The value as given."})
    did_you_mean = fields.List(fields.String(), metadata={
        "description": "Indexed names close to it in spelling (a name, an alias or a country's short name), "
                       "best first; empty when none is close."})


class SearchPageSchema(Schema):
    query = fields.String()
    total = fields.Integer()
    page = fields.Integer()
    per_page = fields.Integer()
    pages = fields.Integer()
    took_ms = fields.Float()
    matched = fields.String(metadata={"description": "'all' words, or 'any' when no article had them all."})
    timed_out = fields.Boolean(metadata={"description": "The search ran out of its time budget "
                                                        "(SEARCHSVC_QUERY_TIMEOUT): results are partial."})
    hits = fields.List(fields.Nested(HitSchema))
    facets = fields.Nested(FacetsSchema)
    suggestion = fields.String(allow_none=True)
    unknown_names = fields.List(fields.Nested(UnknownNameSchema), metadata={
        "description": "Each person, org or place filter value that names no indexed entity (so nothing "
                       "matches it), with the names it may mean."})


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
    title = fields.String(required=True, validate=[validate.Length(min=1, max=1000), validate.Regexp(r"^\s*\S")])
    subtitle = fields.String(validate=validate.Length(max=2000))
    dateline = fields.String(validate=validate.Length(max=MAX_NAME))
    authors = fields.List(fields.String(validate=validate.Length(max=MAX_NAME)), validate=validate.Length(max=50))
    published = PrintedDate(allow_none=True, metadata={
        "format": "date-time", "description": "ISO 8601; printed dates such as 'May 18 2017 8:47 AM EST' too."})
    updated = PrintedDate(allow_none=True, metadata={"format": "date-time"})
    category = fields.String(validate=validate.Length(max=MAX_NAME))
    tags = fields.List(fields.String(validate=validate.Length(max=MAX_NAME)), validate=validate.Length(max=100))
    body = fields.String(required=True, validate=[validate.Length(min=1), validate.Regexp(r"^\s*\S")])
    entities = fields.Nested(EntitiesSchema, dump_only=True)
    quotes = fields.List(fields.Nested(ArticleQuoteSchema), dump_only=True,
                         metadata={"description": "Who said what in it, in its order (GET only)."})
    origin = fields.String(dump_only=True)

    @pre_load
    def only_storable_text(self, data, **kwargs):
        """Refuse text that cannot be stored; what GET answers besides the fields (entities, origin,
        computed here) is ignored, so an article read can be sent back as it is."""
        refuse_unstorable(data)
        return {k: v for k, v in data.items() if k not in ("entities", "quotes", "origin")} \
            if isinstance(data, dict) else data

    @post_load
    def article(self, data, **kwargs) -> Article:
        try:
            return make_article(data, origin="api", position=None)  # no id, no URL: the id is the content's
        except ArticleError as error:  # the checks above leave none today; the core keeps the last word
            raise ValidationError(str(error), error.field or "_article") from None


class BatchResultSchema(Schema):
    query = fields.String()
    total = fields.Integer()
    matched = fields.String(allow_none=True)
    timed_out = fields.Boolean(metadata={
        "description": "The batch's or this query's time budget ran out: total and hits are partial, or "
                       "empty when the batch's budget was spent before this query's turn."})
    hits = fields.List(fields.Nested(HitSchema), metadata={"description": "The top 3."})
    error = fields.String(allow_none=True, metadata={"description": "Why this query could not run."})


class BatchSchema(Schema):
    results = fields.List(fields.Nested(BatchResultSchema))


class EntityProfileSchema(Schema):
    type = fields.String()
    name = fields.String(metadata={"description": "The canonical name."})
    aliases = fields.List(fields.String())
    articles = fields.Integer(metadata={"description": "Articles that mention it."})
    months = fields.List(fields.Nested(MonthSchema))
    cooccurring = fields.Dict(keys=fields.String(), values=fields.List(fields.Nested(FacetValueSchema)))
    top = fields.List(fields.Nested(HitSchema))
    newest = fields.List(fields.Nested(HitSchema))
    quotes = fields.Dict(metadata={"description": '{"count", "newest": [{"quote", "article": {"id", "title", '
                                                  '"published"}}]}: what it is quoted saying'})


class RelatedHitSchema(HitSchema):
    shared = fields.Nested(EntitiesSchema, metadata={
        "description": "The people, organizations and places both articles name: why it is related."})


class RelatedSchema(Schema):
    id = fields.String()
    related = fields.List(fields.Nested(RelatedHitSchema), metadata={
        "description": "Most similar first; `score` is 0 to 1 and comparable across lists: 0.9 x the cosine of "
                       "the articles' word vectors + 0.1 x the cosine of their entity vectors. Near-duplicates "
                       "of the article never appear; another story's copies appear once."})
    duplicates = fields.List(fields.Nested(HitSchema), metadata={
        "description": "The article's near-duplicates (the same story republished or updated); score null."})


class EntityArgs(Schema):
    class Meta:
        unknown = EXCLUDE

    type = fields.String(required=True, validate=validate.OneOf(ENTITY_KINDS))
    prefix = fields.String(load_default="", validate=validate.Length(max=MAX_NAME))
    limit = fields.Integer(load_default=20, validate=validate.Range(min=1, max=500))


class EntityListSchema(Schema):
    type = fields.String()
    entities = fields.List(fields.Nested(FacetValueSchema))


class LimitArgs(Schema):
    class Meta:
        unknown = EXCLUDE

    limit = fields.Integer(load_default=5, validate=validate.Range(min=1, max=MAX_RELATED))


class StatsSchema(Schema):
    documents = fields.Integer()
    generation = fields.String(allow_none=True)
    built_at = fields.String(allow_none=True)
    entities = fields.Dict(keys=fields.String(), values=fields.Integer())
    top_entities = fields.Dict(keys=fields.String(), values=fields.List(fields.Nested(FacetValueSchema)))
    sections = fields.List(fields.Nested(FacetValueSchema))
    categories = fields.List(fields.Nested(FacetValueSchema))


class HealthSchema(Schema):
    status = fields.String()
    generation = fields.String(allow_none=True)
    documents = fields.Integer()


class ErrorBody(Schema):
    code = fields.Integer()
    message = fields.String()
    details = fields.Raw(allow_none=True)


class ErrorSchema(Schema):
    error = fields.Nested(ErrorBody)
