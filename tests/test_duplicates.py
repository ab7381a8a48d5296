"""Near-duplicates: found at rebuild, kept up to date by writes, collapsed in search results."""
from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from searchsvc.index.duplicates import Duplicates, signatures
from searchsvc.index.generations import Generations

from .conftest import AUTH, MODEL, make_indexer
from .crafted import ARTICLES, fill_entity_cache, record, write_corpus

STORY = ("Gordon Brown set out the budget at the Treasury on Wednesday, promising help for pensioners "
         "and first-time buyers. The chancellor said growth would reach three per cent this year, and "
         "that borrowing would fall. The opposition said the figures did not add up and the plans were "
         "a pre-election giveaway that would have to be paid for after polling day.")
COPIES = [
    record("story-a", "Brown sets out his budget plans", STORY, "business", "2005-03-16T10:00:00+00:00",
           people=("Gordon Brown",), orgs=("Treasury",)),
    record("story-b", "Brown's budget: help for pensioners", STORY, "politics", "2005-03-16T11:00:00+00:00",
           people=("Gordon Brown",), orgs=("Treasury",)),  # the wire copy, another headline and category
    record("story-c", "Budget: Brown promises help", STORY.replace("Wednesday", "Wednesday afternoon")
           + " Markets barely moved.", "business", "2005-03-16T12:00:00+00:00", people=("Gordon Brown",)),
]
CORPUS = [*ARTICLES, *COPIES]
OTHER = ("Rail workers went on strike over pay on Monday, and most trains in the south were cancelled. "
         "The union said talks had failed and the operators said a new offer would follow next week.")


@pytest.fixture(scope="module")
def copies_template(tmp_path_factory) -> Path:
    base = tmp_path_factory.mktemp("copies")
    corpus = write_corpus(base / "sources", CORPUS)
    root = base / "index"
    root.mkdir()
    fill_entity_cache(root, corpus, MODEL, CORPUS)
    make_indexer(root).rebuild([corpus])
    return root


@pytest.fixture
def copies_client(copies_template, tmp_path, make_app):
    root = tmp_path / "copies"
    shutil.copytree(copies_template, root, ignore=shutil.ignore_patterns("*.lock"))
    return make_app({"INDEX_DIR": str(root), "API_KEYS": "test-key", "WRITE_TIMEOUT": 2}).test_client()


def test_identical_bodies_sign_alike_and_different_ones_do_not():
    one, same, edited, other = signatures([STORY, STORY, STORY + " Markets barely moved.", OTHER])
    assert (one == same).all()
    assert (one == edited).mean() > 0.7
    assert (one == other).mean() < 0.2


def test_a_body_of_a_few_words_is_nobodys_duplicate():
    short = "Dockers in Valencia held strike number 5. The harbour stayed shut."  # a template, not a copy
    assert Duplicates.build(["a", "b", "c"], [short, short, "Chechnya."]).groups() == []
    found = Duplicates.build(["a"], ["Chechnya."])
    found.change([("b", "Chechnya.")], [])
    assert found.groups() == []


def test_a_rebuild_keeps_the_groups_with_the_generation(copies_template):
    found = Duplicates.load(Generations(copies_template).current())
    assert found.groups() == [["story-a", "story-b", "story-c"]]
    assert len(found.ids) == len(CORPUS)


def test_writes_keep_the_groups_up_to_date():
    found = Duplicates.build(["a", "b", "x"], [STORY, STORY, OTHER])
    assert found.groups() == [["a", "b"]]
    found.change([("c", STORY + " Markets barely moved.")], [])
    assert found.groups() == [["a", "b", "c"]]
    found.change([("b", OTHER)], ["a"])  # b replaced by another text: now b and x
    assert found.groups() == [["b", "x"]]
    found.change([], ["x"])
    assert found.groups() == []


def search(client, **params):
    response = client.get("/api/search", query_string=params)
    assert response.status_code == 200, response.json
    return response.json


def test_a_group_shows_once_as_its_best_hit(copies_client):
    collapsed = search(copies_client, q="pensioners")
    assert [(h["id"], h["duplicates"]) for h in collapsed["hits"]] == [(collapsed["hits"][0]["id"], 2)]
    assert collapsed["total"] == 1
    every = search(copies_client, q="pensioners", collapse="false")
    assert sorted(h["id"] for h in every["hits"]) == ["story-a", "story-b", "story-c"]
    assert every["total"] == 3 and all(h["duplicates"] == 0 for h in every["hits"])


def test_facets_and_totals_count_what_is_shown(copies_client):
    collapsed = search(copies_client, q="brown")
    every = search(copies_client, q="brown", collapse="false")
    assert collapsed["total"] == every["total"] - 2
    people = {f["value"]: f["count"] for f in collapsed["facets"]["people"]}
    assert people["Gordon Brown"] == {f["value"]: f["count"] for f in every["facets"]["people"]}["Gordon Brown"] - 2
    assert sum(1 + h["duplicates"] for h in search(copies_client, q="brown", per_page=100)["hits"]) == every["total"]


