"""marshmallow schemas: request arguments in, responses out."""
from __future__ import annotations

from marshmallow import EXCLUDE, Schema, ValidationError, fields, pre_load, validate, validates_schema

from ..ingest.dates import parse_date
from ..search.query import MAX_QUERY_LENGTH
from ..search.related import MAX_RELATED
from ..search.ranked import MAX_DEPTH, MAX_PER_PAGE, SORTS

ENTITY_KINDS = ("people", "organizations", "places")
REPEATABLE = ("person", "org", "place", "category")
EXPORT_FORMATS = ("csv", "jsonl")
MAX_BATCH = 1000
MAX_NAME = 200


def readable_date(value: str) -> None:
    """Refuse a date we cannot read (marshmallow 4 ignores a validator's False: it must raise)."""
    if parse_date(value) is None:
        raise ValidationError(f"cannot read {value[:40]!r} as a date; use ISO 8601 or a printed date")


class SearchArgs(Schema):
    """GET /api/search and GET / arguments."""

    class Meta:
        unknown = EXCLUDE

    q = fields.String(load_default="", validate=validate.Length(max=MAX_QUERY_LENGTH),
                      metadata={"description": "Query text; empty lists all articles, newest first."})
    page = fields.Integer(load_default=1, validate=validate.Range(min=1, max=MAX_DEPTH))
    per_page = fields.Integer(load_default=10, validate=validate.Range(min=1, max=MAX_PER_PAGE))
    sort = fields.String(load_default="relevance", validate=validate.OneOf(SORTS))
    person = fields.List(fields.String(validate=validate.Length(min=1, max=MAX_NAME)), load_default=list)
    org = fields.List(fields.String(validate=validate.Length(min=1, max=MAX_NAME)), load_default=list)
    place = fields.List(fields.String(validate=validate.Length(min=1, max=MAX_NAME)), load_default=list)
    category = fields.List(fields.String(validate=validate.Length(min=1, max=MAX_NAME)), load_default=list,
                           metadata={"description": "Repeatable: articles in any of these categories."})
    section = fields.String(load_default="", validate=validate.Length(max=MAX_NAME))
    source = fields.String(load_default="", validate=validate.Length(max=MAX_NAME))
    from_ = fields.Date(data_key="from", load_default=None, metadata={"description": "ISO date, inclusive."})
    to = fields.Date(load_default=None, metadata={"description": "ISO date, inclusive."})
    snippets = fields.Integer(load_default=3, validate=validate.Range(min=1, max=5))
    fragment_size = fields.Integer(load_default=160, validate=validate.Range(min=40, max=1000))
    facet_size = fields.Integer(load_default=10, validate=validate.Range(min=1, max=100))
    collapse = fields.Boolean(load_default=True, metadata={
        "description": "Show each group of near-duplicate articles as its best hit, which counts the others "
                       "in `duplicates` (default); false shows every copy. Totals and facets count what is shown."})

    @pre_load
    def lists_from_multidict(self, data, **kwargs):
        """Repeatable filters become lists; any other parameter given twice is an error, not a guess."""
        if not hasattr(data, "getlist"):
            return data
        repeated = {key: [f"given {len(data.getlist(key))} times; give it once"] for key in data
                    if key not in REPEATABLE and key in self._parameters() and len(data.getlist(key)) > 1}
        if repeated:
            raise ValidationError(repeated)
        loaded = {key: data.get(key) for key in data}
        for key in REPEATABLE:
            loaded[key] = [v for v in data.getlist(key) if v != ""]
        return {k: v for k, v in loaded.items() if not (k not in REPEATABLE and v == "")}

    def _parameters(self) -> set[str]:
        return {item.data_key or name for name, item in self.fields.items()}

    @validates_schema
    def dates_in_order(self, data, **kwargs):
        if data.get("from_") and data.get("to") and data["from_"] > data["to"]:
            raise ValidationError("'from' is after 'to'", "from")


class ExportArgs(SearchArgs):
    """GET /api/search/export: the search's parameters and a format; paging does not apply."""

    format = fields.String(load_default="csv", validate=validate.OneOf(EXPORT_FORMATS),
                           metadata={"description": "csv (names joined with '; ') or jsonl"})


class BatchRequest(Schema):
    """POST /api/batch: many queries, with the same filters for each."""

    class Meta:
        unknown = EXCLUDE

    queries = fields.List(fields.String(validate=validate.Length(max=MAX_QUERY_LENGTH)), required=True,
                          validate=validate.Length(min=1, max=MAX_BATCH))
    person = fields.List(fields.String(validate=validate.Length(min=1, max=MAX_NAME)), load_default=list)
    org = fields.List(fields.String(validate=validate.Length(min=1, max=MAX_NAME)), load_default=list)
    place = fields.List(fields.String(validate=validate.Length(min=1, max=MAX_NAME)), load_default=list)
    category = fields.List(fields.String(validate=validate.Length(min=1, max=MAX_NAME)), load_default=list)
    section = fields.String(load_default="", validate=validate.Length(max=MAX_NAME))
    source = fields.String(load_default="", validate=validate.Length(max=MAX_NAME))
    from_ = fields.Date(data_key="from", load_default=None)
    to = fields.Date(load_default=None)


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


class ArticleSchema(Schema):
    """An article in and out: POST /api/articles and GET /api/articles/<id>."""

    class Meta:
        unknown = EXCLUDE

    id = fields.String(validate=validate.Regexp(r"^[A-Za-z0-9][A-Za-z0-9._-]{0,127}$"))
    url = fields.String(validate=validate.Length(max=2000))
    source = fields.String(validate=validate.Length(max=MAX_NAME))
    section = fields.String(validate=validate.Length(max=MAX_NAME))
    title = fields.String(required=True, validate=[validate.Length(min=1, max=1000), validate.Regexp(r"^\s*\S")])
    subtitle = fields.String(validate=validate.Length(max=2000))
    dateline = fields.String(validate=validate.Length(max=MAX_NAME))
    authors = fields.List(fields.String(validate=validate.Length(max=MAX_NAME)), validate=validate.Length(max=50))
    published = fields.String(allow_none=True, validate=readable_date, metadata={
        "format": "date-time", "description": "ISO 8601; printed dates such as 'May 18 2017 8:47 AM EST' too."})
    updated = fields.String(allow_none=True, validate=readable_date,
                            metadata={"format": "date-time"})
    category = fields.String(validate=validate.Length(max=MAX_NAME))
    tags = fields.List(fields.String(validate=validate.Length(max=MAX_NAME)), validate=validate.Length(max=100))
    body = fields.String(required=True, validate=[validate.Length(min=1), validate.Regexp(r"^\s*\S")])
    entities = fields.Nested(EntitiesSchema, dump_only=True)
    origin = fields.String(dump_only=True)


class BatchResultSchema(Schema):
    query = fields.String()
    total = fields.Integer()
    matched = fields.String(allow_none=True)
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
