"""marshmallow schemas of what the API answers (the requests it loads are in schemas.py)."""

from __future__ import annotations

from marshmallow import Schema, fields

from .schemas import EntitiesSchema


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
    duplicates = fields.Integer(
        metadata={
            "description": "How many matching near-duplicates of this article the hit stands for (collapsed "
            "away; 0 with collapse=false). In a related list: always 0."
        }
    )


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
    did_you_mean = fields.List(
        fields.String(),
        metadata={
            "description": "Indexed names close to it in spelling (a name, an alias or a country's short name), "
            "best first; empty when none is close."
        },
    )


class PageSchema(Schema):
    """What a page of results says of itself (the search's and the quotes'): its query, how many
    matched, and which page of how many this is."""

    query = fields.String()
    total = fields.Integer()
    page = fields.Integer()
    per_page = fields.Integer()
    pages = fields.Integer()


class SearchPageSchema(PageSchema):
    took_ms = fields.Float()
    matched = fields.String(metadata={"description": "'all' words, or 'any' when no article had them all."})
    timed_out = fields.Boolean(
        metadata={
            "description": "The search ran out of its time budget (SEARCHSVC_QUERY_TIMEOUT): results are partial."
        }
    )
    hits = fields.List(fields.Nested(HitSchema))
    facets = fields.Nested(FacetsSchema)
    suggestion = fields.String(allow_none=True)
    unknown_names = fields.List(
        fields.Nested(UnknownNameSchema),
        metadata={
            "description": "Each person, org or place filter value that names no indexed entity (so nothing "
            "matches it), with the names it may mean."
        },
    )


class BatchResultSchema(Schema):
    query = fields.String()
    total = fields.Integer()
    matched = fields.String(allow_none=True)
    timed_out = fields.Boolean(
        metadata={
            "description": "The batch's or this query's time budget ran out: total and hits are partial, or "
            "empty when the batch's budget was spent before this query's turn."
        }
    )
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
    quotes = fields.Dict(
        metadata={
            "description": '{"count", "newest": [{"quote", "article": {"id", "title", '
            '"published"}}]}: what it is quoted saying'
        }
    )


class RelatedHitSchema(HitSchema):
    shared = fields.Nested(
        EntitiesSchema,
        metadata={"description": "The people, organizations and places both articles name: why it is related."},
    )


class RelatedSchema(Schema):
    id = fields.String()
    related = fields.List(
        fields.Nested(RelatedHitSchema),
        metadata={
            "description": "Most similar first; `score` is 0 to 1 and comparable across lists: 0.9 x the cosine of "
            "the articles' word vectors + 0.1 x the cosine of their entity vectors. Near-duplicates "
            "of the article never appear; another story's copies appear once."
        },
    )
    duplicates = fields.List(
        fields.Nested(HitSchema),
        metadata={"description": "The article's near-duplicates (the same story republished or updated); score null."},
    )


class EntityListSchema(Schema):
    type = fields.String()
    entities = fields.List(fields.Nested(FacetValueSchema))


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
