"""gunicorn's settings for one instance: its own control socket, and its timeout behind the hard stop."""

from __future__ import annotations

import os
import runpy
import subprocess
import sys

import pytest

from devtools.server import gunicorn
from searchsvc.web.hard_stop import LAST_RESORT

from .conftest import PROJECT


def test_the_hard_stop_comes_before_gunicorns_timeout(monkeypatch, tmp_path):
    # given a metrics folder, the config makes none and leaves this process's environment as it was
    monkeypatch.setenv("PROMETHEUS_MULTIPROC_DIR", str(tmp_path))
    config = runpy.run_path(str(PROJECT / "searchsvc" / "gunicorn_conf.py"))
    assert config["timeout"] >= LAST_RESORT + 2  # time for the JSON 503 before the worker is killed


@pytest.mark.server
def test_each_instance_has_its_own_control_socket(index_dir, tmp_path):
    """Two services of one user no longer share $XDG_RUNTIME_DIR/gunicorn.ctl: each socket is named
    after its instance's address, so gunicornc reaches the one meant."""
    runtime = tmp_path / "runtime"
    runtime.mkdir()
    env = {"XDG_RUNTIME_DIR": str(runtime)}
    with gunicorn(index_dir, workers=1, env=env) as (first, _), gunicorn(index_dir, workers=1, env=env) as (second, _):
        sockets = sorted(path.name for path in runtime.glob("*.ctl"))
        ports = sorted(url.rsplit(":", 1)[1] for url in (first, second))
        assert sockets == sorted(f"searchsvc-127.0.0.1-{port}.ctl" for port in ports)
        assert "gunicorn.ctl" not in sockets


@pytest.mark.parametrize(
    "options",
    [["--threads", "4"], ["--worker-class", "gthread"], ["--worker-class", "sync", "--threads", "2"]],
    ids=["threads", "gthread", "sync-with-threads"],
)
def test_workers_that_answer_side_by_side_are_refused_at_start(options, index_dir):
    """A worker's searcher and caches are kept without locks: gunicorn stops at once, saying why."""
    done = subprocess.run(
        [sys.executable, "-m", "gunicorn", "-c", "searchsvc/gunicorn_conf.py", "--bind", "127.0.0.1:0", *options]
        + ["wsgi:app"],
        cwd=PROJECT,
        env={**os.environ, "SEARCHSVC_INDEX_DIR": str(index_dir), "SEARCHSVC_METRICS": "false"},
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode != 0
    assert "needs sync workers of one thread each" in done.stderr and "gthread" in done.stderr


def test_sync_workers_of_one_thread_pass_the_check(monkeypatch, tmp_path):
    monkeypatch.setenv("PROMETHEUS_MULTIPROC_DIR", str(tmp_path))
    config = runpy.run_path(str(PROJECT / "searchsvc" / "gunicorn_conf.py"))
    from gunicorn.config import Config

    settings = Config()
    settings.set("worker_class", config["worker_class"])
    config["_sync_single_threaded"](settings)  # returns: nothing to refuse
    settings.set("threads", 2)
    with pytest.raises(SystemExit, match="not gthread with 2 thread"):
        config["_sync_single_threaded"](settings)
