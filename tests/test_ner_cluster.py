"""Entity extraction on a real Dask cluster: a scheduler and two workers started on loopback from
the project's environment (`dask scheduler`, `dask worker`)."""

from __future__ import annotations

import os
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest

from devtools.corpora import copy_sample
from devtools.dask_cluster import cluster
from searchsvc.index.schema import as_extracted
from searchsvc.ingest.readers import read_sources
from searchsvc.search.engine import Engine

from .conftest import PROJECT, make_indexer, shared_corpus

pytestmark = [pytest.mark.slow, pytest.mark.server]


def bbc_sample(into: Path, per_category: int) -> Path:
    """The first files of each BBC category, copied into a temporary folder."""
    return copy_sample(shared_corpus("bbc-fulltext"), into, per_category)


def entities_by_id(root: Path) -> dict:
    engine = Engine(root)
    with engine.searcher() as searcher:
        found = {fields["id"]: as_extracted(fields).entities for fields in searcher.reader().all_stored_fields()}
    engine.close()
    return found


def test_a_rebuild_on_the_cluster_finds_the_same_entities_as_locally(tmp_path):
    sources = bbc_sample(tmp_path / "bbc", per_category=12)
    local = make_indexer(tmp_path / "local")
    local.rebuild([sources])
    with cluster(tmp_path) as (address, _):
        remote = make_indexer(tmp_path / "remote")
        remote.cluster = address
        summary = remote.rebuild([sources])
    assert summary.entities_extracted == 60 and summary.cluster.workers == 2 and summary.cluster.workers_lost == 0
    assert entities_by_id(tmp_path / "remote") == entities_by_id(tmp_path / "local")


def cached_rows(root: Path) -> int:
    try:
        with sqlite3.connect(root / "entities.sqlite", timeout=5) as db:
            return db.execute("SELECT count(*) FROM entities").fetchone()[0]
    except sqlite3.OperationalError:  # not created yet
        return 0


def test_a_rebuild_survives_a_worker_killed_mid_way(tmp_path):
    sources = bbc_sample(tmp_path / "bbc", per_category=80)  # 400 articles, 7 batches
    root = tmp_path / "index"
    with cluster(tmp_path) as (address, workers):
        with open(tmp_path / "rebuild.log", "w") as log:
            rebuild = subprocess.Popen(
                [sys.executable, "-m", "searchsvc", "rebuild", str(sources), "--index", str(root), "--dask", address],
                cwd=PROJECT,
                stdout=log,
                stderr=subprocess.STDOUT,
            )
            deadline = time.monotonic() + 300
            while cached_rows(root) == 0:  # the first batch is back: the others are under way
                assert rebuild.poll() is None, (tmp_path / "rebuild.log").read_text()
                assert time.monotonic() < deadline
                time.sleep(0.1)
            killed_at = cached_rows(root)
            os.killpg(workers[0].pid, signal.SIGKILL)  # the worker and its nanny, without a goodbye
            assert rebuild.wait(timeout=600) == 0, (tmp_path / "rebuild.log").read_text()
    output = (tmp_path / "rebuild.log").read_text()
    assert killed_at < 400 and "400 articles indexed" in output
    assert "1 worker(s) lost, their batches computed again" in output
    distinct_texts = len({article.content_hash for article in read_sources([sources])})  # BBC repeats a few
    assert cached_rows(root) == distinct_texts and len(entities_by_id(root)) == 400
