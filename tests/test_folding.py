"""Text the way people type it: accents, ligatures, full-width letters and Unicode forms fold in
searches and name filters; character references in plain text are decoded; lists of names keep
their commas. On a small corpus of JSON and plain-text articles with known entities."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from searchsvc.entities.annotate import model_signature
from searchsvc.entities.cache import EntityCache
from searchsvc.index.analysis import EXACT, fold, name_analyzer, stem, text_analyzer
from searchsvc.index.indexer import CACHE_FILE
from searchsvc.ingest.articles import Entities
from searchsvc.ingest.readers import read_sources

from .conftest import MODEL, make_indexer
from .crafted import record, write_corpus

ARTICLES = [
    record("cafe-1", "Café culture grows", "A new café opened in Paris.", people=("Björk",)),
    # written with combining accents, as some sources do: "e" then U+0301
    record(
        "cafe-2",
        "Cafe\u0301 closes",
        "The cafe\u0301 in Leeds closed after Bjo\u0308rk sang there.",
        people=("Bjo\u0308rk",),
        places=("Leeds",),
    ),
    record("pele-1", "Pelé visits São Paulo", "Pelé returned to São Paulo.", people=("Pelé",), places=("São Paulo",)),
    record("fi-1", "Bank ﬁnance rules", "The ﬁrm's ﬁnance chief left."),  # ligatures
    record("fi-2", "Finance rules", "The finance minister spoke."),
    record("wide-1", "Ｂｌａｉｒ visit", "Ｔｏｎｙ Ｂｌａｉｒ visited."),  # full-width letters
    record("blair-1", "Blair speech", "Tony Blair spoke.", people=("Tony Blair",)),
    record(
        "list-1",
        "Book review",
        "A review of a new book.",
        authors=["Smith, John", "Ann Lee"],
        tags=["Arts, culture", "Books"],
    ),
]
# a BBC-style text file with character references, as 22 BBC files have
BARROSO = "Barroso backs &#163;8m plan\n\nJos&#233; Manuel Barroso backed the plan. AT&T &amp; M&S agreed.\n"
BARROSO_ENTITIES = {"people": ["José Manuel Barroso"], "organizations": ["AT&T"], "places": []}


@pytest.fixture(scope="module")
def folding_template(tmp_path_factory) -> Path:
    base = tmp_path_factory.mktemp("folding")
    corpus = base / "sources"
    write_corpus(corpus, ARTICLES)
    (corpus / "politics").mkdir()
    (corpus / "politics" / "001.txt").write_text(BARROSO, encoding="utf-8")
    root = base / "index"
    root.mkdir()
    known = {item["id"]: item["entities"] for item in ARTICLES}
    cache = EntityCache(root / CACHE_FILE)  # entities known beforehand: no model to load
    cache.put_many(
        [
            (a.content_hash, Entities(**{k: tuple(v) for k, v in known.get(a.id, BARROSO_ENTITIES).items()}))
            for a in read_sources([corpus])
        ],
        model_signature(MODEL),
    )
    cache.close()
    summary = make_indexer(root).rebuild([corpus])
    assert summary.entities_extracted == 0 and summary.indexed == len(ARTICLES) + 1, summary
    return root


@pytest.fixture
def client(folding_template, tmp_path, make_app):
    root = tmp_path / "folding"
    shutil.copytree(folding_template, root, ignore=shutil.ignore_patterns("*.lock"))
    return make_app({"INDEX_DIR": str(root)}).test_client()


def search(client, **params) -> dict:
    response = client.get("/api/search", query_string={"per_page": 100, **params})
    assert response.status_code == 200, response.get_json()
    return response.get_json()


def ids(client, **params) -> set[str]:
    return {hit["id"] for hit in search(client, **params)["hits"]}


@pytest.mark.parametrize(
    "queries, expected",
    [
        (("cafe", "café", "CAFÉ", "Cafe\u0301", '"café"'), {"cafe-1", "cafe-2"}),
        (("bjork", "Björk", "Bjo\u0308rk", "BJÖRK", "person:björk"), {"cafe-1", "cafe-2"}),
        (('"Björk"', '"bjork"', '"Bjo\u0308rk"'), {"cafe-2"}),  # a quoted word: in the article's own text
        (("pele", "Pelé", "PELE", "sao paulo", "place:sao"), {"pele-1"}),
        (("finance", "ﬁnance", "FINANCE"), {"fi-1", "fi-2"}),
        (("firm", "ﬁrm"), {"fi-1"}),
        (("blair", "ｂｌａｉｒ", "Ｂｌａｉｒ"), {"wide-1", "blair-1"}),
    ],
)
def test_every_form_of_a_word_finds_the_same_articles(client, queries, expected):
    for query in queries:
        assert ids(client, q=query) == expected, query


def test_stored_text_keeps_its_accents_and_snippets_mark_the_word_as_written(client):
    hits = {hit["id"]: hit for hit in search(client, q="cafe")["hits"]}
    assert hits["cafe-1"]["title"] == "Café culture grows"
    assert hits["cafe-2"]["title"] == "Café closes"  # one character for é, whatever the source wrote
    assert any("<mark>café</mark>" in snippet for snippet in hits["cafe-2"]["snippets"])
    article = client.get("/api/articles/pele-1").get_json()
    assert article["entities"]["people"] == ["Pelé"] and article["entities"]["places"] == ["São Paulo"]


@pytest.mark.parametrize(
    "param, values, expected",
    [
        ("person", ("Pele", "PELÉ", "Pelé", "Pe\u0301le"), {"pele-1"}),
        ("place", ("Sao Paulo", "SÃO PAULO"), {"pele-1"}),
        ("person", ("Bjork", "björk", "Bjo\u0308rk"), {"cafe-1", "cafe-2"}),
        ("person", ("Jose Manuel Barroso",), {"politics-001"}),
    ],
)
def test_a_name_filter_finds_the_name_in_any_form(client, param, values, expected):
    for value in values:
        data = search(client, **{param: value})
        assert data["unknown_names"] == [], value
        found = {hit["id"] if hit["category"] != "politics" else "politics-001" for hit in data["hits"]}
        assert found == expected, value


def test_character_references_in_plain_text_are_decoded(client):
    [hit] = search(client, q="jose barroso")["hits"]
    assert search(client, q="José")["total"] == 1
    article = client.get(f"/api/articles/{hit['id']}").get_json()
    assert article["title"] == "Barroso backs £8m plan"
    assert article["body"] == "José Manuel Barroso backed the plan. AT&T & M&S agreed."
    assert article["entities"]["people"] == ["José Manuel Barroso"]


def test_names_with_commas_come_back_whole(client):
    article = client.get("/api/articles/list-1").get_json()
    assert article["authors"] == ["Smith, John", "Ann Lee"]
    assert article["tags"] == ["Arts, culture", "Books"]


PIECES = [*"abcéÉñøﬁｂＵß.-' ", "\u0301", "\u0308", "US", " the ", "of", "Pe\u0301le"]


@given(st.lists(st.sampled_from(PIECES), max_size=30).map("".join))
def test_each_index_word_is_the_folded_text_at_its_place(text):
    # snippets mark words by the places the index keeps: folding must never move them
    for token in name_analyzer()(text, chars=True, mode="index"):
        assert token.text == fold(text[token.startchar : token.endchar]).lower()
    for token in text_analyzer()(text, chars=True, mode="index"):
        written = fold(text[token.startchar : token.endchar]).lower()
        assert token.text in (EXACT + written, stem(written))
