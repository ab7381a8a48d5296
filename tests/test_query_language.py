"""The query language of docs/searching.md, row by row, on the crafted corpus (tests/crafted.py): 22 articles,
so totals say whether an operator works, not only whether something was found."""

from __future__ import annotations

from collections import Counter

import pytest

from .conftest import AUTH, write_several_segments


def found(client, **params) -> dict:
    response = client.get("/api/search", query_string={"per_page": 100, **params})
    assert response.status_code == 200, response.get_json()
    return response.get_json()


def ids(data: dict) -> set[str]:
    return {hit["id"] for hit in data["hits"]}


@pytest.mark.parametrize(
    "query, expected, matched",
    [
        ("chechnya visas", {"visa-1"}, "all"),  # all the words
        ("visa", {"visa-1", "visa-2"}, "all"),  # stemmed: "visa" finds "visas"
        ("strike OR walkout", {"strike-1", "walkout-1"}, "all"),
        ("blair NOT iraq", {"blair-2", "blair-3", "blair-4"}, "all"),
        ("blair -iraq", {"blair-2", "blair-3", "blair-4"}, "all"),
        ("anti-war blair", set(), "any"),  # "-" inside a word is no exclusion: needs "anti-war"...
        ('"gay men"', {"visa-1"}, "all"),
        ('"men gay"', set(), "all"),
        ("title:visas", {"visa-1", "visa-2"}, "all"),
        ("body:refugees", set(), "all"),
        ("body:growth", {"blair-3"}, "all"),  # econ-1 has "growth" in its title only
        ("subtitle:refugees", {"visa-1"}, "all"),
        ('section:"News & Opinion"', {"visa-1"}, "all"),
        ("category:sport", {"fed-1", "fed-2", "match-1"}, "all"),
        ('person:"ramzan kadyrov"', {"visa-1"}, "all"),
        ("org:treasury", {"budget-1"}, "all"),
        ("place:chechnya", {"visa-1"}, "all"),
        ("econom*", {"blair-3", "econ-1"}, "all"),
        ("kadirov~", {"visa-1"}, "all"),
        ("wom?n", {"visa-2"}, "all"),
        ("were the gay men denied visas?", {"visa-1"}, "all"),  # plain sentences
    ],
)
def test_query_language_table(crafted_client, query, expected, matched):
    data = found(crafted_client, q=query)
    if matched == "any":
        assert data["matched"] == "any"
        return
    assert (ids(data), data["total"], data["matched"]) == (expected, len(expected), "all")


def test_anti_war_is_one_word_not_an_exclusion(crafted_client):
    data = found(crafted_client, q="anti-war blair")
    # no article has "anti-war": the fallback finds Blair's articles, and "war" was never excluded
    assert data["matched"] == "any" and "blair-1" in ids(data)


def test_a_wildcard_for_too_many_words_is_refused(crafted_client):
    response = crafted_client.get("/api/search?q=qx*")
    assert response.status_code == 400
    assert "more than 256 words" in response.get_json()["error"]["message"]
    assert found(crafted_client, q="qxa*")["total"] == 1  # 26 words: fine


def test_fallback_to_any_word_is_flagged(crafted_client):
    data = found(crafted_client, q="strike walkout")
    assert (data["matched"], ids(data)) == ("any", {"strike-1", "walkout-1"})


@pytest.mark.parametrize(
    "query",
    [
        "chechnya NOT putin",
        "chechnya -putin",
        "chechnya pancakes NOT putin",
        "chechnya pancakes -putin",
        "visas pancakes NOT kadyrov",
    ],
)
def test_exclusions_hold_when_the_search_falls_back_to_any_word(crafted_client, query):
    data = found(crafted_client, q=query)
    assert "visa-1" not in ids(data), data
    if "visas" in query:
        assert ids(data) == {"visa-2"} and data["matched"] == "any"


@pytest.mark.parametrize("query", ["-russia", "NOT russia", "NOT russia NOT iraq", "-russia -iraq"])
def test_a_query_that_only_excludes_is_a_clear_400(crafted_client, query):
    response = crafted_client.get("/api/search", query_string={"q": query})
    assert response.status_code == 400
    error = response.get_json()["error"]
    assert "only excludes" in error["message"] and error["details"] == {"q": [error["message"]]}


@pytest.mark.parametrize(
    "query, expected",
    [
        ("US", {"us-1", "visa-1"}),  # in capitals: the country, not "tell us"
        ("IT", {"it-1"}),  # not "its"
        ("place:us", {"us-1", "visa-1"}),  # the United States by its short name
        ("place:uk", {"blair-1", "blair-2", "blair-3", "budget-1", "uk-1"}),
    ],
)
def test_short_capital_words_are_searchable(crafted_client, query, expected):
    assert ids(found(crafted_client, q=query)) == expected


