from __future__ import annotations

from collections import Counter

import pytest

from .conftest import AUTH
from .crafted import ARTICLES as CRAFTED

pytestmark = pytest.mark.usefixtures("warm_seeds")  # writes' entities from a warm server: NER is not tested here

FOUNDING_TITLE = "US Denies Visas to Gay Chechen Men Fleeing Persecution"
VALENCIA = {
    "id": "valencia-1",
    "title": "Floods in Valencia",
    "section": "World",
    "published": "2021-03-03T10:00:00+00:00",
    "body": "Heavy rain flooded Valencia in Spain. Pedro Sanchez visited the region.\n\n"
    "The Red Cross opened shelters in Valencia.",
}


def test_search_returns_founding_article_with_marked_snippet_and_entities(client):
    data = client.get("/api/search?q=chechnya").get_json()
    assert set(data) >= {"query", "total", "page", "per_page", "pages", "took_ms", "hits", "facets", "suggestion"}
    assert data["total"] == 1 and data["pages"] == 1 and data["suggestion"] is None
    [hit] = data["hits"]
    assert hit["title"] == FOUNDING_TITLE
    assert any("<mark>Chechnya</mark>" in s for s in hit["snippets"])
    assert "Ramzan Kadyrov" in hit["entities"]["people"]
    assert hit["published"].startswith("2017-05-18T08:47")


def test_title_is_highlighted(client):
    [hit] = client.get("/api/search?q=visas").get_json()["hits"]
    assert hit["title_highlighted"] == "US Denies <mark>Visas</mark> to Gay Chechen Men Fleeing Persecution"


def test_entity_only_hit_gets_the_lead_as_snippet(client):
    [hit] = client.get('/api/search?q=person:"vladimir putin"').get_json()["hits"]
    assert hit["snippets"][0].startswith("After reports of gay men in Chechnya")


def test_all_words_by_default_then_any_word_when_none_has_all(client):
    client.post("/api/articles", json=VALENCIA, headers=AUTH)
    data = client.get("/api/search?q=chechnya+kadyrov").get_json()
    assert data["matched"] == "all" and data["total"] == 1
    data = client.get("/api/search?q=chechnya+valencia").get_json()
    assert data["matched"] == "any" and data["total"] == 2
    assert client.get("/api/search?q=pancakes+waffles").get_json()["total"] == 0
    data = client.get("/api/search", query_string={"q": "chechnya valencia -pancakes"}).get_json()
    assert data["matched"] == "any" and data["total"] == 2


@pytest.mark.parametrize(
    "query",
    [
        "visas for the gay men",  # common words are dropped from names too, not required there
        "Russia-LGBT network visas",
        "LGBT-network",  # a hyphen inside a word joins, it does not exclude
        "who denies visas to gay men?",
        "visas?",  # a question mark ending a word is punctuation
        "+visas chechnya",  # "+" is no operator: every word is required already
    ],
)
def test_natural_text_finds_the_article_with_all_its_words(client, query):
    data = client.get("/api/search", query_string={"q": query}).get_json()
    assert (data["matched"], data["total"]) == ("all", 1), data


def test_suggestion_for_misspellings(client):
    data = client.get("/api/search?q=chechnia kadirov").get_json()
    assert data["suggestion"] == "chechnya kadyrov"


@pytest.mark.parametrize(
    "params, total",
    [
        ({"person": "Ramzan Kadyrov"}, 1),
        ({"person": "ramzan kadyrov"}, 1),
        ({"person": ["Ramzan Kadyrov", "Vladimir Putin"]}, 1),
        ({"person": ["Ramzan Kadyrov", "Nobody"]}, 0),
        ({"org": "Novaya Gazeta"}, 1),
        ({"place": "United States"}, 1),
        ({"place": "France"}, 0),
        ({"section": "News & Opinion"}, 1),
        ({"section": "Sport"}, 0),
        ({"from": "2017-05-18", "to": "2017-05-18"}, 1),
        ({"from": "2017-05-19"}, 0),
        ({"to": "2017-05-17"}, 0),
    ],
)
def test_filters(client, params, total):
    data = client.get("/api/search", query_string={"q": "", **params}).get_json()
    assert data["total"] == total


def test_facets_count_all_matches_and_month_histogram(client):
    client.post("/api/articles", json=VALENCIA, headers=AUTH)
    data = client.get("/api/search?q=&per_page=1").get_json()
    assert data["total"] == 2 and len(data["hits"]) == 1 and data["pages"] == 2
    assert data["hits"][0]["id"] == "valencia-1"  # empty query: newest first
    assert data["facets"]["published"] == [{"bucket": "2017-05", "count": 1}, {"bucket": "2021-03", "count": 1}]
    sections = {f["value"]: f["count"] for f in data["facets"]["sections"]}
    assert sections == {"News & Opinion": 1, "World": 1}
    assert {"value": "Ramzan Kadyrov", "count": 1} in data["facets"]["people"]


