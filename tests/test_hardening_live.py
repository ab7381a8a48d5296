"""Concurrency and crashes against real processes: nothing acknowledged is ever lost."""

from __future__ import annotations

import http.client
import json
import os
import random
import signal
import subprocess
import sys
import threading
import time
from collections import Counter
from urllib.parse import quote

import pytest

from devtools.server import get, gunicorn
from searchsvc.index.journal import Journal

from .conftest import PROJECT, SEEDS, journal_length, wait_for, write_lock_held_by_another_process

pytestmark = [pytest.mark.hardening, pytest.mark.server]
KEY = "soak-key"
AUTH = {"Authorization": f"Bearer {KEY}"}
SOAK_SECONDS = float(os.environ.get("SEARCHSVC_SOAK_SECONDS", "60"))
QUERIES = [
    "chechnya",
    "kadyrov putin",
    "harbour",
    "strike OR storm",
    '"gay men"',
    "",
    "valen*",
    "kadirov~",
    'person:"ramzan kadyrov"',
    "report -chechnya",
]


def cli(index_dir, *args, timeout=300, env=None):
    return subprocess.run(
        [sys.executable, "-m", "searchsvc", *args],
        cwd=PROJECT,
        capture_output=True,
        text=True,
        timeout=timeout,
        env={**os.environ, "SEARCHSVC_INDEX_DIR": str(index_dir), **(env or {})},
    )


class Writer:
    """Adds, replaces and deletes its own articles through the API, remembering what was acknowledged."""

    def __init__(self, base: str, name: str, seed: int):
        self.base, self.name, self.random = base, name, random.Random(seed)
        self.acked: dict[str, str | None] = {}  # id -> last acknowledged title, None once deleted
        self.counts: Counter = Counter()
        self.failures: list = []
        self.serial = 0

    def step(self) -> None:
        live = [i for i, title in self.acked.items() if title is not None]
        choice = self.random.random()
        if live and choice < 0.25:
            self._delete(self.random.choice(live))
        else:
            article_id = self.random.choice(live) if live and choice < 0.5 else f"{self.name}-{self.serial}"
            self.serial += 1
            self._put(article_id, f"{self.name} harbour report {self.serial}")

    def _put(self, article_id: str, title: str) -> None:
        status, body = self._send(
            "POST",
            "/api/articles",
            {
                "id": article_id,
                "title": title,
                "published": "2021-03-03",
                "body": f"Dockers in Valencia held strike number {self.serial}. The harbour stayed shut.",
            },
        )
        if status in (200, 201):
            self.acked[article_id] = title

    def _delete(self, article_id: str) -> None:
        status, _ = self._send("DELETE", f"/api/articles/{article_id}")
        if status == 204:
            self.acked[article_id] = None

    def _send(self, method: str, path: str, body=None):
        while True:
            try:
                status, answer = get(self.base + path, method=method, headers=AUTH, body=body, timeout=30)
            except OSError as error:
                self.failures.append((method, path, repr(error)))
                return None, None
            self.counts[status] += 1
            if status == 503 and isinstance(answer, dict) and answer.get("error"):
                time.sleep(0.2)  # busy: the documented answer says to retry
                continue
            if status not in (200, 201, 204):
                self.failures.append((method, path, status, answer))
            return status, answer


@pytest.mark.slow  # a soak of SEARCHSVC_SOAK_SECONDS (60 s) and a rebuild
def test_searchers_writers_and_rebuilds_together(index_dir):
    with gunicorn(index_dir, env={"SEARCHSVC_API_KEYS": KEY, "SEARCHSVC_WRITE_TIMEOUT": "5"}) as (base, _):
        stop = threading.Event()
        search_statuses: Counter = Counter()
        search_failures: list = []
        rebuilds: list = []

        def searcher(seed):
            rng = random.Random(seed)
            while not stop.is_set():
                q = rng.choice(QUERIES)
                try:
                    status, body = get(f"{base}/api/search?q={quote(q)}&per_page=5", timeout=30)
                except OSError as error:
                    status, body = None, repr(error)
                search_statuses[status] += 1
                if status != 200:
                    search_failures.append((q, status, body))

        writers = [Writer(base, f"w{n}", n) for n in range(2)]

        def writing(writer):
            while not stop.is_set():
                writer.step()

        def rebuilding():
            while not stop.is_set():
                rebuilds.append(cli(index_dir, "rebuild", str(SEEDS)))

        threads = (
            [threading.Thread(target=searcher, args=(n,)) for n in range(8)]
            + [threading.Thread(target=writing, args=(w,)) for w in writers]
            + [threading.Thread(target=rebuilding)]
        )
        for thread in threads:
            thread.start()
        ends = time.monotonic() + SOAK_SECONDS
        # the soak's length, and at least enough of each kind of work to judge it, however loaded the machine
        wait_for(
            lambda: (
                time.monotonic() >= ends
                and len(rebuilds) >= 2
                and sum(search_statuses.values()) > 100
                and sum(t is None for w in writers for t in w.acked.values()) > 0
                and sum(t is not None for w in writers for t in w.acked.values()) > 5
            ),
            "the soak's minimum of rebuilds, searches and writes",
            seconds=SOAK_SECONDS + 600,
            poll=0.5,
        )
        stop.set()
        for thread in threads:
            thread.join(timeout=120)

        report = {
            "searches": sum(search_statuses.values()),
            "search statuses": dict(search_statuses),
            "writes": {w.name: dict(w.counts) for w in writers},
            "rebuilds": len(rebuilds),
        }
        acked = {i: t for w in writers for i, t in w.acked.items()}
        report["acknowledged"] = {
            "live": sum(t is not None for t in acked.values()),
            "deleted": sum(t is None for t in acked.values()),
        }
        (PROJECT / "test-output").mkdir(exist_ok=True)
        (PROJECT / "test-output" / "soak.json").write_text(json.dumps(report, indent=2))
        print("soak:", json.dumps(report))
        assert search_failures == [] and all(not w.failures for w in writers), (
            search_failures[:5],
            [w.failures[:5] for w in writers],
        )
        assert all(r.returncode == 0 for r in rebuilds), [r.stderr for r in rebuilds if r.returncode]
        assert len(rebuilds) >= 2 and report["searches"] > 100
        assert sum(t is not None for t in acked.values()) > 5 and any(t is None for t in acked.values())
        check_acknowledged(base, index_dir, acked)
        assert cli(index_dir, "rebuild", str(SEEDS)).returncode == 0  # the edits live in the sources too
        check_acknowledged(base, index_dir, acked)


