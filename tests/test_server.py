"""End to end: real gunicorn with 2 workers, rebuilds and writes from other processes."""
from __future__ import annotations

import json
import os
import subprocess
import sys
import threading
import time

import pytest

from .conftest import PROJECT, SEEDS
from .server import concurrently, get, gunicorn

pytestmark = pytest.mark.server
KEY = {"Authorization": "Bearer e2e-key"}


def test_rebuild_while_serving_loses_no_request_and_then_serves_new_data(index_dir, tmp_path):
    extra = tmp_path / "extra.jsonl"
    extra.write_text("".join(json.dumps({"id": f"e{n}", "title": f"Harbour report {n}",
                                         "body": f"The harbour of Valencia handled ship {n}. " * 30}) + "\n"
                             for n in range(400)))
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
            [sys.executable, "-m", "searchsvc", "rebuild", str(SEEDS), str(extra)], cwd=PROJECT,
            env={**os.environ, "SEARCHSVC_INDEX_DIR": str(index_dir)}, capture_output=True, text=True)
        time.sleep(1)
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


def test_api_write_is_visible_on_both_workers(index_dir):
    with gunicorn(index_dir, env={"SEARCHSVC_API_KEYS": "e2e-key"}) as (base, proc):
        log = proc.log_path
        concurrently(get, [f"{base}/api/search?q=chechnya"] * 40)  # both workers open a searcher
        assert len(served_by(log, "q=chechnya")) == 2
        status, _ = get(f"{base}/api/articles", method="POST", headers=KEY,
                        body={"id": "w1", "title": "Port strike", "body": "Dockers in Valencia went on strike."})
        assert status == 201
        answers = concurrently(get, [f"{base}/api/search?q=dockers"] * 60)
        assert {body["total"] for _, body in answers} == {1}
        assert served_by(log, "q=dockers") == served_by(log, "q=chechnya")
        assert get(f"{base}/api/articles/w1", method="DELETE", headers=KEY)[0] == 204
        answers = concurrently(get, [f"{base}/api/search?q=dockers&after=delete"] * 60)
        assert {body["total"] for _, body in answers} == {0}
        assert served_by(log, "after=delete") == served_by(log, "q=chechnya")
