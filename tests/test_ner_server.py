"""The service's entity-extraction server: the same entities as in-process extraction, a request past
its time stopped and the server started again, and through real gunicorn: one server per service that
writes and `searchsvc add` on its index use, started again when killed, stopped with the service."""

from __future__ import annotations

import json
import logging
import os
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest

from devtools.server import get, gunicorn, post_article
from searchsvc.entities import ner_service
from searchsvc.entities.annotate import EntitiesBusy, annotate
from searchsvc.entities.cache import EntityCache
from searchsvc.entities.ner import extract
from searchsvc.ingest.articles import Article

from .conftest import MODEL, PROJECT, wait_for

KEY = {"Authorization": "Bearer e2e-key"}
ARTICLES = [
    Article(
        id="a1",
        title="Floods",
        body="Heavy rain flooded Valencia in Spain. Pedro Sanchez visited the region.\n\n"
        '"We will rebuild every street," said Mr Sanchez. The Red Cross opened shelters in Valencia.',
    ),
    Article(
        id="a2",
        title="Talks",
        subtitle="Gordon Brown met Jacques Chirac in Paris.",
        body="The Treasury said the talks with the French president went well.",
    ),
]


@pytest.fixture(scope="module")
def service(tmp_path_factory):
    """One server for the tests that use it as it is (one model load)."""
    running = ner_service.NerService(MODEL, tmp_path_factory.mktemp("ner") / "index", logging.getLogger("ner-test"))
    running.start()
    yield running
    running.stop()


def record(index_dir: Path) -> dict | None:
    try:
        return json.loads((index_dir / ner_service.RECORD).read_text())
    except FileNotFoundError:
        return None


def ask(service, articles, seconds: float | None = 60) -> list:
    return ner_service.ask(service.address, MODEL, articles, time.monotonic() + seconds if seconds else None, wait=True)


def gone(pid: int) -> bool:
    try:
        return Path(f"/proc/{pid}/stat").read_text().split(")")[1].split()[0] == "Z"  # a zombie is gone too
    except FileNotFoundError:
        return True


def test_the_server_gives_the_entities_and_quotes_that_extraction_in_process_gives(service):
    assert ask(service, ARTICLES) == list(extract(ARTICLES, MODEL))
    assert service_address_of(service) == service.address


def service_address_of(service) -> str | None:
    return ner_service.service_address(service.record.parent, MODEL)


def test_the_record_names_the_server_only_for_its_model(service):
    assert ner_service.service_address(service.record.parent, "another_model") is None
    assert record(service.record.parent)["pid"] == service.process.pid


def test_a_request_past_its_time_is_stopped_and_the_server_started_again(service):
    ask(service, ARTICLES[:1])  # loaded and warm
    first = service.process.pid
    long_text = " ".join(f"Gordon Brown met Jacques Chirac in Paris on day {n}." for n in range(2_000))
    with pytest.raises(ner_service.Overrun):  # 20,000 words: seconds of work, against 0.3 s
        ask(service, [Article(id="long", title="Long", body=long_text)], seconds=0.3)
    wait_for(lambda: record(service.record.parent)["pid"] != first, "the server started again")
    assert gone(first)
    assert ask(service, ARTICLES) == list(extract(ARTICLES, MODEL))


def cpu_ticks(pid: int) -> int:
    with open(f"/proc/{pid}/stat") as stat:
        fields = stat.read().rsplit(")", 1)[1].split()
    return int(fields[11]) + int(fields[12])


