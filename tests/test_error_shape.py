"""Every error kind answers the one shape: {"error": {"code", "message", "details"}}."""

from __future__ import annotations

import json

import pytest

from .conftest import AUTH, write_lock_held_by_another_process

pytestmark = pytest.mark.usefixtures("warm_seeds")  # writes' entities from a warm server: NER is not tested here


class StartsWith:
    """Equal to any text that starts with `start`: for a message that names a moment's value (a path,
    the JSON parser's words), where the rest of the body is compared whole."""

    def __init__(self, start: str):
        self.start = start

    def __eq__(self, other) -> bool:
        return isinstance(other, str) and other.startswith(self.start)

    def __repr__(self) -> str:
        return f"StartsWith({self.start!r})"


def assert_error(response, code, message, details=None):
    """The whole answer a client reads: the status, JSON, and the body {"error": {code, message,
    details}} with this message and these details, nothing more."""
    assert (response.status_code, response.mimetype) == (code, "application/json")
    assert response.get_json() == {"error": {"code": code, "message": message, "details": details}}
    return response.get_json()["error"]


INVALID = "invalid request parameters"
UNKNOWN_PARAMETER = ["unknown parameter: a typo? /api/openapi.json lists the parameters"]
BUSY = "the index is busy with another write; try again shortly"


def test_400_bad_parameter(client):
    assert_error(client.get("/api/search?page=zero"), 400, INVALID, {"page": ["Not a valid integer."]})


@pytest.mark.parametrize("path", ["/api/search?q=blair&plce=UK", "/api/search/export?q=blair&fromat=jsonl"])
def test_400_a_misspelt_parameter_is_named_not_ignored(client, path):
    misspelt = path.rsplit("&", 1)[1].split("=")[0]
    assert_error(client.get(path), 400, INVALID, {misspelt: UNKNOWN_PARAMETER})


def test_the_page_ignores_parameters_it_does_not_know(client):
    response = client.get("/?q=visas&utm_source=newsletter")
    page = response.get_data(as_text=True)
    assert (response.status_code, response.mimetype) == (200, "text/html")
    assert "to Gay Chechen Men Fleeing Persecution" in page and "utm_source" not in page  # found, not echoed


def test_400_body_not_json(client):
    response = client.post("/api/articles", data="{not json", headers={**AUTH, "Content-Type": "application/json"})
    assert_error(response, 400, StartsWith("body is not valid JSON: Expecting property name"))


def test_401_missing_or_wrong_key(client):
    message = "missing or invalid API key: send 'Authorization: Bearer <key>'"
    for response in (
        client.post("/api/articles", json={"title": "t", "body": "b"}),
        client.delete("/api/articles/x", headers={"Authorization": "Bearer nope"}),
    ):
        assert_error(response, 401, message)
        assert response.headers["WWW-Authenticate"] == "Bearer"


def test_403_when_writes_are_not_enabled(index_dir, make_app):
    client = make_app({"INDEX_DIR": str(index_dir), "API_KEYS": ""}).test_client()
    response = client.post("/api/articles", json={"title": "t", "body": "b"}, headers=AUTH)
    assert_error(
        response,
        403,
        "writes are disabled: set SEARCHSVC_API_KEYS to one or more keys (comma-separated) and send "
        "'Authorization: Bearer <key>'",
    )


def test_404_unknown_article_and_route(client):
    assert_error(client.get("/api/articles/missing"), 404, "no article with id 'missing'")
    assert_error(client.get("/api/nothing-here"), 404, StartsWith("The requested URL was not found on the server."))


def test_405_wrong_method(client):
    response = client.put("/api/search")
    assert_error(response, 405, "The method is not allowed for the requested URL.")
    assert set(response.headers["Allow"].split(", ")) == {"GET", "HEAD", "OPTIONS"}


def test_413_body_too_large(index_dir, make_app):
    app = make_app({"INDEX_DIR": str(index_dir), "API_KEYS": "test-key", "MAX_CONTENT_LENGTH": 1000})
    response = app.test_client().post("/api/articles", json={"title": "t", "body": "b" * 5000}, headers=AUTH)
    assert_error(response, 413, StartsWith("The data value transmitted exceeds the capacity limit."))


