from __future__ import annotations

import pytest

from searchsvc.entities import extract
from searchsvc.names import country, fold, merge_short_forms, person_name
from searchsvc.readers import read_sources

from .conftest import FOUNDING, MODEL


@pytest.fixture(scope="module")
def founding_entities():
    [article] = read_sources([FOUNDING])
    [entities] = extract([article], MODEL)
    return entities


def test_founding_document_entities(founding_entities):
    assert {"Ramzan Kadyrov", "Vladimir Putin"} <= set(founding_entities.people)
    assert {"Russia LGBT Network", "Novaya Gazeta", "Buzzfeed News", "Russian Embassy"} <= set(
        founding_entities.organizations)
    assert {"Chechnya", "Russia", "United States"} <= set(founding_entities.places)


def test_founding_document_has_no_headline_or_misfiled_entities(founding_entities):
    everything = founding_entities.people + founding_entities.organizations + founding_entities.places
    assert "Visas" not in everything  # a headline word, not a place
    assert "Novaya Gazeta" not in founding_entities.people  # a newspaper
    assert not {"Chechen", "Russian", "Israeli", "Chechens"} & set(everything)  # nationalities
    assert "US" not in everything and "the United States" not in everything


@pytest.mark.parametrize("raw, expected", [
    ("the United States", "United States"), ("U.S.", "United States"), ("US", "United States"),
    ("America", "United States"), ("UK", "United Kingdom"), ("Britain", "United Kingdom"),
    ("Russian Federation", "Russia"), ("Russia", "Russia"), ("Iran", "Iran"),
])
def test_countries_merge_under_one_name(raw, expected):
    assert country(fold(raw)) == expected


@pytest.mark.parametrize("not_a_country", ["Chechnya", "Us", "Washington", "Visa"])
def test_non_countries_are_left_alone(not_a_country):
    assert country(not_a_country) is None


@pytest.mark.parametrize("raw, expected", [
    ("the Russia LGBT Network", "Russia LGBT Network"), ("Kadyrov's", "Kadyrov"),
    ("  Tony \n Blair ", "Tony Blair"), ("Jones'", "Jones"), ("Washington D.C.", "Washington D.C."),
    ("“Labour”", "Labour"),
])
def test_fold(raw, expected):
    assert fold(raw) == expected


def test_titles_dropped_and_short_forms_merged():
    assert person_name("Mr Howard") == "Howard"
    assert person_name("President Vladimir Putin") == "Vladimir Putin"
    people = ["Michael Howard", "Howard", "Kadyrov", "Ramzan Kadyrov", "Blair"]
    assert merge_short_forms(people, people=True) == {"Howard": "Michael Howard", "Kadyrov": "Ramzan Kadyrov"}
    orgs = ["BBC", "British Broadcasting Corporation", "Network"]
    assert merge_short_forms(orgs, people=False) == {"BBC": "British Broadcasting Corporation"}


def test_mr_howard_merges_into_john_howard_in_one_article(tmp_path):
    path = tmp_path / "a.json"
    path.write_text('{"title": "Election", "body": "John Howard won the election in Australia. '
                    'Mr Howard thanked voters in Sydney, and Mr Howard said the U.S. would be pleased."}')
    [article] = read_sources([path])
    [entities] = extract([article], MODEL)
    assert entities.people == ("John Howard",)
    assert "United States" in entities.places and "Australia" in entities.places
