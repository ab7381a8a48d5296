"""The installable package: its declared dependencies, the `searchsvc` command and `searchsvc serve`."""

from __future__ import annotations

import os
import subprocess
import sys
import tomllib
from pathlib import Path

import pytest
from click.testing import CliRunner

from devtools.server import gunicorn
from searchsvc.cli import cli

from .conftest import PROJECT


def test_project_dependencies_are_the_pinned_requirements():
    declared = tomllib.loads((PROJECT / "pyproject.toml").read_text())["project"]["dependencies"]
    pinned = [
        line.strip()
        for line in (PROJECT / "requirements.txt").read_text().splitlines()
        if line.strip() and not line.startswith("#")
    ]
    assert sorted(declared) == sorted(pinned)
    assert all("==" in pin for pin in pinned)


def test_the_installed_command_runs_the_cli():
    command = Path(sys.executable).with_name("searchsvc")  # installed by scripts/setup-venv
    done = subprocess.run([str(command), "serve", "--help"], capture_output=True, text=True, check=True)
    assert "gunicorn" in done.stdout and "--reload" in done.stdout
    done = subprocess.run(
        [sys.executable, "-m", "searchsvc", "--help"], cwd=PROJECT, capture_output=True, text=True, check=True
    )
    assert "serve" in done.stdout and "python -m searchsvc" in done.stdout


@pytest.fixture
def exec_calls(monkeypatch):
    """Record the command serve would replace itself with, instead of running it."""
    calls = []
    monkeypatch.setattr("os.execv", lambda path, argv: calls.append(argv))
    return calls


def test_serve_runs_gunicorn_with_the_project_settings(exec_calls, monkeypatch):
    monkeypatch.setenv("SEARCHSVC_BIND", "127.0.0.1:8123")
    monkeypatch.setenv("SEARCHSVC_WORKERS", "3")
    result = CliRunner().invoke(cli, ["serve"])
    assert result.exit_code == 0, result.output
    [argv] = exec_calls
    assert argv[:3] == [sys.executable, "-m", "gunicorn"]
    config = argv[argv.index("--config") + 1].removeprefix("file:")
    assert Path(config) == PROJECT / "searchsvc" / "gunicorn_conf.py"
    assert argv[argv.index("--bind") + 1] == "127.0.0.1:8123" and argv[argv.index("--workers") + 1] == "3"
    assert "--reload" not in argv and argv[-1] == "searchsvc.web.app:create_app()"


def test_serve_options_override_the_environment(exec_calls, monkeypatch, tmp_path):
    monkeypatch.setenv("SEARCHSVC_WORKERS", "3")
    monkeypatch.setenv("SEARCHSVC_INDEX_DIR", "elsewhere")  # and restored afterwards
    result = CliRunner().invoke(
        cli, ["serve", "--bind", "0.0.0.0:9000", "--workers", "1", "--reload", "--index", str(tmp_path)]
    )
    assert result.exit_code == 0, result.output
    [argv] = exec_calls
    assert argv[argv.index("--bind") + 1] == "0.0.0.0:9000" and argv[argv.index("--workers") + 1] == "1"
    assert "--reload" in argv
    assert os.environ["SEARCHSVC_INDEX_DIR"] == str(tmp_path)


@pytest.mark.server
@pytest.mark.parametrize("serve", [False, True], ids=["gunicorn.conf.py", "searchsvc serve"])
def test_a_bad_setting_stops_gunicorn_before_any_worker_boots(index_dir, serve):
    with pytest.raises(RuntimeError, match="gunicorn did not start") as failed:
        with gunicorn(index_dir, env={"SEARCHSVC_EXPORT_LIMIT": "lots"}, serve=serve):
            pass
    log = str(failed.value)
    assert "Error: SEARCHSVC_EXPORT_LIMIT='lots' is not a whole number of 1 or more" in log
    assert "Traceback" not in log and "Booting worker" not in log
