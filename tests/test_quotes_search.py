"""Quotes as users search them, in process: the API (ranked by the quote's words, filters, the
speaker facet, export), an article's and an entity's quotes, corrections of speakers, writes, the
/quotes page, the article page's marks and the CLI, all over one made-up corpus of known quotes.
(Through gunicorn and Chromium: tests/test_quotes_http.py and tests/test_browser.py.)"""

from __future__ import annotations

import csv
import io
import json

import pytest
from click.testing import CliRunner

from searchsvc.cli import cli
from searchsvc.entities.annotate import model_signature
from searchsvc.entities.cache import EntityCache
from searchsvc.index.indexer import CACHE_FILE
from searchsvc.ingest.articles import Entities
from searchsvc.ingest.readers.records import article_from_record

from .conftest import AUTH, MODEL, copy_index, make_indexer
from .quote_corpus import build, said


@pytest.fixture(scope="module")
def template(tmp_path_factory):
    return build(tmp_path_factory.mktemp("quotes"), MODEL, make_indexer)


@pytest.fixture
def root(template, tmp_path):
    return copy_index(template, tmp_path / "index")


@pytest.fixture
def client(root, writable_client):
    return writable_client(root)


def quotes(client, **params) -> dict:
    found = client.get("/api/quotes", query_string=params)
    assert found.status_code == 200, found.json
    return found.json


def texts(page: dict) -> list[str]:
    return [q["quote"] for q in page["quotes"]]


def test_quotes_are_ranked_by_their_own_words_with_speaker_and_article(client):
    found = quotes(client, q="pensions earnings")
    assert found["total"] == 1 and texts(found) == ["Pensions will rise with earnings,"]
    quote = found["quotes"][0]
    assert quote["speaker"] == "Gordon Brown" and quote["speaker_type"] == "people"
    assert quote["article"] == {
        "id": "pensions-1",
        "title": "Pensions to rise",
        "published": "2005-01-10T10:00:00+00:00",
        "source": "Made-up News",
    }
    assert quote["highlights"] == "<mark>Pensions</mark> will rise with <mark>earnings</mark>,"
    pensioner = quotes(client, q="pensioner")  # stemmed like the articles: "pensions" too
    assert set(texts(pensioner)) == {"No pensioner will be left behind.", "Pensions will rise with earnings,"}


def test_without_words_the_newest_come_first_and_the_facet_counts_every_match(client):
    found = quotes(client, per_page=3)
    assert found["total"] == 8 and found["pages"] == 3
    assert [q["article"]["id"] for q in found["quotes"]][:2] == ["final-2", "final-2"]
    speakers = {f["value"]: f["count"] for f in found["facets"]["speakers"]}
    assert speakers == {"Gordon Brown": 3, "Arsene Wenger": 2, "Alex Ferguson": 1, "Treasury": 1}
    oldest = quotes(client, sort="oldest", per_page=1)
    assert texts(oldest) == ["Pensions will rise with earnings,"]


def test_filters_speaker_type_entities_and_dates(client):
    assert len(texts(quotes(client, speaker="Gordon Brown"))) == 3
    assert texts(quotes(client, speaker="gordon brown", q="families")) == ["This is a budget for families,"]
    assert texts(quotes(client, speaker_type="organizations")) == ["the figures are clear"]
    assert set(texts(quotes(client, org="Arsenal"))) == {"We deserved to win the cup,", "The players were magnificent,"}
    assert quotes(client, place="UK")["total"] == 1  # a country by its short name, as in search
    assert quotes(client, **{"from": "2005-05-01", "to": "2005-05-21"})["total"] == 2
    assert quotes(client, speaker="Gordon Brown", speaker_type="organizations")["total"] == 0
    assert quotes(client, speaker=["Arsene Wenger", "Alex Ferguson"])["total"] == 3  # any of them


def test_an_unnamed_speaker_is_null_and_bad_parameters_say_which(client):
    unnamed = list(quotes(client, q="comment")["quotes"])
    assert [(q["quote"], q["speaker"]) for q in unnamed] == [("No comment.", None)]
    assert client.get("/api/quotes?speeker=Brown").status_code == 400
    bad = client.get("/api/quotes?speaker_type=animals")
    assert bad.status_code == 400 and "speaker_type" in bad.json["error"]["details"]


