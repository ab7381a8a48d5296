"""The per-process engine, indexer and rate limiter an app uses, built from its config."""
from __future__ import annotations

from flask import Flask, current_app
from flask_limiter import Limiter
from flask_limiter.util import get_remote_address

from ..search.engine import Engine
from ..index.indexer import Indexer


def init_app(app: Flask) -> None:
    root = app.config["INDEX_DIR"]
    app.extensions["searchsvc.engine"] = Engine(root, page_cache=app.config["PAGE_CACHE"])
    app.extensions["searchsvc.indexer"] = Indexer(
        root=root, model=app.config["SPACY_MODEL"], workers=1, write_timeout=app.config["WRITE_TIMEOUT"],
        isolate_ner=True)
    limit = app.config["RATELIMIT"]
    # a shared storage (redis://) makes the limit hold across workers; while it is unreachable,
    # each worker counts on its own rather than failing requests
    app.extensions["searchsvc.limiter"] = Limiter(
        get_remote_address, app=app, default_limits=[limit] if limit else [],
        storage_uri=app.config["RATELIMIT_STORAGE"], key_prefix="searchsvc",
        in_memory_fallback_enabled=True, headers_enabled=True, enabled=bool(limit))


def engine() -> Engine:
    return current_app.extensions["searchsvc.engine"]


def indexer() -> Indexer:
    return current_app.extensions["searchsvc.indexer"]


def query_budget() -> float:
    """Seconds a search may take before it answers with what it found."""
    return current_app.config["QUERY_TIMEOUT"]


def api_keys() -> tuple[str, ...]:
    return current_app.config["API_KEYS"]
