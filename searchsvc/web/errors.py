"""The one error shape, {"error": {"code", "message", "details"}}, and exceptions mapped to HTTP."""

from __future__ import annotations

from flask import Flask, jsonify, render_template, request
from marshmallow import ValidationError
from werkzeug.exceptions import HTTPException

from ..entities.annotate import EntitiesBusy
from ..index.generations import IndexMissing, LockBusy
from ..search.query import QueryError
from . import hard_stop
from .metrics import stopped

RETRY_AFTER_SECONDS = 2


class ApiError(Exception):
    """An error a view raises with its HTTP status."""

    def __init__(self, code: int, message: str, details=None, headers: dict | None = None):
        super().__init__(message)
        self.code, self.message, self.details, self.headers = code, message, details, headers or {}


def error_body(code: int, message: str, details=None) -> dict:
    return {"error": {"code": code, "message": message, "details": details}}


def _wants_html() -> bool:
    return not (request.path.startswith("/api") or request.path == "/healthz")


# the search page's parameters the search box carries (base.html), by the name base.html reads
KEPT_LISTS = {"people": "person", "organizations": "org", "places": "place"}
KEPT_VALUES = {"q": "q", "section": "section", "source": "source", "date_from": "from", "date_to": "to", "sort": "sort"}


def _search_box(details) -> dict:
    """The search as the user typed it, for the error page's search box: the query always, the other
    parameters unless the error is theirs (kept, they would repeat it)."""
    at_fault = {str(name).rstrip("_") for name in details} if isinstance(details, dict) else set()
    kept: dict = {
        key: request.args.getlist(param) if param not in at_fault else [] for key, param in KEPT_LISTS.items()
    }
    kept.update(
        {
            key: request.args.get(param, "") if param == "q" or param not in at_fault else ""
            for key, param in KEPT_VALUES.items()
        }
    )
    return kept


def respond(code: int, message: str, details=None, headers: dict | None = None):
    """Answer an error as JSON on the API and as HTML on the pages (keeping the search in its box)."""
    if _wants_html():
        html = render_template("error.html", code=code, message=message, details=details, args=_search_box(details))
        return html, code, headers or {}
    response = jsonify(error_body(code, message, details))
    response.status_code = code
    response.headers.update(headers or {})
    return response


def _try_again_shortly(message: str):
    """A handler for a write that waited too long for another: 503, come back after a moment."""

    def busy(error: Exception):
        return respond(503, message, str(error), {"Retry-After": str(RETRY_AFTER_SECONDS)})

    return busy


def init_app(app: Flask) -> None:
    @app.errorhandler(ApiError)
    def api_error(error: ApiError):
        return respond(error.code, error.message, error.details, error.headers)

    @app.errorhandler(ValidationError)
    def invalid_arguments(error: ValidationError):
        return respond(400, "invalid request parameters", error.messages)

    @app.errorhandler(QueryError)
    def bad_query(error: QueryError):
        return respond(400, str(error), {error.field: [str(error)]})

    @app.errorhandler(IndexMissing)
    def no_index(error: IndexMissing):
        return respond(503, "no index has been built yet", str(error), {"Retry-After": "30"})

    for wait, message in (
        (LockBusy, "the index is busy with another write; try again shortly"),
        (EntitiesBusy, "entity extraction is busy with other writes; try again shortly"),
    ):
        app.register_error_handler(wait, _try_again_shortly(message))

    @app.errorhandler(hard_stop.Overrun)
    def overrun(error: hard_stop.Overrun):
        hard_stop.disarm()
        stopped(request.endpoint)
        app.logger.warning("stopped %s after %g s (its time limit)", request.endpoint, error.seconds)
        return respond(
            503,
            f"{error}: narrow the search (fewer words or queries) or try again later",
            {"limit_seconds": error.seconds},
            {"Retry-After": str(RETRY_AFTER_SECONDS)},
        )

    @app.errorhandler(HTTPException)
    def http_error(error: HTTPException):
        headers = {k: v for k, v in error.get_headers() if k.lower() in ("retry-after", "allow")}
        if error.code == 429 and "Retry-After" not in headers:
            headers["Retry-After"] = "60"
        return respond(error.code or 500, error.description or error.name, None, headers)

    @app.errorhandler(Exception)
    def unexpected(error: Exception):
        app.logger.exception("unexpected error on %s", request.path)
        return respond(500, "internal error; it has been logged")
