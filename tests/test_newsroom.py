"""Entity pages, searches as Atom feeds, exports and batch search, on the crafted corpus."""

from __future__ import annotations

import csv
import io
import json

import feedparser
import pytest


def test_an_entity_profile_has_counts_months_company_and_articles(crafted_client):
    response = crafted_client.get("/api/entities/people/tony%20blair")
    assert response.status_code == 200
    data = response.get_json()
    assert (data["type"], data["name"], data["articles"]) == ("people", "Tony Blair", 4)
    assert [m["bucket"] for m in data["months"]] == ["2005-02"] and data["months"][0]["count"] == 3
    assert data["cooccurring"]["people"] == [{"value": "Gordon Brown", "count": 1}]
    assert {"value": "United Kingdom", "count": 3} in data["cooccurring"]["places"]
    assert {h["id"] for h in data["top"]} == {"blair-1", "blair-2", "blair-3", "blair-4"}
    assert [h["id"] for h in data["newest"]][:3] == ["blair-3", "blair-2", "blair-1"]


@pytest.mark.parametrize("path", ["/api/entities/places/UK", "/api/entities/places/britain"])
def test_an_entity_answers_to_its_short_names(crafted_client, path):
    data = crafted_client.get(path).get_json()
    assert data["name"] == "United Kingdom" and "UK" in data["aliases"] and data["articles"] == 5


@pytest.mark.parametrize("path", ["/api/entities/people/Nobody%20Here", "/api/entities/things/x"])
def test_an_unknown_entity_is_404(crafted_client, path):
    response = crafted_client.get(path)
    assert response.status_code == 404 and response.get_json()["error"]["code"] == 404


def test_the_entity_page_links_to_its_company_and_scopes_its_search_box(crafted_client):
    page = crafted_client.get("/entities/people/Tony%20Blair").get_data(as_text=True)
    assert '<h1 id="entity-name" class="people">Tony Blair</h1>' in page
    assert 'href="/entities/people/Gordon%20Brown"' in page  # a co-occurring person's own page
    assert '<input type="hidden" name="person" value="Tony Blair">' in page
    assert 'type="application/atom+xml"' in page and "/feeds/search.atom?person=Tony+Blair" in page


def test_chips_and_facets_link_to_entity_pages(crafted_client):
    page = crafted_client.get("/?q=blair").get_data(as_text=True)
    assert 'href="/entities/people/Tony%20Blair"' in page and 'href="/?q=blair&amp;person=Tony+Blair"' in page


def test_a_search_as_an_atom_feed_parses_newest_first(crafted_client):
    response = crafted_client.get("/feeds/search.atom?q=blair&category=politics")
    assert response.status_code == 200 and response.mimetype == "application/atom+xml"
    feed = feedparser.parse(response.get_data())
    assert not feed.bozo, feed.bozo_exception
    assert [e.title for e in feed.entries] == [
        "Blair and Brown on the economy",
        "Blair promises new schools",
        "Blair defends Iraq policy",
    ]
    assert "Tony Blair" in feed.entries[0].summary and feed.entries[0].published.startswith("2005-02-12")
    assert "/?q=blair" in crafted_client.get("/?q=blair").get_data(as_text=True)


def test_export_streams_every_match_as_csv_or_json_lines(crafted_client):
    response = crafted_client.get("/api/search/export?q=blair&format=csv&per_page=1")
    assert response.status_code == 200 and response.mimetype == "text/csv"
    rows = list(csv.DictReader(io.StringIO(response.get_data(as_text=True))))
    assert len(rows) == 4 and response.headers["X-Total-Count"] == "4"  # every match, not one page
    assert "X-Export-Truncated" not in response.headers
    blair3 = next(r for r in rows if r["id"] == "blair-3")
    assert blair3["people"] == "Tony Blair; Gordon Brown" and blair3["category"] == "politics"
    lines = crafted_client.get("/api/search/export?q=blair&format=jsonl").get_data(as_text=True).splitlines()
    assert {json.loads(line)["id"] for line in lines} == {r["id"] for r in rows}


def test_export_says_when_its_limit_cuts(crafted_template, make_app):
    client = make_app({"INDEX_DIR": str(crafted_template), "EXPORT_LIMIT": 2}).test_client()
    response = client.get("/api/search/export?q=blair")
    assert len(response.get_data(as_text=True).splitlines()) == 3  # header + 2
    assert response.headers["X-Export-Truncated"].startswith("2 of 4 matches")


def test_batch_search_answers_each_query_in_order(crafted_client):
    response = crafted_client.post(
        "/api/batch", json={"queries": ["blair", "federer", "a*", "pancakes"], "category": ["politics"]}
    )
    assert response.status_code == 200
    results = response.get_json()["results"]
    assert [(r["query"], r["total"]) for r in results] == [("blair", 3), ("federer", 0), ("a*", 0), ("pancakes", 0)]
    assert len(results[0]["hits"]) == 3 and "at least 2 letters" in results[2]["error"]
    too_many = crafted_client.post("/api/batch", json={"queries": ["x"] * 1001})
    assert too_many.status_code == 422 and "queries" in too_many.get_json()["error"]["details"]


def test_the_batch_page_takes_lines_or_a_csv_file_and_offers_csv(crafted_client):
    page = crafted_client.post("/batch", data={"queries": "blair\nfederer\n", "format": "html"})
    assert page.status_code == 200 and "Blair defends Iraq policy" in page.get_data(as_text=True)
    upload = {"file": (io.BytesIO(b"name,note\nfederer,tennis\nchelsea,club\n"), "names.csv"), "format": "csv"}
    response = crafted_client.post("/batch", data=upload, content_type="multipart/form-data")
    rows = list(csv.DictReader(io.StringIO(response.get_data(as_text=True))))
    assert [(r["query"], r["total"]) for r in rows] == [("name", "0"), ("federer", "1"), ("chelsea", "1")]


def test_the_landing_page_says_newest_only_when_articles_have_dates(tmp_path, make_app):
    from .conftest import MODEL, make_indexer
    from .crafted import fill_entity_cache, record, write_corpus

    undated = [record(f"u-{n}", f"Undated story {n}", f"Words of story {n}.", "world") for n in range(3)]
    corpus = write_corpus(tmp_path / "sources", undated)
    root = tmp_path / "index"
    root.mkdir()
    fill_entity_cache(root, corpus, MODEL, undated)
    make_indexer(root).rebuild([corpus])
    landing = make_app({"INDEX_DIR": str(root)}).test_client().get("/").get_data(as_text=True)
    assert "All 3 articles" in landing and "Newest of" not in landing
