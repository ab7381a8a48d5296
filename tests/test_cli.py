"""The command line as a user runs it: real subprocesses, exit codes, stdout and stderr."""
from __future__ import annotations

import json
import os
import subprocess
import sys

from .conftest import FOUNDING, PROJECT


def run(*args, index_dir=None, env=None):
    environment = {**os.environ, **(env or {})}
    if index_dir is not None:
        environment["SEARCHSVC_INDEX_DIR"] = str(index_dir)
    return subprocess.run([sys.executable, "-m", "searchsvc", *map(str, args)], cwd=PROJECT,
                          capture_output=True, text=True, env=environment, timeout=300)


def test_rebuild_defaults_to_seeds_and_prints_a_summary(tmp_path):
    result = run("rebuild", index_dir=tmp_path / "ix", env={"SEARCHSVC_SOURCES": str(PROJECT / "seeds")})
    assert result.returncode == 0, result.stderr
    assert "1 articles indexed" in result.stdout
    assert "read 1, indexed 1, skipped 0" in result.stdout
    assert "entities: extracted for 1, from cache for 0" in result.stdout
    assert result.stderr == ""  # no progress bar when stderr is not a terminal


def test_stats_and_search(index_dir):
    stats = run("stats", "--json", index_dir=index_dir)
    data = json.loads(stats.stdout)
    assert data["documents"] == 1 and data["generation"].startswith("gen-")
    assert data["entities"] == {"people": 2, "organizations": 4, "places": 3}
    assert {"value": "Ramzan Kadyrov", "count": 1} in data["top_entities"]["people"]
    plain = run("stats", index_dir=index_dir).stdout
    assert "documents   1" in plain and "Ramzan Kadyrov (1)" in plain
    found = run("search", "chechnya", index_dir=index_dir)
    assert found.returncode == 0
    assert "1 articles match" in found.stdout and "US Denies Visas" in found.stdout
    assert "<mark>" not in found.stdout and "Chechnya" in found.stdout
    as_json = json.loads(run("search", "chechnia", "--json", index_dir=index_dir).stdout)
    assert as_json["suggestion"] == "chechnya" and as_json["total"] == 0


def test_add_and_delete(index_dir, tmp_path):
    story = tmp_path / "story.json"
    story.write_text(json.dumps({"id": "cli-1", "title": "Harbour strike", "body": "Dockers walked out."}))
    added = run("add", story, index_dir=index_dir)
    assert added.returncode == 0 and "added cli-1  Harbour strike" in added.stdout
    assert json.loads(run("stats", "--json", index_dir=index_dir).stdout)["documents"] == 2
    assert run("delete", "cli-1", index_dir=index_dir).returncode == 0
    missing = run("delete", "cli-1", index_dir=index_dir)
    assert missing.returncode == 1
    assert missing.stderr.strip() == "Error: no article with id cli-1; nothing deleted"


def test_failures_exit_1_with_one_line(tmp_path):
    no_index = run("search", "x", index_dir=tmp_path / "none")
    assert no_index.returncode == 1 and len(no_index.stderr.strip().splitlines()) == 1
    assert "rebuild" in no_index.stderr
    bad_query = run("search", "a*", index_dir=tmp_path / "none")
    assert bad_query.returncode == 1


def test_strict_fails_on_first_skip_and_leaves_nothing_half_built(tmp_path, index_dir):
    broken = tmp_path / "broken.jsonl"
    broken.write_text('{"title": "ok", "body": "fine"}\n{"title": \n')
    before = run("stats", "--json", index_dir=index_dir).stdout
    strict = run("rebuild", FOUNDING, broken, "--strict", index_dir=index_dir)
    assert strict.returncode == 1
    assert "broken.jsonl:2" in strict.stderr and "--strict" in strict.stderr
    assert json.loads(run("stats", "--json", index_dir=index_dir).stdout)["generation"] == json.loads(before)["generation"]
    lenient = run("rebuild", FOUNDING, broken, index_dir=index_dir)
    assert lenient.returncode == 0
    assert "skipped" in lenient.stderr and "broken.jsonl:2: invalid JSON" in lenient.stderr
    assert "skipped 1: invalid JSON" in lenient.stdout


def test_usage_errors_exit_2(tmp_path):
    assert run("rebuild", "--format", "pdf", index_dir=tmp_path).returncode == 2
    assert run("delete", index_dir=tmp_path).returncode == 2
    assert run("frobnicate", index_dir=tmp_path).returncode == 2
