"""searchsvc: full-text and entity search over news archives."""
from __future__ import annotations

from typing import TYPE_CHECKING

from .settings import defaults

if TYPE_CHECKING:
    from flask import Flask


def create_app(test_config: dict | None = None) -> Flask:
    """Build the app: defaults, then SEARCHSVC_* variables, then the caller's settings."""
    from flask import Flask  # here, so that the command line does not load the web stack

    app = Flask(__name__)
    app.config.from_mapping(defaults())
    app.config.from_prefixed_env("SEARCHSVC")
    if test_config:
        app.config.update(test_config)
    app.config["MAX_CONTENT_LENGTH"] = int(app.config["MAX_CONTENT_LENGTH"])
    app.json.ensure_ascii = False
    app.json.sort_keys = False

    from . import api, atom, errors, logs, metrics, pages, services

    logs.init_app(app)  # first: its request id and timing cover requests the rate limiter refuses
    services.init_app(app)
    metrics.init_app(app)
    errors.init_app(app)
    app.register_blueprint(api.bp)
    app.register_blueprint(api.health)
    app.register_blueprint(pages.bp)
    app.register_blueprint(atom.bp)
    return app
