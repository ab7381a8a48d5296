"""Matching as sets and scoring as arrays (search/matchset.py, search/scoring.py) give what Whoosh
itself gives: the same documents, the same BM25F scores, whatever the segments and deletions."""

from __future__ import annotations

import html
import re

import pytest
from hypothesis import example, given
from hypothesis import settings as hypothesis_settings
from hypothesis import strategies as st
from whoosh import collectors

from .conftest import AUTH, copy_index, write_several_segments

QUERIES = [
    "blair",
    "tony blair",
    "blair -iraq",
    "blair OR visas",
    "econom*",
    "kadirov~",
    "place:uk",
    "title:blair OR body:pay",
    "gordon brown budget",
    "chechnya visas",
]


# words, names, phrases and scoped words of the crafted corpus, common and rare, and two that match nothing
WORDS = [
    "blair",
    "tony",
    "brown",
    "iraq",
    "visas",
    "budget",
    "economy",
    "pay",
    "strike",
    "schools",
    "chechnya",
    "federer",
    "film",
    "us",
    "zanzibar",
    '"tony blair"',
    '"gordon brown"',
    '"rail workers"',
    '"blair iraq"',
    "place:uk",
    "title:blair",
    "body:pay",
    "person:brown",
    "category:politics",
]
EXPANDING = ["econom*", "fed*", "kadirov~", "visa~"]  # at most three in one query (query.MAX_EXPANDING_WORDS)


def nested(parts):
    """One level more: an AND (spelled or not), an OR, or an exclusion of a part or of a word."""
    return st.one_of(
        st.tuples(parts, st.sampled_from([" ", " AND ", " OR "]), parts).map(lambda t: f"({t[0]}{t[1]}{t[2]})"),
        st.tuples(parts, parts).map(lambda t: f"({t[0]} NOT {t[1]})"),
        st.tuples(parts, st.sampled_from(WORDS[:14])).map(lambda t: f"({t[0]} -{t[1]})"),
    )


NESTED_QUERIES = st.recursive(st.sampled_from(WORDS + EXPANDING), nested, max_leaves=8).filter(
    lambda text: sum(text.count(word) for word in EXPANDING) <= 3
)


def assert_scored_as_whoosh_does(searcher, text: str) -> int:
    """Our match set and scores for the query `text` are those of Whoosh's own collector, which
    scores every match; return how many it matched."""
    from searchsvc.search import matchset, scoring
    from searchsvc.search.query import parse

    q = parse(text, searcher.schema, searcher.reader())
    every = collectors.TopCollector(10_000, usequality=False, replace=0)  # every match scored
    searcher.search_with_collector(q, every)
    whoosh = {docnum: score for score, docnum in every.results().top_n}
    found, timed_out = matchset.matching(searcher, q)
    assert not timed_out and sorted(found.tolist()) == sorted(whoosh), (text, q)
    ours = scoring.scores(searcher, q, found)
    assert ours is not None, text
    assert ours.tolist() == pytest.approx([whoosh[d] for d in found.tolist()], rel=1e-9), (text, q)
    return len(whoosh)


@pytest.mark.parametrize("written", [False, True], ids=["one segment", "written"])
def test_match_sets_and_scores_are_whooshs_own(crafted_client, written):
    if written:
        write_several_segments(crafted_client)
    engine = crafted_client.application.extensions["searchsvc.engine"]
    with engine.searcher() as searcher:
        for text in QUERIES:
            assert_scored_as_whoosh_does(searcher, text)


@pytest.mark.parametrize("written", [False, True], ids=["one segment", "written"])
def test_nested_queries_match_and_score_as_whoosh(crafted_client, written):
    """Any nesting of AND, OR, NOT and -word over words, phrases, scoped, wildcard and fuzzy words."""
    from searchsvc.search.query_checks import QueryError

    if written:
        write_several_segments(crafted_client)
    engine = crafted_client.application.extensions["searchsvc.engine"]
    matched = []
    with engine.searcher() as searcher:

        @hypothesis_settings(max_examples=150, deadline=None)
        @given(NESTED_QUERIES)
        @example('(blair OR visas) AND NOT (iraq OR "gordon brown")')
        @example('(tony OR "gordon brown") NOT (schools OR (iraq -budget))')
        @example("((econom* OR pay) AND NOT (strike NOT walkout)) OR title:blair")
        def same_as_whoosh(text):
            try:
                matched.append(assert_scored_as_whoosh_does(searcher, text))
            except QueryError:
                matched.append(None)  # one that only excludes, say: refused before any search

        same_as_whoosh()
    assert sum(n is None for n in matched) < len(matched) / 4, "most generated queries were refused"
    assert sum(bool(n) for n in matched) > len(matched) / 4, "most generated queries matched nothing"


def test_a_phrase_is_scored_in_the_tree_as_whoosh_scores_it(crafted_client):
    from searchsvc.search import scoring
    from searchsvc.search.query import parse

    engine = crafted_client.application.extensions["searchsvc.engine"]
    with engine.searcher() as searcher:
        q = parse('"tony blair" OR visas', searcher.schema, searcher.reader())
        every = collectors.TopCollector(10_000, usequality=False, replace=0)
        searcher.search_with_collector(q, every)
        whoosh = {docnum: score for score, docnum in every.results().top_n}
        ids, scores, _ = scoring.scored_matches(searcher, q)
        assert ids.tolist() == sorted(whoosh) and len(ids)
        assert scores.tolist() == pytest.approx([whoosh[d] for d in ids.tolist()], rel=1e-9)
    data = crafted_client.get("/api/search", query_string={"q": '"tony blair"'}).get_json()
    assert data["total"] == len(data["hits"]) > 0


