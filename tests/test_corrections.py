"""Editors' corrections of entities through the API, the pages and the CLI, in process: each action
as a user then sees it on every door, undo, conflicts, unknown names, and what survives a rebuild or a
write killed half-way. (Through gunicorn, with publish: tests/test_corrections_http.py.)"""

from __future__ import annotations

import csv
import io
import json

import pytest
from click.testing import CliRunner

from searchsvc.cli import cli
from searchsvc.entities.annotate import model_signature
from searchsvc.entities.cache import EntityCache
from searchsvc.entities.corrections import Correction
from searchsvc.index.corrections_store import CorrectionStore
from searchsvc.index.indexer import CACHE_FILE
from searchsvc.ingest.articles import Entities
from searchsvc.ingest.readers.records import article_from_record

from .conftest import MODEL, copy_index, make_indexer

AUTH = {"Authorization": "Bearer test-key"}


@pytest.fixture
def root(corrections_template, tmp_path):
    return copy_index(corrections_template, tmp_path / "index")


@pytest.fixture
def client(root, writable_client):
    return writable_client(root)


def correct(client, **body):
    return client.post("/api/corrections", headers=AUTH, json=body)


def total(client, **filters) -> int:
    found = client.get("/api/search", query_string={**filters, "collapse": "false"})
    assert found.status_code == 200, found.json
    return found.json["total"]


def ids(client, **filters) -> set[str]:
    found = client.get("/api/search", query_string={**filters, "per_page": 50, "collapse": "false"}).json
    return {hit["id"] for hit in found["hits"]}


def listed(client, kind: str) -> dict[str, int]:
    return {e["value"]: e["count"] for e in client.get(f"/api/entities?type={kind}&limit=100").json["entities"]}


def chips(client, article_id: str) -> dict:
    return client.get(f"/api/articles/{article_id}").json["entities"]


def test_the_corpus_made_the_mistakes_the_corrections_fix(client):
    assert ids(client, person="Ray Charles") == {"ray-1", "ray-2", "ray-3", "ray-4", "charles-1"}
    assert total(client, org="European Union") == 4  # "EU" is its alias
    assert listed(client, "organizations")["Camilla Parker Bowles"] == 1
    assert "Sadiq" in listed(client, "places")


def test_merging_an_alias_moves_it_alone_and_every_door_sees_it(client):
    made = correct(
        client, type="people", name="Charles", action="merge", into="Prince Charles", note="the prince, not the singer"
    )
    assert made.status_code == 201, made.json
    assert made.json["id"] == 1 and made.json["into"] == "Prince Charles" and made.json["rewritten"] == 1
    assert ids(client, person="Prince Charles") == {"prince-1", "charles-1"}
    assert ids(client, person="Ray Charles") == {"ray-1", "ray-2", "ray-3", "ray-4"}
    assert chips(client, "charles-1")["people"] == ["Prince Charles"]
    assert listed(client, "people")["Prince Charles"] == 2
    profile = client.get("/api/entities/people/Prince%20Charles").json
    assert profile["articles"] == 2 and "Charles" in profile["aliases"]
    facets = client.get("/api/search?q=school&facet_size=5").json["facets"]["people"]
    assert [f["value"] for f in facets] == ["Prince Charles"]
    exported = client.get("/api/search/export?person=Prince%20Charles&format=csv&collapse=false")
    assert exported.headers["X-Total-Count"] == "2"
    rows = list(csv.DictReader(io.StringIO(exported.get_data(as_text=True))))
    assert {row["id"] for row in rows} == {"prince-1", "charles-1"}
    batch = client.post("/api/batch", json={"queries": ["school", "wed"], "person": ["Prince Charles"]})
    assert [r["total"] for r in batch.json["results"]] == [1, 1]
    assert client.get('/api/search?q=person:"prince charles"&collapse=false').json["total"] == 2


def test_renaming_keeps_the_old_name_as_an_alias(client):
    made = correct(client, type="people", name="ray charles", action="rename", to="Ray Charles Robinson")
    assert made.status_code == 201 and made.json["name"] == "Ray Charles"  # as the index writes it
    assert total(client, person="Ray Charles Robinson") == 5
    assert total(client, person="Ray Charles") == 5  # search by the old name still finds them
    assert "Ray Charles" not in listed(client, "people") and listed(client, "people")["Ray Charles Robinson"] == 5
    profile = client.get("/api/entities/people/Ray%20Charles").json
    assert profile["name"] == "Ray Charles Robinson" and "Ray Charles" in profile["aliases"]


