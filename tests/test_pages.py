"""The search page and the article page, through the test client."""

from __future__ import annotations

import re

import pytest

from .conftest import AUTH

pytestmark = pytest.mark.usefixtures("warm_seeds")  # writes' entities from a warm server: NER is not tested here

HOSTILE = {
    "id": "hostile-1",
    "title": "<script>alert('t')</script> Evil <b>title</b>",
    "url": "javascript:alert('url')",
    "section": "<i>Sec</i>",
    "source": "<img src=x onerror=alert(1)>",
    "subtitle": "<svg onload=alert(2)>",
    "published": "2020-06-01",
    "body": "Hostile body <script>alert('b')</script> about Chechnya and John Smith in Paris.\n\n"
    '<a href="javascript:alert(3)">click</a> Chechnya again.',
}


def html(response):
    assert response.headers["Content-Type"].startswith("text/html")
    return response.get_data(as_text=True)


def test_landing_page_lists_newest_and_most_mentioned(client):
    page = html(client.get("/"))
    assert "Newest of 1 articles" in page
    assert "US Denies Visas to Gay Chechen Men Fleeing Persecution" in page
    assert "Most mentioned people" in page and "Ramzan Kadyrov" in page
    assert '<input id="q" name="q" type="search" value=""' in page


def test_search_keeps_query_shows_count_time_marks_and_entity_links(client):
    page = html(client.get("/?q=chechnya"))
    assert 'value="chechnya"' in page
    assert re.search(r"<strong>1</strong> article\s+for <q>chechnya</q>", page)
    assert re.search(r"\d+ ms", page)
    assert "<mark>Chechnya</mark>" in page
    assert 'href="/?q=chechnya&amp;person=Ramzan+Kadyrov"' in page
    assert 'class="chip places" href="/?q=chechnya&amp;place=United+States"' in page
    assert '<time datetime="2017-05-18T08:47:00-05:00">18 May 2017</time>' in page


def test_active_filter_is_shown_and_removable_in_one_click(client):
    page = html(client.get("/?q=chechnya&person=Ramzan+Kadyrov"))
    assert 'aria-label="Remove filter person: Ramzan Kadyrov"' in page
    assert 'href="/?q=chechnya"' in page  # the remove link
    assert '<input type="hidden" name="person" value="Ramzan Kadyrov">' in page


def test_facets_panel_with_counts(client):
    page = html(client.get("/?q=chechnya"))
    assert re.search(
        r'<a href="/\?q=chechnya&amp;org=Novaya\+Gazeta">Novaya Gazeta</a> <span class="count">1</span>', page
    )
    assert re.search(r'section=News\+%26\+Opinion">News &amp; Opinion</a>', page)


def test_month_chart_bars_link_to_their_month(client):
    client.post(
        "/api/articles",
        json={"id": "later", "title": "Chechnya later", "body": "Chechnya news.", "published": "2017-07-10"},
        headers=AUTH,
    )
    page = html(client.get("/?q=chechnya"))
    assert "<svg" in page and 'role="img"' in page
    bars = re.findall(r'<a href="([^"]+)" aria-label="(\d{4}-\d\d): (\d+) articles">', page)
    assert [(month, int(n)) for _, month, n in bars] == [("2017-05", 1), ("2017-06", 0), ("2017-07", 1)]
    may = bars[0][0].replace("&amp;", "&")
    assert "from=2017-05-01" in may and "to=2017-05-31" in may
    assert "US Denies Visas" in html(client.get(may)) and "Chechnya later" not in html(client.get(may))


def test_sort_selector_and_pagination(client):
    for n in range(12):
        client.post(
            "/api/articles",
            json={
                "id": f"p{n}",
                "title": f"Chechnya report {n}",
                "body": "Chechnya.",
                "published": f"2018-01-{n + 1:02d}",
            },
            headers=AUTH,
        )
    page = html(client.get("/?q=chechnya&sort=newest"))
    assert '<option value="newest" selected>' in page
    assert '<span aria-current="page">1</span>' in page
    assert 'rel="next" href="/?q=chechnya&amp;sort=newest&amp;page=2"' in page
    assert 'href="/?q=chechnya&amp;sort=newest&amp;page=2" aria-label="Page 2">2</a>' in page
    second = html(client.get("/?q=chechnya&sort=newest&page=2"))
    assert 'rel="prev"' in second and '<span aria-current="page">2</span>' in second