def test_sort_and_paging(client):
    client.post("/api/articles", json=VALENCIA, headers=AUTH)
    newest = [h["id"] for h in client.get("/api/search?sort=newest").get_json()["hits"]]
    oldest = [h["id"] for h in client.get("/api/search?sort=oldest").get_json()["hits"]]
    assert newest == list(reversed(oldest)) and newest[0] == "valencia-1"
    page2 = client.get("/api/search?per_page=1&page=2&sort=newest").get_json()
    assert [h["id"] for h in page2["hits"]] == newest[1:2]
    beyond = client.get("/api/search?per_page=1&page=5").get_json()
    assert beyond["hits"] == [] and beyond["total"] == 2


def test_snippet_options(client):
    [hit] = client.get("/api/search?q=visas&snippets=1&fragment_size=60").get_json()["hits"]
    assert len(hit["snippets"]) == 1 and "<mark>visas</mark>" in hit["snippets"][0].lower()


@pytest.mark.parametrize(
    "params, field",
    [
        ({"per_page": 0}, "per_page"),
        ({"per_page": 101}, "per_page"),
        ({"page": 0}, "page"),
        ({"page": "x"}, "page"),
        ({"sort": "random"}, "sort"),
        ({"from": "yesterday"}, "from"),
        ({"snippets": 6}, "snippets"),
        ({"facet_size": 0}, "facet_size"),
        ({"q": "x" * 501}, "q"),
        ({"from": "2020-02-02", "to": "2020-01-01"}, "from"),
    ],
)
def test_bad_parameters_are_400_naming_the_field(client, params, field):
    response = client.get("/api/search", query_string=params)
    assert response.status_code == 400
    error = response.get_json()["error"]
    assert error["code"] == 400 and field in error["details"]


@pytest.mark.parametrize("query", ["a*", "*ing", "?x", "(("])
def test_unrunnable_queries_are_400_with_a_message(client, query):
    response = client.get("/api/search", query_string={"q": query})
    assert response.status_code == 400
    assert response.get_json()["error"]["message"]


def test_deep_paging_is_limited(client):
    response = client.get("/api/search?page=11&per_page=100")
    assert response.status_code == 400 and "deep" in response.get_json()["error"]["message"]


def test_get_article_and_404(client):
    hit = client.get("/api/search?q=chechnya").get_json()["hits"][0]
    article = client.get(f"/api/articles/{hit['id']}").get_json()
    assert article["title"] == FOUNDING_TITLE and article["body"].startswith("After reports")
    assert article["entities"]["places"] and article["subtitle"].startswith("The Russia LGBT Network")
    assert client.get("/api/articles/unknown").status_code == 404


def test_related_never_includes_the_article_itself(client):
    client.post(
        "/api/articles",
        json={
            **VALENCIA,
            "id": "chechnya-2",
            "title": "Chechnya again",
            "body": "Gay men in Chechnya fled to Russia, said Ramzan Kadyrov critics.",
        },
        headers=AUTH,
    )
    client.post("/api/articles", json=VALENCIA, headers=AUTH)
    founding = client.get("/api/search?q=visas").get_json()["hits"][0]["id"]
    related = client.get(f"/api/articles/{founding}/related?limit=5").get_json()["related"]
    ids = [r["id"] for r in related]
    assert founding not in ids and ids[0] == "chechnya-2"
    assert client.get("/api/articles/unknown/related").status_code == 404
    assert client.get(f"/api/articles/{founding}/related?limit=0").status_code == 400


def corpus_counts(kind: str) -> Counter:
    """Articles of the crafted corpus naming each entity of a type, from its filled entity cache."""
    return Counter(name for article in CRAFTED for name in set(article["entities"][kind]))


@pytest.mark.parametrize("kind", ["people", "organizations", "places"])
def test_entities_endpoint_lists_every_name_with_its_article_count(crafted_client, kind):
    listed = crafted_client.get("/api/entities", query_string={"type": kind, "limit": 500}).get_json()
    assert listed["type"] == kind
    assert {e["value"]: e["count"] for e in listed["entities"]} == corpus_counts(kind)
    counts = [e["count"] for e in listed["entities"]]
    assert counts == sorted(counts, reverse=True)  # most mentioned first
    top = crafted_client.get("/api/entities", query_string={"type": kind, "limit": 2}).get_json()["entities"]
    assert top == listed["entities"][:2]


