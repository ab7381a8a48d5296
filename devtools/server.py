"""Start real gunicorn on a free loopback port, for the tests and benchmarks that need the whole service.

Plain Python, no pytest and no searchsvc: the tests and benchmarks/serving.py and scale.py import it.
"""

from __future__ import annotations

import json
import os
import re
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from contextlib import contextmanager
from pathlib import Path

PROJECT = Path(__file__).resolve().parents[1]
START_SECONDS = 300  # the most a start may take: each worker reads the index before it serves (52 s at 1M)
NGINX = "/usr/sbin/nginx"  # Debian's
UPSTREAM_SERVER = re.compile(r"^(\s*server )127\.0\.0\.1:\d+", re.MULTILINE)
LISTEN = re.compile(r"^(\s*listen )127\.0\.0\.1:\d+;", re.MULTILINE)


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def get(url: str, timeout: float = 10, headers: dict | None = None, method: str = "GET", body=None):
    """Return (status, parsed JSON or text) for one request; never raises on HTTP errors."""
    data = json.dumps(body).encode() if body is not None else None
    request = urllib.request.Request(
        url, data=data, method=method, headers={"Content-Type": "application/json", **(headers or {})}
    )
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:
            status, raw = response.status, response.read()
    except urllib.error.HTTPError as error:
        status, raw = error.code, error.read()
        error.close()
    text = raw.decode("utf-8", "replace")
    try:
        return status, json.loads(text)
    except ValueError:
        return status, text


def post_article(base: str, article: dict, key: str, timeout: float = 60):
    """POST one article to the service at `base` with a write key: (status, parsed answer)."""
    return get(f"{base}/api/articles", timeout, {"Authorization": f"Bearer {key}"}, "POST", article)


@contextmanager
def gunicorn(
    index_dir: Path,
    workers: int = 2,
    env: dict | None = None,
    app: str = "wsgi:app",
    log_path: Path | None = None,
    serve: bool = False,
):
    """Run gunicorn with the project's config; yield (base URL, master process) once /healthz answers
    and every worker is up; stop it afterwards. The log goes to log_path, or beside the index.
    With serve, start it as users do, with the installed `searchsvc serve` command."""
    port = free_port()
    environment = {
        **os.environ,
        "SEARCHSVC_INDEX_DIR": str(index_dir),
        "SEARCHSVC_WORKERS": str(workers),
        "SEARCHSVC_BIND": f"127.0.0.1:{port}",
        **(env or {}),
    }
    log_path = log_path or index_dir.parent / f"gunicorn-{port}.log"
    log_path.parent.mkdir(parents=True, exist_ok=True)
    with open(log_path, "wb") as log:
        command = (
            [str(Path(sys.executable).with_name("searchsvc")), "serve"]
            if serve
            else [sys.executable, "-m", "gunicorn", "-c", "gunicorn.conf.py", app]
        )
        proc = subprocess.Popen(command, cwd=PROJECT, env=environment, stdout=log, stderr=subprocess.STDOUT)
        base = f"http://127.0.0.1:{port}"
        try:
            deadline = time.monotonic() + START_SECONDS
            while not _answers(base + "/healthz"):
                if proc.poll() is not None or time.monotonic() > deadline:
                    raise RuntimeError(f"gunicorn did not start: {log_path.read_text()}")
                time.sleep(0.2)
            while len(worker_pids(proc.pid)) < workers and time.monotonic() < deadline:
                time.sleep(0.1)
            proc.log_path = log_path
            yield base, proc
        finally:
            proc.send_signal(signal.SIGTERM)
            try:
                proc.wait(timeout=20)
            except subprocess.TimeoutExpired:
                proc.kill()
                proc.wait()


def nginx_config(template: Path, upstreams: list[str], port: int) -> str:
    """deploy/'s config with its upstream `server` lines pointed at upstreams (host:port, in order) and
    its `listen` at 127.0.0.1:port; every other line as written there."""
    text = template.read_text()
    servers = UPSTREAM_SERVER.findall(text)
    if len(servers) != len(upstreams) or len(LISTEN.findall(text)) != 1:
        raise ValueError(
            f"{template.name}: {len(servers)} upstream servers for {len(upstreams)} upstreams, or not one `listen`"
        )
    given = iter(upstreams)
    text = UPSTREAM_SERVER.sub(lambda match: match.group(1) + next(given), text)
    return LISTEN.sub(lambda match: f"{match.group(1)}127.0.0.1:{port};", text)


@contextmanager
def nginx(upstreams: list[str], prefix: Path, template: str = "nginx-one-service.conf"):
    """Run Debian's nginx with deploy/<template> in front of upstreams (host:port each), listening on a
    free loopback port, its config, logs, pid and temporary files under prefix (nginx's -p), in the
    foreground; yield (base URL, process) once /healthz answers through it; stop it afterwards."""
    prefix.mkdir(parents=True, exist_ok=True)
    (prefix / "logs").mkdir(exist_ok=True)
    port = free_port()
    config = prefix / "nginx.conf"
    config.write_text(nginx_config(PROJECT / "deploy" / template, upstreams, port))
    # as root, nginx's workers would run as an unprivileged user that cannot enter a private tmp_path
    directives = "daemon off;" + (" user root;" if os.geteuid() == 0 else "")
    proc = subprocess.Popen(
        [NGINX, "-c", str(config), "-p", f"{prefix}/", "-e", "logs/error.log", "-g", directives],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.STDOUT,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 30
        while not _answers(base + "/healthz"):
            if proc.poll() is not None or time.monotonic() > deadline:
                raise RuntimeError(f"nginx did not start: {(prefix / 'logs' / 'error.log').read_text()}")
            time.sleep(0.1)
        yield base, proc
    finally:
        proc.terminate()  # nginx's fast shutdown: open connections are closed, not waited for
        try:
            proc.wait(timeout=20)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()


def _answers(url: str) -> bool:
    """Whether the service answers at all (503 while it has no index yet counts)."""
    try:
        return get(url, timeout=2)[0] in (200, 503)
    except OSError:
        return False


def worker_pids(master: int) -> list[int]:
    """The processes whose parent is the gunicorn master, but for the service's entity-extraction server."""
    pids = []
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
            if int(fields[1]) == master and b"ner_server" not in (stat.parent / "cmdline").read_bytes():
                pids.append(int(stat.parent.name))
        except OSError:
            continue
    return sorted(pids)


def concurrently(function, urls: list[str], threads: int = 8) -> list:
    """Call function(url) for every url from a pool of threads; return the results in order."""
    from concurrent.futures import ThreadPoolExecutor

    with ThreadPoolExecutor(threads) as pool:
        return list(pool.map(function, urls))