def test_a_write_that_does_not_get_its_turn_in_time_is_told_to_try_again(service, tmp_path):
    ask(service, ARTICLES[:1])  # loaded and warm: what uses its processor from now on is the long text
    idle, pid = cpu_ticks(service.process.pid), service.process.pid
    long_text = " ".join(f"Tony Blair met Gordon Brown in London on day {n}." for n in range(2_000))
    other = threading.Thread(target=ask, args=(service, [Article(id="long", title="Long", body=long_text)], None))
    other.start()
    wait_for(lambda: cpu_ticks(pid) > idle + 20, "the server reading the long text")
    cache = EntityCache(tmp_path / "entities.sqlite")
    with pytest.raises(EntitiesBusy):  # 0.5 s, while the other text takes seconds
        annotate(ARTICLES[1:], cache, MODEL, isolated=True, timeout=0.5, server=service.address)
    other.join()
    assert annotate(ARTICLES[1:], cache, MODEL, isolated=True, timeout=20, server=service.address)[1].extracted == 1
    cache.close()
    assert service.process.pid == pid  # a write that waited its turn in vain stops nothing


def test_a_killed_server_is_started_again_and_a_stopped_one_leaves_nothing(tmp_path):
    service = ner_service.NerService(MODEL, tmp_path / "index", logging.getLogger("ner-test"))
    service.start()
    first = service.process.pid
    os.kill(first, signal.SIGKILL)
    assert ask(service, ARTICLES[1:])[0].people  # waits for the server started again
    second = service.process.pid
    assert second != first
    service.stop()
    assert gone(second) and record(tmp_path / "index") is None and not service.folder.exists()


def test_without_a_server_the_command_line_extracts_itself(tmp_path):
    assert ner_service.service_address(tmp_path, MODEL) is None
    with pytest.raises(ner_service.Unavailable):
        ner_service.ask(str(tmp_path / "none.sock"), MODEL, ARTICLES, None, wait=False)


def extracted_by(log: Path, pid: int) -> int:
    return log.read_text().count(f"ner_server[{pid}]: extracted")


@pytest.mark.server
def test_a_service_runs_one_server_that_its_writes_and_the_command_line_use(index_dir, tmp_path):
    with gunicorn(index_dir, env={"SEARCHSVC_API_KEYS": "e2e-key"}) as (base, proc):
        first = record(index_dir)
        assert first["service_pid"] == proc.pid
        assert "searchsvc.entities.ner_server" in Path(f"/proc/{first['pid']}/cmdline").read_text()
        status, article = post_article(
            base,
            {"id": "s1", "title": "Strike", "body": "Dockers in Valencia went on strike, said Pedro Sanchez."},
            "e2e-key",
        )
        assert status == 201 and article["entities"]["people"] == ["Pedro Sanchez"]
        assert extracted_by(proc.log_path, first["pid"]) == 1

        os.kill(first["pid"], signal.SIGKILL)
        status, article = post_article(
            base,
            {"id": "s2", "title": "Talks", "body": "Gordon Brown met Jacques Chirac in Paris on Tuesday."},
            "e2e-key",
        )
        assert status == 201 and "Paris" in article["entities"]["places"]
        second = record(index_dir)
        assert second["pid"] != first["pid"] and extracted_by(proc.log_path, second["pid"]) == 1

        new = tmp_path / "new.jsonl"
        new.write_text(json.dumps({"id": "s3", "title": "Visit", "body": "Angela Merkel visited Madrid."}) + "\n")
        added = subprocess.run(
            [sys.executable, "-m", "searchsvc", "add", str(new), "--index", str(index_dir)],
            cwd=PROJECT,
            capture_output=True,
            text=True,
            timeout=300,
        )
        assert added.returncode == 0, added.stderr
        assert extracted_by(proc.log_path, second["pid"]) == 2  # the service's server read it
        assert "Angela Merkel" in get(f"{base}/api/articles/s3")[1]["entities"]["people"]
    wait_for(lambda: gone(second["pid"]), "the server stopped with the service")
    assert record(index_dir) is None


@pytest.mark.server
def test_a_service_that_takes_no_writes_starts_no_server(index_dir):
    with gunicorn(index_dir, workers=1) as (_, proc):
        assert record(index_dir) is None
        assert "ner_server" not in proc.log_path.read_text()
