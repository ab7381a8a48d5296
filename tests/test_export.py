"""The export as a user meets it, over an archive with near-duplicates (wire copies, an edited rerun):
each story is one row, as on the search page, unless every copy is asked for; the CSV and the JSON
Lines list the same rows, and the page's export links download what the page counts."""

from __future__ import annotations

import csv
import html
import io
import json
import re
from pathlib import Path

import pytest

from .conftest import MODEL, make_indexer
from .crafted import ARTICLES, build_index, record

PENSIONS = (
    "The chancellor promised pensioners a rise in the winter fuel payment on Wednesday, and said "
    "that the basic state pension would grow faster than prices for the next three years. Charities "
    "for the elderly welcomed the plan but said many pensioners still did not claim what they were owed."
)
RAIL = (
    "Train drivers on the northern lines walked out on Monday in a long dispute over pensions, and "
    "most services between the coastal towns were cancelled. The union said talks had broken down "
    "and the operator said it would publish a timetable of the trains it could still run tomorrow."
)
COPIES = [
    record("pension-a", "Pensioners promised fuel help", PENSIONS, "business", "2005-03-16T10:00:00+00:00"),
    record("pension-b", "Chancellor: help for pensioners", PENSIONS, "politics", "2005-03-16T11:00:00+00:00"),
    record(
        "pension-c",
        "Fuel help for pensioners",
        PENSIONS.replace("on Wednesday", "on Wednesday afternoon") + " Markets barely moved.",
        "business",
        "2005-03-16T12:00:00+00:00",
    ),
    record("rail-a", "Drivers walk out over pensions", RAIL, "business", "2005-03-21T08:00:00+00:00"),
    record(
        "rail-b",
        "Rail strike: drivers walk out",
        RAIL.replace("tomorrow", "on Tuesday"),
        "business",
        "2005-03-21T09:00:00+00:00",
    ),
]
CORPUS = [*ARTICLES, *COPIES]
GROUPS = [{"pension-a", "pension-b", "pension-c"}, {"rail-a", "rail-b"}]


@pytest.fixture(scope="module")
def archive(tmp_path_factory) -> Path:
    """The crafted corpus and the copies, indexed once (entities from a filled cache)."""
    return build_index(tmp_path_factory.mktemp("export"), MODEL, make_indexer, CORPUS)


@pytest.fixture
def client(archive, make_app):
    return make_app({"INDEX_DIR": str(archive)}).test_client()


def downloaded(client, url: str, **params) -> tuple[dict, list[dict]]:
    """The export's headers and its rows, read as a spreadsheet (CSV) or a script (JSON Lines) would."""
    response = client.get(url, query_string=params or None)
    assert response.status_code == 200, response.get_data(as_text=True)
    text = response.get_data(as_text=True)
    if response.mimetype == "text/csv":
        return response.headers, list(csv.DictReader(io.StringIO(text)))
    return response.headers, [json.loads(line) for line in text.splitlines()]


def searched(client, **params) -> dict:
    return client.get("/api/search", query_string={**params, "per_page": 100}).get_json()


def test_the_archive_holds_the_near_duplicates_as_groups(client):
    every = searched(client, q="pensioners OR drivers", collapse="false")
    collapsed = searched(client, q="pensioners OR drivers")
    assert {h["id"] for h in every["hits"]} == set().union(*GROUPS)
    assert every["total"] == 5 and collapsed["total"] == 2
    assert sorted(h["duplicates"] for h in collapsed["hits"]) == [1, 2]


@pytest.mark.parametrize("fmt", ["csv", "jsonl"])
@pytest.mark.parametrize("question", [{"q": "pensioners"}, {"q": "pensions"}, {"q": "pensioners OR drivers OR blair"}])
def test_each_story_is_one_row_as_on_the_search_page(client, fmt, question):
    found = searched(client, **question)
    headers, rows = downloaded(client, "/api/search/export", **question, format=fmt)
    assert [r["id"] for r in rows] == [h["id"] for h in found["hits"]]  # the same stories, in order
    assert int(headers["X-Total-Count"]) == len(rows) == found["total"]
    for group in GROUPS:
        assert sum(r["id"] in group for r in rows) <= 1, group


@pytest.mark.parametrize("fmt", ["csv", "jsonl"])
def test_every_copy_is_a_row_only_when_asked(client, fmt):
    headers, rows = downloaded(client, "/api/search/export", q="pensioners OR drivers", collapse="false", format=fmt)
    assert {r["id"] for r in rows} == set().union(*GROUPS) and headers["X-Total-Count"] == "5"
    _, collapsed = downloaded(client, "/api/search/export", q="pensioners OR drivers", format=fmt)
    assert len(collapsed) == 2


def test_the_export_limit_counts_stories_not_copies(archive, make_app):
    client = make_app({"INDEX_DIR": str(archive), "EXPORT_LIMIT": 2}).test_client()
    headers, rows = downloaded(client, "/api/search/export", q="pensioners OR drivers OR blair", format="csv")
    total = searched(client, q="pensioners OR drivers OR blair")["total"]
    assert len(rows) == 2 and int(headers["X-Total-Count"]) == total == 6  # 4 on Blair, 2 stories of 5 copies
    assert headers["X-Export-Truncated"] == "2 of 6 matches (SEARCHSVC_EXPORT_LIMIT=2)"


@pytest.mark.parametrize("collapse", [None, "false"])
def test_the_pages_export_links_download_what_the_page_counts(client, collapse):
    params = {"q": "pensioners OR drivers", **({"collapse": collapse} if collapse else {})}
    page = client.get("/", query_string=params).get_data(as_text=True)
    counted = int(re.search(r'id="summary" class="summary">\s*<strong>([\d,]+)</strong>', page)[1])
    links = re.findall(r'href="(/api/search/export\?[^"]+)"', page)
    assert counted == (5 if collapse else 2) and len(links) == 2, links
    for link in links:
        headers, rows = downloaded(client, html.unescape(link))
        assert len(rows) == int(headers["X-Total-Count"]) == counted, link