@pytest.mark.parametrize("sort", ["relevance", "newest", "oldest"])
def test_paging_never_repeats_or_skips_a_group(copies_client, sort):
    first = search(copies_client, q="brown", per_page=100, sort=sort)
    paged = [h["id"] for page in range(1, first["total"] + 1)
             for h in search(copies_client, q="brown", per_page=1, page=page, sort=sort)["hits"]]
    assert paged == [h["id"] for h in first["hits"]]
    assert len(paged) == first["total"] == len(set(paged))
    assert sum(h["id"].startswith("story-") for h in first["hits"]) == 1


def test_a_filter_counts_only_the_copies_it_lets_through(copies_client):
    found = search(copies_client, q="pensioners", category="politics")
    assert [(h["id"], h["duplicates"]) for h in found["hits"]] == [("story-b", 0)]


def test_added_and_deleted_copies_join_and_leave_their_group(copies_client):
    copy = {"id": "story-d", "title": "Budget day", "body": STORY}
    assert copies_client.post("/api/articles", json=copy, headers=AUTH).status_code == 201
    assert search(copies_client, q="pensioners")["hits"][0]["duplicates"] == 3
    for article_id in ("story-a", "story-b", "story-c"):
        assert copies_client.delete(f"/api/articles/{article_id}", headers=AUTH).status_code == 204
    assert [(h["id"], h["duplicates"]) for h in search(copies_client, q="pensioners")["hits"]] == [("story-d", 0)]


def test_sync_places_new_files_in_groups(tmp_path):
    corpus = write_corpus(tmp_path / "sources", CORPUS[:-1])
    root = tmp_path / "index"
    root.mkdir()
    fill_entity_cache(root, write_corpus(tmp_path / "all", CORPUS), MODEL, CORPUS)  # no model needed
    indexer = make_indexer(root)
    indexer.rebuild([corpus])
    extra = tmp_path / "sources" / "late.jsonl"
    shutil.copy(write_corpus(tmp_path / "late", CORPUS[-1:]), extra)
    assert indexer.sync([tmp_path / "sources"]).entities_extracted == 0
    assert Duplicates.load(indexer.generations.current()).groups() == [["story-a", "story-b", "story-c"]]


def test_the_page_says_how_many_near_identical_copies_a_hit_stands_for(copies_client):
    page = copies_client.get("/?q=pensioners").get_data(as_text=True)
    assert "2 near-identical" in page and "#duplicates" in page


def test_related_scores_are_0_to_1_best_first_and_say_what_is_shared(copies_client):
    found = copies_client.get("/api/articles/blair-1/related?limit=100").get_json()
    scores = [r["score"] for r in found["related"]]
    assert scores == sorted(scores, reverse=True) and all(0 < s <= 1 for s in scores)
    blair_2 = next(r for r in found["related"] if r["id"] == "blair-2")
    assert blair_2["shared"] == {"people": ["Tony Blair"], "organizations": [], "places": ["United Kingdom"]}
    assert found["duplicates"] == []
    assert copies_client.get("/api/articles/blair-1/related?limit=101").status_code == 400


def test_related_lists_never_hold_a_copy_of_the_article_and_others_once(copies_client):
    found = copies_client.get("/api/articles/story-a/related?limit=100").get_json()
    assert not {r["id"] for r in found["related"]} & {"story-a", "story-b", "story-c"}
    assert [d["id"] for d in found["duplicates"]] == ["story-b", "story-c"]
    budget = copies_client.get("/api/articles/budget-1/related?limit=100").get_json()["related"]
    assert sum(r["id"].startswith("story-") for r in budget) == 1


def test_the_article_page_lists_copies_apart_and_says_why_others_are_related(copies_client):
    page = copies_client.get("/articles/story-a").get_data(as_text=True)
    assert 'id="duplicates"' in page and "2 near-identical" in page
    assert "Also names Gordon Brown" in page


def test_a_worker_warms_the_groups_before_its_first_search(copies_template, tmp_path, monkeypatch):
    """Engine.warm (gunicorn's post_worker_init) maps the groups to document numbers, so the first
    search after start does not (1.6 s of it at 100k articles)."""
    from searchsvc.search import collapse
    from searchsvc.search.engine import Engine

    root = tmp_path / "copies"
    shutil.copytree(copies_template, root, ignore=shutil.ignore_patterns("*.lock"))
    engine = Engine(root)
    assert engine.warm()
    with engine.searcher() as searcher:
        monkeypatch.setattr(searcher, "document_number", lambda **_: pytest.fail("groups mapped again"))
        groups = collapse.doc_groups(searcher, engine.duplicates())
    engine.close()
    assert set(groups.of.values()) and len(groups.of) == 3
