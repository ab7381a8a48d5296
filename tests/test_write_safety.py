"""Nothing poisons the journal or the index: text that cannot be stored is refused at the door, every
write is checked before it is journaled, a failed write leaves no edit, the journal is the write-ahead
log (what it holds beyond the index is applied at start), and 201 or 200 is decided under the lock."""

from __future__ import annotations

import http.client
import json
import multiprocessing
import os
import signal
import subprocess
import sys
import threading

import pytest

from searchsvc.index import schema
from searchsvc.index.generations import Generations
from searchsvc.index.journal import Journal
from searchsvc.ingest.articles import Article, Problem
from searchsvc.ingest.readers import read_sources

from .conftest import AUTH, FOUNDING, PROJECT, journal_length, make_indexer, wait_for

LONE = "\\ud800"  # as JSON spells it: a lone surrogate, which UTF-8 cannot encode
STORY = {
    "id": "harbour-1",
    "title": "Harbour strike",
    "category": "business",
    "body": "Dockers in Valencia held a strike. The harbour stayed shut.",
}


def post_raw(client, text: str, path: str = "/api/articles", headers=AUTH):
    return client.post(path, data=text.encode(), headers={**headers, "Content-Type": "application/json"})


def error_of(response) -> dict:
    body = response.get_json()
    assert set(body) == {"error"} and set(body["error"]) == {"code", "message", "details"}, body
    return body["error"]


@pytest.mark.usefixtures("warm_seeds")  # the write's entities from a warm server: NER is not tested here
@pytest.mark.parametrize(
    "field, raw",
    [
        ("category", f'"business{LONE}"'),
        ("title", f'"Harbour {LONE} strike"'),
        ("body", f'"A {LONE} body."'),
        ("tags", f'["port", "x{LONE}"]'),
        ("authors", f'["{LONE}"]'),
        ("section", f'"{LONE}"'),
    ],
)
def test_a_lone_surrogate_in_any_field_is_a_422_naming_it_and_never_journaled(client, index_dir, field, raw):
    before = journal_length(index_dir)
    record = json.dumps({k: v for k, v in STORY.items() if k != field})[:-1] + f', "{field}": {raw}}}'
    response = post_raw(client, record)
    assert response.status_code == 422, response.get_data(as_text=True)
    assert "lone surrogate" in error_of(response)["details"][field][0]
    assert journal_length(index_dir) == before
    # nothing half-done: the same id posts fine afterwards, is found, and a rebuild still runs
    assert client.post("/api/articles", json=STORY, headers=AUTH).status_code == 201
    assert client.get("/api/search", query_string={"q": "harbour"}).get_json()["total"] == 1
    make_indexer(index_dir).rebuild([FOUNDING])


def test_a_lone_surrogate_in_a_field_name_is_a_422(client):
    response = post_raw(client, json.dumps(STORY)[:-1] + f', "x{LONE}": "y"}}')
    assert response.status_code == 422
    assert "lone surrogate" in json.dumps(error_of(response)["details"])


@pytest.mark.parametrize(
    "raw, field",
    [
        (f'{{"queries": ["blair {LONE}"]}}', "queries"),
        (f'{{"queries": ["blair"], "person": ["Tony {LONE}"]}}', "person"),
        (f'{{"queries": ["blair"], "source": "{LONE}"}}', "source"),
    ],
)
def test_a_lone_surrogate_in_a_batch_is_a_422_naming_it(client, raw, field):
    response = post_raw(client, raw, "/api/batch", headers={})  # reading only: no key
    assert response.status_code == 422, response.get_data(as_text=True)
    assert field in error_of(response)["details"]


def test_a_jsonl_record_with_a_lone_surrogate_is_skipped_with_its_line(tmp_path):
    source = tmp_path / "mixed.jsonl"
    source.write_text(
        "\n".join(
            [
                json.dumps({"id": "good", "title": "Good", "body": "A fine story."}),
                f'{{"id": "bad", "title": "Bad", "category": "x{LONE}", "body": "b"}}',
                json.dumps({"id": "also-good", "title": "Also", "body": "Another story."}),
            ]
        )
    )
    items = list(read_sources([source]))
    assert [i.id for i in items if isinstance(i, Article)] == ["good", "also-good"]
    [problem] = [i for i in items if isinstance(i, Problem)]
    assert problem.line == 2 and "'category'" in problem.reason and "lone surrogate" in problem.reason
    summary = make_indexer(tmp_path / "index").rebuild([source])  # the whole rebuild crashed before
    assert summary.indexed == 2 and summary.skipped


