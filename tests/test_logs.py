"""Request ids, and JSON log lines an operator can search: the app's own and one access line per request."""

from __future__ import annotations

import io
import json
import logging

import pytest
from pythonjsonlogger.json import JsonFormatter

from devtools.server import get, gunicorn
from searchsvc.web.logs import access_log

KEY = "json-log-secret-key"


@pytest.fixture
def json_lines():
    """Collect the app's and the access log's records as JSON lines, as gunicorn_conf.py formats them."""
    stream = io.StringIO()
    handler = logging.StreamHandler(stream)
    handler.setFormatter(JsonFormatter(["levelname", "name", "process", "message"], timestamp=True))
    app_log = logging.getLogger("searchsvc")  # searchsvc.access's records reach its handlers too
    levels = [logger.level for logger in (app_log, access_log)]
    app_log.addHandler(handler)
    for logger in (app_log, access_log):
        logger.setLevel(logging.INFO)
    yield lambda: [json.loads(line) for line in stream.getvalue().splitlines()]
    app_log.removeHandler(handler)
    for logger, level in zip((app_log, access_log), levels):
        logger.setLevel(level)


def test_every_response_has_a_request_id(client):
    first, second = client.get("/healthz"), client.get("/api/search?q=x")
    assert len(first.headers["X-Request-ID"]) == 32
    assert first.headers["X-Request-ID"] != second.headers["X-Request-ID"]


@pytest.mark.parametrize(
    "given, kept", [("edge-7f3a.1", True), ("a" * 65, False), ("two words", False), ("<script>", False)]
)
def test_a_sensible_request_id_from_a_proxy_is_kept(client, given, kept):
    answered = client.get("/healthz", headers={"X-Request-ID": given}).headers["X-Request-ID"]
    assert (answered == given) is kept


def test_application_log_lines_carry_the_request(index_dir, make_app, monkeypatch, json_lines):
    app = make_app({"INDEX_DIR": str(index_dir), "TESTING": False, "LOG_FORMAT": "json"})

    def broken(*args, **kwargs):
        raise RuntimeError("boom")

    monkeypatch.setattr("searchsvc.search.ranked.stats", broken)
    response = app.test_client().get("/api/stats", headers={"X-Request-ID": "rid-500"})
    assert response.status_code == 500
    [error] = [line for line in json_lines() if line["name"] == "searchsvc"]
    assert error["levelname"] == "ERROR" and "RuntimeError: boom" in error["exc_info"]
    assert error["request_id"] == "rid-500" and error["route"] == "/api/stats" and error["method"] == "GET"
    [access] = [line for line in json_lines() if line["name"] == "searchsvc.access"]
    assert access["request_id"] == "rid-500" and access["status"] == 500


def test_json_access_lines_only_when_asked(index_dir, make_app, json_lines):
    make_app({"INDEX_DIR": str(index_dir)}).test_client().get("/api/search?q=chechnya")
    assert json_lines() == []  # text mode: gunicorn writes the access log


@pytest.mark.server
def test_json_logs_parse_line_by_line(index_dir):
    """Through gunicorn with 2 workers: every line of the log is one JSON object; access lines hold the
    request id, route, status, duration and query length, and never the query text nor the key."""
    query = "chechnya visas"
    env = {"SEARCHSVC_LOG_FORMAT": "json", "SEARCHSVC_API_KEYS": KEY}
    with gunicorn(index_dir, env=env, serve=True) as (base, proc):
        assert get(f"{base}/api/search?q={query.replace(' ', '+')}", headers={"X-Request-ID": "rid-search"})[0] == 200
        assert (
            get(
                f"{base}/api/articles",
                method="POST",
                headers={"Authorization": f"Bearer {KEY}", "X-Request-ID": "rid-write"},
                body={"id": "j1", "title": "Port strike", "body": "Dockers went on strike."},
            )[0]
            == 201
        )
        assert get(f"{base}/api/articles/nowhere", headers={"X-Request-ID": "rid-404"})[0] == 404
        log_path = proc.log_path
    text = log_path.read_text()
    lines = [json.loads(line) for line in text.splitlines() if line.strip()]
    assert lines and all(isinstance(line, dict) and line.get("message") for line in lines)
    assert any(line["name"] == "gunicorn.error" and "Booting worker" in line["message"] for line in lines)
    access = {line["request_id"]: line for line in lines if line["name"] == "searchsvc.access"}
    search = access["rid-search"]
    assert (search["route"], search["status"], search["query_length"]) == ("/api/search", 200, len(query))
    assert search["duration_ms"] >= 0 and search["process"] > 0
    assert (access["rid-write"]["route"], access["rid-write"]["status"]) == ("/api/articles", 201)
    assert (access["rid-404"]["route"], access["rid-404"]["status"]) == ("/api/articles/<article_id>", 404)
    assert KEY not in text and "visas" not in text and "Bearer" not in text
