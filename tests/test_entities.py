from __future__ import annotations

import pytest
import spacy

from searchsvc.entities import entities_from_doc, extract
from searchsvc.names import (country, fold, known_place, looks_like_full_name, merge_short_forms, party_name,
                             person_name)
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


# The rules below read the words around spaCy's spans. Each test sets the spans by hand on a blank
# tokenizer, so it checks our rules on a mistake spaCy makes, whatever the model predicts today.
def parsed(text: str, *spans: tuple[str, str]):
    """A document of `text` whose entities are the given (phrase, label) spans, in text order."""
    doc, ents, start = spacy.blank("en")(text), [], 0
    for phrase, label in spans:
        start = text.index(phrase, start)
        span = doc.char_span(start, start + len(phrase), label=label)
        assert span is not None, f"{phrase!r} is not whole tokens"
        ents.append(span)
        start += len(phrase)
    doc.ents = ents
    return doc


def found(text: str, *spans: tuple[str, str]) -> dict[str, tuple[str, ...]]:
    return entities_from_doc(parsed(text, *spans)).as_dict()


@pytest.mark.parametrize("text, spans, expected", [
    ("She won at the Northern Indoor Championships in Lyon.",
     [("Northern Indoor Championships", "ORG"), ("Lyon", "GPE")], {"organizations": [], "places": ["Lyon"]}),
    ("The Transport Secretary Jane Oduya met the Home Office Minister.",
     [("Transport", "ORG"), ("Jane Oduya", "PERSON"), ("Home Office", "ORG")],
     {"people": ["Jane Oduya"], "organizations": ["Home Office"]}),
    ("The Secretary of State for Farming spoke.", [("State", "ORG")], {"organizations": []}),
    ("MPs debated the Water Supply (Emergency Powers) Bill today.",
     [("Water Supply", "ORG"), ("Bill", "PERSON")], {"people": [], "organizations": []}),
    ("The euro rose against the US dollar.", [("US", "GPE")], {"places": []}),
    ("The film Kestrel Road was directed by Anna Berg.",
     [("Kestrel Road", "PERSON"), ("Anna Berg", "PERSON")], {"people": ["Anna Berg"]}),
    ("Visitors to the Tate queued for hours.", [("Tate", "PERSON")], {"people": []}),
])
def test_spans_that_are_titles_laws_currencies_events_or_works_are_dropped(text, spans, expected):
    result = found(text, *spans)
    for kind, names in expected.items():
        assert list(result[kind]) == names


def test_party_members_in_the_plural_name_the_party():
    result = found("The Tories and the Liberal Democrats' leader attacked the Conservatives.",
                   ("Tories", "NORP"), ("Democrats", "NORP"), ("Conservatives", "NORP"))
    assert result["organizations"] == ["Conservatives", "Liberal Democrats"]  # Tories are Conservatives


@pytest.mark.parametrize("text, spans, kind, expected", [
    ("The Welsh Assembly met on Monday.", [("Welsh", "NORP")], "organizations", ["Welsh Assembly"]),
    ("Favourite Russian Olga Petrova finished sixth.", [("Russian Olga Petrova", "NORP")], "people",
     ["Olga Petrova"]),
    ("The Hill Walkers Party's spokesman agreed.", [("Hill Walkers Party's", "WORK_OF_ART")],
     "organizations", ["Hill Walkers Party"]),
    ("Mr Trotter said the plan would work.", [("Trotter", "ORG")], "people", ["Trotter"]),
    ("Party leader, Jane Oduya, welcomed it.", [("Jane Oduya", "ORG")], "people", ["Jane Oduya"]),
    ("She moved from Upton to London last year.", [("Upton", "ORG"), ("London", "GPE")], "places",
     ["Upton", "London"]),
])
def test_context_corrects_spacys_type(text, spans, kind, expected):
    assert found(text, *spans)[kind] == expected


@pytest.mark.parametrize("text, spans", [
    ("New MS drugs were approved.", [("MS", "ORG")]),
    ("Fighting in DR Congo went on.", [("DR Congo", "ORG")]),
])
def test_capitals_that_only_look_like_honorifics_make_no_person(text, spans):
    assert found(text, *spans)["people"] == []


def test_lone_surname_is_the_person_whatever_spacy_called_it():
    result = found("Sarah Pike won. Pike said so, and Pike left. Tudor England fell; England won.",
                   ("Sarah Pike", "PERSON"), ("Pike", "ORG"), ("Pike", "GPE"), ("Tudor England", "PERSON"),
                   ("England", "GPE"))
    assert result["people"] == ["Sarah Pike", "Tudor England"]
    assert result["organizations"] == [] and result["places"] == ["England"]  # a region is no surname


def test_spellings_apart_only_by_spaces_are_one_name():
    result = found("ShopRight said profits rose. Shop Right is big.", ("ShopRight", "ORG"), ("Shop Right", "ORG"))
    assert result["organizations"] == ["Shop Right"]


def test_run_on_spans_are_not_names():
    text = "Then Alpha Beta Gamma Delta Epsilon Zeta Eta Theta Iota arrived."
    assert found(text, ("Alpha Beta Gamma Delta Epsilon Zeta Eta Theta Iota", "ORG"))["organizations"] == []


@pytest.mark.parametrize("names, expected", [
    (["US Federal Aviation Agency", "FAA"], {"FAA": "US Federal Aviation Agency"}),  # qualifier left out
    (["New York Times", "YT"], {}),  # two letters must be the whole initials
])
def test_acronyms_merge_into_their_long_form(names, expected):
    assert merge_short_forms(names, people=False) == expected


@pytest.mark.parametrize("name, expected", [
    ("England", True), ("Wales", True), ("Texas", True), ("UK", True), ("Pike", False), ("Tate", False),
])
def test_known_places(name, expected):
    assert known_place(name) is expected


@pytest.mark.parametrize("name, expected", [
    ("Nicola Sturgeon", True), ("Ludwig van Beethoven", True), ("Peter Brabeck-Letmathe", True),
    ("Labour MP", False), ("Sturgeon", False), ("point- al-Qaeda", False),
])
def test_looks_like_full_name(name, expected):
    assert looks_like_full_name(name) is expected


def test_party_shorthand():
    assert party_name("Tories") == "Conservatives" and party_name("Labour") == "Labour"
