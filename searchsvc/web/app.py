"""create_app(): the Flask app of the API, the pages and the feeds."""
from __future__ import annotations

from pathlib import Path

from flask import Flask

from ..settings import defaults
from . import api, atom, errors, logs, metrics, pages, services


def create_app(test_config: dict | None = None) -> Flask:
    """Build the app: defaults, then SEARCHSVC_* variables, then the caller's settings."""
    # named "searchsvc" (its logger too), with templates and static files beside this module
    app = Flask("searchsvc", root_path=str(Path(__file__).parent))
    app.config.from_mapping(defaults())
    app.config.from_prefixed_env("SEARCHSVC")
    if test_config:
        app.config.update(test_config)
    app.config["MAX_CONTENT_LENGTH"] = int(app.config["MAX_CONTENT_LENGTH"])
    app.json.ensure_ascii = False
    app.json.sort_keys = False

    logs.init_app(app)  # first: its request id and timing cover requests the rate limiter refuses
    services.init_app(app)
    metrics.init_app(app)
    errors.init_app(app)
    app.register_blueprint(api.bp)
    app.register_blueprint(api.health)
    app.register_blueprint(pages.bp)
    app.register_blueprint(atom.bp)
    return app
