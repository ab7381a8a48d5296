"""The schemas load the core's objects: a SearchRequest, an Article; the API stricter than the file reader."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest
from marshmallow import ValidationError
from werkzeug.datastructures import MultiDict

from searchsvc.ingest.articles import ArticleError, article_id, article_to_record
from searchsvc.ingest.readers.records import article_from_record
from searchsvc.search.ranked import SearchRequest
from searchsvc.web.schemas import ArticleSchema, BatchRequest, ExportArgs, SearchArgs


def test_no_parameter_is_the_search_request_defaults():
    assert SearchArgs().load(MultiDict()) == SearchRequest()


@pytest.mark.parametrize(
    "params, expected",
    [
        (
            [("q", "blair"), ("page", "2"), ("per_page", "5"), ("sort", "newest")],
            {"q": "blair", "page": 2, "per_page": 5, "sort": "newest"},
        ),
        (
            [
                ("person", "Tony Blair"),
                ("person", "Gordon Brown"),
                ("org", "EU"),
                ("place", "UK"),
                ("category", "sport"),
            ],
            {
                "people": ("Tony Blair", "Gordon Brown"),
                "organizations": ("EU",),
                "places": ("UK",),
                "categories": ("sport",),
            },
        ),
        (
            [("from", "2005-01-01"), ("to", "2005-02-01"), ("section", "World"), ("source", "BBC")],
            {"date_from": date(2005, 1, 1), "date_to": date(2005, 2, 1), "section": "World", "source": "BBC"},
        ),
        (
            [("snippets", "1"), ("fragment_size", "40"), ("facet_size", "3"), ("collapse", "false")],
            {"snippets": 1, "fragment_size": 40, "facet_size": 3, "collapse": False},
        ),
    ],
)
def test_parameters_load_as_the_search_request(params, expected):
    assert SearchArgs().load(MultiDict(params)) == SearchRequest(**expected)


def test_export_and_batch_load_their_own_field_beside_the_request():
    assert ExportArgs().load(MultiDict([("q", "x"), ("format", "jsonl")])) == (SearchRequest(q="x"), "jsonl")
    assert BatchRequest().load({"queries": ["a", "b"], "org": ["EU"], "from": "2005-01-01"}) == (
        ["a", "b"],
        SearchRequest(organizations=("EU",), date_from=date(2005, 1, 1)),
    )


def test_an_article_loads_as_the_article_cleaned_once():
    article = ArticleSchema().load(
        {
            "title": "  Floods \n in  Valencia ",
            "body": "Rain.\n\n\nMore rain.",
            "authors": [" Ana ", " "],
            "published": "May 18 2017 8:47 AM EST",
            "updated": None,
            "url": " https://example.org/a ",
        }
    )
    assert (article.title, article.body, article.authors, article.url, article.origin) == (
        "Floods in Valencia",
        "Rain.\n\nMore rain.",
        ("Ana",),
        "https://example.org/a",
        "api",
    )
    assert article.published.astimezone(UTC) == datetime(2017, 5, 18, 13, 47, tzinfo=UTC)
    assert article.id == article_id(url="https://example.org/a")


def test_the_api_shows_an_article_as_its_record():
    article = ArticleSchema().load(
        {"id": "a-1", "title": "T", "body": "B", "tags": ["x"], "published": "2021-03-03T10:00:00+00:00"}
    )
    assert ArticleSchema().dump(article) == article_to_record(article)
    assert ArticleSchema().dump(article)["published"] == "2021-03-03T10:00:00+00:00"


@pytest.mark.parametrize(
    "given, taken",
    [
        ("a", True),
        ("A-1._x", True),
        ("9" * 128, True),
        ("9" * 129, False),  # too long
        ("-a", False),  # starts with no letter or digit
        (".a", False),
        ("a b", False),  # a space
        ("é", False),  # not ASCII
        ("a/b", False),  # would be two segments of /api/articles/<id>
    ],
)
def test_the_api_and_the_readers_take_the_same_ids(given, taken):
    """Each side is checked against what an id may be, not only against the other (both read one pattern)."""
    try:
        article_id(explicit=given)
        readers_take_it = True
    except ArticleError:
        readers_take_it = False
    errors = ArticleSchema().validate({"id": given, "title": "T", "body": "B"})
    assert ("id" not in errors, readers_take_it) == (taken, taken)


@pytest.mark.parametrize(
    "record, field",
    [
        ({"title": "T", "text": "B"}, "body"),  # an alias
        ({"title": "T", "body": "B", "authors": "Ana, Bo"}, "authors"),  # names as one string
        ({"title": "T", "body": "B", "published": "someday soon"}, "published"),  # a date nobody can read
        ({"title": "T", "body": "B", "section": 7}, "section"),  # a number as text
    ],
)
def test_the_api_refuses_what_the_file_reader_forgives(record, field):
    warnings: list[str] = []
    assert article_from_record(record, warnings=warnings).title == "T"
    with pytest.raises(ValidationError) as refused:
        ArticleSchema().load(record)
    assert field in refused.value.messages