@pytest.mark.parametrize(
    "params, expected",
    [
        ({"place": "US"}, {"us-1", "visa-1"}),
        ({"place": "United States"}, {"us-1", "visa-1"}),
        ({"place": "UK"}, {"blair-1", "blair-2", "blair-3", "budget-1", "uk-1"}),
        ({"place": "britain"}, {"blair-1", "blair-2", "blair-3", "budget-1", "uk-1"}),
        ({"place": "U.K."}, {"blair-1", "blair-2", "blair-3", "budget-1", "uk-1"}),  # it suggested United States
        ({"place": "U.S."}, {"us-1", "visa-1"}),
    ],
)
def test_a_country_filter_takes_its_short_names(crafted_client, params, expected):
    assert ids(found(crafted_client, **params)) == expected


@pytest.mark.parametrize("query", ["federer", '"federer"', "Federer"])
def test_a_name_does_not_match_words_that_share_its_stem(crafted_client, query):
    data = found(crafted_client, q=query)
    assert ids(data) == {"fed-1"}, data  # not the Athletics Federation, not federal spending
    assert any("<mark>Federer</mark>" in s for s in data["hits"][0]["snippets"])


def test_a_quoted_word_matches_as_written(crafted_client):
    assert ids(found(crafted_client, q="economies")) == {"blair-3", "econ-1"}  # stem "economi"
    assert ids(found(crafted_client, q='"economies"')) == {"econ-1"}
    assert ids(found(crafted_client, q="federer*")) == {"fed-1"}  # a prefix finds the word as written


@pytest.mark.parametrize("query", ["*", " * ", "**", "title:*"])
def test_a_bare_star_lists_everything_cheaply(crafted_client, query):
    data = found(crafted_client, q=query) if query != "**" else None
    if data is None:  # two stars and nothing else: still "anything"
        data = found(crafted_client, q=query)
    assert data["total"] == 22


def test_a_star_beside_words_is_ignored(crafted_client):
    assert ids(found(crafted_client, q="blair *")) == ids(found(crafted_client, q="blair"))


@pytest.mark.parametrize("sort", ["newest", "oldest"])
def test_undated_articles_sort_last_either_way_and_have_no_score(crafted_client, sort):
    data = found(crafted_client, q="blair", sort=sort)
    order = [hit["id"] for hit in data["hits"]]
    assert order[-1] == "blair-4"  # the one without a date
    dated = order[:-1]
    assert dated == (["blair-3", "blair-2", "blair-1"] if sort == "newest" else ["blair-1", "blair-2", "blair-3"])
    assert all(hit["score"] is None for hit in data["hits"])
    assert all(isinstance(hit["score"], float) for hit in found(crafted_client, q="blair")["hits"])


def test_category_is_shown_faceted_and_filtered(crafted_client):
    data = found(crafted_client, q="blair")
    assert {hit["id"]: hit["category"] for hit in data["hits"]}["blair-4"] == "entertainment"
    assert {f["value"]: f["count"] for f in data["facets"]["categories"]} == {"politics": 3, "entertainment": 1}
    assert ids(found(crafted_client, q="blair", category="politics")) == {"blair-1", "blair-2", "blair-3"}
    assert ids(found(crafted_client, q="blair", category="Entertainment")) == {"blair-4"}  # any case
    both = crafted_client.get("/api/search?q=blair&category=politics&category=entertainment").get_json()
    assert both["total"] == 4  # repeated: any of them


SHAPES = [
    "blair",
    "blair -iraq",
    "blair NOT iraq",
    "blair OR visas",
    "tony blair",
    '"tony blair"',
    "econom*",
    "kadirov~",
    "",
    "place:uk",
    "blair schools pancakes",
    "title:blair OR body:pay",
]


def pageable(client, **params) -> list[dict]:
    hits, page = [], 1
    while True:
        data = client.get("/api/search", query_string={"per_page": 3, "page": page, **params}).get_json()
        hits += data["hits"]
        if page >= data["pages"]:
            return hits
        page += 1


@pytest.mark.parametrize("query", SHAPES)
def test_totals_and_facets_count_exactly_the_pageable_hits_after_writes(crafted_client, query):
    write_several_segments(crafted_client)
    data = found(crafted_client, q=query, facet_size=100)
    hits = pageable(crafted_client, q=query)
    assert data["total"] == len(hits) == len({h["id"] for h in hits})
    assert "blair-1" not in {h["id"] for h in hits}
    categories = Counter(h["category"] for h in hits if h["category"])
    assert {f["value"]: f["count"] for f in data["facets"]["categories"]} == categories
    people = Counter(p for h in hits for p in h["entities"]["people"])
    assert {f["value"]: f["count"] for f in data["facets"]["people"]} == people