def test_retyping_moves_the_entity_to_its_type(client):
    assert (
        correct(
            client, type="organizations", name="Camilla Parker Bowles", action="retype", to_type="people"
        ).status_code
        == 201
    )
    assert ids(client, person="Camilla Parker Bowles") == {"prince-1"}
    unknown = client.get("/api/search?org=Camilla%20Parker%20Bowles").json["unknown_names"]
    assert [u["value"] for u in unknown] == ["Camilla Parker Bowles"]
    assert chips(client, "prince-1")["people"] == ["Prince Charles", "Camilla Parker Bowles"]
    assert client.get("/api/entities/organizations/Camilla%20Parker%20Bowles").status_code == 404


def test_hiding_takes_a_name_out_of_filters_facets_and_lists_but_not_the_text(client):
    assert correct(client, type="places", name="Sadiq", action="hide", note="a first name").status_code == 201
    assert "Sadiq" not in listed(client, "places")
    assert chips(client, "mayor-1")["places"] == ["London"]
    assert [u["value"] for u in client.get("/api/search?place=Sadiq").json["unknown_names"]] == ["Sadiq"]
    assert ids(client, q="sadiq") == {"mayor-1"}
    assert client.get("/api/entities/places/Sadiq").status_code == 404


def test_detaching_an_alias_makes_it_an_entity_of_its_own(client):
    made = correct(client, type="organizations", name="European Union", action="detach", alias="eu")
    assert made.status_code == 201 and made.json["alias"] == "EU"
    assert total(client, org="European Union") == 3
    assert ids(client, org="EU") == {"eu-4"}
    assert listed(client, "organizations")["EU"] == 1


def test_undo_restores_what_the_corpus_decided(client):
    before = {name: total(client, person=name) for name in ("Ray Charles", "Prince Charles")}
    made = correct(client, type="people", name="Charles", action="merge", into="Prince Charles").json
    assert client.get("/api/corrections").json["corrections"][0]["id"] == made["id"]
    assert client.delete(f"/api/corrections/{made['id']}", headers=AUTH).status_code == 204
    assert {name: total(client, person=name) for name in before} == before
    assert client.get("/api/corrections").json == {"corrections": []}
    assert client.delete(f"/api/corrections/{made['id']}", headers=AUTH).status_code == 404


def test_a_correction_that_contradicts_another_is_refused_and_changes_nothing(client):
    first = correct(client, type="people", name="Charles", action="merge", into="Prince Charles").json
    again = correct(client, type="people", name="Charles", action="hide")
    assert again.status_code == 409 and again.json["error"]["details"] == {"conflicts_with": first["id"]}
    back = correct(client, type="people", name="Prince Charles", action="merge", into="Charles")
    assert back.status_code == 409
    taken = correct(client, type="people", name="Ray Charles", action="rename", to="Prince Charles")
    assert taken.status_code == 409 and "merge" in taken.json["error"]["message"]
    assert len(client.get("/api/corrections").json["corrections"]) == 1


def test_an_unknown_name_gets_a_404_with_did_you_mean(client):
    found = correct(client, type="people", name="Ray Charels", action="hide")
    assert found.status_code == 404 and found.json["error"]["details"]["did_you_mean"] == ["Ray Charles"]
    other_type = correct(client, type="places", name="European Union", action="hide")
    assert other_type.status_code == 404 and "organizations" in other_type.json["error"]["message"]
    into = correct(client, type="people", name="Charles", action="merge", into="Nobody Known")
    assert into.status_code == 404
    not_alias = correct(client, type="organizations", name="European Union", action="detach", alias="Wales")
    assert not_alias.status_code == 404 and not_alias.json["error"]["details"]["did_you_mean"] == ["EU"]


@pytest.mark.parametrize(
    "body, field",
    [
        ({"type": "people", "name": "Charles", "action": "merge"}, "into"),
        ({"type": "people", "name": "Charles", "action": "explode"}, "action"),
        ({"type": "things", "name": "Charles", "action": "hide"}, "type"),
        ({"type": "people", "name": "Charles", "action": "hide", "colour": "red"}, "colour"),
        ({"type": "people", "name": "Ray Charles", "action": "retype", "to_type": "people"}, "already"),
    ],
)
def test_a_malformed_correction_says_which_field(client, body, field):
    answer = correct(client, **body)
    assert answer.status_code == 422
    assert field in json.dumps(answer.json["error"])


def test_writes_need_the_key_and_reads_do_not(client):
    body = {"type": "people", "name": "Charles", "action": "hide"}
    assert client.post("/api/corrections", json=body).status_code == 401
    assert client.delete("/api/corrections/1").status_code == 401
    assert client.get("/api/corrections").status_code == 200


def test_corrections_survive_a_rebuild_and_apply_to_new_writes(client, root, corrections_template):
    correct(client, type="people", name="Charles", action="merge", into="Prince Charles")
    correct(client, type="places", name="Sadiq", action="hide")
    make_indexer(root).rebuild([corrections_template.parent / "sources"])
    assert ids(client, person="Prince Charles") == {"prince-1", "charles-1"}
    assert "Sadiq" not in listed(client, "places")
    new = {"id": "mayor-2", "title": "Mayor again", "body": "Sadiq spoke again in London."}
    remember_entities(root, new, places=("Sadiq", "London"))
    added = client.post("/api/articles", headers=AUTH, json=new)
    assert added.status_code == 201 and added.json["entities"]["places"] == ["London"]


