"""Hostile queries and hostile articles, tried on purpose: never a 5xx, always the error shape."""

from __future__ import annotations

import json
import string
from urllib.parse import quote

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from searchsvc.ingest.articles import Article, Problem
from searchsvc.ingest.readers import MAX_BODY_CHARS, read_sources

from .conftest import AUTH, make_indexer

pytestmark = pytest.mark.hardening
FUZZ = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
QUERY_ALPHABET = string.ascii_letters + string.digits + " \"'():*?~^-+!&|[]{}<>/\\.,;=_%" + "é中\u0000\u200b"
query_text = st.text(alphabet=QUERY_ALPHABET, max_size=80) | st.sampled_from(
    [
        "a*",
        "*",
        "?",
        "~",
        "title:",
        ":",
        '"',
        "((((",
        "AND",
        "OR NOT",
        "-",
        "x~9",
        "[a TO z]",
        "person:*",
        'body:"unclosed',
        "NOT NOT NOT",
        "x" * 501,
        "chech*" * 20,
    ]
)
param_value = (
    st.text(max_size=30)
    | st.integers(-(10**12), 10**12).map(str)
    | st.sampled_from(["", "0", "-1", "1e9", "NaN", "2017-02-30", "9999-99-99", "true", "\x00"])
)


def check_shape(response):
    assert response.status_code < 500, response.get_data(as_text=True)
    body = response.get_json()
    if response.status_code >= 400:
        assert set(body) == {"error"} and set(body["error"]) == {"code", "message", "details"}
        assert body["error"]["code"] == response.status_code
    return body


@FUZZ
@given(q=query_text)
def test_fuzzed_queries_never_fail_the_server(client, q):
    check_shape(client.get("/api/search", query_string={"q": q}))


@FUZZ
@given(
    params=st.dictionaries(
        st.sampled_from(
            [
                "q",
                "page",
                "per_page",
                "sort",
                "person",
                "org",
                "place",
                "section",
                "source",
                "from",
                "to",
                "snippets",
                "fragment_size",
                "facet_size",
                "unknown",
            ]
        ),
        param_value,
        max_size=6,
    )
)
def test_fuzzed_search_parameters(client, params):
    check_shape(client.get("/api/search", query_string=params))


@FUZZ
@given(kind=param_value, prefix=param_value, limit=param_value, article_id=st.text(max_size=20))
def test_fuzzed_other_endpoints(client, kind, prefix, limit, article_id):
    check_shape(client.get("/api/entities", query_string={"type": kind, "prefix": prefix, "limit": limit}))
    safe_id = quote(article_id, safe="") or "x"
    check_shape(client.get(f"/api/articles/{safe_id}/related", query_string={"limit": limit}))
    check_shape(client.get(f"/api/articles/{safe_id}"))


json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(max_size=20),
    lambda children: st.lists(children, max_size=4) | st.dictionaries(st.text(max_size=8), children, max_size=4),
    max_leaves=20,
)


@pytest.mark.usefixtures("warm_seeds")  # the writes' entities from a warm server: NER is not tested here
@settings(max_examples=80, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    record=st.fixed_dictionaries(
        {},
        optional={
            "id": json_values | st.text(alphabet=string.ascii_letters + "-_.", min_size=1, max_size=12),
            "title": json_values,
            "body": json_values,
            "published": json_values,
            "authors": json_values,
            "tags": json_values,
            "url": json_values,
        },
    )
)
def test_fuzzed_article_posts(client, record):
    response = client.post("/api/articles", json=record, headers=AUTH)
    assert response.status_code in (200, 201, 400, 422), response.get_data(as_text=True)
    check_shape(response)


def nested(levels: int) -> dict:
    """An article whose unknown field "x" brings the nesting to `levels`."""
    inner: object = 1
    for _ in range(levels - 1):
        inner = {"x": inner}
    return {"title": "t", "body": "b", "x": inner}


