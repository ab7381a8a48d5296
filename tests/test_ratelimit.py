"""SEARCHSVC_RATELIMIT per client across all workers, with the counts in Debian's redis-server."""

from __future__ import annotations

import os
import shutil
import subprocess
import time

import pytest

from devtools.server import concurrently, free_port, get, gunicorn

from .test_server import served_by

LIMIT = 120
PER_WORKER_WARNING = "is counted in each of the 2 workers apart"


@pytest.fixture
def redis_uri(tmp_path):
    """A throwaway redis-server on a free loopback port; skipped when absent, unless CI requires it."""
    server = shutil.which("redis-server")
    if server is None:
        if os.environ.get("SEARCHSVC_REQUIRE_REDIS"):
            pytest.fail("redis-server is required here (apt-get install redis-server)")
        pytest.skip("Debian's redis-server is not installed")
    import redis

    port = free_port()
    proc = subprocess.Popen(
        [
            server,
            "--bind",
            "127.0.0.1",
            "--port",
            str(port),
            "--save",
            "",
            "--appendonly",
            "no",
            "--dir",
            str(tmp_path),
        ],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.STDOUT,
    )
    client = redis.Redis(host="127.0.0.1", port=port, socket_timeout=2)
    try:
        deadline = time.monotonic() + 30
        while True:
            try:
                client.ping()
                break
            except redis.ConnectionError:
                assert proc.poll() is None and time.monotonic() < deadline, "redis-server did not start"
                time.sleep(0.05)
        yield f"redis://127.0.0.1:{port}"
    finally:
        client.close()
        proc.terminate()
        proc.wait(timeout=20)


@pytest.mark.server
def test_the_limit_holds_across_workers(index_dir, redis_uri):
    """120/minute with 2 workers: 120 searches pass, the 121st and later get 429 whichever worker answers."""
    env = {"SEARCHSVC_RATELIMIT": f"{LIMIT}/minute", "SEARCHSVC_RATELIMIT_STORAGE": redis_uri}
    with gunicorn(index_dir, workers=2, env=env) as (base, proc):
        url = f"{base}/api/search?q=chechnya"
        allowed = concurrently(lambda u: get(u)[0], [url] * LIMIT)
        assert allowed == [200] * LIMIT
        # counted per worker, the worker with fewer of the 120 would go on answering 200
        deadline = time.monotonic() + 60
        while len(served_by(proc.log_path, '/api/search?q=chechnya HTTP/1.1" 429')) < 2:
            assert time.monotonic() < deadline, "one worker answered every refused request"
            refused = concurrently(get, [url] * 10)
            assert {status for status, _ in refused} == {429}
            assert all(body["error"]["code"] == 429 for _, body in refused)
        assert PER_WORKER_WARNING not in proc.log_path.read_text()


@pytest.mark.server
def test_several_workers_without_a_storage_warn_at_start(index_dir):
    with gunicorn(index_dir, workers=2, env={"SEARCHSVC_RATELIMIT": f"{LIMIT}/minute"}) as (_, proc):
        assert PER_WORKER_WARNING in proc.log_path.read_text()


def test_an_unreachable_storage_falls_back_to_counting_in_the_worker(index_dir, make_app):
    """While redis is down, requests are still answered, and still limited (per worker)."""
    client = make_app(
        {"INDEX_DIR": str(index_dir), "RATELIMIT": "2/minute", "RATELIMIT_STORAGE": f"redis://127.0.0.1:{free_port()}"}
    ).test_client()
    statuses = [client.get("/api/search?q=chechnya").status_code for _ in range(3)]
    assert statuses == [200, 200, 429]


def test_the_limit_is_per_client_across_routes(index_dir, make_app):
    """One count per client over every route: 3 requests spread over three routes use up a limit of 3."""
    client = make_app({"INDEX_DIR": str(index_dir), "RATELIMIT": "3/minute"}).test_client()
    statuses = [
        client.get(path).status_code
        for path in ("/api/search?q=chechnya", "/api/stats", "/api/entities?type=people", "/api/search?q=putin")
    ]
    assert statuses == [200, 200, 200, 429]
    response = client.get("/api/stats")
    assert response.status_code == 429 and response.get_json()["error"]["code"] == 429
    assert response.headers["Retry-After"]
    assert client.get("/metrics").status_code == 200  # scrapes never count


def test_health_checks_use_up_no_limit(index_dir, make_app):
    """A load balancer polls /healthz: with one limit over every route, those polls would leave a
    client nothing (gunicorn's own start-up checks used up a redis-held limit before any search)."""
    client = make_app({"INDEX_DIR": str(index_dir), "RATELIMIT": "3/minute"}).test_client()
    assert [client.get("/healthz").status_code for _ in range(10)] == [200] * 10
    assert [client.get("/api/search?q=chechnya").status_code for _ in range(4)] == [200, 200, 200, 429]


def test_a_batch_counts_each_of_its_queries(index_dir, make_app):
    client = make_app({"INDEX_DIR": str(index_dir), "RATELIMIT": "10/minute"}).test_client()
    assert client.post("/api/batch", json={"queries": ["chechnya"] * 8}).status_code == 200
    assert client.post("/api/batch", json={"queries": ["chechnya"] * 3}).status_code == 429  # 11 of 10
    assert client.post("/api/batch", json={"queries": ["chechnya"] * 2}).status_code == 200  # 10 of 10
    assert client.get("/api/search?q=chechnya").status_code == 429


def test_a_batch_larger_than_the_limit_is_refused_whole(index_dir, make_app):
    client = make_app({"INDEX_DIR": str(index_dir), "RATELIMIT": "100/minute"}).test_client()
    response = client.post("/api/batch", json={"queries": ["chechnya"] * 101})
    assert response.status_code == 429 and response.get_json()["error"]["code"] == 429
    assert client.get("/api/search?q=chechnya").status_code == 200  # a refused batch costs nothing
