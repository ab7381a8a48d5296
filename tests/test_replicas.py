"""Read replicas behind Debian's nginx: a new generation published to one service's folder while
clients search through nginx, with zero failed requests; a replica refuses writes and says where
they go."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest

from devtools.server import free_port, get, gunicorn

from .conftest import AUTH, PROJECT

pytestmark = pytest.mark.server
NGINX = "/usr/sbin/nginx"
CLIENTS = 4
MAX_REQUESTS = 3000  # per client, a bound; the clients stop as soon as the replica has switched
DEADLINE = 120  # seconds


def need(binary: str, package: str) -> None:
    if shutil.which(binary) is None and not Path(binary).exists():
        if os.environ.get("SEARCHSVC_REQUIRE_BROWSER"):  # CI installs every system package the tests need
            pytest.fail(f"{binary} is required here (apt-get install {package})")
        pytest.skip(f"{binary} is not installed (apt-get install {package})")


def publish(source: Path, replica: Path) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "searchsvc", "publish", str(replica), "--index", str(source)],
        cwd=PROJECT,
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_publish_copies_the_generation_then_switches_the_pointer(crafted_template, tmp_path):
    need("rsync", "rsync")
    primary, replica = tmp_path / "primary", tmp_path / "replica"
    shutil.copytree(crafted_template, primary, ignore=shutil.ignore_patterns("*.lock"))
    first = publish(primary, replica)
    assert first.returncode == 0, first.stderr
    served = (replica / "CURRENT").read_text().strip()
    assert served.startswith("gen-") and (replica / served / "names.json").exists()
    source = primary / (primary / "CURRENT").read_text().strip()
    assert sorted(p.name for p in (replica / served).iterdir()) == sorted(p.name for p in source.iterdir())
    second = publish(primary, replica)
    assert second.returncode == 0 and (replica / "CURRENT").read_text().strip() != served
    assert not list(replica.glob("building-*"))
    missing = publish(tmp_path / "nothing", replica)
    assert missing.returncode == 1 and "no index" in missing.stderr


def nginx_config(ports: tuple[int, int], listen: int) -> str:
    config = (PROJECT / "deploy" / "nginx.conf").read_text()
    config = config.replace("127.0.0.1:8001", f"127.0.0.1:{ports[0]}").replace(
        "127.0.0.1:8002", f"127.0.0.1:{ports[1]}"
    )
    return config.replace("listen 127.0.0.1:8080;", f"listen 127.0.0.1:{listen};")


def test_publishing_behind_nginx_fails_no_request(crafted_template, tmp_path):
    need(NGINX, "nginx")
    need("rsync", "rsync")
    primary, replica = tmp_path / "primary", tmp_path / "replica"
    shutil.copytree(crafted_template, primary, ignore=shutil.ignore_patterns("*.lock"))
    assert publish(primary, replica).returncode == 0
    prefix = tmp_path / "nginx"
    (prefix / "logs").mkdir(parents=True)
    with (
        gunicorn(primary, env={"SEARCHSVC_API_KEYS": "test-key"}) as (primary_url, _),
        gunicorn(
            replica,
            env={"SEARCHSVC_READ_ONLY": "1", "SEARCHSVC_WRITES_GO_TO": primary_url, "SEARCHSVC_API_KEYS": "test-key"},
        ) as (replica_url, _),
    ):
        listen = free_port()
        config = prefix / "nginx.conf"
        config.write_text(
            nginx_config((int(primary_url.rsplit(":", 1)[1]), int(replica_url.rsplit(":", 1)[1])), listen)
        )
        proxy = subprocess.Popen(
            [NGINX, "-c", str(config), "-p", str(prefix), "-g", "daemon off;"],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.STDOUT,
        )
        base = f"http://127.0.0.1:{listen}"
        try:
            deadline = time.monotonic() + 30
            while not _answers(base):
                assert proxy.poll() is None, (prefix / "logs" / "error.log").read_text()
                assert time.monotonic() < deadline, "nginx did not answer"
                time.sleep(0.1)
            refused = get(f"{replica_url}/api/articles", method="POST", headers=AUTH, body={"title": "T", "body": "B"})
            assert refused[0] == 403 and primary_url in refused[1]["error"]["message"]

            failures, answered, switched = [], [0] * CLIENTS, threading.Event()

            def client(n: int) -> None:
                for _ in range(MAX_REQUESTS):
                    if switched.is_set() or time.monotonic() > deadline_all:
                        return
                    try:
                        status, data = get(f"{base}/api/search?q=blair", timeout=10)
                    except OSError as error:
                        failures.append(repr(error))
                        continue
                    if status != 200 or data["total"] < 4:
                        failures.append((status, data))
                    answered[n] += 1

            deadline_all = time.monotonic() + DEADLINE
            threads = [threading.Thread(target=client, args=(n,)) for n in range(CLIENTS)]
            for thread in threads:
                thread.start()
            added = get(
                f"{primary_url}/api/articles",
                method="POST",
                headers=AUTH,
                body={"id": "replica-1", "title": "Blair visits the replica", "body": "Tony Blair came."},
            )
            assert added[0] == 201
            before = get(f"{replica_url}/healthz")[1]["generation"]
            done = publish(primary, replica)
            assert done.returncode == 0, done.stderr
            while get(f"{replica_url}/api/search?q=replica")[1]["total"] != 1:  # the replica's next search
                assert time.monotonic() < deadline_all
                time.sleep(0.05)
            at_switch = list(answered)  # let every client search the switched replica a few times
            while any(now < then + 5 for now, then in zip(answered, at_switch)):
                assert time.monotonic() < deadline_all
                time.sleep(0.05)
            switched.set()
            for thread in threads:
                thread.join()
            assert get(f"{replica_url}/healthz")[1]["generation"] != before
        finally:
            proxy.terminate()
            proxy.wait(timeout=10)
    assert failures == [] and sum(answered) > CLIENTS * 10, (failures[:5], answered)


def _answers(base: str) -> bool:
    try:
        return get(f"{base}/healthz", timeout=2)[0] == 200
    except OSError:
        return False
