"""Editors' corrections through gunicorn, as a newsroom meets them: each action seen by the next
request, undo, a conflict, an unknown name, and corrections that survive a rebuild from the CLI while
the service runs and a publish to a read-only replica."""

from __future__ import annotations

import urllib.parse

import pytest

from devtools.server import get, gunicorn

from .conftest import AUTH, copy_index, run_cli_process
from .test_replicas import need

pytestmark = [pytest.mark.server]
KEY = {"SEARCHSVC_API_KEYS": "test-key"}


@pytest.fixture
def served(corrections_template, tmp_path):
    root = copy_index(corrections_template, tmp_path / "index")
    with gunicorn(root, env=KEY) as (base, _):
        yield base, root


def correct(base: str, **body) -> tuple[int, dict]:
    return get(f"{base}/api/corrections", method="POST", headers=AUTH, body=body)


def hits(base: str, **params) -> set[str]:
    query = urllib.parse.urlencode({**params, "per_page": 50, "collapse": "false"})
    status, data = get(f"{base}/api/search?{query}")
    assert status == 200, data
    return {hit["id"] for hit in data["hits"]}


def names(base: str, kind: str) -> set[str]:
    return {e["value"] for e in get(f"{base}/api/entities?type={kind}&limit=100")[1]["entities"]}


def test_each_action_is_seen_by_the_next_request_and_undo_restores_it(served):
    base, _ = served
    ray = {"ray-1", "ray-2", "ray-3", "ray-4"}
    assert hits(base, person="Ray Charles") == ray | {"charles-1"}
    status, merged = correct(base, type="people", name="Charles", action="merge", into="Prince Charles")
    assert status == 201
    assert hits(base, person="Ray Charles") == ray and hits(base, person="Prince Charles") == {"prince-1", "charles-1"}
    assert correct(base, type="people", name="Ray Charles", action="rename", to="Ray Charles Robinson")[0] == 201
    assert hits(base, person="Ray Charles Robinson") == ray == hits(base, person="Ray Charles")
    assert (
        correct(base, type="organizations", name="Camilla Parker Bowles", action="retype", to_type="people")[0] == 201
    )
    assert hits(base, person="Camilla Parker Bowles") == {"prince-1"}
    assert correct(base, type="places", name="Sadiq", action="hide")[0] == 201
    assert "Sadiq" not in names(base, "places")
    assert correct(base, type="organizations", name="European Union", action="detach", alias="EU")[0] == 201
    assert hits(base, org="EU") == {"eu-4"}
    status, listed = get(f"{base}/api/corrections")
    assert [c["action"] for c in listed["corrections"]] == ["merge", "rename", "retype", "hide", "detach"]

    assert get(f"{base}/api/corrections/{merged['id']}", method="DELETE", headers=AUTH)[0] == 204
    assert hits(base, person="Ray Charles Robinson") == ray | {"charles-1"}
    assert "Prince Charles" in names(base, "people")


def test_a_conflict_and_an_unknown_name_are_refused_with_reasons(served):
    base, _ = served
    assert correct(base, type="places", name="Sadiq", action="hide")[0] == 201
    status, conflict = correct(base, type="places", name="Sadiq", action="rename", to="Sadiq Town")
    assert status == 409 and conflict["error"]["details"] == {"conflicts_with": 1}
    status, unknown = correct(base, type="people", name="Prince Charls", action="hide")
    assert status == 404 and unknown["error"]["details"]["did_you_mean"] == ["Prince Charles"]
    assert len(get(f"{base}/api/corrections")[1]["corrections"]) == 1


def test_corrections_survive_a_rebuild_and_a_publish(served, corrections_template, tmp_path):
    need("rsync", "rsync")
    base, root = served
    assert correct(base, type="people", name="Charles", action="merge", into="Prince Charles")[0] == 201
    assert correct(base, type="places", name="Sadiq", action="hide")[0] == 201
    rebuilt = run_cli_process("rebuild", str(corrections_template.parent / "sources"), "--index", str(root))
    assert rebuilt.returncode == 0, rebuilt.stderr
    assert hits(base, person="Prince Charles") == {"prince-1", "charles-1"}  # the new generation, served
    assert "Sadiq" not in names(base, "places")

    replica = tmp_path / "replica"
    published = run_cli_process("publish", str(replica), "--index", str(root))
    assert published.returncode == 0, published.stderr
    with gunicorn(replica, env={"SEARCHSVC_READ_ONLY": "1", **KEY}) as (replica_url, _):
        assert hits(replica_url, person="Prince Charles") == {"prince-1", "charles-1"}
        assert hits(replica_url, person="Charles") == {"prince-1", "charles-1"}  # the alias, on the replica too
        assert "Sadiq" not in names(replica_url, "places")
        assert len(get(f"{replica_url}/api/corrections")[1]["corrections"]) == 2
        status, _ = correct(replica_url, type="places", name="London", action="hide")
        assert status == 403
