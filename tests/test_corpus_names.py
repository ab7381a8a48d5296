"""Names decided across the corpus: one type per name, one name per entity, aliases that work in
filters and searches (searchsvc/entities/corpus_names.py)."""
from __future__ import annotations

import shutil

import pytest

from searchsvc.ingest.articles import Entities
from searchsvc.entities.corpus_names import NameDecisions, decide

from .conftest import AUTH, MODEL, make_indexer
from .crafted import fill_entity_cache, record, write_corpus


def articles(*found: dict) -> list[Entities]:
    return [Entities(**{k: tuple(v) for k, v in f.items()}) for f in found]


def times(n: int, **found) -> list[dict]:
    return [found] * n


def test_an_acronym_joins_the_organization_with_its_initials():
    names = decide(articles(*times(3, organizations=["European Union"]), *times(2, organizations=["EU"]),
                            {"organizations": ["Edinburgh University"]}))
    assert names.canonical("EU") == "European Union" and names.canonical("Edinburgh University") == "Edinburgh University"


def test_a_party_with_and_without_party_is_one_organization():
    names = decide(articles(*times(5, organizations=["Labour"]), *times(2, organizations=["Labour Party"]),
                            *times(4, organizations=["Conservatives"]), {"organizations": ["Conservative Party"]},
                            *times(2, organizations=["BP plc"]), *times(3, organizations=["BP"])))
    assert names.canonical("Labour Party") == "Labour"
    assert names.canonical("Conservative Party") == "Conservatives"
    assert names.canonical("BP plc") == "BP"


def test_a_lone_surname_joins_the_full_name_that_dominates_it():
    names = decide(articles(*times(4, people=["George W Bush"]), {"people": ["Jeb Bush"]}, *times(2, people=["Bush"]),
                            *times(2, people=["Tony Blair"]), *times(2, people=["Cherie Blair"]), {"people": ["Blair"]}))
    assert names.canonical("Bush") == "George W Bush"
    assert names.canonical("Blair") == "Blair"  # two Blairs, neither dominates


def test_a_place_is_not_taken_for_a_surname_and_types_go_by_the_corpus_majority():
    names = decide(articles(*times(3, places=["Madrid"]), *times(3, people=["Atletico Madrid"]),
                            {"people": ["Glasgow"]}, *times(3, places=["Glasgow"])))
    assert names.canonical("Madrid") == "Madrid"
    assert names.apply(Entities(people=("Glasgow",))) == Entities(places=("Glasgow",))


def test_apply_merges_an_article_s_names_under_the_corpus_names():
    names = NameDecisions(kinds={"European Union": "organizations"}, aliases={"EU": "European Union"})
    assert names.apply(Entities(organizations=("EU", "European Union"))) == Entities(organizations=("European Union",))


EU_ARTICLES = [
    *(record(f"eu-{n}", f"Summit {n}", f"The European Union met in Brussels, part {n}.", "politics",
             orgs=("European Union",), places=("Belgium",)) for n in range(3)),
    *(record(f"eu-short-{n}", f"Ministers meet {n}", f"EU ministers met, part {n}.", "politics", orgs=("EU",))
      for n in range(2)),
    *(record(f"bush-{n}", f"Bush speech {n}", f"George W Bush spoke, part {n}.", "politics",
             people=("George W Bush",)) for n in range(3)),
    record("bush-short", "Bush again", "Bush spoke again.", "politics", people=("Bush",)),
]


@pytest.fixture
def eu_client(tmp_path, make_app):
    corpus = write_corpus(tmp_path / "sources", EU_ARTICLES)
    root = tmp_path / "index"
    root.mkdir()
    added = record("eu-added", "Ministers meet again", "EU ministers met once more.", "politics", orgs=("EU",))
    fill_entity_cache(root, corpus, MODEL, EU_ARTICLES)
    fill_entity_cache(root, write_corpus(tmp_path / "more", [added]), MODEL, [added])
    summary = make_indexer(root).rebuild([corpus])
    assert summary.entities_extracted == 0
    app = make_app({"INDEX_DIR": str(root), "API_KEYS": "test-key"})
    return app.test_client()


def test_aliases_work_in_filters_searches_and_entity_lists(eu_client):
    union = eu_client.get("/api/search?org=European+Union").get_json()["total"]
    assert union == 5
    assert eu_client.get("/api/search?org=EU").get_json()["total"] == 5
    assert eu_client.get("/api/search?q=org:eu").get_json()["total"] == 5  # the alias is searchable
    assert eu_client.get("/api/search?person=bush").get_json()["total"] == 4
    listed = eu_client.get("/api/entities?type=organizations").get_json()["entities"]
    assert listed == [{"value": "European Union", "count": 5}]
    article = eu_client.get("/api/articles/eu-short-0").get_json()
    assert article["entities"]["organizations"] == ["European Union"]  # chips show the canonical name


def test_an_added_article_takes_the_corpus_names(eu_client):
    response = eu_client.post("/api/articles", headers=AUTH, json={
        "id": "eu-added", "title": "Ministers meet again", "body": "EU ministers met once more.",
        "category": "politics"})
    assert response.status_code == 201
    assert response.get_json()["entities"]["organizations"] == ["European Union"]
    assert eu_client.get("/api/search?org=EU").get_json()["total"] == 6


