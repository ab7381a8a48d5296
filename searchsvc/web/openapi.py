"""The OpenAPI document, generated from the API's views: each view's docstring gives its summary (the
first line) and its operation (YAML after `---`, read by apispec's FlaskPlugin), its URL rule gives
the path and the path parameters, and the marshmallow schemas it names become components."""

from __future__ import annotations

from apispec import APISpec
from apispec.ext.marshmallow import MarshmallowPlugin
from apispec_webframeworks.flask import FlaskPlugin
from flask import Flask
from werkzeug.routing import AnyConverter
from werkzeug.routing.converters import NumberConverter

API_BLUEPRINTS = (
    "api",
    "health",
    "corrections",
    "quotes",
)  # the pages and the feeds answer HTML and Atom, not this API
# shared responses: a view's YAML says `404: Error`
RESPONSES: dict[str, dict] = {
    "Error": {"description": "Error", "content": {"application/json": {"schema": "ErrorSchema"}}},
    "TooLong": {"description": "Request line over 8 KB, refused by the server before the app sees it"},
}
# what any route may answer, so no view repeats it: the rate limit holds for every route, and a GET
# carries its arguments in the request line, which gunicorn refuses past 8 KB
EVERY_OPERATION = {429: "Error"}
EVERY_GET = {414: "TooLong"}


class ViewPlugin(FlaskPlugin):
    """FlaskPlugin, with path parameters from the rule's converters, summaries from docstrings and the
    responses every operation shares."""

    def path_helper(self, path=None, operations=None, parameters=None, *, view=None, app=None, **kwargs):
        path = super().path_helper(path, operations, parameters, view=view, app=app, **kwargs)
        rule = self._rule_for_view(view, app=app)
        # werkzeug keeps a rule's converters private; flask-smorest reads them the same way
        parameters.extend(
            {"in": "path", "name": name, "required": True, "schema": _path_schema(converter)}
            for name, converter in rule._converters.items()
        )
        return path

    def operation_helper(self, path=None, operations=None, *, view=None, **kwargs):
        summary = (view.__doc__ or "").split("---", 1)[0].strip().split("\n", 1)[0].rstrip(".")
        for method, operation in operations.items():
            if summary:
                operation.setdefault("summary", summary)
            if "responses" in operation:
                shared = {**EVERY_OPERATION, **(EVERY_GET if method == "get" else {})}
                operation["responses"] = {**operation["responses"], **shared}


def _path_schema(converter) -> dict:
    if isinstance(converter, AnyConverter):
        return {"type": "string", "enum": sorted(converter.items)}
    if isinstance(converter, NumberConverter):
        return {"type": "integer" if converter.num_convert is int else "number"}
    return {"type": "string", "minLength": 1}  # werkzeug's string and path converters match 1 character or more


def openapi_spec(app: Flask) -> dict:
    """Return the OpenAPI document of the app's API views, built on first use."""
    if "searchsvc.openapi" not in app.extensions:
        app.extensions["searchsvc.openapi"] = _document(app)
    return app.extensions["searchsvc.openapi"]


def _document(app: Flask) -> dict:
    spec = APISpec(
        title="searchsvc",
        version="1.0.0",
        openapi_version="3.0.3",
        plugins=[ViewPlugin(), MarshmallowPlugin()],
        info={"description": "Full-text and entity search over news archives."},
    )
    spec.components.security_scheme("bearer", {"type": "http", "scheme": "bearer"})
    for name, response in RESPONSES.items():
        spec.components.response(name, response)
    for rule in app.url_map.iter_rules():
        if rule.endpoint.split(".")[0] in API_BLUEPRINTS:
            spec.path(view=app.view_functions[rule.endpoint], app=app)
    return spec.to_dict()