def test_a_search_out_of_time_answers_with_what_it_has(crafted_template, tmp_path, make_app):
    app = make_app({"INDEX_DIR": str(crafted_template), "QUERY_TIMEOUT": 1e-9})
    data = app.test_client().get("/api/search?q=blair").get_json()
    assert data["timed_out"] is True and data["hits"]  # partial: leads instead of highlights
    assert not any("<mark>" in s for hit in data["hits"] for s in hit["snippets"])
    page = app.test_client().get("/?q=blair").get_data(as_text=True)
    assert "results, count and filters below are partial" in page
    relaxed = make_app({"INDEX_DIR": str(crafted_template), "QUERY_TIMEOUT": 0})
    assert relaxed.test_client().get("/api/search?q=blair").get_json()["timed_out"] is False


def test_matching_stops_at_the_deadline(crafted_template, monkeypatch):
    from whoosh import query as wq

    from searchsvc.search import collect, matchset
    from searchsvc.search.budget import Deadline
    from searchsvc.search.engine import Engine

    # words are matched as sets in milliseconds; what Whoosh must walk (here: every article with a
    # body, as for a phrase) looks at the clock every 5 documents, not 256
    monkeypatch.setattr(matchset, "CHECK_EVERY", 5)
    engine = Engine(crafted_template)
    with engine.searcher() as searcher:
        done = collect.collect(searcher, wq.Every("body"), None, 10, "relevance", Deadline(1e-9))
        full = collect.collect(searcher, wq.Every("body"), None, 10, "relevance", Deadline(0))
    engine.close()
    assert done.timed_out and len(done.docnums) < 22
    assert not full.timed_out and len(full.docnums) == 22


@pytest.mark.parametrize("published", ["2017-13-45", "garbage", "0001-01-01T00:00:00+14:00"])
def test_a_bad_date_is_a_422_naming_the_field(crafted_client, published):
    response = crafted_client.post(
        "/api/articles", headers=AUTH, json={"id": "d-1", "title": "T", "body": "B", "published": published}
    )
    assert response.status_code == 422
    details = response.get_json()["error"]["details"]
    assert list(details) == ["published"] and "as a date" in details["published"][0]


def test_errors_of_a_parameter_name_it(crafted_client):
    deep = crafted_client.get("/api/search?q=blair&page=200").get_json()["error"]
    assert deep["details"] == {"page": [deep["message"]]} and "too deep" in deep["message"]
    twice = crafted_client.get("/api/search?q=blair&q=iraq")
    assert twice.status_code == 400
    assert twice.get_json()["error"]["details"] == {"q": ["given 2 times; give it once"]}
    assert crafted_client.get("/api/search?q=blair&place=UK&place=Iraq").status_code == 200  # repeatable


def test_the_page_shows_categories_as_a_facet_and_a_removable_filter(crafted_client):
    page = crafted_client.get("/?q=blair").get_data(as_text=True)
    assert "<h2>Categories</h2>" in page and "category=politics" in page
    narrowed = crafted_client.get("/?q=blair&category=politics").get_data(as_text=True)
    assert "3</strong> articles" in narrowed and "Category: politics" in narrowed


def test_a_ranking_variant_is_passed_to_the_search(crafted_template):
    from searchsvc.search.engine import Engine
    from searchsvc.search.query import Ranking
    from searchsvc.search.ranked import SearchRequest, search

    engine = Engine(crafted_template)
    with engine.searcher() as searcher:

        def found_ids(q, **ranking):
            page = search(searcher, SearchRequest(q=q), ranking=Ranking(**ranking))
            return {hit.article.id for hit in page.hits}, page.matched

        assert found_ids("pay") == ({"strike-1", "walkout-1"}, "all")
        assert found_ids("pay", fields=("title",)) == (set(), "all")  # "pay" is in bodies only
        assert found_ids("strike walkout", all_words=False) == ({"strike-1", "walkout-1"}, "all")
    engine.close()


def test_entity_lists_follow_writes(crafted_client):
    """The totals behind /api/entities and /api/stats are kept per open searcher; a write opens a new one."""

    def blair():
        listed = crafted_client.get("/api/entities?type=people&limit=50").get_json()["entities"]
        top = crafted_client.get("/api/stats").get_json()["top_entities"]["people"]
        return (
            {e["value"]: e["count"] for e in listed}.get("Tony Blair"),
            {e["value"]: e["count"] for e in top}.get("Tony Blair"),
        )

    assert blair() == (4, 4)
    assert crafted_client.delete("/api/articles/blair-1", headers=AUTH).status_code == 204
    assert blair() == (3, 3)