def test_entities_endpoint_prefix_and_bad_arguments(crafted_client):
    data = crafted_client.get("/api/entities?type=organizations&prefix=gr").get_json()
    assert data["entities"] == [{"value": "Greek Athletics Federation", "count": 1}]
    assert crafted_client.get("/api/entities?type=animals").status_code == 400
    assert crafted_client.get("/api/entities").status_code == 400


def test_write_create_replace_delete_with_exact_counts(client):
    created = client.post("/api/articles", json=VALENCIA, headers=AUTH)
    assert created.status_code == 201
    # the entities the write answers are the article's as read back (which names NER finds is not this test's)
    assert created.get_json()["entities"] == client.get("/api/articles/valencia-1").get_json()["entities"]
    assert set(created.get_json()["entities"]) == {"people", "organizations", "places"}
    assert client.get("/api/search?q=valencia").get_json()["total"] == 1
    replaced = client.post("/api/articles", json={**VALENCIA, "title": "Storm in Valencia"}, headers=AUTH)
    assert replaced.status_code == 200
    data = client.get("/api/search?q=valencia").get_json()
    assert data["total"] == 1 and data["hits"][0]["title"] == "Storm in Valencia"
    assert client.get("/api/search?q=").get_json()["total"] == 2
    assert client.delete("/api/articles/valencia-1", headers=AUTH).status_code == 204
    assert client.get("/api/search?q=valencia").get_json()["total"] == 0
    assert client.get("/api/stats").get_json()["documents"] == 1
    assert client.delete("/api/articles/valencia-1", headers=AUTH).status_code == 404


def test_a_printed_date_is_read_once_per_write(client, monkeypatch):
    import dateparser  # what searchsvc.ingest.dates calls for a printed date

    calls = []
    parse = dateparser.parse
    monkeypatch.setattr(dateparser, "parse", lambda *args, **kwargs: calls.append(args) or parse(*args, **kwargs))
    created = client.post("/api/articles", json={**VALENCIA, "published": "May 18 2017 8:47 AM EST"}, headers=AUTH)
    assert created.status_code == 201 and created.get_json()["published"] == "2017-05-18T08:47:00-05:00"
    assert len(calls) == 1
    refused = client.post("/api/articles", json={**VALENCIA, "published": "someday soon"}, headers=AUTH)
    assert refused.status_code == 422 and refused.get_json()["error"]["details"] == {
        "published": ["cannot read 'someday soon' as a date; use ISO 8601 or a printed date"]
    }


def test_stats_and_health(crafted_client):
    stats = crafted_client.get("/api/stats").get_json()
    assert stats["documents"] == len(CRAFTED) and stats["generation"].startswith("gen-")
    assert stats["entities"] == {kind: len(corpus_counts(kind)) for kind in ("people", "organizations", "places")}
    assert stats["top_entities"]["people"][0] == {"value": "Tony Blair", "count": corpus_counts("people")["Tony Blair"]}
    health = crafted_client.get("/healthz")
    assert health.status_code == 200 and health.get_json()["documents"] == len(CRAFTED)
    assert health.get_json()["generation"] == stats["generation"]


def test_openapi_describes_every_endpoint(app, client):
    spec = client.get("/api/openapi.json").get_json()
    assert spec["openapi"].startswith("3.")
    routes = {
        rule.rule.replace("<article_id>", "{article_id}")
        .replace("<int:correction_id>", "{correction_id}")
        .replace("<any(people, organizations, places):kind>/<path:name>", "{kind}/{name}")
        for rule in app.url_map.iter_rules()
        if rule.endpoint not in ("static", "metrics")
        and not rule.endpoint.startswith(("pages.", "feeds.", "editing.", "quoting."))
    }
    assert routes == set(spec["paths"])
    params = {p["name"] for p in spec["paths"]["/api/search"]["get"]["parameters"]}
    assert {"q", "page", "per_page", "sort", "person", "org", "place", "from", "to"} <= params


def test_wildcard_and_fuzzy_words_are_limited(client):
    assert client.get("/api/search", query_string={"q": "visas~ kadirov~ chech*"}).status_code == 200
    response = client.get("/api/search", query_string={"q": "visas~ kadirov~ chech* putin~"})
    assert response.status_code == 400 and "at most 3" in response.get_json()["error"]["message"]


@pytest.mark.parametrize(
    "prefix, expected",
    [
        ("tony", [{"value": "Tony Blair", "count": 4}]),
        ("blair", [{"value": "Tony Blair", "count": 4}]),  # the start of a later word
        ("BR", [{"value": "Gordon Brown", "count": 2}]),  # any case
        ("lair", []),  # inside a word: no
    ],
)
def test_entity_prefix_matches_the_start_of_any_word(crafted_client, prefix, expected):
    data = crafted_client.get("/api/entities", query_string={"type": "people", "prefix": prefix}).get_json()
    assert data["entities"] == expected


