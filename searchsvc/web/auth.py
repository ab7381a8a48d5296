"""Who may write: the API's bearer keys (SEARCHSVC_API_KEYS), asked of every write, from the API's
header or a page's form."""

from __future__ import annotations

import hmac

from flask import current_app, request

from .errors import ApiError
from .services import api_keys


def require_key(given: str | None = None) -> None:
    """Refuse the request unless it carries a valid key: `given` (a form's), else the Authorization
    header's bearer key. A read-only replica refuses every write."""
    if current_app.config["READ_ONLY"]:
        where = current_app.config["WRITES_GO_TO"] or "the primary service, which builds the index"
        raise ApiError(403, f"this is a read-only replica (SEARCHSVC_READ_ONLY): send writes to {where}")
    keys = api_keys()
    if not keys:
        raise ApiError(
            403,
            "writes are disabled: set SEARCHSVC_API_KEYS to one or more keys "
            "(comma-separated) and send 'Authorization: Bearer <key>'",
        )
    if given is None:
        scheme, _, given = request.headers.get("Authorization", "").partition(" ")
        given = given if scheme.lower() == "bearer" else ""
    if not any(hmac.compare_digest(given.strip().encode(), key.encode()) for key in keys):
        raise ApiError(
            401,
            "missing or invalid API key: send 'Authorization: Bearer <key>'",
            headers={"WWW-Authenticate": "Bearer"},
        )