@pytest.mark.parametrize("field", ["date", "text", "plce", "entity"])
def test_an_unknown_field_in_a_post_is_a_422_naming_it(client, index_dir, field):
    before = journal_length(index_dir)
    response = client.post("/api/articles", json={**STORY, field: "2021-03-03"}, headers=AUTH)
    assert response.status_code == 422
    assert field in error_of(response)["details"]
    assert journal_length(index_dir) == before


@pytest.mark.usefixtures("warm_seeds")  # the write's entities from a warm server: NER is not tested here
def test_an_article_read_can_be_sent_back_as_it_is(client):
    client.post("/api/articles", json=STORY, headers=AUTH)
    read = client.get("/api/articles/harbour-1").get_json()  # with entities and origin
    assert client.post("/api/articles", json=read, headers=AUTH).status_code == 200


def test_batch_names_an_unknown_field_and_takes_a_string_for_a_list(client):
    unknown = client.post("/api/batch", json={"queries": ["gay"], "plce": ["UK"]})
    assert unknown.status_code == 422 and "plce" in error_of(unknown)["details"]
    as_list = client.post("/api/batch", json={"queries": ["gay"], "place": ["Russia"], "category": ["nope"]})
    as_string = client.post("/api/batch", json={"queries": "gay", "place": "Russia", "category": "nope"})
    assert as_string.status_code == 200, as_string.get_json()
    assert as_string.get_json() == as_list.get_json()
    assert as_string.get_json()["results"][0]["total"] == 0  # the category filter held


@pytest.mark.usefixtures("warm_seeds")  # the write's entities from a warm server: NER is not tested here
def test_posting_the_same_article_again_is_idempotent(client, index_dir):
    documents = client.get("/healthz").get_json()["documents"]
    first = client.post("/api/articles", json=STORY, headers=AUTH)
    again = client.post("/api/articles", json=STORY, headers=AUTH)
    assert (first.status_code, again.status_code) == (201, 200)
    assert again.get_json() == first.get_json()
    assert client.get("/healthz").get_json()["documents"] == documents + 1
    assert client.get("/api/search", query_string={"q": "harbour"}).get_json()["total"] == 1


