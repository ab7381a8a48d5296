"""Blueprint /api: thin JSON views over the search engine and the indexer."""

from __future__ import annotations

from dataclasses import replace

from flask import Blueprint, current_app, request
from marshmallow import RAISE, ValidationError

from ..index.errors import UnknownArticle
from ..ingest.articles import ArticleError
from ..search import export
from ..search import ranked as searching
from ..search.page_json import built_at, hit_data, page_data
from .answers import brief, profile_data
from .auth import require_key
from .bodies import json_body
from .downloads import export_response
from .errors import ApiError
from .metrics import batch_ran, searched
from .openapi import openapi_spec
from .response_schemas import (
    BatchSchema,
    EntityListSchema,
    EntityProfileSchema,
    HealthSchema,
    RelatedSchema,
    SearchPageSchema,
    StatsSchema,
)
from .schemas import ArticleSchema, BatchRequest, EntityArgs, ExportArgs, LimitArgs, SearchArgs
from .services import batch_budget, engine, indexer, query_budget

bp = Blueprint("api", __name__, url_prefix="/api")
health = Blueprint("health", __name__)
# schemas built once: building them per request cost half a millisecond
# the API refuses a parameter it does not know ('plce=UK' would otherwise search unfiltered); the
# page ignores them, as pages do with links that carry extra parameters
SEARCH_ARGS, SEARCH_PAGE, EXPORT_ARGS = SearchArgs(unknown=RAISE), SearchPageSchema(), ExportArgs(unknown=RAISE)


@bp.get("/search")
def search():
    """Ranked search with highlighted snippets, entity filters and facets.
    ---
    get:
      parameters: [{in: query, schema: SearchArgs}]
      responses:
        200: {description: OK, content: {application/json: {schema: SearchPageSchema}}}
        400: Error
        503: Error
    """
    wanted = SEARCH_ARGS.load(request.args)
    with engine().session() as session:
        page = session.search(wanted, query_budget())
    searched(page)
    return SEARCH_PAGE.dump(page_data(page))


@bp.get("/search/export")
def export_search():
    """Every match of a search (up to SEARCHSVC_EXPORT_LIMIT) as CSV or JSON Lines, streamed.
    ---
    get:
      parameters: [{in: query, schema: ExportArgs}]
      responses:
        200:
          description: The matches, one per row; X-Total-Count says how many matched, X-Export-Truncated
            is set when the limit cut the list
          content: {text/csv: {schema: {type: string}}, application/x-ndjson: {schema: {type: string}}}
        400: Error
        503: Error
    """
    wanted, export_format = EXPORT_ARGS.load(request.args)
    cap = current_app.config["EXPORT_LIMIT"]
    with engine().session() as session:
        total, hits = session.every_hit(replace(wanted, page=1, per_page=1), cap, query_budget())
    return export_response(
        [export.row(article, score) for article, score in hits], export_format, total, "searchsvc-export", "matches"
    )


@bp.post("/batch")
def batch_search():
    """Many queries at once (at most 1,000) with the same filters: each one's total and top 3.
    ---
    post:
      description: Reading only, no key. A query that cannot run gets its `error`, not a failed batch.
        The whole batch has a time budget (SEARCHSVC_BATCH_TIMEOUT); queries it leaves no time for
        answer `timed_out` with nothing found. Each query counts as one request against the rate limit.
      requestBody: {required: true, content: {application/json: {schema: BatchRequest}}}
      responses:
        200: {description: OK, content: {application/json: {schema: BatchSchema}}}
        400: Error
        413: Error
        415: Error
        422: Error
        503: Error
    """
    try:
        queries, filters = BatchRequest().load(json_body())
    except ValidationError as error:
        raise ApiError(422, "invalid batch", error.messages) from None
    with engine().session() as session:
        results = session.batch(queries, replace(filters, snippets=1), query_budget(), batch_budget())
    batch_ran(results)
    return BatchSchema().dump({"results": [{**r, "hits": [hit_data(h) for h in r["hits"]]} for r in results]})


@bp.get("/entities/<any(people, organizations, places):kind>/<path:name>")
def entity_profile(kind: str, name: str):
    """One entity: articles, months, co-occurring names, top and newest articles.
    ---
    get:
      responses:
        200: {description: OK, content: {application/json: {schema: EntityProfileSchema}}}
        404: Error
        503: Error
    """
    with engine().session() as session:
        found = session.profile(kind, name, query_budget())
    if found is None:
        raise ApiError(404, f"no article mentions {name!r} among {kind}")
    return EntityProfileSchema().dump(profile_data(found))