def test_copies_of_one_index_keep_their_own_deletions(crafted_template, tmp_path, writable_client):
    """Copies share segment ids (replicas, sync, rollbacks): what one process keeps per segment must
    not carry one copy's deletions into another."""
    first, second = (writable_client(copy_index(crafted_template, tmp_path / name)) for name in ("first", "second"))
    assert first.delete("/api/articles/blair-1", headers=AUTH).status_code == 204
    deleted = first.get("/api/search?q=blair&facet_size=50").get_json()  # read with the deletion first
    kept = second.get("/api/search?q=blair&facet_size=50").get_json()
    assert "blair-1" not in {h["id"] for h in deleted["hits"]}
    assert "blair-1" in {h["id"] for h in kept["hits"]} and kept["total"] == deleted["total"] + 1
    assert sum(f["count"] for f in kept["facets"]["categories"]) == kept["total"]


def test_facets_are_the_same_on_every_page(crafted_client):
    write_several_segments(crafted_client)
    pages = [
        crafted_client.get(
            "/api/search", query_string={"q": "blair", "per_page": 2, "page": page, "facet_size": 50}
        ).get_json()
        for page in (1, 2, 3)
    ]
    assert pages[0]["facets"] == pages[1]["facets"] == pages[2]["facets"]
    assert pages[0]["total"] == sum(f["count"] for f in pages[0]["facets"]["categories"])


def test_a_repeated_search_comes_from_the_page_cache_until_the_index_changes(crafted_client):
    engine = crafted_client.application.extensions["searchsvc.engine"]
    first = crafted_client.get("/api/search?q=blair").get_json()
    again = crafted_client.get("/api/search?q=blair").get_json()
    assert engine.pages.hits == 1 and again["hits"] == first["hits"] and again["total"] == first["total"]
    assert crafted_client.get("/?q=blair").status_code == 200  # the page asks the same: a second hit
    assert engine.pages.hits == 2
    write_several_segments(crafted_client)
    after = crafted_client.get("/api/search?q=blair").get_json()
    assert {"new-0", "new-1", "new-2"} & {h["id"] for h in after["hits"]}  # a write opens a new searcher
    assert "blair-1" not in {h["id"] for h in after["hits"]} and engine.pages.hits == 2


def test_no_page_cache_when_it_is_set_to_0(crafted_template, make_app):
    app = make_app({"INDEX_DIR": str(crafted_template), "PAGE_CACHE": 0})
    client = app.test_client()
    for _ in range(2):
        assert client.get("/api/search?q=blair").status_code == 200
    assert app.extensions["searchsvc.engine"].pages.hits == 0


def test_a_timed_out_page_is_not_kept(crafted_template, make_app):
    app = make_app({"INDEX_DIR": str(crafted_template), "QUERY_TIMEOUT": 1e-9})
    client = app.test_client()
    for _ in range(2):
        assert client.get("/api/search?q=blair").get_json()["timed_out"] is True
    assert app.extensions["searchsvc.engine"].pages.hits == 0


@pytest.mark.parametrize(
    "params",
    [
        {"q": "blair", "section": "nosuch"},
        {"q": "blair", "person": "Nobody Atall"},
        {"q": '"tony blair"', "category": "nosuch"},
        {"q": "blair", "sort": "newest", "section": "nosuch"},
    ],
)
def test_a_filter_that_leaves_nothing_shows_nothing(crafted_client, params):
    data = crafted_client.get("/api/search", query_string=params).get_json()
    assert data["total"] == 0 and data["hits"] == []


def test_a_date_range_never_matches_an_undated_article(crafted_client):
    assert (
        crafted_client.post(
            "/api/articles",
            headers=AUTH,
            json={"id": "undated-1", "title": "Blair undated", "body": "Tony Blair spoke, on no day in particular."},
        ).status_code
        == 201
    )
    every = crafted_client.get("/api/search", query_string={"q": "blair", "per_page": 100}).get_json()
    assert "undated-1" in {h["id"] for h in every["hits"]}
    for bounds in ({"from": "2000-01-01"}, {"to": "2030-01-01"}, {"from": "2000-01-01", "to": "2030-01-01"}):
        dated = crafted_client.get("/api/search", query_string={"q": "blair", "per_page": 100, **bounds}).get_json()
        assert "undated-1" not in {h["id"] for h in dated["hits"]} and dated["total"] == len(dated["hits"]), bounds


def test_the_pages_export_links_keep_only_what_the_export_takes(crafted_client):
    page = crafted_client.get("/?q=blair&utm_source=newsletter").get_data(as_text=True)
    links = re.findall(r'href="(/api/search/export\?[^"]+)"', page)
    assert links and all("utm_source" not in link for link in links)
    for link in links:
        assert crafted_client.get(html.unescape(link)).status_code == 200