@pytest.mark.parametrize(
    "raw, status, says",
    [
        (b"[" * 100_000, 422, "nested deeper than 20"),
        (b'{"a":' * 50_000 + b"1" + b"}" * 50_000, 422, "nested deeper than 20"),
        (json.dumps(nested(21)).encode(), 422, "nested deeper than 20"),
        (json.dumps({"title": "t", "body": "b", "x": [[]] * 10_001}).encode(), 422, "more than 10,000 containers"),
        (b'{"title": "t", "body": "b"' + b", " * 10, 400, "not valid JSON"),
        (b"\xff\xfe\x00garbage", 400, "not valid JSON"),
        (b'{"title": "t", "body": "' + b"x" * 2_000_001 + b'"}', 413, ""),
    ],
)
def test_huge_or_deep_or_broken_json_bodies(client, raw, status, says):
    response = client.post("/api/articles", data=raw, headers={**AUTH, "Content-Type": "application/json"})
    assert response.status_code == status
    assert says in check_shape(response)["error"]["message"]


@pytest.mark.parametrize(
    "article",
    [
        {"title": "Braces in the text", "body": "A code sample: " + "{" * 21},
        {"title": "A cited review", "body": " ".join(f"As shown [{n % 40}]." for n in range(10_001))},
        {"title": "Big but flat", "body": "x" * 1_900_000},
    ],
)
def test_brackets_in_strings_and_nesting_within_the_limit_are_accepted(client, article):
    response = client.post("/api/articles", json=article, headers=AUTH)
    assert response.status_code == 201, response.get_json()
    assert response.get_json()["body"] == article["body"]


def test_nesting_within_the_limit_reaches_the_article_checks(client):
    """20 levels pass the shape check; the field holding them is then named as unknown, not as too deep."""
    response = client.post("/api/articles", json=nested(20), headers=AUTH)
    assert response.status_code == 422
    error = check_shape(response)["error"]
    assert "nested deeper" not in error["message"] and "unknown field" in error["details"]["x"][0]


def test_body_over_the_limit_is_one_clear_problem(tmp_path):
    path = tmp_path / "huge.jsonl"
    with open(path, "w") as out:
        out.write(json.dumps({"id": "ok", "title": "Fine", "body": "A normal article."}) + "\n")
        out.write(json.dumps({"id": "huge", "title": "Huge", "body": "word " * 10_500_000}) + "\n")
    assert path.stat().st_size > 50_000_000
    items = list(read_sources([path]))
    assert [i.id for i in items if isinstance(i, Article)] == ["ok"]
    [problem] = [i for i in items if isinstance(i, Problem)]
    assert "huge" in problem.reason and f"{MAX_BODY_CHARS:,}" in problem.reason


def test_ten_thousand_lines_with_broken_ones_scattered(tmp_path):
    path = tmp_path / "feed.jsonl"
    broken, undated = {17, 512, 4096, 7777}, 9999  # the bad date is indexed without it, with a warning
    with open(path, "wb") as out:
        for n in range(1, 10_001):
            if n == 17:
                out.write(b'{"title": "cut off", "bo\n')
            elif n == 512:
                out.write(b'{"title": "no body"}\n')
            elif n == 4096:
                out.write(b"[1, 2, 3]\n")
            elif n == 7777:
                out.write(b'{"title": "", "body": "empty title"}\n')
            elif n == 9999:
                out.write(b'{"title": "bad date", "body": "x", "published": "not a date"}\n')
            elif n == 5000:  # invalid UTF-8: read with the fallback, not lost
                out.write(b'{"id": "latin", "title": "Caf\xe9 news", "body": "Prices at the caf\xe9 rose."}\n')
            else:
                out.write(
                    json.dumps({"id": f"a{n}", "title": f"Item {n}", "body": "Shared body text."}).encode() + b"\n"
                )
    indexer = make_indexer(tmp_path / "index")
    summary = indexer.rebuild([path])
    assert summary.indexed == 10_000 - len(broken)
    assert sorted(p.line for p in summary.problems if not p.kept) == sorted(broken)
    assert [p.line for p in summary.problems if p.kept] == [undated]
    assert all(p.path.endswith("/feed.jsonl") for p in summary.problems)
    from searchsvc.search.engine import Engine
    from searchsvc.search.ranked import SearchRequest, search

    engine = Engine(indexer.root)
    with engine.searcher() as searcher:
        [hit] = search(searcher, SearchRequest(q="café")).hits
    engine.close()
    assert hit.article.title == "Café news"
