"""The Atom feed's doors: links from SEARCHSVC_PUBLIC_URL (never the Host header), parameters that used to
500, repeated filters, and a search that cannot run answered as Atom."""

from __future__ import annotations

from urllib.parse import parse_qsl, urlsplit

import feedparser
import pytest

from searchsvc.settings import SettingError, load_settings

PUBLIC = "https://news.example.org"
FORGED = {"Host": "evil.example"}


@pytest.fixture
def feeds(crafted_template, make_app):
    """A client whose service knows its public address."""
    return make_app({"INDEX_DIR": str(crafted_template), "PUBLIC_URL": PUBLIC}).test_client()


def parsed(response):
    assert response.headers["Content-Type"] == "application/atom+xml; charset=utf-8"
    feed = feedparser.parse(response.get_data())
    assert not feed.bozo, feed.bozo_exception
    return feed


def every_link(feed) -> list[str]:
    return [
        feed.feed.id,
        *(link.href for link in feed.feed.links),
        *(e.id for e in feed.entries),
        *(link.href for e in feed.entries for link in e.links if link.rel != "related"),
    ]


def test_links_start_with_the_public_url_whatever_the_host_header(feeds):
    response = feeds.get("/feeds/search.atom?q=blair", headers=FORGED)
    assert response.status_code == 200
    feed = parsed(response)
    assert len(feed.entries) == 4
    assert "evil.example" not in response.get_data(as_text=True)
    assert all(link.startswith(PUBLIC + "/") for link in every_link(feed)), every_link(feed)
    assert feed.entries[0].link.startswith(PUBLIC + "/articles/blair-")
    # the path after the public address is the service's own: it answers
    assert feeds.get(urlsplit(feed.entries[0].link).path).status_code == 200


def test_without_a_public_url_the_links_are_paths_never_the_host_header(crafted_client):
    response = crafted_client.get("/feeds/search.atom?q=blair", headers=FORGED)
    feed = parsed(response)
    assert "evil.example" not in response.get_data(as_text=True)
    assert all(link.startswith("/") and not link.startswith("//") for link in every_link(feed)), every_link(feed)


@pytest.mark.parametrize(
    "extra", ["_external=1", "endpoint=x", "_scheme=javascript", "_anchor=x", "values=1", "utm_source=newsletter"]
)
def test_parameters_the_search_does_not_take_are_ignored_not_a_500(feeds, extra):
    response = feeds.get(f"/feeds/search.atom?q=blair&{extra}")
    assert response.status_code == 200
    feed = parsed(response)
    assert len(feed.entries) == 4
    assert extra.split("=")[0] not in response.get_data(as_text=True)  # nor echoed into its links


def test_repeated_filters_survive_in_the_feeds_links(feeds):
    response = feeds.get("/feeds/search.atom?place=United+Kingdom&place=Iraq&category=politics&category=world")
    feed = parsed(response)
    links = {link.rel: link.href for link in feed.feed.links}
    for rel in ("self", "alternate"):
        params = parse_qsl(urlsplit(links[rel]).query)
        assert [v for k, v in params if k == "place"] == ["United Kingdom", "Iraq"], links[rel]
        assert [v for k, v in params if k == "category"] == ["politics", "world"], links[rel]
    assert links["alternate"].startswith(PUBLIC + "/?")
    # the alternate page shows the same search: the filters narrow it as they narrow the feed
    page = feeds.get(urlsplit(links["alternate"]).path + "?" + urlsplit(links["alternate"]).query)
    assert page.status_code == 200 and "Place: Iraq" in page.get_data(as_text=True)


@pytest.mark.parametrize(
    "query, said",
    [
        ("q=a*", "a*"),
        ("q=blair&page=zero", "page"),
        ("q=" + "x" * 600, "q"),
        ("q=blair&from=2005-03-01&to=2005-01-01", "from"),
    ],
)
def test_a_search_that_cannot_run_is_a_400_in_atom_not_an_html_page(feeds, query, said):
    response = feeds.get(f"/feeds/search.atom?{query}", headers=FORGED)
    assert response.status_code == 400
    feed = parsed(response)
    assert feed.feed.title.startswith("searchsvc: this search cannot run: ") and said in feed.feed.title
    assert feed.entries == [] and "evil.example" not in response.get_data(as_text=True)
    assert feed.feed.id.startswith(PUBLIC + "/feeds/search.atom")


@pytest.mark.parametrize(
    "text, value",
    [
        ("", None),
        ("https://News.Example.org/", "https://news.example.org"),
        ("http://127.0.0.1:8080", "http://127.0.0.1:8080"),
    ],
)
def test_the_public_url_is_read_as_an_address(text, value):
    assert load_settings({"SEARCHSVC_PUBLIC_URL": text})["PUBLIC_URL"] == value


@pytest.mark.parametrize(
    "text",
    [
        "news.example.org",
        "https://news.example.org/search",
        "ftp://news.example.org",
        "https://news.example.org?x=1",
        "https://news.example.org:port",
    ],
)
def test_a_public_url_that_is_no_address_is_refused_by_name(text):
    with pytest.raises(SettingError) as refused:
        load_settings({"SEARCHSVC_PUBLIC_URL": text})
    assert str(refused.value) == (
        f"SEARCHSVC_PUBLIC_URL={text!r} is not an http(s) address with no path, such as https://news.example.org"
    )