def test_export_gives_every_matching_quote(client):
    exported = client.get("/api/quotes/export?speaker=Gordon%20Brown&format=csv")
    assert exported.status_code == 200 and exported.headers["X-Total-Count"] == "3"
    rows = list(csv.DictReader(io.StringIO(exported.get_data(as_text=True))))
    assert {row["article_id"] for row in rows} == {"pensions-1", "pensions-2", "budget-1"}
    lines = client.get("/api/quotes/export?q=cup&format=jsonl").get_data(as_text=True).splitlines()
    assert [json.loads(line)["speaker"] for line in lines] == ["Arsene Wenger"]


def test_an_article_and_an_entity_give_their_quotes(client):
    article = client.get("/api/articles/pensions-2").json
    assert article["quotes"] == [
        {"quote": "No pensioner will be left behind.", "speaker": "Gordon Brown", "speaker_type": "people"},
        {"quote": "the figures are clear", "speaker": "Treasury", "speaker_type": "organizations"},
    ]
    profile = client.get("/api/entities/people/Gordon%20Brown").json["quotes"]
    assert profile["count"] == 3 and profile["newest"][0]["article"]["id"] == "budget-1"


def test_speakers_follow_editors_corrections(client):
    assert (
        client.post(
            "/api/corrections",
            headers=AUTH,
            json={"type": "people", "name": "Gordon Brown", "action": "rename", "to": "James Gordon Brown"},
        ).status_code
        == 201
    )
    assert {q["speaker"] for q in quotes(client, q="pensions OR families")["quotes"]} == {"James Gordon Brown"}
    assert quotes(client, speaker="James Gordon Brown")["total"] == 3
    assert quotes(client, speaker="Gordon Brown")["total"] == 3  # the old name stays an alias
    assert (
        client.post(
            "/api/corrections", headers=AUTH, json={"type": "organizations", "name": "Treasury", "action": "hide"}
        ).status_code
        == 201
    )
    assert [q["speaker"] for q in quotes(client, q="figures")["quotes"]] == [None]


def quoted_record(root, article_id: str, title: str, published: str, quote: str, speaker: str) -> dict:
    """An article in which `speaker` says `quote`, its entities and quote put in the index's entity
    cache (so writing it runs no model); return the record to write."""
    body = f'"{quote}" said {speaker}.'
    record = {"id": article_id, "title": title, "body": body, "published": published}
    cache = EntityCache(root / CACHE_FILE)
    entities = Entities(people=(speaker,), quotes=(said(body, quote, speaker),))
    cache.put_many([(article_from_record(record).content_hash, entities)], model_signature(MODEL))
    cache.close()
    return record


def test_a_write_adds_and_a_delete_removes_its_quotes(client, root):
    record = quoted_record(root, "ashes-1", "Ashes won", "2005-09-12", "Cricket is coming home,", "Michael Vaughan")
    assert client.post("/api/articles", headers=AUTH, json=record).status_code == 201
    assert texts(quotes(client, q="cricket")) == ["Cricket is coming home,"]
    assert quotes(client)["quotes"][0]["article"]["id"] == "ashes-1"
    assert client.delete("/api/articles/ashes-1", headers=AUTH).status_code == 204
    assert quotes(client, q="cricket")["total"] == 0


def test_the_quotes_page_searches_and_narrows_by_speaker(client):
    page = client.get("/quotes?q=cup").get_data(as_text=True)
    assert "<strong>1</strong> quote" in page and "<mark>cup</mark>" in page
    assert 'href="/entities/people/Arsene%20Wenger"' in page
    listing = client.get("/quotes").get_data(as_text=True)
    assert '<a href="/quotes?speaker=Gordon+Brown">Gordon Brown</a> <span class="count">3</span>' in listing
    narrowed = client.get("/quotes?speaker=Gordon+Brown").get_data(as_text=True)
    assert "<strong>3</strong> quotes" in narrowed and "Remove filter speaker: Gordon Brown" in narrowed
    assert client.get("/quotes?page=0").status_code == 400


