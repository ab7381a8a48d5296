"""The OpenAPI document is generated from the API's views: every route is in it with its methods."""

from __future__ import annotations

from searchsvc.web.app import create_app
from searchsvc.web.openapi import API_BLUEPRINTS, ViewPlugin, openapi_spec

IGNORED_METHODS = {"HEAD", "OPTIONS"}


def undocumented(app) -> list[str]:
    """'METHOD /path' of each API route the app serves and its document leaves out."""
    spec = openapi_spec(app)
    missing = []
    for rule in app.url_map.iter_rules():
        if rule.endpoint.split(".")[0] not in API_BLUEPRINTS:
            continue
        operations = spec["paths"].get(ViewPlugin.flaskpath2openapi(rule.rule), {})
        missing += [
            f"{method} {rule.rule}"
            for method in sorted(rule.methods - IGNORED_METHODS)
            if "responses" not in operations.get(method.lower(), {})
        ]
    return missing


def references(node) -> list[str]:
    if isinstance(node, dict):
        return [node["$ref"]] if "$ref" in node else [ref for value in node.values() for ref in references(value)]
    return [ref for value in node for ref in references(value)] if isinstance(node, list) else []


def test_every_api_route_is_in_the_document_with_its_methods():
    app = create_app()
    assert undocumented(app) == []
    paths = openapi_spec(app)["paths"]
    assert set(paths["/api/articles/{article_id}"]) == {"get", "delete", "parameters"}
    assert set(paths["/api/articles"]) == {"post"}


def test_a_view_without_its_spec_is_reported():
    app = create_app()

    def plain():  # a docstring without YAML: no operation
        """A view someone forgot to describe."""
        return ""

    app.add_url_rule("/api/plain", endpoint="api.plain", view_func=plain, methods=["GET", "POST"])
    assert undocumented(app) == ["GET /api/plain", "POST /api/plain"]


def test_summaries_and_path_parameters_come_from_the_views():
    paths = openapi_spec(create_app())["paths"]
    assert (
        paths["/api/search"]["get"]["summary"] == "Ranked search with highlighted snippets, entity filters and facets"
    )
    [kind, name] = paths["/api/entities/{kind}/{name}"]["parameters"]
    assert kind == {
        "in": "path",
        "name": "kind",
        "required": True,
        "schema": {"type": "string", "enum": ["organizations", "people", "places"]},
    }
    assert name["name"] == "name" and name["schema"] == {"type": "string", "minLength": 1}


def test_each_view_names_its_schemas_and_every_reference_resolves():
    spec = openapi_spec(create_app())
    search = spec["paths"]["/api/search"]["get"]
    assert {p["name"] for p in search["parameters"]} >= {"q", "page", "per_page", "person", "from", "collapse"}
    assert search["responses"]["200"]["content"]["application/json"]["schema"] == {
        "$ref": "#/components/schemas/SearchPage"
    }
    assert search["responses"]["400"] == {"$ref": "#/components/responses/Error"}
    # shared by every operation, declared once: the rate limit, and the request line's limit for GETs
    assert spec["paths"]["/healthz"]["get"]["responses"]["429"] == {"$ref": "#/components/responses/Error"}
    assert spec["paths"]["/healthz"]["get"]["responses"]["414"] == {"$ref": "#/components/responses/TooLong"}
    assert "414" not in spec["paths"]["/api/articles/{article_id}"]["delete"]["responses"]
    post = spec["paths"]["/api/articles"]["post"]
    assert post["security"] == [{"bearer": []}] and set(post["responses"]) >= {"200", "201", "401", "422"}
    refs = references(spec)
    assert refs
    for ref in refs:
        _, section, kind, name = ref.split("/")
        assert name in spec[section][kind], ref


DEFAULTED = ("page", "per_page", "sort", "snippets", "fragment_size", "facet_size", "collapse")


def test_the_documents_defaults_are_what_the_api_does_when_a_parameter_is_left_out(client):
    """A client that sends the documented default gets the answer of one that leaves the parameter out."""
    parameters = {
        p["name"]: p["schema"]
        for p in client.get("/api/openapi.json").get_json()["paths"]["/api/search"]["get"]["parameters"]
    }
    documented = {name: parameters[name]["default"] for name in DEFAULTED}
    given = {name: str(value).lower() if isinstance(value, bool) else value for name, value in documented.items()}
    left_out = client.get("/api/search", query_string={"q": "chechnya"}).get_json()
    sent = client.get("/api/search", query_string={"q": "chechnya", **given}).get_json()
    assert left_out["total"] and {**sent, "took_ms": 0} == {**left_out, "took_ms": 0}
    assert (left_out["page"], left_out["per_page"], left_out["query"]) == (
        documented["page"],
        documented["per_page"],
        "chechnya",
    )
