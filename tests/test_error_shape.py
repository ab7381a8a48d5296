"""Every error kind answers the one shape: {"error": {"code", "message", "details"}}."""

from __future__ import annotations

import json

import pytest

from .conftest import AUTH, write_lock_held_by_another_process

pytestmark = pytest.mark.usefixtures("warm_seeds")  # writes' entities from a warm server: NER is not tested here


def assert_error(response, code):
    assert response.status_code == code
    assert response.is_json
    body = response.get_json()
    assert set(body) == {"error"} and set(body["error"]) == {"code", "message", "details"}
    assert body["error"]["code"] == code and body["error"]["message"]
    return body["error"]


def test_400_bad_parameter(client):
    assert_error(client.get("/api/search?page=zero"), 400)


@pytest.mark.parametrize("path", ["/api/search?q=blair&plce=UK", "/api/search/export?q=blair&fromat=jsonl"])
def test_400_a_misspelt_parameter_is_named_not_ignored(client, path):
    error = assert_error(client.get(path), 400)
    misspelt = path.rsplit("&", 1)[1].split("=")[0]
    assert misspelt in json.dumps(error["details"]) and "openapi.json" in json.dumps(error["details"])


def test_the_page_ignores_parameters_it_does_not_know(client):
    assert client.get("/?q=blair&utm_source=newsletter").status_code == 200


def test_400_body_not_json(client):
    response = client.post("/api/articles", data="{not json", headers={**AUTH, "Content-Type": "application/json"})
    assert_error(response, 400)


def test_401_missing_or_wrong_key(client):
    assert_error(client.post("/api/articles", json={"title": "t", "body": "b"}), 401)
    error = assert_error(client.delete("/api/articles/x", headers={"Authorization": "Bearer nope"}), 401)
    assert "Bearer" in error["message"]


def test_403_when_writes_are_not_enabled(index_dir, make_app):
    client = make_app({"INDEX_DIR": str(index_dir), "API_KEYS": ""}).test_client()
    error = assert_error(client.post("/api/articles", json={"title": "t", "body": "b"}, headers=AUTH), 403)
    assert "SEARCHSVC_API_KEYS" in error["message"]


def test_404_unknown_article_and_route(client):
    assert_error(client.get("/api/articles/missing"), 404)
    assert_error(client.get("/api/nothing-here"), 404)


def test_405_wrong_method(client):
    response = client.put("/api/search")
    assert_error(response, 405)
    assert "GET" in response.headers["Allow"]


def test_413_body_too_large(index_dir, make_app):
    app = make_app({"INDEX_DIR": str(index_dir), "API_KEYS": "test-key", "MAX_CONTENT_LENGTH": 1000})
    response = app.test_client().post("/api/articles", json={"title": "t", "body": "b" * 5000}, headers=AUTH)
    assert_error(response, 413)


@pytest.mark.parametrize(
    "body",
    [
        {"title": "no body"},
        {"body": "no title"},
        {"title": "t", "body": "b", "id": "bad id!"},
        {"title": "t", "body": "b", "published": "not a date"},
        {"title": ["x"], "body": "b"},
        {"title": "t", "body": "b", "tags": 5},
    ],
)
def test_422_invalid_article(client, body):
    error = assert_error(client.post("/api/articles", json=body, headers=AUTH), 422)
    assert error["details"]


def test_422_deeply_nested_json(client):
    nested = "[" * 5000 + "]" * 5000
    response = client.post(
        "/api/articles",
        data=json.dumps({"title": "t", "body": "b"})[:-1] + f', "x": {nested}}}',
        headers={**AUTH, "Content-Type": "application/json"},
    )
    assert_error(response, 422)


def test_429_rate_limited(index_dir, make_app):
    client = make_app({"INDEX_DIR": str(index_dir), "RATELIMIT": "3/minute"}).test_client()
    for _ in range(3):
        assert client.get("/api/search?q=chechnya").status_code == 200
    response = client.get("/api/search?q=chechnya")
    assert_error(response, 429)
    assert int(response.headers["Retry-After"]) > 0


@pytest.mark.parametrize("content_type", ["application/x-www-form-urlencoded", "text/plain"])
def test_415_body_not_json(client, content_type):
    response = client.post("/api/articles", data='{"title": "t", "body": "b"}', headers=AUTH, content_type=content_type)
    error = assert_error(response, 415)
    assert "application/json" in error["message"]


def test_500_unexpected_error_is_logged_and_shaped(index_dir, monkeypatch, make_app, caplog):
    app = make_app({"INDEX_DIR": str(index_dir), "TESTING": False})

    def broken(*args, **kwargs):
        raise RuntimeError("boom")

    monkeypatch.setattr("searchsvc.search.ranked.stats", broken)
    error = assert_error(app.test_client().get("/api/stats"), 500)
    assert "boom" not in error["message"]
    [record] = [r for r in caplog.records if r.levelname == "ERROR"]
    assert "/api/stats" in record.getMessage() and "RuntimeError: boom" in caplog.text  # with its traceback


def test_503_when_no_index(tmp_path, make_app):
    client = make_app({"INDEX_DIR": str(tmp_path / "empty")}).test_client()
    assert_error(client.get("/healthz"), 503)
    response = client.get("/api/search?q=x")
    assert_error(response, 503)
    assert response.headers["Retry-After"]


def test_503_when_the_write_lock_is_held(app, client):
    with app.extensions["searchsvc.indexer"].generations.write_lock(1):
        response = client.post("/api/articles", json={"title": "t", "body": "b"}, headers=AUTH)
    assert_error(response, 503)
    assert response.headers["Retry-After"] == "2"


def test_503_when_another_process_holds_the_write_lock(client, index_dir):
    with write_lock_held_by_another_process(index_dir):
        response = client.post("/api/articles", json={"title": "t", "body": "b"}, headers=AUTH)
    error = assert_error(response, 503)
    assert "another process" in error["details"] and response.headers["Retry-After"] == "2"


@pytest.mark.parametrize("query", ["url:x", "blair AND", "NOT NOT NOT blair"])
def test_400_a_query_that_cannot_mean_what_it_says_names_q(client, query):
    error = assert_error(client.get("/api/search", query_string={"q": query}), 400)
    assert error["details"] == {"q": [error["message"]]}
    assert "STORED" not in error["message"] and "list index" not in error["message"]
