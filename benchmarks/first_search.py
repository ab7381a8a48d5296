"""First searches over HTTP, for benchmarks/scale.py: right after gunicorn starts, and right after a write.

Each probe sends the same search twice at once, again until every worker has answered one: a sync
worker takes one request at a time, but which worker takes which is the kernel's choice, and a worker
still warming up takes none. The access log names the worker (pid) that answered each request, told
apart by its User-Agent, and the worker's own time in milliseconds; the figures keep it beside the
time this client waited (which includes waiting for a busy worker). A worker's first answer after
the start, or after the write, is its first search then.
"""

from __future__ import annotations

import re
import time
import urllib.parse
from concurrent.futures import ThreadPoolExecutor
from datetime import UTC, datetime
from pathlib import Path

from devtools.server import get

API_KEY = "scale-benchmark"  # given to the benchmark's own gunicorn only
MARKER = "zyxwritprobe"  # a word no corpus has: the written article is found by it
AGENT = "searchsvc-scale-probe"
PROBE_ID = "scale-write-probe"
WORKERS = 2
TRIES = 10  # pairs sent at most, waiting for every worker to answer one
_SERVED = re.compile(r'"' + AGENT + r'/(\S+?)" (\d+)ms rid=\S* pid=<?(\d+)')


def _timed(url: str, tag: str, method: str = "GET", body=None) -> dict:
    headers = {"User-Agent": f"{AGENT}/{tag}"}
    if method != "GET":
        headers["Authorization"] = f"Bearer {API_KEY}"
    started = time.perf_counter()
    status, answer = get(url, timeout=60, headers=headers, method=method, body=body)
    ms = round((time.perf_counter() - started) * 1000, 1)
    return {"tag": tag, "status": status, "ms": ms, "total": answer.get("total") if isinstance(answer, dict) else None}


def pair(base: str, path: str, log_path: Path, tag: str) -> list[dict]:
    """The same request twice at once; each answer with the worker's pid and its time from the log."""
    with ThreadPoolExecutor(2) as pool:
        answers = list(pool.map(lambda n: _timed(base + path, f"{tag}-{n}"), range(2)))
    return _with_workers(answers, log_path)


def each_worker(base: str, path: str, log_path: Path, tag: str) -> list[dict]:
    """Pairs of the same request until every worker has answered; each worker's first answer."""
    first: dict[int, dict] = {}
    for n in range(TRIES):
        for answer in pair(base, path, log_path, f"{tag}{n}"):
            first.setdefault(answer["pid"], answer)
        if len(first) >= WORKERS:
            break
    return list(first.values())


def _with_workers(answers: list[dict], log_path: Path) -> list[dict]:
    for _ in range(20):  # the access line is written after the answer is sent
        served = {m[1]: (float(m[2]), int(m[3])) for m in _SERVED.finditer(log_path.read_text(errors="replace"))}
        if all(a["tag"] in served for a in answers):
            break
        time.sleep(0.1)
    for answer in answers:
        answer["worker_ms"], answer["pid"] = served.get(answer["tag"], (None, None))
    return answers


def write_one(base: str, record: dict, log_path: Path) -> dict:
    """POST one article (a copy of `record` with a new id, the marker word and a line that makes it
    new text: its entities are in no cache, so the write runs NER as a new article's does); its
    answer and time."""
    body = record["body"]
    now = datetime.now(UTC).isoformat()
    article = {
        **record,
        "id": PROBE_ID,
        "title": f"{record['title']} {MARKER}",
        "body": ("\n\n".join(body) if isinstance(body, list) else body) + f"\n\nFiled {now}.",
        "published": now,
    }
    return _with_workers([_timed(base + "/api/articles", "write", "POST", article)], log_path)[0]


def find_written_path() -> str:
    return "/api/search?" + urllib.parse.urlencode({"q": MARKER})


def after_start(base: str, log_path: Path, path: str) -> dict:
    """Each worker's first answer to `path` once the service is up, then a second one (warm)."""
    return {
        "query": path,
        "after_start": each_worker(base, path, log_path, "after-start"),
        "warm": pair(base, path, log_path, "warm"),
    }


def after_write(base: str, log_path: Path, path: str, record: dict) -> dict:
    """Write one article, then each worker's first answer to `path`, and whether both find the article;
    then delete it again, so that the journal does not carry it into the size's next build."""
    found = {
        "write": write_one(base, record, log_path),
        "after_write": each_worker(base, path, log_path, "after-write"),
        "written_found": each_worker(base, find_written_path(), log_path, "find-written"),
    }
    found["deleted"] = _timed(f"{base}/api/articles/{PROBE_ID}", "delete", "DELETE")
    return found


def workers_seen(answers: list[dict]) -> int:
    return len({a["pid"] for a in answers if a["pid"]})