def test_articles_posted_without_id_or_url_are_told_apart_by_content(client):
    """Neither id nor URL: the id is a hash of title and body, so two different articles are two
    articles, and posting the same one again replaces it."""
    first = client.post("/api/articles", json={"title": "Dock strike", "body": "Dockers struck."}, headers=AUTH)
    second = client.post("/api/articles", json={"title": "Rail strike", "body": "Drivers struck."}, headers=AUTH)
    again = client.post("/api/articles", json={"title": "Dock strike", "body": "Dockers struck."}, headers=AUTH)
    assert (first.status_code, second.status_code, again.status_code) == (201, 201, 200)
    assert first.get_json()["id"] != second.get_json()["id"]
    assert again.get_json()["id"] == first.get_json()["id"] and first.get_json()["id"].startswith("c")
    found = client.get("/api/search?q=strike").get_json()
    assert found["total"] == 2


def test_a_misspelt_name_filter_says_so_and_suggests_the_indexed_name(client):
    data = client.get("/api/search", query_string={"place": "Chechnia"}).get_json()
    assert data["total"] == 0
    assert data["unknown_names"] == [{"param": "place", "value": "Chechnia", "did_you_mean": ["Chechnya"]}]
    data = client.get("/api/search", query_string={"place": "Amerca", "person": "Vladimir Puttin"}).get_json()
    assert {(u["param"], tuple(u["did_you_mean"])) for u in data["unknown_names"]} == {
        ("place", ("United States",)),
        ("person", ("Vladimir Putin",)),
    }  # "America" is a short name of it
    data = client.get("/api/search", query_string={"place": "Zanzibar"}).get_json()
    assert data["unknown_names"] == [{"param": "place", "value": "Zanzibar", "did_you_mean": []}]
    known = client.get("/api/search", query_string={"place": "chechnya", "org": "russia lgbt network"}).get_json()
    assert known["total"] == 1 and known["unknown_names"] == []


def test_a_blank_name_filter_is_none_and_spaces_fold(client):
    everything = client.get("/api/search?q=chechnya").get_json()["total"]
    blank = client.get("/api/search", query_string={"q": "chechnya", "place": "  "}).get_json()
    assert blank["total"] == everything and blank["unknown_names"] == []
    spaced = client.get("/api/search", query_string={"person": "  Ramzan   Kadyrov "}).get_json()
    assert spaced["total"] == 1 and spaced["unknown_names"] == []


def test_a_person_filter_with_a_title_finds_the_person(client):
    # the index drops titles from people's names, so a filter does too: "Mr Kadyrov" is Ramzan Kadyrov
    for value in ("President Vladimir Putin", "Mr Ramzan Kadyrov"):
        found = client.get("/api/search", query_string={"person": value}).get_json()
        assert found["total"] == 1 and found["unknown_names"] == [], value
    nobody = client.get("/api/search", query_string={"person": "Mr Nobody"}).get_json()
    assert nobody["total"] == 0 and nobody["unknown_names"][0]["value"] == "Mr Nobody"


def test_two_stories_whose_urls_differ_in_the_paths_case_are_two_articles(client):
    """A path's case can name another page (/story/AbC123 and /story/abc123): both are kept and found."""
    for url, title in [
        ("https://news.example.org/story/AbC123", "Harbour strike"),
        ("https://news.example.org/story/abc123", "Harbour reopens"),
    ]:
        created = client.post("/api/articles", json={"url": url, "title": title, "body": f"{title}."}, headers=AUTH)
        assert created.status_code == 201
    found = client.get("/api/search?q=harbour").get_json()
    assert sorted(hit["title"] for hit in found["hits"]) == ["Harbour reopens", "Harbour strike"]


def test_the_same_story_with_tracking_parameters_is_one_article(client):
    """utm_* parameters, the fragment, 'www.', the scheme, the host's case and a trailing slash name
    the same page: posting it again that way replaces the article."""
    story = {"url": "https://news.example.org/story/AbC123?id=7", "title": "Harbour strike", "body": "Dockers."}
    first = client.post("/api/articles", json=story, headers=AUTH)
    tracked = "http://WWW.News.Example.org/story/AbC123/?utm_source=newsletter&id=7&utm_medium=email#comments"
    again = client.post("/api/articles", json={**story, "url": tracked, "title": "Harbour strike ends"}, headers=AUTH)
    assert (first.status_code, again.status_code) == (201, 200)
    assert again.get_json()["id"] == first.get_json()["id"]
    found = client.get("/api/search?q=harbour").get_json()
    assert [hit["title"] for hit in found["hits"]] == ["Harbour strike ends"]
    other = client.post("/api/articles", json={**story, "url": story["url"].replace("id=7", "id=8")}, headers=AUTH)
    assert other.status_code == 201  # a parameter that is no tracker names another page