@pytest.mark.usefixtures("warm_seeds")  # the write's entities from a warm server: NER is not tested here
def test_created_or_replaced_is_decided_under_the_write_lock(client):
    founding = FOUNDING.read_text().split("\n", 1)[1]  # its entities are cached: the writes are quick
    start, statuses = threading.Barrier(4), []

    def post():
        start.wait()
        statuses.append(
            client.post(
                "/api/articles", json={"id": "raced", "title": "Raced", "body": founding}, headers=AUTH
            ).status_code
        )

    threads = [threading.Thread(target=post) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(statuses) == [200, 200, 200, 201]


@pytest.mark.usefixtures("warm_seeds")  # the write's entities from a warm server: NER is not tested here
def test_a_write_that_fails_leaves_no_edit_in_the_journal(client, index_dir):
    ix = schema.open_dir(Generations(index_dir).current())
    before = journal_length(index_dir)
    writer = ix.writer()  # the index's own lock, held: the write's commit cannot happen
    try:
        failed = client.post("/api/articles", json=STORY, headers=AUTH)
    finally:
        writer.cancel()
    assert failed.status_code >= 500
    assert journal_length(index_dir) == before  # before: journaled, so the next rebuild indexed it
    make_indexer(index_dir).rebuild([FOUNDING])
    assert client.get("/api/articles/harbour-1").status_code == 404


@pytest.mark.usefixtures("warm_seeds")  # the write's entities from a warm server: NER is not tested here
def test_edits_journaled_beyond_the_index_are_applied_at_start(index_dir, make_app):
    """What a write killed between the journal and the index leaves (the live test kills one)."""
    from searchsvc.ingest.articles import make_article

    journal = Journal(index_dir / "edits.sqlite")
    journal.record([make_article({**STORY, "body": FOUNDING.read_text().split("\n", 1)[1]})], [])
    journal.close()
    client = make_app({"INDEX_DIR": str(index_dir), "API_KEYS": "test-key"}).test_client()
    assert client.get("/api/articles/harbour-1").status_code == 200
    assert client.get("/api/articles/harbour-1/related").get_json()["duplicates"]  # in the groups too
    assert (
        client.post(
            "/api/articles", json={**STORY, "body": FOUNDING.read_text().split("\n", 1)[1]}, headers=AUTH
        ).status_code
        == 200
    )  # the client's retry: replaced, not a second copy


def test_a_body_too_long_for_entity_extraction_is_refused_before_the_journal(index_dir, make_app):
    client = make_app({"INDEX_DIR": str(index_dir), "API_KEYS": "test-key", "NER_TIMEOUT": 5}).test_client()
    before = journal_length(index_dir)
    words = " ".join(f"Word{n} went to Paris." for n in range(3_000))  # 12,000 words; 5 s reads 10,000
    response = client.post("/api/articles", json={**STORY, "body": words}, headers=AUTH)
    assert response.status_code == 422
    assert "split it" in error_of(response)["details"]["body"][0]
    assert journal_length(index_dir) == before


def test_entity_extraction_past_its_time_is_stopped_and_refused(index_dir, make_app):
    client = make_app({"INDEX_DIR": str(index_dir), "API_KEYS": "test-key", "NER_TIMEOUT": 0.2}).test_client()
    before = journal_length(index_dir)
    response = client.post(
        "/api/articles", json={**STORY, "body": "Gordon Brown met Jacques Chirac."}, headers=AUTH
    )  # 5 words, but loading the model alone takes longer than 0.2 s
    assert response.status_code == 422
    assert "did not finish within 0.2 s" in error_of(response)["details"]["body"][0]
    assert journal_length(index_dir) == before
    assert multiprocessing.active_children() == []  # the child was stopped, not left running


def add_measured(index_dir, path) -> tuple[str, int]:
    """`searchsvc add path` in a new process: its standard error and its peak memory in MB."""
    script = (
        "import resource, sys\nfrom searchsvc.cli import cli\n"
        "try:\n    cli(sys.argv[1:])\nexcept SystemExit:\n"
        "    print('peak', resource.getrusage(resource.RUSAGE_SELF).ru_maxrss, file=sys.stderr)\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", script, "add", "--index", str(index_dir), str(path)],
        cwd=PROJECT,
        capture_output=True,
        text=True,
        timeout=300,
    )
    return done.stderr, int(done.stderr.rsplit("peak", 1)[1]) // 1024


def test_a_huge_text_file_is_refused_by_its_size_before_it_is_read(tmp_path, index_dir):
    paragraph = b"A body that goes on and on about the harbour strike in Valencia.\n\n" * 400
    small, huge = tmp_path / "small.txt", tmp_path / "huge.txt"
    small.write_bytes(b"A title\n\n" + b"x" * 3_000_000)  # over the limit too, but read
    huge.write_bytes(b"A title\n\n" + paragraph)
    with open(huge, "r+b") as out:
        out.truncate(300_000_000)  # sparse: no disk used
    said_small, baseline = add_measured(index_dir, small)
    said, peak = add_measured(index_dir, huge)
    assert "body too long" in said_small
    assert "body too long: the file is 300,000,000 bytes" in said, said
    assert peak < baseline + 50, f"{peak} MB against {baseline} MB for a small file: the file was read"


# Against real gunicorn, killed at a known point (SEARCHSVC_PAUSE_AT stops the write there for good)


def killed_mid_write(index_dir, tmp_path, point: str, article: dict):
    """POST `article` to gunicorn, SIGKILL the worker once the write reaches `point`; return the client's
    outcome, then (base URL) once gunicorn has replaced the worker."""
    from devtools.server import get, gunicorn, worker_pids

    env = {"SEARCHSVC_API_KEYS": "test-key", "SEARCHSVC_PAUSE_AT": f"{point}@{tmp_path}"}
    with gunicorn(index_dir, env=env) as (base, master):
        outcome: list = []

        def post():
            try:
                outcome.append(get(f"{base}/api/articles", method="POST", headers=AUTH, body=article, timeout=120))
            except (OSError, http.client.HTTPException) as error:  # cut off: the worker is gone
                outcome.append(repr(error))

        writer = threading.Thread(target=post)
        writer.start()
        [paused] = wait_for(lambda: list(tmp_path.glob(f"{point}-*")), f"the write at {point!r}", seconds=60)
        victim = int(paused.name.rsplit("-", 1)[1])
        os.kill(victim, signal.SIGKILL)
        writer.join()
        wait_for(
            lambda: len(worker_pids(master.pid)) == 2 and victim not in worker_pids(master.pid),
            "gunicorn to replace the worker",
        )
        yield outcome[0], base