def test_page_numbers_show_the_ends_and_the_neighbourhood():
    from searchsvc.web.pages import page_numbers

    assert page_numbers(1, 1) == [1]
    assert page_numbers(6, 20) == [1, None, 4, 5, 6, 7, 8, None, 20]
    assert page_numbers(2, 5) == [1, 2, 3, 4, 5]


def test_phone_filters_colour_key_more_and_the_way_back(client):
    for n in range(12):
        client.post(
            "/api/articles",
            json={
                "id": f"m{n}",
                "title": f"Chechnya item {n}",
                "category": "world",
                "body": f"Chechnya and Person{chr(65 + n)} Smith{chr(65 + n)}.",
            },
            headers=AUTH,
        )
    page = html(client.get("/?q=chechnya&facet_size=1"))
    assert '<details class="filters narrow">' in page and "<summary>Filters" in page  # above the results
    assert page.index('<details class="filters narrow">') < page.index('<ol class="hits">')
    assert 'class="key"' in page and "● Organizations" in page
    assert 'class="more" href="/?q=chechnya&amp;facet_size=21"' in page
    article_link = re.search(r'<h2><a href="(/articles/[^"]+)">', page).group(1).replace("&amp;", "&")
    assert "back=q%3Dchechnya" in article_link
    article = html(client.get(article_link))
    assert 'href="/?q=chechnya&amp;facet_size=1">← Back to the results</a>' in article


def test_did_you_mean_link(client):
    page = html(client.get("/?q=chechnia"))
    assert 'Did you mean <a href="/?q=chechnya">chechnya</a>?' in page


def test_no_results_state_has_hints(client):
    page = html(client.get("/?q=zzzzqqq"))
    assert "No articles match <q>zzzzqqq</q>" in page and "OR" in page


def test_invalid_input_is_400_html_with_the_api_message(client):
    response = client.get("/?q=a*")
    assert response.status_code == 400
    page = html(response)
    assert "put at least 2 letters before a wildcard" in page
    response = client.get("/?per_page=500")
    assert response.status_code == 400 and "per_page" in html(response)


def test_article_page_marks_entity_mentions_and_lists_related(client):
    client.post(
        "/api/articles",
        json={
            "id": "rel",
            "title": "Kadyrov again",
            "published": "2019-01-01",
            "body": "Ramzan Kadyrov spoke in Chechnya about Russia.",
        },
        headers=AUTH,
    )
    founding = client.get("/api/search?q=visas").get_json()["hits"][0]["id"]
    page = html(client.get(f"/articles/{founding}"))
    assert "<h1>US Denies Visas to Gay Chechen Men Fleeing Persecution</h1>" in page
    assert '<a class="mention people" href="/?person=Ramzan+Kadyrov" title="Ramzan Kadyrov">Ramzan Kadyrov</a>' in page
    assert '<a class="mention places" href="/?place=United+States" title="United States">US</a>' in page
    assert re.search(r'Related articles</h2>\s*<ul><li><a href="/articles/rel">Kadyrov again</a>', page)
    assert client.get("/articles/missing").status_code == 404


def test_security_headers(client):
    response = client.get("/?q=chechnya")
    csp = response.headers["Content-Security-Policy"]
    assert "script-src" not in csp and "default-src 'none'" in csp and "'unsafe-inline'" not in csp
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert "<script" not in response.get_data(as_text=True)


@pytest.mark.parametrize("path", ["/?q=hostile", "/?q=", "/articles/hostile-1", "/?q=chechnya+hostile"])
def test_hostile_article_is_escaped_everywhere(client, path):
    assert client.post("/api/articles", json=HOSTILE, headers=AUTH).status_code == 201
    page = html(client.get(path))
    assert "<script>alert" not in page and "<svg onload" not in page and "<img src=x" not in page
    assert "<b>title</b>" not in page and "<i>Sec</i>" not in page
    assert not re.search(r'<a\s[^>]*href="\s*javascript:', page, re.I)  # escaped text is fine
    assert "Hostile body" in page or "Evil" in page


def test_hostile_article_snippets_escaped_in_the_api(client):
    client.post("/api/articles", json=HOSTILE, headers=AUTH)
    [hit] = client.get("/api/search?q=hostile").get_json()["hits"]
    assert "<script>" not in hit["title_highlighted"] and "&lt;script&gt;" in hit["title_highlighted"]
    assert all("<script>" not in s and "<a href" not in s for s in hit["snippets"])
    assert any("&lt;script&gt;" in s for s in hit["snippets"])