def test_a_one_word_organization_joins_the_one_it_ends():
    # the articles that say "Commons" name the House of Commons too: the evidence a common word needs
    names = decide(articles(*times(5, organizations=["House of Commons"]),
                            *times(2, organizations=["Commons", "House of Commons"]),
                            *times(3, organizations=["Financial Times"]), *times(3, organizations=["New York Times"]),
                            *times(2, organizations=["Times"])))
    assert names.canonical("Commons") == "House of Commons"
    assert names.canonical("Times") == "Times"  # two papers end in Times: neither dominates


def test_a_one_word_person_never_named_in_full_is_an_organization():
    names = decide(articles(*times(12, people=["Yukos"]), *times(12, people=["Keane"]), {"people": ["Roy Keane"]},
                            *times(4, people=["Ronaldo"])))
    assert names.kinds["Yukos"] == "organizations"
    assert names.kinds["Keane"] == "people"  # a full name ends in it
    assert names.kinds["Ronaldo"] == "people"  # too few articles to judge


def test_an_organization_that_lost_its_possessive_joins_the_full_name():
    names = decide(articles(*times(5, organizations=["Moody"]),
                            *times(4, organizations=["Moody's Investors Service Inc"]),
                            *times(3, organizations=["Ford"]), *times(3, organizations=["Ford Motor Co"])))
    assert names.canonical("Moody") == "Moody's Investors Service Inc"
    assert names.canonical("Ford") == "Ford"  # no possessive: another rule's business


def test_a_firm_named_after_a_person_is_the_firm():
    names = decide(articles(*times(6, people=["J.P. Morgan"]), *times(3, organizations=["J.P. Morgan and Co Inc"]),
                            *times(5, people=["Ronald Reagan"]), {"organizations": ["Ronald Reagan Library"]}))
    assert names.canonical("J.P. Morgan") == "J.P. Morgan and Co Inc"
    assert names.kinds["J.P. Morgan and Co Inc"] == "organizations"
    assert names.kinds["Ronald Reagan"] == "people"


def test_a_company_with_and_without_and_co_is_one_organization():
    names = decide(articles(*times(4, organizations=["Merrill Lynch"]),
                            *times(2, organizations=["Merrill Lynch and Co Inc"])))
    assert names.canonical("Merrill Lynch and Co Inc") == "Merrill Lynch"


def test_names_written_alike_but_for_accents_case_and_punctuation_are_one():
    """Jose / José Manuel Barroso (a decoded '&#233;'), George W. / W Bush, Asia-Pacific / Asia Pacific,
    British Bankers' / Bankers Association: one entity, shown in its accented or most used spelling."""
    articles = [Entities(people=("Jose Manuel Barroso", "George W Bush")), Entities(people=("Jose Manuel Barroso",)),
                Entities(people=("José Manuel Barroso", "George W. Bush")), Entities(people=("George W Bush",)),
                Entities(places=("Asia-Pacific",)), Entities(places=("Asia Pacific",), organizations=(
                    "British Bankers' Association",)), Entities(organizations=("British Bankers Association",))]
    decided = decide(articles)
    assert decided.canonical("Jose Manuel Barroso") == "José Manuel Barroso"
    assert decided.canonical("George W. Bush") == "George W Bush" == decided.canonical("George W Bush")
    assert decided.canonical("Asia Pacific") == decided.canonical("Asia-Pacific")
    assert decided.canonical("British Bankers' Association") == decided.canonical("British Bankers Association")
    assert decided.apply(articles[0]).people == ("José Manuel Barroso", "George W Bush")


def test_names_that_differ_in_a_letter_stay_apart():
    decided = decide([Entities(people=("Jon Smith",)), Entities(people=("John Smith",)), Entities(people=("Jön Smith",))])
    assert decided.canonical("Jon Smith") != decided.canonical("John Smith")


def test_a_name_that_is_also_a_first_name_joins_nobody():
    """"Charles" is Ray Charles's surname and the first name of Charles Kennedy and Charles Clarke:
    a lone "Charles" is not taken for Ray Charles, however many articles Ray Charles has."""
    articles = [Entities(people=("Ray Charles",))] * 8 + [Entities(people=("Charles",))] * 3 + [
        Entities(people=("Charles Kennedy",)), Entities(people=("Charles Clarke",)), Entities(people=("Blair",)),
        *[Entities(people=("Tony Blair",))] * 5]
    decided = decide(articles)
    assert decided.canonical("Charles") == "Charles"
    assert decided.canonical("Blair") == "Tony Blair"  # a surname no one has as a first name still joins


def test_a_common_word_joins_a_longer_name_only_where_articles_write_both():
    """Reuters: "Congress" (the US Congress) had become "American Pork Congress" by its share of the
    names ending in Congress; the articles naming Congress never wrote the pork producers' name."""
    articles = ([Entities(organizations=("Congress",))] * 10 + [Entities(organizations=("American Pork Congress",))] * 3
                + [Entities(organizations=("House of Commons", "Commons"))] * 4 + [Entities(organizations=("Commons",))])
    decided = decide(articles)
    assert decided.canonical("Congress") == "Congress"
    assert decided.canonical("Commons") == "House of Commons"
