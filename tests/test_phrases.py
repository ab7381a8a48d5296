"""Quoted phrases: common words inside them count as the positions they take, and a phrase means the
article's own words (title, subtitle, body), not the entity names the indexer gave it."""

from __future__ import annotations

import pytest

from searchsvc.web.app import create_app

from .conftest import shared_corpus


def ids(client, q: str, **params) -> list[str]:
    data = client.get("/api/search", query_string={"q": q, "per_page": 50, **params}).get_json()
    assert data["total"] == len(data["hits"]), data
    return [hit["id"] for hit in data["hits"]]


@pytest.mark.parametrize(
    ("phrase", "expected"),
    [
        ('"war in Iraq"', ["blair-1"]),  # "in" inside
        ('"Gordon Brown set out the budget"', ["budget-1"]),  # "the" inside
        ('"US denies visas to gay men"', ["visa-1"]),  # a headline pasted in quotes: "to" inside, "US" kept
        ('"what you think of the new film"', ["us-2"]),  # several common words in a row
    ],
)
def test_a_phrase_with_common_words_inside_finds_its_article(crafted_client, phrase, expected):
    assert ids(crafted_client, phrase) == expected


def test_a_common_word_in_a_phrase_still_takes_its_place(crafted_client):
    """The gap is as wide as the words written: two words where one stood is no match."""
    assert ids(crafted_client, '"war Iraq"') == []
    assert ids(crafted_client, '"defended war in Iraq"') == []  # "the" is missing between them


def test_a_phrase_means_the_articles_words_not_its_entity_names(crafted_client):
    """No article writes "United Kingdom": the indexer named it as their place. Quoted, the words
    find nothing; unquoted or scoped to the place, they find the articles."""
    assert ids(crafted_client, '"united kingdom"') == []
    tagged = ids(crafted_client, 'place:"united kingdom"')
    assert set(tagged) == {"blair-1", "blair-2", "blair-3", "budget-1", "uk-1"}
    assert set(ids(crafted_client, "united kingdom")) == set(tagged)


def test_a_phrase_in_a_group_is_still_a_phrase(crafted_client):
    assert set(ids(crafted_client, '("war in Iraq" OR "new schools") blair')) == {"blair-1", "blair-2"}
    assert ids(crafted_client, 'title:"sets out his budget"') == ["budget-1"]


@pytest.fixture(scope="module")
def bbc_client(bbc_index):
    return create_app({"TESTING": True, "INDEX_DIR": str(bbc_index)}).test_client()


def bbc_headlines(step_count: int = 25) -> list[str]:
    """The headlines (first lines) of `step_count` BBC files taken at regular steps through the corpus."""
    files = sorted(shared_corpus("bbc-fulltext").glob("*/*.txt"))
    step = len(files) // step_count
    return [" ".join(f.read_text(encoding="latin-1").splitlines()[0].split()) for f in files[::step][:step_count]]


@pytest.mark.slow
def test_bbc_headlines_in_quotes_find_their_article_in_the_top_3(bbc_client):
    missed = []
    for headline in bbc_headlines():
        data = bbc_client.get("/api/search", query_string={"q": f'"{headline.replace(chr(34), " ")}"'}).get_json()
        if headline not in [hit["title"] for hit in data["hits"][:3]]:
            missed.append((headline, [hit["title"] for hit in data["hits"][:3]]))
    assert not missed


@pytest.mark.slow
@pytest.mark.parametrize(
    ("phrase", "at_least"),
    [
        # 10 BBC files write "secretary of state"; one of them as "Undersecretary of State", another word
        ('"Chancellor of the Exchequer"', 4),
        ('"Secretary of State"', 9),
        ('"creator in Oscars"', 1),
    ],
)
def test_bbc_phrases_with_common_words_inside(bbc_client, phrase, at_least):
    """As many articles as write the phrase (counting near-duplicate copies: collapse=false)."""
    data = bbc_client.get("/api/search", query_string={"q": phrase, "per_page": 50, "collapse": "false"}).get_json()
    assert data["total"] >= at_least
    words = [w for w in phrase.strip('"').lower().split() if w not in ("of", "the", "in")]
    for hit in data["hits"]:
        shown = " ".join([hit["title"], *hit["snippets"]]).lower().replace("<mark>", "").replace("</mark>", "")
        assert all(word in shown for word in words), hit


@pytest.mark.slow
def test_bbc_ray_charles_in_quotes_finds_only_articles_that_write_it(bbc_client):
    data = bbc_client.get("/api/search", query_string={"q": '"ray charles"', "per_page": 50}).get_json()
    assert 0 < data["total"] < 21
    for hit in data["hits"]:
        text = bbc_client.get(f"/api/articles/{hit['id']}").get_json()
        assert "ray charles" in " ".join([text["title"], text.get("subtitle") or "", text["body"]]).lower()