def remember_entities(root, record: dict, **entities) -> None:
    """What NER would find in a new article, put in the entity cache (no model is loaded)."""
    cache = EntityCache(root / CACHE_FILE)
    cache.put_many([(article_from_record(record).content_hash, Entities(**entities))], model_signature(MODEL))
    cache.close()


def test_a_correction_stored_but_not_yet_applied_is_applied_by_the_next_start(root, client):
    """The store is the write-ahead log: a process killed after storing a correction and before
    rewriting the articles leaves it for the next write or start to apply."""
    CorrectionStore(root).add(Correction(type="places", name="Sadiq", action="hide"))
    assert "Sadiq" in listed(client, "places")  # the articles are not rewritten yet
    make_indexer(root).recover()
    assert "Sadiq" not in listed(client, "places")


def test_the_entity_page_offers_corrections_to_a_key_holder_without_javascript(client):
    page = client.get("/entities/people/Charles").get_data(as_text=True)  # an alias: Ray Charles's page
    assert "Correct this entity" in page and "<script" not in page
    wrong_key = client.post(
        "/corrections",
        data={"type": "people", "name": "Ray Charles", "action": "detach", "target": "Charles", "key": "nope"},
    )
    assert wrong_key.status_code == 401
    done = client.post(
        "/corrections",
        data={"type": "people", "name": "Ray Charles", "action": "detach", "target": "Charles", "key": "test-key"},
    )
    assert done.status_code == 303 and done.headers["Location"].endswith("/entities/people/Ray%20Charles")
    assert total(client, person="Charles") == 1
    listing = client.get("/corrections").get_data(as_text=True)
    assert "&#39;Charles&#39; detached" in listing
    undone = client.post("/corrections/1/undo", data={"key": "test-key"})
    assert undone.status_code == 303 and total(client, person="Ray Charles") == 5


def test_no_form_where_writes_are_off(root, make_app):
    client = make_app({"INDEX_DIR": str(root), "API_KEYS": ""}).test_client()
    assert "Correct this entity" not in client.get("/entities/people/Ray%20Charles").get_data(as_text=True)


def test_the_cli_has_the_same_verbs_and_round_trips_the_file(root, tmp_path):
    runner = CliRunner()

    def run(*args):
        return runner.invoke(cli, [*args[:2], "--index", str(root), *args[2:]], catch_exceptions=False)

    merged = run("entities", "merge", "--type", "people", "Charles", "Prince Charles", "--note", "the prince")
    assert merged.exit_code == 0 and "1 article rewritten" in merged.output
    assert run("entities", "hide", "--type", "places", "Sadiq").exit_code == 0
    unknown = run("entities", "hide", "--type", "people", "Ray Charels")
    assert unknown.exit_code == 1 and "did you mean: Ray Charles" in unknown.output
    listing = run("entities", "corrections").output.splitlines()
    assert [line.split("\t")[0] for line in listing] == ["1", "2"] and listing[0].endswith("the prince")
    exported = tmp_path / "corrections.json"
    assert runner.invoke(cli, ["entities", "corrections", "export", "--index", str(root), str(exported)]).exit_code == 0
    undone = runner.invoke(cli, ["entities", "corrections", "undo", "--index", str(root), "1", "2"])
    assert undone.exit_code == 0 and CorrectionStore(root).all() == []
    imported = runner.invoke(cli, ["entities", "corrections", "import", "--index", str(root), str(exported)])
    assert imported.exit_code == 0 and "imported 2 corrections" in imported.output
    assert [c.describe() for c in CorrectionStore(root).all()] == [
        "people 'Charles' merged into 'Prince Charles'",
        "places 'Sadiq' hidden",
    ]
    bad = tmp_path / "bad.json"
    bad.write_text(json.dumps({"corrections": [{"type": "people", "name": "X", "action": "explode", "id": 1}]}))
    refused = runner.invoke(cli, ["entities", "corrections", "import", "--index", str(root), str(bad)])
    assert refused.exit_code == 1 and "correction 1" in refused.output and "action" in refused.output
    assert len(CorrectionStore(root).all()) == 2  # a bad file changes nothing


def test_a_typo_d_index_folder_is_an_error_not_an_empty_list(tmp_path):
    runner = CliRunner()
    for args in (["entities", "corrections"], ["entities", "corrections", "export"]):
        found = runner.invoke(cli, [*args, "--index", str(tmp_path / "no-such-index")])
        assert found.exit_code == 1 and "no index in" in found.output