def test_the_cli_names_a_speaker_that_names_nobody_and_refuses_a_dangling_operator(root):
    runner = CliRunner()
    said = runner.invoke(cli, ["quotes", "--index", str(root), "--speaker", "Wenger"])
    assert said.exit_code == 0
    first, second = said.output.splitlines()[:2]
    assert first.startswith("0 quotes (") and second == "no speaker is called 'Wenger'; did you mean: Arsene Wenger?"
    refused = runner.invoke(cli, ["quotes", "pensions AND", "--index", str(root)])
    assert refused.exit_code == 1 and "'AND' at the end of the query joins nothing" in refused.output


def test_the_article_page_marks_each_quote_and_links_its_speaker(client):
    page = client.get("/articles/final-1").get_data(as_text=True)
    assert '<span class="quote" title="Said by Arsene Wenger">We deserved to win the cup,</span>' in page
    assert page.count('<sup class="said-by"><a class="people" href="/entities/people/Arsene%20Wenger">') == 2
    assert "Who said what" in page
    entity = client.get("/entities/people/Arsene%20Wenger").get_data(as_text=True)
    assert "Quoted" in entity and "We deserved to win the cup," in entity


def test_the_cli_prints_quotes_with_the_search_output_options(root):
    runner = CliRunner()
    text = runner.invoke(cli, ["quotes", "cup", "--index", str(root)])
    assert text.exit_code == 0 and "1 quote" in text.output and "Arsene Wenger, in Arsenal win the cup" in text.output
    as_json = json.loads(
        runner.invoke(cli, ["quotes", "--index", str(root), "--speaker", "Gordon Brown", "--format", "json"]).output
    )
    assert as_json["total"] == 3 and as_json["facets"]["speakers"][0]["value"] == "Gordon Brown"
    rows = runner.invoke(cli, ["quotes", "--index", str(root), "--format", "csv", "--all"]).output.splitlines()
    assert rows[0].startswith("quote,speaker,speaker_type,article_id") and len(rows) == 9


def test_a_speaker_the_entity_rules_left_out_is_still_a_name_corrections_find():
    from searchsvc.entities.corpus_names import NameDecisions
    from searchsvc.ingest.articles import Quote

    found = Entities(people=("Tony Blair",), quotes=(Quote("Yes,", "Jose Mourinho", "people", 1, 5),))
    assert NameDecisions().raw_names(found) == ("Tony Blair", "Jose Mourinho")


def test_a_quoted_phrase_with_common_words_inside_finds_the_quote(client):
    assert texts(quotes(client, q='"win the cup"')) == ["We deserved to win the cup,"]
    assert texts(quotes(client, q='"budget for families"')) == ["This is a budget for families,"]
    assert quotes(client, q='"cup the win"')["total"] == 0  # the words in their order


def test_a_speaker_or_name_that_names_nobody_says_so_with_the_names_it_may_mean(client):
    by_surname = quotes(client, speaker="Wenger")  # no alias decided: a surname alone is not a speaker
    assert by_surname["total"] == 0
    assert by_surname["unknown_names"] == [{"param": "speaker", "value": "Wenger", "did_you_mean": ["Arsene Wenger"]}]
    misspelt_surname = quotes(client, speaker="Wengr")["unknown_names"]
    assert misspelt_surname == [{"param": "speaker", "value": "Wengr", "did_you_mean": ["Arsene Wenger"]}]
    misspelt = quotes(client, speaker="Gordon Brwn", org="Arsnal")
    assert misspelt["unknown_names"] == [
        {"param": "speaker", "value": "Gordon Brwn", "did_you_mean": ["Gordon Brown"]},
        {"param": "org", "value": "Arsnal", "did_you_mean": ["Arsenal"]},
    ]
    assert quotes(client, speaker="Gordon Brown")["unknown_names"] == []
    page = client.get("/quotes?speaker=Gordon+Brwn").get_data(as_text=True)
    assert "No speaker is called <q>Gordon Brwn</q>: did you mean" in page
    assert '<a href="/quotes?speaker=Gordon+Brown">Gordon Brown</a>?' in page


def test_an_operator_that_joins_nothing_is_refused_as_in_the_article_search(client):
    refused = client.get("/api/quotes?q=pensions%20AND")
    assert refused.status_code == 400
    assert refused.json["error"]["details"] == {"q": [refused.json["error"]["message"]]}
    assert "'AND' at the end of the query joins nothing" in refused.json["error"]["message"]
    assert client.get("/quotes?q=NOT").status_code == 400
    assert quotes(client, q='pensions "AND"')["total"] == 0  # the word itself, quoted, is searched
