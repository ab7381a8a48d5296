"""Each benchmark runs with --quick on a tiny corpus and writes its figures (no timing asserted)."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from devtools.corpora import copy_sample

from .conftest import PROJECT, shared_corpus

pytestmark = pytest.mark.slow  # each runs a benchmark in a new process over shared corpora: 10-140 s
PER_CATEGORY = 2  # BBC files per category: 10 articles


def run(module: str, *args: str) -> subprocess.CompletedProcess:
    done = subprocess.run(
        [sys.executable, "-m", module, "--quick", *args], cwd=PROJECT, capture_output=True, text=True, timeout=300
    )
    assert done.returncode == 0, done.stdout + done.stderr
    return done


def need_wrk() -> None:
    if shutil.which("wrk") is None:
        if os.environ.get("CI"):
            pytest.fail("wrk is required in CI (.ci/run installs it)")
        pytest.skip("wrk is not installed (apt-get install -y wrk)")


@pytest.fixture(scope="module")
def tiny_corpus(tmp_path_factory) -> Path:
    """Ten BBC articles, copied from the shared corpus into a temporary folder (never into the project)."""
    return copy_sample(shared_corpus("bbc-fulltext"), tmp_path_factory.mktemp("tiny") / "bbc", PER_CATEGORY)


@pytest.fixture(scope="module")
def output(tmp_path_factory) -> Path:
    """One output folder for the module, so the tiny corpus's entities are extracted once."""
    return tmp_path_factory.mktemp("bench-output")


def test_querylog_writes_a_log(tiny_corpus, output):
    run("benchmarks.querylog", "--source", str(tiny_corpus), "--output", str(output))
    lines = (output / "querylog-custom.jsonl").read_text().splitlines()
    assert len(lines) == 200
    assert all(isinstance(json.loads(line), dict) for line in lines)


@pytest.mark.server
def test_serving_writes_its_figures(tiny_corpus, output):
    need_wrk()
    run("benchmarks.serving", "--source", str(tiny_corpus), "--output", str(output))
    figures = json.loads((output / "serving-custom-quick.json").read_text())
    assert [r["concurrency"] for r in figures["runs"]] == [1, 1, 1, 8, 1, 8]
    assert figures["runs"][0]["name"].startswith("plain Whoosh")
    assert all(run["notes"]["cpu_ms_per_query"] >= 0 for run in figures["runs"])  # workers' CPU for servers
    assert {
        "service_p50_c1_over_plain_whoosh_p50",
        "service_c8_throughput_over_plain_whoosh_one_thread",
        "service_p50_over_floor_p50_c1",
        "service_over_naive_throughput_c8",
        "errors",
    } <= set(figures["ratios"])


@pytest.mark.server
def test_scale_writes_its_figures(output):
    shared_corpus("bbc-fulltext"), shared_corpus("reuters21578")
    need_wrk()
    run("benchmarks.scale", "--output", str(output))
    figures = json.loads((output / "scale-quick.json").read_text())
    assert [f["articles"] for f in figures["figures"]] == [60, 200]
    assert figures["figures"][-1]["model"] == "blank English pipeline"


def test_relevance_writes_its_figures(output):
    for corpus in ("scifact-beir", "cranfield", "bbc-fulltext"):
        shared_corpus(corpus)
    run("benchmarks.relevance", "--output", str(output))
    figures = json.loads((output / "relevance-quick.json").read_text())
    rows = {row["collection"]: row for row in figures["rows"]}
    assert set(rows) == {"scifact", "cranfield", "bbc-titles"}
    # every query runs and finds something: claims with hyphens, "+1" or "(the ?slip? effect)" once failed
    assert all(row["queries"] == 25 and row["failed"] == row["no_result"] == 0 for row in rows.values())
    # the quick sample (25 queries, their judged documents among ~500) is easy: floors, not the figures
    assert rows["scifact"]["ndcg@10"] > 0.75 and rows["bbc-titles"]["ndcg@10"] > 0.9


@pytest.mark.slow
def test_ner_cluster_writes_its_figures(output):
    run("benchmarks.ner_cluster", "--output", str(output))
    figures = json.loads((output / "ner-cluster-quick.json").read_text())
    assert figures["local_processes"]["seconds"] > 0 and figures["dask_cluster"]["seconds"] > 0
    assert any("50 articles indexed" in line for line in figures["dask_cluster"]["summary"])


@pytest.mark.slow
def test_sync_writes_its_figures(output):
    shared_corpus("bbc-fulltext")
    run("benchmarks.sync", "--output", str(output))
    figures = json.loads((output / "sync-quick.json").read_text())
    assert figures["changed"] == {"edited": 2, "removed": 1, "new": 1}
    assert any("files new or changed" in line for line in figures["sync_after_change"]["output"])


def test_related_writes_its_figures(output):
    for corpus in ("bbc-fulltext", "reuters21578"):
        shared_corpus(corpus)
    run("benchmarks.related", "--output", str(output))
    figures = json.loads((output / "related-quick.json").read_text())
    assert set(figures["corpora"]) == {"bbc", "reuters"}
    for corpus in figures["corpora"].values():
        assert len(corpus["p_at_5"]) == 4 and all(0 <= p <= 1 for p in corpus["p_at_5"].values())
    bbc = figures["corpora"]["bbc"]
    assert bbc["duplicates"]["related_lists_holding_a_duplicate"] == 0
    assert set(bbc["rebuild_seconds"]["runs"]) == {"before", "after"}
