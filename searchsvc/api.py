"""Blueprint /api: thin JSON views over the search engine and the indexer."""
from __future__ import annotations

import hmac
import json

from flask import Blueprint, request
from marshmallow import ValidationError

from . import search as searching
from .articles import ArticleError
from .errors import ApiError
from .indexer import UnknownArticle
from .metrics import searched
from .openapi import openapi_spec
from .present import article_data, built_at, hit_data, page_data
from .readers.records import article_from_record
from .related import duplicates_of
from .schemas import (ArticleSchema, EntityArgs, EntityListSchema, HealthSchema, LimitArgs, RelatedSchema,
                      SearchArgs, SearchPageSchema, StatsSchema)
from .services import api_keys, engine, indexer, query_budget
from .snippets import highlight_text, lead

bp = Blueprint("api", __name__, url_prefix="/api")
health = Blueprint("health", __name__)
MAX_JSON_DEPTH = 20
RELATED_LEAD = 160  # characters of each related article's lead
# schemas built once: building them per request cost half a millisecond
SEARCH_ARGS, SEARCH_PAGE = SearchArgs(), SearchPageSchema()


def search_request(args: dict) -> searching.SearchRequest:
    """Loaded SearchArgs -> the engine's SearchRequest."""
    return searching.SearchRequest(
        q=args["q"], page=args["page"], per_page=args["per_page"], sort=args["sort"],
        people=tuple(args["person"]), organizations=tuple(args["org"]), places=tuple(args["place"]),
        categories=tuple(args["category"]),
        section=args["section"], source=args["source"], date_from=args["from_"], date_to=args["to"],
        snippets=args["snippets"], fragment_size=args["fragment_size"], facet_size=args["facet_size"],
        collapse=args["collapse"])


@bp.get("/search")
def search():
    wanted = search_request(SEARCH_ARGS.load(request.args))
    with engine().searcher() as searcher:
        page = searching.search(searcher, wanted, query_budget(), engine().names(), engine().duplicates())
    searched(page)
    return SEARCH_PAGE.dump(page_data(page))


@bp.get("/articles/<article_id>")
def get_article(article_id: str):
    with engine().searcher() as searcher:
        article = searching.get_article(searcher, article_id)
    if article is None:
        raise ApiError(404, f"no article with id {article_id!r}")
    return ArticleSchema().dump(article_data(article))


@bp.get("/articles/<article_id>/related")
def related(article_id: str):
    limit = LimitArgs().load(request.args)["limit"]
    groups = engine().duplicates()
    with engine().searcher() as searcher:
        if searching.get_article(searcher, article_id) is None:
            raise ApiError(404, f"no article with id {article_id!r}")
        found = searching.related(searcher, article_id, limit, groups)
        copies = duplicates_of(searcher, article_id, groups)
    hits = [{**_brief(r.article, r.score), "shared": r.shared} for r in found]
    return RelatedSchema().dump({"id": article_id, "related": hits,
                                 "duplicates": [_brief(a, None) for a in copies]})


def _brief(article, score: float | None) -> dict:
    """An article as a hit with its lead for a snippet (related lists, duplicates)."""
    return hit_data(searching.Hit(article, score, highlight_text(article.title), [lead(article.body, RELATED_LEAD)]))


@bp.get("/entities")
def entities():
    args = EntityArgs().load(request.args)
    with engine().searcher() as searcher:
        found = searching.entity_counts(searcher, args["type"], args["prefix"], args["limit"])
    return EntityListSchema().dump({"type": args["type"], "entities": found})


@bp.get("/stats")
def stats():
    with engine().searcher() as searcher:
        data = searching.stats(searcher)
    data["generation"] = engine().generation()
    data["built_at"] = built_at(data["generation"])
    return StatsSchema().dump(data)


@bp.get("/openapi.json")
def openapi():
    return openapi_spec()


def require_key() -> None:
    keys = api_keys()
    if not keys:
        raise ApiError(403, "writes are disabled: set SEARCHSVC_API_KEYS to one or more keys "
                            "(comma-separated) and send 'Authorization: Bearer <key>'")
    scheme, _, given = request.headers.get("Authorization", "").partition(" ")
    valid = any(hmac.compare_digest(given.strip().encode(), key.encode()) for key in keys)
    if scheme.lower() != "bearer" or not valid:
        raise ApiError(401, "missing or invalid API key: send 'Authorization: Bearer <key>'",
                       headers={"WWW-Authenticate": "Bearer"})


def _json_body() -> object:
    if not request.is_json:
        raise ApiError(415 if request.data else 400, "send the article as JSON (Content-Type: application/json)")
    raw = request.get_data(cache=False)
    if raw.count(b"[") + raw.count(b"{") > 10_000 or _depth(raw) > MAX_JSON_DEPTH:
        raise ApiError(422, f"JSON nested deeper than {MAX_JSON_DEPTH} levels or too many containers")
    try:
        return json.loads(raw)
    except (ValueError, RecursionError) as error:
        raise ApiError(400, f"body is not valid JSON: {error}") from None


def _depth(raw: bytes) -> int:
    """Nesting depth of JSON text, counted without parsing (strings may hold brackets: an upper bound)."""
    depth = deepest = 0
    for byte in raw:
        if byte in b"[{":
            depth += 1
            deepest = max(deepest, depth)
        elif byte in b"]}":
            depth -= 1
    return deepest


@bp.post("/articles")
def post_article():
    require_key()
    data = _json_body()
    try:
        loaded = ArticleSchema().load(data)
        article = article_from_record(loaded, origin="api")
    except ValidationError as error:
        raise ApiError(422, "invalid article", error.messages) from None
    except ArticleError as error:
        raise ApiError(422, "invalid article", {error.field or "_article": [str(error)]}) from None
    with engine().searcher() as searcher:
        existed = searching.get_article(searcher, article.id) is not None
    [added] = indexer().add([article])
    return ArticleSchema().dump(article_data(added)), 200 if existed else 201


@bp.delete("/articles/<article_id>")
def delete_article(article_id: str):
    require_key()
    try:
        indexer().delete([article_id])
    except UnknownArticle:
        raise ApiError(404, f"no article with id {article_id!r}") from None
    return "", 204


@health.get("/healthz")
def healthz():
    with engine().searcher() as searcher:
        documents = searcher.doc_count()
    return HealthSchema().dump({"status": "ok", "generation": engine().generation(), "documents": documents})