def test_a_misspelt_name_filter_is_named_with_a_link_to_the_indexed_name(client):
    page = html(client.get("/?q=visas&place=Chechnia"))
    assert "No place is called <q>Chechnia</q>: did you mean" in page
    assert 'href="/?q=visas&amp;place=Chechnya">Chechnya</a>?' in page  # the misspelt value replaced
    followed = html(client.get("/?q=visas&place=Chechnya"))
    assert "No place is called" not in followed and "<strong>1</strong> article" in followed


def test_an_error_page_keeps_the_search_in_its_box(client):
    response = client.get("/", query_string={"q": "chechnya AND", "person": "Ramzan Kadyrov", "sort": "newest"})
    assert response.status_code == 400
    page = html(response)
    assert "&#39;AND&#39; at the end of the query joins nothing" in page
    assert '<input id="q" name="q" type="search" value="chechnya AND"' in page
    assert '<input type="hidden" name="person" value="Ramzan Kadyrov">' in page
    assert '<option value="newest" selected>' in page


def test_an_error_page_keeps_the_query_but_not_the_parameter_at_fault(client):
    page = html(client.get("/", query_string={"q": "chechnya", "from": "yesterday"}))
    assert 'value="chechnya"' in page and 'name="from"' not in page


def links_of(page: str) -> list[str]:
    return [href.replace("&amp;", "&") for href in re.findall(r'href="([^"]*)"', page)]


def test_parameters_the_page_does_not_take_are_not_echoed_into_its_links(crafted_client):
    plain = html(crafted_client.get("/?q=blair&person=Tony+Blair&person=Gordon+Brown"))
    junk = "&".join(f"junk{n}=" + "x" * 20 for n in range(1100))  # 1,100 of them made a 2.39 MB page
    page = html(crafted_client.get(f"/?q=blair&{junk}&person=Tony+Blair&utm_source=mail&person=Gordon+Brown"))
    assert "junk" not in page and "utm_source" not in page
    assert len(page) < len(plain) + 200  # the same page, but for the time it took
    hit = next(link for link in links_of(page) if link.startswith("/articles/"))
    assert "back=q%3Dblair%26person%3DTony%2BBlair%26person%3DGordon%2BBrown" in hit  # repeated filters kept
    assert "/feeds/search.atom?q=blair&person=Tony+Blair&person=Gordon+Brown" in links_of(page)


@pytest.fixture(scope="module")
def many_people_client(tmp_path_factory):
    """An index of 101 articles, each naming a person of its own: more people than a facet list may show."""
    from searchsvc.web.app import create_app

    from .conftest import MODEL, make_indexer
    from .crafted import fill_entity_cache, record, write_corpus

    base = tmp_path_factory.mktemp("many-people")
    articles = [
        record(
            f"p{n}",
            f"Harbour report {n}",
            f"The harbour master spoke to reporters, day {n}.",
            "world",
            f"2005-01-{1 + n % 28:02d}T10:00:00+00:00",
            people=(f"Person {n:03d} Harbourman",),
        )
        for n in range(101)
    ]
    corpus = write_corpus(base / "sources", articles)
    (root := base / "index").mkdir()
    fill_entity_cache(root, corpus, MODEL, articles)
    assert make_indexer(root).rebuild([corpus]).indexed == 101
    app = create_app({"TESTING": True, "INDEX_DIR": str(root)})
    yield app.test_client()
    app.extensions["searchsvc.engine"].close()


@pytest.mark.parametrize("facet_size, asked", [(10, 30), (80, 100), (90, 100), (100, None)])
def test_the_more_link_never_asks_past_the_largest_facet_list(many_people_client, facet_size, asked):
    page = html(many_people_client.get(f"/?q=harbour&facet_size={facet_size}"))
    more = [link.replace("&amp;", "&") for link in re.findall(r'class="more" href="([^"]*)"', page)]
    if asked is None:
        assert more == []
        return
    assert len(more) == 2 and all(link == f"/?q=harbour&facet_size={asked}" for link in more), more
    followed = many_people_client.get(more[0])
    assert followed.status_code == 200  # it led to a 400 page past facet_size=100
    assert html(followed).count("Harbourman</a>") >= 2 * asked  # wide and narrow lists
