"""Nothing holds a worker past its budget: a batch's own budget, suggestions and name look-ups inside
it, capped filter values, and a hard stop that answers JSON before gunicorn's timeout would kill."""

from __future__ import annotations

import shutil
import threading
import time

import pytest

from devtools.server import get, gunicorn
from searchsvc.search.budget import Deadline
from searchsvc.search.filter_names import unknown_names
from searchsvc.search.ranked import SearchRequest
from searchsvc.search.suggest import suggest

from .test_metrics import scrape

QUERIES = ["chechnya", "kadyrov putin", "strike OR storm", '"gay men"', "report -chechnya"]


@pytest.fixture
def crafted_app(crafted_template, tmp_path, make_app, warm_ner):
    """Apps over a private copy of the crafted index, with the settings a test gives (writes' entities
    from the session's warm server)."""
    root = tmp_path / "crafted"
    shutil.copytree(crafted_template, root, ignore=shutil.ignore_patterns("*.lock"))
    warm_ner(root)
    return lambda **config: make_app({"INDEX_DIR": str(root), **config})


def test_a_batch_past_its_budget_answers_the_queries_left_timed_out(crafted_app):
    client = crafted_app(BATCH_TIMEOUT=0.05).test_client()
    queries = QUERIES * 200  # 1,000 queries: far more than 50 ms of work
    response = client.post("/api/batch", json={"queries": queries})
    assert response.status_code == 200
    results = response.get_json()["results"]
    assert [r["query"] for r in results] == queries  # every query answered, in order
    assert results[-1] == {
        "query": queries[-1],
        "total": 0,
        "matched": None,
        "hits": [],
        "timed_out": True,
        "error": None,
    }
    ran = [r for r in results if not r["timed_out"]]
    assert ran and all(r["total"] > 0 for r in ran[:1])  # the first got its time and found its articles
    assert scrape(client)[("searchsvc_batch_queries_timed_out_total", ())] >= len(queries) - len(ran)


def test_the_batch_page_keeps_the_same_budget_and_says_what_it_could_not_finish(crafted_app):
    client = crafted_app(BATCH_TIMEOUT=0.05).test_client()
    text = "\n".join(QUERIES * 200)
    page = client.post("/batch", data={"queries": text})
    assert page.status_code == 200 and "the batch's time ran out" in page.get_data(as_text=True)
    rows = client.post("/batch", data={"queries": text, "format": "csv"}).get_data(as_text=True).splitlines()
    assert rows[-1].endswith(",timed out")


def test_a_batch_within_its_budget_is_complete(crafted_app):
    results = crafted_app().test_client().post("/api/batch", json={"queries": QUERIES}).get_json()["results"]
    assert [r["timed_out"] for r in results] == [False] * len(QUERIES)
    assert all(r["total"] > 0 for r in results)


@pytest.mark.parametrize("param", ["person", "org", "place", "category"])
def test_filter_values_are_capped(crafted_app, param):
    client = crafted_app().test_client()
    values = [f"name {i}" for i in range(21)]
    response = client.get("/api/search", query_string=[(param, v) for v in values])
    assert response.status_code == 400
    assert param in response.get_json()["error"]["details"]
    response = client.post("/api/batch", json={"queries": ["chechnya"], param: values})
    assert response.status_code == 422 and param in response.get_json()["error"]["details"]
    assert client.get("/api/search", query_string=[(param, v) for v in values[:20]]).status_code == 200


def test_suggestions_and_unknown_names_stop_at_the_deadline(crafted_app):
    app = crafted_app()
    with app.extensions["searchsvc.engine"].session() as session:
        searcher = session.searcher
        assert suggest(searcher, "chechnia") == "chechnya"  # with time, the correction
        assert suggest(searcher, "chechnia", Deadline(1e-9)) is None  # without, none (and no time spent)
        request = SearchRequest(places=("Chechnia", "Moskow"))
        assert [u.value for u in unknown_names(searcher, request, session.names)] == ["Chechnia", "Moskow"]
        assert unknown_names(searcher, request, session.names, Deadline(1e-9)) == []


