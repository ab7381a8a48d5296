"""Right answers on BBC through gunicorn, as a user meets them over HTTP: phrases with common words
inside, scores that follow the query tree, one total on every door, text folded as people type it,
and queries that say what they do."""

from __future__ import annotations

import json
import re
import urllib.parse
import urllib.request

import pytest

from devtools.server import get, gunicorn

pytestmark = [pytest.mark.slow, pytest.mark.server]


@pytest.fixture(scope="module")
def base(bbc_index):
    with gunicorn(bbc_index) as (url, _):
        yield url


def search(base: str, **params) -> dict:
    status, data = get(f"{base}/api/search?{urllib.parse.urlencode(params, doseq=True)}")
    assert status == 200, data
    return data


def export(base: str, **params) -> tuple[int, dict[str, float]]:
    """The export's X-Total-Count and each row's id -> score."""
    query = urllib.parse.urlencode({**params, "format": "jsonl"}, doseq=True)
    with urllib.request.urlopen(f"{base}/api/search/export?{query}", timeout=60) as response:
        total = int(response.headers["X-Total-Count"])
        rows = [json.loads(line) for line in response.read().decode().splitlines()]
    return total, {row["id"]: row["score"] for row in rows}


def test_a_phrase_with_common_words_inside_finds_the_articles_that_write_it(base):
    assert search(base, q='"Chancellor of the Exchequer"', collapse="false")["total"] >= 4
    leaked = search(base, q='"ray charles"', per_page=50)
    assert 0 < leaked["total"] < 21


def test_an_article_matching_one_branch_of_an_or_scores_as_that_branch(base):
    _, grouped = export(base, q="(gordon budget) OR blair", collapse="false")
    _, blair = export(base, q="blair", collapse="false")
    _, gordon_budget = export(base, q="gordon budget", collapse="false")
    only_blair = [doc for doc in grouped if doc in blair and doc not in gordon_budget]
    assert len(only_blair) > 27
    assert all(grouped[doc] == pytest.approx(blair[doc], abs=1e-4) for doc in only_blair)


@pytest.mark.parametrize("params", [{"q": "blair"}, {"person": "Tony Blair"}, {"q": "blair", "collapse": "false"}])
def test_search_export_and_batch_give_one_total(base, params):
    found = search(base, **params)["total"]
    assert export(base, **params)[0] == found
    body = {
        "queries": [params.get("q", "")],
        **({"person": [params["person"]]} if "person" in params else {}),
        **({"collapse": False} if "collapse" in params else {}),
    }
    status, batch = get(f"{base}/api/batch", method="POST", body=body)
    assert status == 200 and batch["results"][0]["total"] == found


def test_the_entity_page_counts_what_its_filter_finds(base):
    status, profile = get(f"{base}/api/entities/people/Gordon%20Brown")
    assert status == 200
    assert profile["articles"] == search(base, person="Gordon Brown")["total"]


def test_the_home_page_count_agrees_with_its_facets(base):
    status, page = get(f"{base}/")
    headline = int(re.search(r"All ([\d,]+) articles", page).group(1).replace(",", ""))
    facets = search(base, facet_size=50)["facets"]["categories"]
    assert headline == sum(f["count"] for f in facets) == search(base)["total"]


@pytest.mark.parametrize(
    ("typed", "plain"), [("café", "cafe"), ("ｂｌａｉｒ", "blair"), ("cafe\u0301", "cafe"), ("Pele\u0301", "pele")]
)
def test_text_folds_the_way_people_type_it(base, typed, plain):
    assert search(base, q=typed)["total"] == search(base, q=plain)["total"] > 0


@pytest.mark.parametrize(
    ("q", "says"),
    [
        ("blair AND", "joins nothing"),
        ("url:x", "title:, subtitle:"),
        ("NOT NOT NOT blair", "excludes twice"),
        ("[a TO]", "narrow it"),
    ],
)
def test_a_query_that_cannot_mean_anything_is_a_400_that_says_why(base, q, says):
    status, data = get(f"{base}/api/search?{urllib.parse.urlencode({'q': q})}")
    assert (
        status == 400
        and says in data["error"]["message"]
        and data["error"]["details"] == {"q": [data["error"]["message"]]}
    )
    status, page = get(f"{base}/?{urllib.parse.urlencode({'q': q})}")
    assert status == 400 and f'value="{q}"' in page.replace("&#34;", '"')
