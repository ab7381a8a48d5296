"""Names decided across the corpus: one type per name, one name per entity, aliases that work in
filters and searches (searchsvc/entities/corpus_names.py)."""

from __future__ import annotations

import pytest

from searchsvc.entities.corpus_names import NameDecisions, decide
from searchsvc.ingest.articles import Entities

from .conftest import AUTH, MODEL, make_indexer
from .crafted import fill_entity_cache, record, write_corpus


def articles(*found: dict) -> list[Entities]:
    return [Entities(**{k: tuple(v) for k, v in f.items()}) for f in found]


def times(n: int, **found) -> list[dict]:
    return [found] * n


def test_an_acronym_joins_the_organization_with_its_initials():
    names = decide(
        articles(
            *times(3, organizations=["European Union"]),
            *times(2, organizations=["EU"]),
            {"organizations": ["Edinburgh University"]},
        )
    )
    assert (
        names.canonical("EU") == "European Union" and names.canonical("Edinburgh University") == "Edinburgh University"
    )


def test_a_party_with_and_without_party_is_one_organization():
    names = decide(
        articles(
            *times(5, organizations=["Labour"]),
            *times(2, organizations=["Labour Party"]),
            *times(4, organizations=["Conservatives"]),
            {"organizations": ["Conservative Party"]},
            *times(2, organizations=["BP plc"]),
            *times(3, organizations=["BP"]),
        )
    )
    assert names.canonical("Labour Party") == "Labour"
    assert names.canonical("Conservative Party") == "Conservatives"
    assert names.canonical("BP plc") == "BP"


def test_a_lone_surname_joins_the_full_name_that_dominates_it():
    names = decide(
        articles(
            *times(4, people=["George W Bush"]),
            {"people": ["Jeb Bush"]},
            *times(2, people=["Bush"]),
            *times(2, people=["Tony Blair"]),
            *times(2, people=["Cherie Blair"]),
            {"people": ["Blair"]},
        )
    )
    assert names.canonical("Bush") == "George W Bush"
    assert names.canonical("Blair") == "Blair"  # two Blairs, neither dominates


def test_a_place_is_not_taken_for_a_surname_and_types_go_by_the_corpus_majority():
    names = decide(
        articles(
            *times(3, places=["Madrid"]),
            *times(3, people=["Atletico Madrid"]),
            {"people": ["Glasgow"]},
            *times(3, places=["Glasgow"]),
        )
    )
    assert names.canonical("Madrid") == "Madrid"
    assert names.apply(Entities(people=("Glasgow",))) == Entities(places=("Glasgow",))


def test_apply_merges_an_article_s_names_under_the_corpus_names():
    names = NameDecisions(kinds={"European Union": "organizations"}, aliases={"EU": "European Union"})
    assert names.apply(Entities(organizations=("EU", "European Union"))) == Entities(organizations=("European Union",))


