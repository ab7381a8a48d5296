"""An article's id from its URL: one id for one page however its URL is written, two for two pages."""

from __future__ import annotations

import pytest

from searchsvc.ingest.articles import article_id, normalise_url

STORY = "https://news.example.org/story/AbC123?id=7"


@pytest.mark.parametrize(
    "written",
    [
        STORY,
        "http://news.example.org/story/AbC123?id=7",  # the scheme
        "https://www.news.example.org/story/AbC123?id=7",  # www.
        "https://NEWS.Example.ORG/story/AbC123?id=7",  # the host's case
        "https://news.example.org/story/AbC123/?id=7",  # a trailing slash
        "https://news.example.org/story/AbC123?id=7#comments",  # the fragment
        "https://news.example.org/story/AbC123?utm_source=rss&id=7&utm_campaign=spring&fbclid=x1",  # trackers
        "  news.example.org/story/AbC123?id=7  ",  # no scheme, spaces around
    ],
)
def test_one_page_written_many_ways_has_one_id(written):
    assert article_id(url=written) == article_id(url=STORY)


@pytest.mark.parametrize(
    "other",
    [
        "https://news.example.org/story/abc123?id=7",  # the path's case names another page
        "https://news.example.org/story/AbC123?id=8",  # so does a parameter that is no tracker
        "https://news.example.org/story/AbC123",
        "https://other.example.org/story/AbC123?id=7",
    ],
)
def test_another_page_has_another_id(other):
    assert article_id(url=other) != article_id(url=STORY)


@pytest.mark.parametrize(
    "url, normalised",
    [
        ("https://www.bbc.co.uk/news/uk-4138254/", "bbc.co.uk/news/uk-4138254"),
        ("https://x.org?b=2&a=1", "x.org/?a=1&b=2"),  # parameters in one order
        ("ftp://X.org/A", "ftp://x.org/A"),  # a scheme other than http(s) is kept
        ("http://[::1", "[::1"),  # not a URL urllib can split: kept as written
    ],
)
def test_normalised_urls(url, normalised):
    assert normalise_url(url) == normalised
