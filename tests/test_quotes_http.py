"""Quotes through gunicorn, as a user meets them over HTTP: search, export, an article's quotes and a
write whose quote is found at the next request."""

from __future__ import annotations

import urllib.request

import pytest

from devtools.server import get, gunicorn

from .conftest import AUTH, MODEL, copy_index, make_indexer
from .quote_corpus import build
from .test_quotes_search import quoted_record

pytestmark = [pytest.mark.server]


@pytest.fixture(scope="module")
def template(tmp_path_factory):
    return build(tmp_path_factory.mktemp("quotes-http"), MODEL, make_indexer)


@pytest.fixture
def served(template, tmp_path):
    root = copy_index(template, tmp_path / "index")
    with gunicorn(root, env={"SEARCHSVC_API_KEYS": "test-key"}) as (base, _):
        yield base, root


def test_search_export_and_an_article_quotes_over_http(served):
    base, _ = served
    status, found = get(f"{base}/api/quotes?q=cup&speaker=wenger")
    assert status == 200 and found["total"] == 0  # a surname alone names nobody here, as in search filters
    status, found = get(f"{base}/api/quotes?q=cup&speaker=Arsene%20Wenger")
    assert found["total"] == 1 and found["quotes"][0]["highlights"] == "We deserved to win the <mark>cup</mark>,"
    with urllib.request.urlopen(f"{base}/api/quotes/export?speaker=Gordon%20Brown&format=jsonl", timeout=30) as answer:
        assert answer.headers["X-Total-Count"] == "3" and len(answer.read().decode().splitlines()) == 3
    assert [q["speaker"] for q in get(f"{base}/api/articles/final-2")[1]["quotes"]] == ["Alex Ferguson", None]


def test_a_written_article_is_quoted_at_the_next_request(served):
    base, root = served
    record = quoted_record(root, "homes-1", "Homes plan", "2005-04-01", "We will build more homes,", "John Prescott")
    assert get(f"{base}/api/articles", method="POST", headers=AUTH, body=record)[0] == 201
    status, found = get(f"{base}/api/quotes?q=homes")
    assert found["total"] == 1 and found["quotes"][0]["speaker"] == "John Prescott"
    page = get(f"{base}/quotes?speaker=John%20Prescott")[1]
    assert "We will build more homes," in page
