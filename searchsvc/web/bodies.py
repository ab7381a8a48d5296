"""A write's JSON body, read with limits: what it must be, how deep and how many containers."""

from __future__ import annotations

import json

from flask import request

from .errors import ApiError

MAX_JSON_DEPTH = 20
MAX_JSON_CONTAINERS = 10_000  # arrays and objects in one request body


def json_body() -> object:
    if not request.is_json:
        # get_data, not .data: werkzeug leaves .data empty for a form post (`curl -d` sends one)
        raise ApiError(415 if request.get_data() else 400, "send the body as JSON (Content-Type: application/json)")
    too_deep = f"JSON nested deeper than {MAX_JSON_DEPTH} levels or with more than {MAX_JSON_CONTAINERS:,} containers"
    try:
        data = json.loads(request.get_data(cache=False))
    except RecursionError:  # nested far deeper than the limit: Python's parser gives up first
        raise ApiError(422, too_deep) from None
    except ValueError as error:
        raise ApiError(400, f"body is not valid JSON: {error}") from None
    depth, containers = _shape(data)
    if depth > MAX_JSON_DEPTH or containers > MAX_JSON_CONTAINERS:
        raise ApiError(422, too_deep)
    return data


def _shape(data: object) -> tuple[int, int]:
    """Nesting depth and number of arrays and objects of parsed JSON (brackets inside strings are text)."""
    deepest = containers = 0
    pending = [(data, 1)]
    while pending:
        value, depth = pending.pop()
        if isinstance(value, (dict, list)):
            containers += 1
            deepest = max(deepest, depth)
            pending.extend((child, depth + 1) for child in (value.values() if isinstance(value, dict) else value))
    return deepest, containers
