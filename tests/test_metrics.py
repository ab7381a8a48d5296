"""GET /metrics: Prometheus text, counted in this process or summed over gunicorn's workers."""

from __future__ import annotations

import time

import pytest
from prometheus_client.parser import text_string_to_metric_families

from devtools.server import concurrently, get, gunicorn

from .conftest import AUTH
from .test_server import served_by


def samples(text: str) -> dict[tuple, float]:
    """{(sample name, sorted labels): value} from a /metrics answer."""
    return {
        (s.name, tuple(sorted(s.labels.items()))): s.value
        for family in text_string_to_metric_families(text)
        for s in family.samples
    }


def scrape(client) -> dict[tuple, float]:
    response = client.get("/metrics")
    assert response.status_code == 200 and response.mimetype == "text/plain"
    return samples(response.get_data(as_text=True))


def searches(figures: dict, status: str = "200") -> float:
    key = ("searchsvc_http_requests_total", (("endpoint", "api.search"), ("method", "GET"), ("status", status)))
    return figures.get(key, 0.0)


@pytest.mark.usefixtures("warm_seeds")  # the write's entities from a warm server: NER is not tested here
def test_requests_searches_and_writes_are_counted(client):
    before = scrape(client)  # the counters live in the process: compare with what was there
    for q in ("chechnya", "chechnya zanzibar", "visas"):
        assert client.get(f"/api/search?q={q}").status_code == 200
    assert client.get("/api/search?page=0").status_code == 400
    assert client.get("/?q=chechnya").status_code == 200
    assert (
        client.post(
            "/api/articles", json={"id": "m1", "title": "Port strike", "body": "Dockers."}, headers=AUTH
        ).status_code
        == 201
    )
    assert (
        client.post(
            "/api/articles", json={"id": "m1", "title": "Port strike", "body": "Dockers out."}, headers=AUTH
        ).status_code
        == 200
    )
    assert client.delete("/api/articles/m1", headers=AUTH).status_code == 204
    assert client.open("/api/search", method="BREW").status_code == 405  # an invented method
    after = scrape(client)

    def grew(name: str, **labels) -> float:
        key = (name, tuple(sorted(labels.items())))
        return after.get(key, 0.0) - before.get(key, 0.0)

    assert searches(after) - searches(before) == 3
    assert searches(after, "400") - searches(before, "400") == 1
    assert grew("searchsvc_search_duration_seconds_count") == 4  # three API searches and the page's
    assert grew("searchsvc_searches_any_word_total") == 1  # "chechnya zanzibar": no article has both
    assert grew("searchsvc_searches_timed_out_total") == 0
    assert grew("searchsvc_http_request_duration_seconds_count", endpoint="api.search") == 4
    assert grew("searchsvc_http_requests_total", endpoint="unmatched", method="other", status="405") == 1
    for operation in ("create", "replace", "delete"):
        assert grew("searchsvc_writes_total", operation=operation) == 1


def test_index_figures_and_last_rebuild(client):
    figures = scrape(client)
    [generation] = [dict(labels)["generation"] for name, labels in figures if name == "searchsvc_index_generation_info"]
    assert generation.startswith("gen-")
    assert figures[("searchsvc_index_documents", ())] == 1
    assert figures[("searchsvc_index_built_timestamp_seconds", ())] > 0
    # the seeds index was built with an empty cache: its one article needed NER
    assert figures[("searchsvc_last_rebuild_entity_cache_misses", ())] == 1
    assert figures[("searchsvc_last_rebuild_entity_cache_hits", ())] == 0


def test_a_warm_rebuild_reports_cache_hits(seeds_index, make_app):
    from .conftest import SEEDS

    seeds_index.rebuild([SEEDS])
    figures = scrape(make_app({"INDEX_DIR": str(seeds_index.root)}).test_client())
    assert figures[("searchsvc_last_rebuild_entity_cache_hits", ())] == 1
    assert figures[("searchsvc_last_rebuild_entity_cache_misses", ())] == 0


def test_metrics_without_an_index(tmp_path, make_app):
    figures = scrape(make_app({"INDEX_DIR": str(tmp_path / "none")}).test_client())
    assert not any(name.startswith("searchsvc_index_") for name, _ in figures)


def test_metrics_can_be_turned_off(index_dir, make_app):
    client = make_app({"INDEX_DIR": str(index_dir), "METRICS": "0"}).test_client()
    assert client.get("/metrics").status_code == 404
    assert client.get("/api/search?q=chechnya").status_code == 200


def test_metrics_are_not_in_the_public_api_nor_rate_limited(index_dir, make_app):
    client = make_app({"INDEX_DIR": str(index_dir), "RATELIMIT": "2/minute"}).test_client()
    assert "/metrics" not in client.get("/api/openapi.json").get_json()["paths"]
    for _ in range(5):
        assert client.get("/metrics").status_code == 200


@pytest.mark.server
def test_searches_are_summed_over_the_workers_of_searchsvc_serve(index_dir):
    """Ten searches, then /metrics counts ten, whichever workers answered; again until both did."""
    with gunicorn(index_dir, workers=2, serve=True) as (base, proc):
        rounds, deadline = 0, time.monotonic() + 60
        while len(served_by(proc.log_path, "/api/search?q=")) < 2:
            assert time.monotonic() < deadline, "one worker answered every search"
            answers = concurrently(get, [f"{base}/api/search?q=chechnya"] * 10, threads=5)
            assert [status for status, _ in answers] == [200] * 10
            rounds += 1
            status, text = get(f"{base}/metrics")
            assert status == 200
            figures = samples(text)
            assert searches(figures) == 10 * rounds
            assert figures[("searchsvc_search_duration_seconds_count", ())] == 10 * rounds
        assert figures[("searchsvc_index_documents", ())] == 1
