"""End to end: real gunicorn with 2 workers, rebuilds and writes from other processes."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest

from devtools.server import concurrently, get, gunicorn, post_article, worker_pids

from .conftest import PROJECT, SEEDS, wait_for

pytestmark = pytest.mark.server
KEY = {"Authorization": "Bearer e2e-key"}


@pytest.mark.slow  # gunicorn serving through a rebuild: 40-50 s loaded
def test_rebuild_while_serving_loses_no_request_and_then_serves_new_data(index_dir, tmp_path):
    extra = tmp_path / "extra.jsonl"
    extra.write_text(
        "".join(
            json.dumps(
                {
                    "id": f"e{n}",
                    "title": f"Harbour report {n}",
                    "body": f"The harbour of Valencia handled ship {n}. " * 30,
                }
            )
            + "\n"
            for n in range(400)
        )
    )
    failures, statuses = [], []
    with gunicorn(index_dir) as (base, _):
        stop = threading.Event()

        def query_loop():
            while not stop.is_set():
                for q in ("chechnya", "harbour", "", "kadyrov+putin"):
                    try:
                        status, body = get(f"{base}/api/search?q={q}")
                    except OSError as error:  # a refused or reset connection is a failure too
                        status, body = None, repr(error)
                    statuses.append(status)
                    if status != 200:
                        failures.append((q, status, body))

        threads = [threading.Thread(target=query_loop) for _ in range(4)]
        for thread in threads:
            thread.start()
        rebuild = subprocess.run(
            [sys.executable, "-m", "searchsvc", "rebuild", str(SEEDS), str(extra)],
            cwd=PROJECT,
            env={**os.environ, "SEARCHSVC_INDEX_DIR": str(index_dir)},
            capture_output=True,
            text=True,
        )
        after = len(statuses)
        wait_for(lambda: len(statuses) >= max(after + 8, 21), "searches after the switch")
        stop.set()
        for thread in threads:
            thread.join()
        assert rebuild.returncode == 0, rebuild.stderr
        assert failures == []
        assert len(statuses) > 20
        status, data = get(f"{base}/api/search?q=harbour")
        assert status == 200 and data["total"] == 400
        assert get(f"{base}/healthz")[1]["documents"] == 401


def served_by(log_path, path_fragment: str) -> set[str]:
    """The pids of the workers that answered requests whose line holds path_fragment."""
    lines = log_path.read_text().splitlines()
    return {line.rsplit("pid=", 1)[1] for line in lines if path_fragment in line and "pid=" in line}


def on_both_workers(base, log, path: str, expected_total: int, limit_s: float = 30) -> None:
    """Send concurrent searches until both workers have answered one; every answer must match."""
    deadline = time.monotonic() + limit_s
    while len(served_by(log, path)) < 2:
        assert time.monotonic() < deadline, "one worker answered every request"
        answers = concurrently(get, [f"{base}{path}"] * 40)
        assert {body["total"] for _, body in answers} == {expected_total}


def test_a_write_extracts_entities_without_loading_the_model_into_a_worker(index_dir):
    """The model would stay in the writing worker for good (150 MB more: benchmarks/serving.md)."""
    with gunicorn(index_dir, env={"SEARCHSVC_API_KEYS": "e2e-key"}) as (base, proc):
        status, _ = post_article(
            base,
            {"id": "w2", "title": "Strike in Valencia", "body": "Dockers in Valencia went on strike on Monday."},
            "e2e-key",
        )
        assert status == 201
        status, article = get(f"{base}/api/articles/w2")
        assert status == 200 and "Valencia" in article["entities"]["places"]
        for pid in worker_pids(proc.pid):
            loaded = Path(f"/proc/{pid}/maps").read_text()
            assert "/spacy/" not in loaded and "/thinc/" not in loaded, pid


def test_api_write_is_visible_on_both_workers(index_dir):
    with gunicorn(index_dir, env={"SEARCHSVC_API_KEYS": "e2e-key"}) as (base, proc):
        log = proc.log_path
        on_both_workers(base, log, "/api/search?q=chechnya", 1)  # both workers open a searcher
        status, _ = post_article(
            base, {"id": "w1", "title": "Port strike", "body": "Dockers in Valencia went on strike."}, "e2e-key"
        )
        assert status == 201
        on_both_workers(base, log, "/api/search?q=dockers", 1)
        assert get(f"{base}/api/articles/w1", method="DELETE", headers=KEY)[0] == 204
        on_both_workers(base, log, "/api/search?q=dockers&per_page=9", 0)  # another URL than before
