"""A request id on every request and response; with SEARCHSVC_LOG_FORMAT=json, one JSON access line per
request written by the app, and the request's id and route on the application's own log lines.

The JSON formatting itself is set up with gunicorn's logging (gunicorn_conf.py); here only fields.
Never logged: the query text (only its length) and any header, so never an API key.
"""

from __future__ import annotations

import logging
import re
import time
import uuid

from flask import Flask, current_app, g, has_request_context, request

REQUEST_ID_HEADER = "X-Request-ID"
GIVEN_ID = re.compile(r"[A-Za-z0-9._:-]{1,64}")  # a proxy's id is kept when it looks like one
access_log = logging.getLogger("searchsvc.access")


def init_app(app: Flask) -> None:
    """Register before any other extension, so that requests they refuse are timed and logged too."""
    app.before_request(_started)
    app.after_request(_finished)
    if not any(isinstance(f, RequestFields) for f in app.logger.filters):  # one logger for every app
        app.logger.addFilter(RequestFields())
    app.extensions["searchsvc.json_access_log"] = app.config["LOG_FORMAT"] == "json"


def request_id() -> str:
    """This request's id: the client's or proxy's X-Request-ID when sensible, else a new one."""
    if "request_id" not in g:
        given = request.headers.get(REQUEST_ID_HEADER, "")
        g.request_id = given if GIVEN_ID.fullmatch(given) else uuid.uuid4().hex
    return g.request_id


def elapsed() -> float | None:
    """Seconds since this request started, or None when it was refused before it was timed."""
    return time.perf_counter() - g.started if "started" in g else None


def request_fields() -> dict:
    """What identifies the current request in a log line."""
    fields: dict[str, str | int | None] = {
        "request_id": request_id(),
        "method": request.method,
        "path": request.path,
        "route": request.url_rule.rule if request.url_rule else None,
    }
    if "q" in request.args:
        fields["query_length"] = len(request.args["q"])
    return fields


class RequestFields(logging.Filter):
    """Add the current request's fields to records logged while a request is being answered."""

    def filter(self, record: logging.LogRecord) -> bool:
        if has_request_context():
            for key, value in request_fields().items():
                if not hasattr(record, key):
                    setattr(record, key, value)
        return True


def _started() -> None:
    g.started = time.perf_counter()
    request_id()


def _finished(response):
    response.headers[REQUEST_ID_HEADER] = request_id()
    if current_app.extensions.get("searchsvc.json_access_log"):
        seconds = elapsed()
        access_log.info(
            "%s %s %s",
            request.method,
            request.path,
            response.status_code,
            extra={
                **request_fields(),
                "status": response.status_code,
                "client": request.remote_addr,
                "duration_ms": round(seconds * 1000, 2) if seconds is not None else None,
            },
        )
    return response