EU_ARTICLES = [
    *(
        record(
            f"eu-{n}",
            f"Summit {n}",
            f"The European Union met in Brussels, part {n}.",
            "politics",
            orgs=("European Union",),
            places=("Belgium",),
        )
        for n in range(3)
    ),
    *(
        record(f"eu-short-{n}", f"Ministers meet {n}", f"EU ministers met, part {n}.", "politics", orgs=("EU",))
        for n in range(2)
    ),
    *(
        record(
            f"bush-{n}", f"Bush speech {n}", f"George W Bush spoke, part {n}.", "politics", people=("George W Bush",)
        )
        for n in range(3)
    ),
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
    response = eu_client.post(
        "/api/articles",
        headers=AUTH,
        json={
            "id": "eu-added",
            "title": "Ministers meet again",
            "body": "EU ministers met once more.",
            "category": "politics",
        },
    )
    assert response.status_code == 201
    assert response.get_json()["entities"]["organizations"] == ["European Union"]
    assert eu_client.get("/api/search?org=EU").get_json()["total"] == 6


def test_a_one_word_organization_joins_the_one_it_ends():
    # the articles that say "Commons" name the House of Commons too: the evidence a common word needs
    names = decide(
        articles(
            *times(5, organizations=["House of Commons"]),
            *times(2, organizations=["Commons", "House of Commons"]),
            *times(3, organizations=["Financial Times"]),
            *times(3, organizations=["New York Times"]),
            *times(2, organizations=["Times"]),
        )
    )
    assert names.canonical("Commons") == "House of Commons"
    assert names.canonical("Times") == "Times"  # two papers end in Times: neither dominates


def test_a_one_word_person_never_named_in_full_is_an_organization():
    names = decide(
        articles(
            *times(12, people=["Yukos"]),
            *times(12, people=["Keane"]),
            {"people": ["Roy Keane"]},
            *times(4, people=["Ronaldo"]),
        )
    )
    assert names.kinds["Yukos"] == "organizations"
    assert names.kinds["Keane"] == "people"  # a full name ends in it
    assert names.kinds["Ronaldo"] == "people"  # too few articles to judge


def test_an_organization_that_lost_its_possessive_joins_the_full_name():
    names = decide(
        articles(
            *times(5, organizations=["Moody"]),
            *times(4, organizations=["Moody's Investors Service Inc"]),
            *times(3, organizations=["Ford"]),
            *times(3, organizations=["Ford Motor Co"]),
        )
    )
    assert names.canonical("Moody") == "Moody's Investors Service Inc"
    assert names.canonical("Ford") == "Ford"  # no possessive: another rule's business


def test_a_firm_named_after_a_person_is_the_firm():
    names = decide(
        articles(
            *times(6, people=["J.P. Morgan"]),
            *times(3, organizations=["J.P. Morgan and Co Inc"]),
            *times(5, people=["Ronald Reagan"]),
            {"organizations": ["Ronald Reagan Library"]},
        )
    )
    assert names.canonical("J.P. Morgan") == "J.P. Morgan and Co Inc"
    assert names.kinds["J.P. Morgan and Co Inc"] == "organizations"
    assert names.kinds["Ronald Reagan"] == "people"


def test_a_company_with_and_without_and_co_is_one_organization():
    names = decide(
        articles(*times(4, organizations=["Merrill Lynch"]), *times(2, organizations=["Merrill Lynch and Co Inc"]))
    )
    assert names.canonical("Merrill Lynch and Co Inc") == "Merrill Lynch"


def test_names_written_alike_but_for_accents_case_and_punctuation_are_one():
    """Jose / José Manuel Barroso (a decoded '&#233;'), George W. / W Bush, Asia-Pacific / Asia Pacific,
    British Bankers' / Bankers Association: one entity, shown in its accented or most used spelling."""
    articles = [
        Entities(people=("Jose Manuel Barroso", "George W Bush")),
        Entities(people=("Jose Manuel Barroso",)),
        Entities(people=("José Manuel Barroso", "George W. Bush")),
        Entities(people=("George W Bush",)),
        Entities(places=("Asia-Pacific",)),
        Entities(places=("Asia Pacific",), organizations=("British Bankers' Association",)),
        Entities(organizations=("British Bankers Association",)),
    ]
    decided = decide(articles)
    assert decided.canonical("Jose Manuel Barroso") == "José Manuel Barroso"
    assert decided.canonical("George W. Bush") == "George W Bush" == decided.canonical("George W Bush")
    assert decided.canonical("Asia Pacific") == decided.canonical("Asia-Pacific")
    assert decided.canonical("British Bankers' Association") == decided.canonical("British Bankers Association")
    assert decided.apply(articles[0]).people == ("José Manuel Barroso", "George W Bush")


def test_names_that_differ_in_a_letter_stay_apart():
    decided = decide(
        [Entities(people=("Jon Smith",)), Entities(people=("John Smith",)), Entities(people=("Jön Smith",))]
    )
    assert decided.canonical("Jon Smith") != decided.canonical("John Smith")


def test_a_name_that_is_also_a_first_name_joins_nobody():
    """ "Charles" is Ray Charles's surname and the first name of Charles Kennedy and Charles Clarke:
    a lone "Charles" is not taken for Ray Charles, however many articles Ray Charles has."""
    articles = (
        [Entities(people=("Ray Charles",))] * 8
        + [Entities(people=("Charles",))] * 3
        + [
            Entities(people=("Charles Kennedy",)),
            Entities(people=("Charles Clarke",)),
            Entities(people=("Blair",)),
            *[Entities(people=("Tony Blair",))] * 5,
        ]
    )
    decided = decide(articles)
    assert decided.canonical("Charles") == "Charles"
    assert decided.canonical("Blair") == "Tony Blair"  # a surname no one has as a first name still joins


def test_a_common_word_joins_a_longer_name_only_where_articles_write_both():
    """Reuters: "Congress" (the US Congress) had become "American Pork Congress" by its share of the
    names ending in Congress; the articles naming Congress never wrote the pork producers' name."""
    articles = (
        [Entities(organizations=("Congress",))] * 10
        + [Entities(organizations=("American Pork Congress",))] * 3
        + [Entities(organizations=("House of Commons", "Commons"))] * 4
        + [Entities(organizations=("Commons",))]
    )
    decided = decide(articles)
    assert decided.canonical("Congress") == "Congress"
    assert decided.canonical("Commons") == "House of Commons"


def test_a_surname_joins_the_full_name_though_a_body_was_typed_as_a_man_of_that_name():
    """Reuters: "Reagan" never joined "Ronald Reagan" because "Reagan Administrations", typed as a
    person, made "Reagan" look like a first name too. Made-up names of the same shape."""
    articles = (
        [Entities(people=("Halvorsen",))] * 12
        + [Entities(people=("Erik Halvorsen",))] * 5
        + [Entities(people=("Halvorsen Administration",))]
    )
    assert decide(articles).canonical("Halvorsen") == "Erik Halvorsen"


@pytest.mark.parametrize(
    ("forms", "kept"),
    [
        (("Fed", "Federal Reserve", "Federal Reserve Board", "U.S. Federal Reserve Board"), "Federal Reserve"),
        (("USDA", "U.S. Agriculture Department"), "U.S. Agriculture Department"),
        (("Man Utd", "Manchester United"), "Manchester United"),
        (("Man City", "Manchester City"), "Manchester City"),
        (("Tory Party", "Conservatives"), "Conservatives"),
    ],
)
def test_what_news_writes_for_one_body_is_one_name(forms, kept):
    articles = [Entities(organizations=(form,)) for form in forms for _ in range(4 if form == kept else 2)]
    decided = decide(articles)
    assert {decided.canonical(form) for form in forms} == {kept}
    assert decided.apply(Entities(organizations=forms)).organizations == (kept,)


def test_a_filter_on_another_form_of_a_body_finds_it():
    """org=Tories and org=British Broadcasting Corporation found nothing: the articles' names already
    said Conservatives and BBC, so no alias led there."""
    decided = decide([Entities(organizations=("Conservatives", "BBC"))] * 3)
    assert decided.resolve("tories") == "Conservatives" and decided.resolve("Tory Party") == "Conservatives"
    assert decided.resolve("British Broadcasting Corporation") == "BBC"


def test_an_acronym_joins_a_company_named_with_its_legal_form():
    """Reuters: "GM" and "General Motors Corp" (made-up: "GW" and "Granite Works Corp")."""
    decided = decide([Entities(organizations=("Granite Works Corp",))] * 4 + [Entities(organizations=("GW",))] * 3)
    assert decided.canonical("GW") == "Granite Works Corp"


def test_a_us_state_abbreviation_is_the_state_when_taken_for_a_place():
    decided = decide(
        [Entities(places=("Calif",))] * 3
        + [Entities(places=("California", "N.Y.", "Tenn"))] * 2
        + [Entities(people=("Miss",))]
    )
    assert decided.canonical("Calif") == "California" and decided.canonical("N.Y.") == "New York"
    assert decided.canonical("Tenn") == "Tennessee" and decided.canonical("Miss") == "Miss"


def test_a_long_name_spelt_three_ways_and_its_short_form_are_one_organization():
    """BBC wrote the Russian oil unit in three spellings, and "Yugansk" for short (made-up name)."""
    articles = (
        [Entities(organizations=("Krasnoyarskneftegas",))] * 6
        + [Entities(organizations=("Krasnoyarskneftegaz",))] * 2
        + [Entities(places=("Krasnoyarksneftegas",))]
        + [Entities(organizations=("Krasnoyarskneftegas",), places=("Krasnoy",))] * 3
    )
    decided = decide(articles)
    assert {decided.canonical(n) for n in ("Krasnoyarskneftegaz", "Krasnoyarksneftegas", "Krasnoy")} == {
        "Krasnoyarskneftegas"
    }
    assert decided.kinds["Krasnoyarskneftegas"] == "organizations"


def test_a_short_form_without_the_long_name_beside_it_joins_nothing():
    articles = [Entities(organizations=("Krasnoyarskneftegas",))] * 6 + [Entities(places=("Krasnoy",))] * 3
    assert decide(articles).canonical("Krasnoy") == "Krasnoy"


def test_a_town_named_as_a_place_and_as_its_club_keeps_each_articles_type():
    """Clubs as places: 'place=Newcastle' gave 46 sport stories. Each article's own type is kept when
    a town is named as both often enough."""
    articles = [Entities(places=("Newcastle",))] * 4 + [Entities(organizations=("Newcastle",))] * 9
    decided = decide(articles)
    assert decided.apply(articles[0]).places == ("Newcastle",)
    assert decided.apply(articles[-1]).organizations == ("Newcastle",)


def test_long_names_of_different_places_stay_apart():
    decided = decide([Entities(places=("Gloucestershire",))] * 3 + [Entities(places=("Worcestershire",))] * 2)
    assert decided.canonical("Worcestershire") == "Worcestershire"


def test_a_one_word_company_some_articles_call_a_company_is_one_everywhere():
    """Gazprom as a place and Ericsson as a person: the articles that write 'Gazprom shares' or
    'supplier Ericsson' typed it an organization, the rest followed the model (made-up names)."""
    articles = (
        [Entities(places=("Voltek",))] * 6
        + [Entities(organizations=("Voltek",))] * 3
        + [Entities(people=("Keane", "Roy Keane"))] * 2
        + [Entities(people=("Keane", "Robbie Keane"))] * 2
        + [Entities(organizations=("Keane",))] * 3
    )
    decided = decide(articles)
    assert decided.kinds["Voltek"] == "organizations"
    assert decided.kinds["Keane"] == "people"  # a surname of a person named in full stays a person


def test_a_clubs_nickname_the_model_took_for_a_person_is_the_club():
    decided = decide([Entities(people=("Spurs",))] * 4 + [Entities(organizations=("Spurs",))])
    assert decided.kinds["Spurs"] == "organizations"
