"""create_app(): the Flask app of the API, the pages and the feeds."""

from __future__ import annotations

from pathlib import Path

from flask import Flask
from flask.json.provider import DefaultJSONProvider

from ..settings import BY_NAME, load_settings, unknown_settings
from . import (
    api,
    atom,
    correction_pages,
    corrections_api,
    errors,
    logs,
    metrics,
    pages,
    quote_pages,
    quotes_api,
    services,
)


class WrittenJSON(DefaultJSONProvider):
    """JSON as the views write it: letters as they are (not \\u escapes), keys in the views' order."""

    ensure_ascii = False
    sort_keys = False


def create_app(test_config: dict | None = None) -> Flask:
    """Build the app: settings typed by load_settings() (defaults, SEARCHSVC_* variables, the caller's
    values of settings), then the caller's other Flask config (TESTING...)."""
    # named "searchsvc" (its logger too), with templates and static files beside this module
    app = Flask("searchsvc", root_path=str(Path(__file__).parent))
    given = test_config or {}
    app.config.from_mapping(load_settings(overrides={k: v for k, v in given.items() if k in BY_NAME}))
    app.config.update({k: v for k, v in given.items() if k not in BY_NAME})
    app.json = WrittenJSON(app)

    logs.init_app(app)  # first: its request id and timing cover requests the rate limiter refuses
    for line in unknown_settings():
        app.logger.warning(line)
    services.init_app(app)
    metrics.init_app(app)
    errors.init_app(app)
    app.register_blueprint(api.bp)
    app.register_blueprint(api.health)
    app.register_blueprint(corrections_api.bp)
    app.register_blueprint(quotes_api.bp)
    # a load balancer's health checks never use up a client's limit (one limit counts every route)
    app.extensions["searchsvc.limiter"].exempt(api.health)
    app.register_blueprint(pages.bp)
    app.register_blueprint(atom.bp)
    app.register_blueprint(correction_pages.bp)
    app.register_blueprint(quote_pages.bp)
    return app