@bp.get("/articles/<article_id>")
def get_article(article_id: str):
    """One article with its body and entities.
    ---
    get:
      responses:
        200: {description: OK, content: {application/json: {schema: ArticleSchema}}}
        404: Error
        503: Error
    """
    with engine().session() as session:
        article = session.article(article_id)
        quotes = session.article_quotes(article_id) if article else []
    if article is None:
        raise ApiError(404, f"no article with id {article_id!r}")
    said = [{"quote": q.quote, "speaker": q.speaker, "speaker_type": q.speaker_type} for q in quotes]
    return {**ArticleSchema().dump(article), "quotes": said}


@bp.get("/articles/<article_id>/related")
def related(article_id: str):
    """Related articles (0-1 similarity of words and entities) and the article's near-duplicates.
    ---
    get:
      parameters: [{in: query, schema: LimitArgs}]
      responses:
        200: {description: OK, content: {application/json: {schema: RelatedSchema}}}
        400: Error
        404: Error
        503: Error
    """
    limit = LimitArgs().load(request.args)["limit"]
    with engine().session() as session:  # the groups of the generation searched, even just after a rebuild
        if session.article(article_id) is None:
            raise ApiError(404, f"no article with id {article_id!r}")
        found = session.related(article_id, limit)
        copies = session.copies(article_id)
    hits = [{**brief(r.article, r.score), "shared": r.shared} for r in found]
    return RelatedSchema().dump({"id": article_id, "related": hits, "duplicates": [brief(a, None) for a in copies]})


@bp.get("/entities")
def entities():
    """Entity names with article counts, for autocomplete and browsing.
    ---
    get:
      parameters: [{in: query, schema: EntityArgs}]
      responses:
        200: {description: OK, content: {application/json: {schema: EntityListSchema}}}
        400: Error
        503: Error
    """
    args = EntityArgs().load(request.args)
    with engine().session() as session:
        found = session.entity_counts(args["type"], args["prefix"], args["limit"])
    return EntityListSchema().dump({"type": args["type"], "entities": found})


@bp.get("/stats")
def stats():
    """Index statistics.
    ---
    get:
      responses:
        200: {description: OK, content: {application/json: {schema: StatsSchema}}}
        503: Error
    """
    with engine().searcher() as searcher:
        data = searching.stats(searcher)
    data["generation"] = engine().generation()
    data["built_at"] = built_at(data["generation"])
    return StatsSchema().dump(data)


@bp.get("/openapi.json")
def openapi():
    """This document.
    ---
    get:
      responses:
        200: {description: OK, content: {application/json: {schema: {type: object}}}}
    """
    return openapi_spec(current_app)


@bp.post("/articles")
def post_article():
    """Create an article, or replace the one with the same id.
    ---
    post:
      security: [{bearer: []}]
      requestBody: {required: true, content: {application/json: {schema: ArticleSchema}}}
      responses:
        201: {description: Created, content: {application/json: {schema: ArticleSchema}}}
        200: {description: Replaced, content: {application/json: {schema: ArticleSchema}}}
        400: Error
        401: Error
        403: Error
        413: Error
        415: Error
        422: Error
        503: Error
    """
    require_key()
    data = json_body()
    try:
        article = ArticleSchema().load(data)
        [(added, replaced)] = indexer().put([article])  # 201 or 200 is decided under the write lock
    except ValidationError as error:
        raise ApiError(422, "invalid article", error.messages) from None
    except ArticleError as error:  # found by the indexer before anything is journaled (a body too long for NER)
        raise ApiError(422, "invalid article", {error.field or "_article": [str(error)]}) from None
    return ArticleSchema().dump(added), 200 if replaced else 201


@bp.delete("/articles/<article_id>")
def delete_article(article_id: str):
    """Delete an article.
    ---
    delete:
      security: [{bearer: []}]
      responses:
        204: {description: Deleted}
        401: Error
        403: Error
        404: Error
        503: Error
    """
    require_key()
    try:
        indexer().delete([article_id])
    except UnknownArticle:
        raise ApiError(404, f"no article with id {article_id!r}") from None
    return "", 204


@health.get("/healthz")
def healthz():
    """Liveness and index readiness.
    ---
    get:
      responses:
        200: {description: OK, content: {application/json: {schema: HealthSchema}}}
        503: Error
    """
    with engine().searcher() as searcher:
        documents = searcher.doc_count()
    return HealthSchema().dump({"status": "ok", "generation": engine().generation(), "documents": documents})