def founding_copy() -> dict:
    return {"id": "copy-1", "title": "A copy", "body": FOUNDING.read_text().split("\n", 1)[1]}


@pytest.mark.server
@pytest.mark.hardening
@pytest.mark.parametrize("point", ["journaled", "indexed"])
def test_a_write_killed_half_way_is_whole_after_the_restart(index_dir, tmp_path, point):
    """Killed after the journal (before the index) or after the index (before the groups): the worker
    that replaces it applies the journal, so the article is found and in its near-duplicate group
    without a rebuild, and the client's retry is a replace, not a second copy."""
    from devtools.server import get

    for outcome, base in killed_mid_write(index_dir, tmp_path, point, founding_copy()):
        assert isinstance(outcome, str), outcome  # the client got an error, not an answer

        def whole() -> bool:
            status, related = get(f"{base}/api/articles/copy-1/related")
            return status == 200 and [d["id"] for d in related["duplicates"]] != []

        wait_for(whole, "the new worker to apply the journal", seconds=60)  # as it starts, before it serves
        for _ in range(4):  # whichever worker answers
            assert get(f"{base}/api/articles/copy-1")[0] == 200
            assert [d["id"] for d in get(f"{base}/api/articles/copy-1/related")[1]["duplicates"]] != []
        assert get(f"{base}/api/articles", method="POST", headers=AUTH, body=founding_copy())[0] == 200
        assert get(f"{base}/healthz")[1]["documents"] == 2
    journal = Journal(index_dir / "edits.sqlite")
    assert list(journal.state()) == ["copy-1"]
    journal.close()


@pytest.mark.server
@pytest.mark.hardening
def test_a_killed_writer_leaves_the_services_entity_extraction_serving(index_dir, tmp_path):
    """A write's text goes to the service's entity-extraction server (ner_service.py); SIGKILL the
    worker while the server reads it: the server finishes it (or ends itself at NER_TIMEOUT and is
    started again), and the next write is served. (Without a server, a write runs NER in a child
    that dies with its worker: test_entity_extraction_past_its_time_is_stopped_and_refused.)"""
    from devtools.server import get, gunicorn, worker_pids

    body = " ".join(f"Talks {n} between Tony Blair and Gordon Brown in London went on." for n in range(1_000))
    with gunicorn(index_dir, env={"SEARCHSVC_API_KEYS": "test-key"}) as (base, master):
        server = json.loads((index_dir / "ner-service.json").read_text())["pid"]
        wait_for(lambda: f"ner_server[{server}]: ready" in master.log_path.read_text(), "the model loaded")
        idle = _cpu_ticks(server)
        writer = threading.Thread(
            target=lambda: _quietly(
                get,
                f"{base}/api/articles",
                method="POST",
                headers=AUTH,
                timeout=120,
                body={"title": "Long talks", "body": body},
            )
        )
        writer.start()
        wait_for(lambda: _cpu_ticks(server) > idle + 50, "the server reading the long text", seconds=60)
        for worker in worker_pids(master.pid):
            os.kill(worker, signal.SIGKILL)
        writer.join()
        wait_for(
            lambda: f"ner_server[{server}]: extracted 1 texts" in master.log_path.read_text() or not _alive(server),
            "the server done with the text",
            seconds=60,
        )
        status, article = get(
            f"{base}/api/articles",
            method="POST",
            headers=AUTH,
            timeout=60,
            body={"title": "Short talks", "body": "Tony Blair met Gordon Brown in London."},
        )
        assert status == 201 and "Tony Blair" in article["entities"]["people"]


def _cpu_ticks(pid: int) -> int:
    with open(f"/proc/{pid}/stat") as stat:
        fields = stat.read().rsplit(")", 1)[1].split()
    return int(fields[11]) + int(fields[12])  # utime + stime


def _quietly(call, *args, **kwargs):
    try:
        return call(*args, **kwargs)
    except (OSError, http.client.HTTPException):
        return None


def _alive(pid: int) -> bool:
    try:
        with open(f"/proc/{pid}/stat") as stat:
            return stat.read().rsplit(")", 1)[1].split()[0] != "Z"  # a zombie is dead, waiting to be reaped
    except FileNotFoundError:
        return False
