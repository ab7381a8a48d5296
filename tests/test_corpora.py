"""Integration over the shared research corpora (skipped when ../shared/data is absent)."""

from __future__ import annotations

import pytest

from searchsvc.index.indexer import Indexer
from searchsvc.web.app import create_app

from .conftest import shared_corpus

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def bbc_client(bbc_index):
    app = create_app({"TESTING": True, "INDEX_DIR": str(bbc_index)})
    yield app.test_client()


def test_bbc_blair_snippets_and_people_facet(bbc_client):
    data = bbc_client.get("/api/search?q=blair").get_json()
    assert data["total"] > 100
    assert all(any("<mark>Blair</mark>" in s for s in hit["snippets"]) for hit in data["hits"])
    assert data["facets"]["people"][0]["value"] == "Tony Blair"


def test_bbc_entity_filter_narrows(bbc_client):
    everything = bbc_client.get("/api/search?q=election").get_json()["total"]
    narrowed = bbc_client.get("/api/search?q=election&person=Tony+Blair").get_json()
    assert 0 < narrowed["total"] < everything
    assert all("Tony Blair" in hit["entities"]["people"] for hit in narrowed["hits"])


def test_bbc_stats_counts_entities(bbc_client):
    stats = bbc_client.get("/api/stats").get_json()
    assert stats["documents"] == 2225
    assert stats["entities"]["people"] > 1000 and stats["entities"]["places"] > 200
    top_places = [e["value"] for e in stats["top_entities"]["places"][:5]]
    assert "United Kingdom" in top_places and "United States" in top_places


def blank_pipeline(folder) -> str:
    """A blank English spaCy pipeline on disk (its tokenizer only, so no entity is found), as a model name."""
    import spacy

    spacy.blank("en").to_disk(folder)
    return str(folder)


def test_reuters_has_at_least_19000_stories_with_a_body(tmp_path, make_app):
    """The reader and the index over the whole of Reuters-21578; its entities are not asserted, so a
    blank pipeline stands in for the model (the model took 4-15 minutes of this suite on 2 cores)."""
    corpus = shared_corpus("reuters21578")
    indexer = Indexer(root=tmp_path / "index", model=blank_pipeline(tmp_path / "blank-en"), workers=2, write_timeout=5)
    summary = indexer.rebuild([corpus], fmt="reuters")
    assert summary.indexed >= 19000
    assert summary.skipped["story has no body"] == 2535
    app = make_app({"INDEX_DIR": str(tmp_path / "index")})
    data = app.test_client().get("/api/search?q=cocoa+bahia").get_json()
    assert data["total"] > 0 and data["hits"][0]["source"] == "Reuters"
    assert data["facets"]["published"][0]["bucket"].startswith("1987-")
