"""One service behind Debian's nginx, configured by deploy/nginx-one-service.conf: slow clients hold
connections to nginx while searches still answer through it (bare gunicorn with sync workers stalls:
benchmarks/slow_clients.md), and the feeds' links keep the public address whatever Host nginx passes on."""

from __future__ import annotations

import os
import re
import shutil
from pathlib import Path

import feedparser
import pytest

from devtools.server import NGINX, PROJECT, get, gunicorn, nginx, nginx_config
from devtools.slow_clients import probe_while_held

pytestmark = [pytest.mark.server, pytest.mark.hardening]
SLOW_CLIENTS = 4  # twice the sync workers: bare gunicorn would have none left
PUBLIC = "https://news.example.org"


def need_nginx() -> None:
    if not Path(NGINX).exists():
        if os.environ.get("SEARCHSVC_REQUIRE_BROWSER"):  # CI installs every system package the tests need
            pytest.fail(f"{NGINX} is required here (apt-get install nginx)")
        pytest.skip(f"{NGINX} is not installed (apt-get install nginx)")


@pytest.mark.parametrize("template, upstreams", [("nginx-one-service.conf", 1), ("nginx.conf", 2)])
def test_deploy_configs_are_generated_for_loopback_ports_and_write_only_under_their_prefix(template, upstreams):
    config = nginx_config(PROJECT / "deploy" / template, [f"127.0.0.1:{9000 + n}" for n in range(upstreams)], 9100)
    assert "listen 127.0.0.1:9100;" in config
    assert [f"127.0.0.1:{9000 + n}" for n in range(upstreams)] == re.findall(r"^\s*server (\S+?)[ ;]", config, re.M)
    directives = [line.split("#", 1)[0] for line in config.splitlines()]
    # logs, pid and temporary files are relative to nginx's -p prefix: nothing written outside it
    assert not [line for line in directives if re.search(r"(_path|_log|pid)\s+/", line)]


@pytest.fixture(scope="module")
def behind_nginx(crafted_template, tmp_path_factory):
    """gunicorn with 2 sync workers on a loopback port, and nginx in front of it; yield (nginx URL, gunicorn URL)."""
    need_nginx()
    base = tmp_path_factory.mktemp("proxy")
    index = base / "index"
    shutil.copytree(crafted_template, index, ignore=shutil.ignore_patterns("*.lock"))
    with (
        gunicorn(index, workers=2, env={"SEARCHSVC_PUBLIC_URL": PUBLIC}) as (service, _),
        nginx([service.removeprefix("http://")], base / "nginx") as (proxy, _),
    ):
        yield proxy, service


@pytest.mark.parametrize("probe", ["/api/search?q=blair", "/?q=blair"])
def test_searches_answer_through_nginx_while_slow_clients_hold_connections(behind_nginx, probe):
    proxy, _ = behind_nginx
    held = probe_while_held(proxy, probe, clients=SLOW_CLIENTS, interval=1.0, max_lines=10, probe_timeout=10)
    assert held.probe_status == 200, held
    assert held.answered_while_held, held  # bare gunicorn answers only once a slow client is done
    assert held.slow_statuses == [200] * SLOW_CLIENTS, held  # each slow request, once whole, is answered too


def test_the_feed_through_nginx_links_to_the_public_url_whatever_the_host(behind_nginx):
    proxy, _ = behind_nginx
    status, text = get(f"{proxy}/feeds/search.atom?q=blair", headers={"Host": "evil.example"})
    assert status == 200 and "evil.example" not in text
    feed = feedparser.parse(text)
    assert not feed.bozo and len(feed.entries) == 4
    assert all(entry.link.startswith(PUBLIC + "/articles/") for entry in feed.entries)
    assert feed.feed.id.startswith(PUBLIC + "/feeds/search.atom?q=blair")