def test_a_search_whose_advice_runs_past_the_budget_says_it_timed_out(crafted_app):
    page = (
        crafted_app(QUERY_TIMEOUT=1e-9)
        .test_client()
        .get("/api/search", query_string={"q": "chechnia", "place": "Moskow"})
        .get_json()
    )
    assert page["timed_out"] is True and page["suggestion"] is None


def test_a_request_past_its_hard_limit_answers_json_503_and_is_counted(crafted_app):
    # no budgets: only the hard stop can end this batch (a thousand queries, seconds of work)
    app = crafted_app(QUERY_TIMEOUT=0, BATCH_TIMEOUT=0, REQUEST_TIMEOUT=0.05)
    client = app.test_client()
    started = time.monotonic()
    response = client.post("/api/batch", json={"queries": QUERIES * 200})
    assert time.monotonic() - started < 5  # generous: the batch alone takes far longer
    assert response.status_code == 503 and response.headers["Retry-After"]
    body = response.get_json()
    assert set(body) == {"error"} and body["error"]["code"] == 503
    assert "was stopped" in body["error"]["message"]
    assert body["error"]["details"] == {"limit_seconds": 0.05}
    figures = scrape(client)
    assert figures[("searchsvc_requests_stopped_total", (("endpoint", "api.batch_search"),))] == 1
    assert (
        figures[
            ("searchsvc_http_requests_total", (("endpoint", "api.batch_search"), ("method", "POST"), ("status", "503")))
        ]
        == 1
    )
    # the worker goes on: the next requests are answered, and nothing is stopped between them
    assert client.get("/api/search", query_string={"q": "chechnya"}).status_code == 200
    time.sleep(0.3)
    assert client.get("/api/search", query_string={"q": "chechnya"}).status_code == 200


def test_writes_are_never_stopped_halfway(crafted_app):
    from .conftest import AUTH

    client = crafted_app(REQUEST_TIMEOUT=0.001, API_KEYS="test-key").test_client()
    response = client.post(
        "/api/articles",
        headers=AUTH,
        json={"title": "A write slower than a millisecond", "body": "Chechnya " * 200, "published": "2020-01-01"},
    )
    assert response.status_code == 201


HEAVY = " OR ".join(
    [
        "government",
        "people",
        "year",
        "said",
        "would",
        "also",
        "new",
        "first",
        "last",
        "time",
        "years",
        "world",
        "told",
        "make",
        "minister",
        "party",
        "could",
        "market",
        "company",
        "music",
        "film",
        "game",
        "players",
        "election",
        "labour",
    ]
)


@pytest.mark.slow
@pytest.mark.server
@pytest.mark.hardening
def test_two_long_batches_leave_a_worker_for_a_probe_and_answer_json(bbc_index):
    """1,000 queries of 25 common words take about 60 s on BBC: with no budget but the hard stop, each
    batch is stopped at 2 s and answered in JSON, and a search asked meanwhile is answered at once."""
    env = {"SEARCHSVC_QUERY_TIMEOUT": "0", "SEARCHSVC_BATCH_TIMEOUT": "0", "SEARCHSVC_REQUEST_TIMEOUT": "2"}
    with gunicorn(bbc_index, workers=3, env=env) as (base, _):
        answers = {}

        def heavy(name):
            answers[name] = get(base + "/api/batch", method="POST", body={"queries": [HEAVY] * 1000}, timeout=60)
            answers[name + " done"] = time.monotonic()

        threads = [threading.Thread(target=heavy, args=(name,)) for name in ("a", "b")]
        for thread in threads:
            thread.start()
        time.sleep(0.5)  # both batches are running
        status, page = get(base + "/api/search?q=blair", timeout=60)
        probed = time.monotonic()
        for thread in threads:
            thread.join()
        assert status == 200 and page["total"] > 0
        assert probed < min(answers["a done"], answers["b done"])  # served while both still ran
        for name in ("a", "b"):
            status, body = answers[name]
            assert status == 503 and body["error"]["code"] == 503, body  # JSON, not gunicorn's HTML
        status, text = get(base + "/metrics")
        assert 'searchsvc_requests_stopped_total{endpoint="api.batch_search"} 2.0' in text
