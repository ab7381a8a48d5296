"""The per-process engine, indexer and rate limiter an app uses, built from its config."""

from __future__ import annotations

import json

from flask import Flask, current_app, request
from flask_limiter import Limiter
from flask_limiter.util import get_remote_address

from ..index.indexer import Indexer
from ..search.batch import MAX_QUERIES, queries_from_csv, queries_from_lines
from ..search.engine import Engine
from . import hard_stop


def init_app(app: Flask) -> None:
    root = app.config["INDEX_DIR"]
    app.extensions["searchsvc.engine"] = Engine(root, page_cache=app.config["PAGE_CACHE"])
    app.extensions["searchsvc.indexer"] = Indexer(
        root=root,
        model=app.config["SPACY_MODEL"],
        workers=1,
        write_timeout=app.config["WRITE_TIMEOUT"],
        isolate_ner=True,
        ner_timeout=app.config["NER_TIMEOUT"] or None,
    )
    if not app.config["READ_ONLY"]:  # the journal is the write-ahead log: apply what a killed write left
        app.extensions["searchsvc.indexer"].recover()
    limit = app.config["RATELIMIT"]
    # one limit per client over every route (an application limit: not one count per route), where a
    # batch costs one request per query; a shared storage (redis://) makes it hold across workers, and
    # while it is unreachable each worker counts on its own rather than failing requests. A moving
    # window counts only what it lets through: a refused batch of 1,000 does not use up the next minute
    app.extensions["searchsvc.limiter"] = Limiter(
        get_remote_address,
        app=app,
        application_limits=[limit] if limit else [],
        strategy="moving-window",
        application_limits_cost=searches_asked,
        storage_uri=app.config["RATELIMIT_STORAGE"],
        key_prefix="searchsvc",
        in_memory_fallback_enabled=True,
        headers_enabled=True,
        enabled=bool(limit),
    )
    hard_stop.init_app(app)


def searches_asked() -> int:
    """What a request costs against the rate limit: a batch, one per query (at most MAX_QUERIES, as
    more are refused); any other request, one."""
    if request.method != "POST" or request.endpoint not in hard_stop.BATCHES:
        return 1
    try:
        if request.endpoint == "api.batch_search":
            queries = json.loads(request.get_data()).get("queries")  # kept: the view reads it again
            count = len(queries) if isinstance(queries, list) else 1
        else:
            upload = request.files.get("file")
            if upload and upload.filename:
                count = len(queries_from_csv(upload.read().decode("utf-8", "replace")))
                upload.seek(0)
            else:
                count = len(queries_from_lines(request.form.get("queries", "")))
    except (ValueError, AttributeError, RecursionError):
        return 1  # not a batch the view will run: it answers the error
    return min(max(count, 1), MAX_QUERIES)


def engine() -> Engine:
    return current_app.extensions["searchsvc.engine"]


def indexer() -> Indexer:
    return current_app.extensions["searchsvc.indexer"]


def query_budget() -> float:
    """Seconds a search may take before it answers with what it found."""
    return current_app.config["QUERY_TIMEOUT"]


def batch_budget() -> float:
    """Seconds a whole batch may take; past it the remaining queries answer `timed_out`."""
    return current_app.config["BATCH_TIMEOUT"]


def api_keys() -> tuple[str, ...]:
    return current_app.config["API_KEYS"]