@pytest.mark.parametrize(
    "body, details",
    [
        ({"title": "no body"}, {"body": ["Missing data for required field."]}),
        ({"body": "no title"}, {"title": ["Missing data for required field."]}),
        ({"title": "t", "body": "b", "id": "bad id!"}, {"id": ["String does not match expected pattern."]}),
        (
            {"title": "t", "body": "b", "published": "not a date"},
            {"published": ["cannot read 'not a date' as a date; use ISO 8601 or a printed date"]},
        ),
        ({"title": ["x"], "body": "b"}, {"title": ["Not a valid string."]}),
        ({"title": "t", "body": "b", "tags": 5}, {"tags": ["Not a valid list."]}),
    ],
)
def test_422_invalid_article_names_the_field(client, body, details):
    assert_error(client.post("/api/articles", json=body, headers=AUTH), 422, "invalid article", details)


def test_422_deeply_nested_json(client):
    nested = "[" * 5000 + "]" * 5000
    response = client.post(
        "/api/articles",
        data=json.dumps({"title": "t", "body": "b"})[:-1] + f', "x": {nested}}}',
        headers={**AUTH, "Content-Type": "application/json"},
    )
    assert_error(response, 422, "JSON nested deeper than 20 levels or with more than 10,000 containers")


def test_429_rate_limited(index_dir, make_app):
    client = make_app({"INDEX_DIR": str(index_dir), "RATELIMIT": "3/minute"}).test_client()
    for _ in range(3):
        assert client.get("/api/search?q=chechnya").status_code == 200
    response = client.get("/api/search?q=chechnya")
    assert_error(response, 429, "3 per 1 minute")
    assert int(response.headers["Retry-After"]) > 0


@pytest.mark.parametrize("content_type", ["application/x-www-form-urlencoded", "text/plain"])
def test_415_body_not_json(client, content_type):
    response = client.post("/api/articles", data='{"title": "t", "body": "b"}', headers=AUTH, content_type=content_type)
    assert_error(response, 415, "send the body as JSON (Content-Type: application/json)")


def test_500_unexpected_error_is_logged_and_shaped(index_dir, monkeypatch, make_app, caplog):
    app = make_app({"INDEX_DIR": str(index_dir), "TESTING": False})

    def broken(*args, **kwargs):
        raise RuntimeError("boom")

    monkeypatch.setattr("searchsvc.search.ranked.stats", broken)
    assert_error(app.test_client().get("/api/stats"), 500, "internal error; it has been logged")
    [record] = [r for r in caplog.records if r.levelname == "ERROR"]
    assert "/api/stats" in record.getMessage() and "RuntimeError: boom" in caplog.text  # with its traceback


def test_503_when_no_index(tmp_path, make_app):
    client = make_app({"INDEX_DIR": str(tmp_path / "empty")}).test_client()
    missing = "no index has been built yet", StartsWith("no index in ")
    assert_error(client.get("/healthz"), 503, *missing)
    response = client.get("/api/search?q=x")
    assert_error(response, 503, *missing)
    assert response.headers["Retry-After"]


def test_503_when_the_write_lock_is_held(app, client):
    with app.extensions["searchsvc.indexer"].generations.write_lock(1):
        response = client.post("/api/articles", json={"title": "t", "body": "b"}, headers=AUTH)
    assert_error(response, 503, BUSY, StartsWith(""))
    assert response.headers["Retry-After"] == "2"


def test_503_when_another_process_holds_the_write_lock(client, index_dir):
    with write_lock_held_by_another_process(index_dir):
        response = client.post("/api/articles", json={"title": "t", "body": "b"}, headers=AUTH)
    error = assert_error(response, 503, BUSY, StartsWith(""))
    assert "another process" in error["details"] and response.headers["Retry-After"] == "2"


@pytest.mark.parametrize(
    "query, message",
    [
        ("url:x", StartsWith("'url:' is not a field you can search; the fields are title:, subtitle:, body:")),
        ("blair AND", StartsWith("'AND' at the end of the query joins nothing: write a word after it")),
        ("NOT NOT NOT blair", StartsWith("'NOT NOT' excludes twice: write NOT once to leave a word out")),
    ],
)
def test_400_a_query_that_cannot_mean_what_it_says_names_q(client, query, message):
    error = assert_error(client.get("/api/search", query_string={"q": query}), 400, message, {"q": [message]})
    assert error["details"] == {"q": [error["message"]]}  # the same words under the parameter at fault