def check_acknowledged(base, index_dir, acked):
    for article_id, title in acked.items():
        status, body = get(f"{base}/api/articles/{article_id}")
        if title is None:
            assert status == 404, (article_id, body)
        else:
            assert status == 200 and body["title"] == title, (article_id, title, body)
    live = sum(t is not None for t in acked.values())
    assert get(f"{base}/api/stats")[1]["documents"] == 1 + live
    assert get(f"{base}/api/search?q=harbour&per_page=1")[1]["total"] == live
    journal = Journal(index_dir / "edits.sqlite")
    state = journal.state()
    journal.close()
    assert {i: (a.title if a else None) for i, a in state.items()} == acked


@pytest.mark.slow  # 3,000 articles added, killed, then rebuilt
def test_sigkill_during_add_loses_nothing_acknowledged_and_leaves_no_stale_lock(warm_seeds, tmp_path):
    """The journal and the lock are the subject, not NER: the batch's entities come from the warm server."""
    index_dir = warm_seeds
    batch = tmp_path / "batch.jsonl"
    batch.write_text(
        "".join(
            json.dumps(
                {
                    "id": f"k{n}",
                    "title": f"Killed batch {n}",
                    "body": "The same body for every story in the batch. " * 10,
                }
            )
            + "\n"
            for n in range(3000)
        )
    )
    before = journal_length(index_dir)
    proc = subprocess.Popen(
        [sys.executable, "-m", "searchsvc", "add", str(batch)],
        cwd=PROJECT,
        env={**os.environ, "SEARCHSVC_INDEX_DIR": str(index_dir)},
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    # the batch is journaled under the write lock, then written to the index (seconds), then committed
    wait_for(lambda: journal_length(index_dir) > before or proc.poll() is not None, "the batch in the journal")
    proc.send_signal(signal.SIGKILL)
    proc.wait()
    assert proc.returncode == -signal.SIGKILL, "add finished before the kill"
    assert journal_length(index_dir) == before + 3000  # the journal first, in one transaction
    stats = cli(index_dir, "stats", "--json")
    assert stats.returncode == 0, stats.stderr
    assert json.loads(stats.stdout)["documents"] == 1  # killed mid-write: none of the batch, never part
    late = tmp_path / "late.json"
    late.write_text(json.dumps({"id": "after-kill", "title": "After the kill", "body": "Writes still work."}))
    added = cli(index_dir, "add", str(late), env={"SEARCHSVC_WRITE_TIMEOUT": "0"})  # a stale lock fails it
    assert added.returncode == 0, added.stderr
    assert cli(index_dir, "rebuild", str(SEEDS)).returncode == 0
    documents = json.loads(cli(index_dir, "stats", "--json").stdout)["documents"]
    assert documents == 1 + 3000 + 1  # the journaled batch is applied by the rebuild


def test_killed_lock_holder_does_not_block_writes(index_dir, tmp_path):
    story = tmp_path / "s.json"
    story.write_text(json.dumps({"title": "Blocked?", "body": "Not for long."}))
    with write_lock_held_by_another_process(index_dir):
        blocked = cli(index_dir, "add", str(story), timeout=60)
        assert blocked.returncode == 1 and "write.lock is held by another process" in blocked.stderr
    assert cli(index_dir, "add", str(story)).returncode == 0


def test_killed_worker_mid_request_and_the_service_keeps_answering(index_dir):
    with gunicorn(index_dir) as (base, master):

        def workers():
            out = subprocess.run(["pgrep", "-P", str(master.pid)], capture_output=True, text=True).stdout
            return {int(pid) for pid in out.split()}

        assert len(workers()) == 2
        results: list = []
        stop = threading.Event()

        def loop():
            while not stop.is_set():
                try:
                    results.append(get(f"{base}/api/search?q=chechnya", timeout=30)[0])
                except (OSError, http.client.HTTPException) as error:  # cut off mid-response
                    results.append(repr(error))

        threads = [threading.Thread(target=loop) for _ in range(4)]
        for thread in threads:
            thread.start()
        wait_for(lambda: results.count(200) >= 20, "answers before the kill")
        victim = sorted(workers())[0]
        os.kill(victim, signal.SIGKILL)
        killed_at = len(results)
        wait_for(lambda: len(results) >= killed_at + 60, "answers after the kill")
        stop.set()
        for thread in threads:
            thread.join()
        failed = [r for r in results if r != 200]
        assert len(failed) <= 4, failed  # at most the requests in flight on the killed worker
        # the in-flight requests' errors may be appended late: their threads wait for the GIL while the
        # others append answers (seen once under load, 8+ answers after the kill); what counts is that
        # no more failed and that the service went on answering
        assert all(r == 200 for r in results[-20:]), results[killed_at:]
        wait_for(lambda: len(workers()) == 2 and victim not in workers(), "gunicorn to replace the worker")
        assert get(f"{base}/api/search?q=chechnya")[1]["total"] == 1
