"""Saved web pages as input, on pages written here."""
from __future__ import annotations

from datetime import datetime, timedelta, timezone

import pytest

from searchsvc.articles import Article, Problem, article_id
from searchsvc.readers import read_sources

from .test_readers import items

NAV = "Subscribe today for unlimited access"
COOKIE = "We use cookies to improve your experience"
FOOTER = "All rights reserved"
RELATED = "Ferry timetable changes announced for spring"

PAGE = f"""<!DOCTYPE html>
<!-- saved from url=(0057)https://www.coastalcourier.example/news/harbour-strike -->
<html lang="en">
<head>
<meta charset="utf-8">
<title>Harbour workers strike over pay | The Coastal Courier</title>
<link rel="canonical" href="https://www.coastalcourier.example/news/harbour-strike">
<meta property="og:title" content="Harbour workers strike over pay">
<meta property="og:site_name" content="The Coastal Courier">
<meta property="og:url" content="https://www.coastalcourier.example/news/harbour-strike">
<meta property="article:published_time" content="2024-03-05T07:30:00+01:00">
<meta property="article:modified_time" content="2024-03-05T12:10:00+01:00">
<meta property="article:section" content="Business">
<meta name="author" content="Maria Lindqvist">
</head>
<body>
<div id="cookie-banner" class="cookie-consent"><p>{COOKIE}. By continuing to browse you accept our
cookie policy.</p><button>Accept all cookies</button></div>
<header><nav class="main-nav"><ul><li><a href="/">Home</a></li><li><a href="/news">News</a></li>
<li><a href="/sport">Sport</a></li><li><a href="/subscribe">{NAV}</a></li></ul></nav></header>
<main>
<article>
<h1>Harbour workers strike over pay</h1>
<p class="byline">By <span class="author">Maria Lindqvist</span>,
<time datetime="2024-03-05T07:30:00+01:00">5 March 2024</time></p>
<p>Dock workers at the port of Westhaven walked out on Tuesday morning after talks over pay broke
down late on Monday night, leaving dozens of container ships waiting offshore.</p>
<p>The union said its members had been offered a rise of two per cent, well below inflation, and
that the harbour authority had refused to return to the table since January.</p>
<p>"Nobody wants to strike, but our members cannot keep working for less every year," said Tomas
Berg, the union's regional secretary, speaking outside the main gate.</p>
<p>The harbour authority said it regretted the walkout and expected deliveries of fuel and fresh
food to the islands to be delayed by at least three days.</p>
</article>
<aside class="related"><h2>Related stories</h2><ul><li><a href="/a">{RELATED}</a></li>
<li><a href="/b">Fishing quotas cut again</a></li></ul></aside>
</main>
<footer><p>© 2024 The Coastal Courier. {FOOTER}.</p><p><a href="/privacy">Privacy policy</a> ·
<a href="/terms">Terms of use</a> · <a href="/contact">Contact us</a></p></footer>
</body>
</html>
"""

ONLY_BOILERPLATE = f"""<!doctype html><html><head><title>Page not found</title></head><body>
<nav><a href="/">Home</a> <a href="/news">News</a></nav>
<div class="cookie-notice">{COOKIE}.</div>
<footer>© 2024 The Coastal Courier. {FOOTER}.</footer></body></html>
"""

def test_a_saved_news_page_gives_its_article_without_the_site_around_it(tmp_path):
    (tmp_path / "harbour.html").write_text(PAGE)
    [article], problems = items([tmp_path / "harbour.html"])
    assert problems == []
    assert article.title == "Harbour workers strike over pay"
    assert article.url == "https://www.coastalcourier.example/news/harbour-strike"
    assert article.id == article_id(url=article.url)  # stable across rebuilds, wherever the file lies
    assert article.source == "The Coastal Courier" and article.section == "Business"
    assert article.authors == ("Maria Lindqvist",)
    assert article.published == datetime(2024, 3, 5, 7, 30, tzinfo=timezone(timedelta(hours=1)))
    assert article.updated == datetime(2024, 3, 5, 12, 10, tzinfo=timezone(timedelta(hours=1)))
    assert len(article.paragraphs) == 4
    assert article.paragraphs[0].startswith("Dock workers at the port of Westhaven walked out")
    assert article.paragraphs[-1].endswith("delayed by at least three days.")
    for boilerplate in (NAV, COOKIE, "cookie", FOOTER, RELATED, "Privacy policy", "Home", "By Maria"):
        assert boilerplate not in article.body
    assert article.title not in article.body  # the headline is the title, not a paragraph


def test_a_page_with_only_a_day_printed_is_dated_that_day_in_utc(tmp_path):
    page = (PAGE.replace('<meta property="article:published_time" content="2024-03-05T07:30:00+01:00">', "")
                .replace('<meta property="article:modified_time" content="2024-03-05T12:10:00+01:00">', "")
                .replace('<time datetime="2024-03-05T07:30:00+01:00">5 March 2024</time>',
                         "<span class='date'>5 March 2024</span>"))
    (tmp_path / "plain.htm").write_text(page)
    [article], _ = items([tmp_path / "plain.htm"])
    assert article.published == datetime(2024, 3, 5, tzinfo=timezone.utc) and article.updated is None


def test_a_page_without_an_article_is_a_problem_with_its_reason(tmp_path):
    (tmp_path / "404.html").write_text(ONLY_BOILERPLATE)
    (tmp_path / "empty.html").write_text("")
    (tmp_path / "cut.html").write_text(PAGE[:PAGE.index("<body>") + 3])  # a download broken off
    (tmp_path / "image.html").write_bytes(b"\x89PNG\x00\x00\x00binary")
    articles, problems = items([tmp_path])
    assert articles == []
    reasons = {p.path.split("/")[-1]: p.reason for p in problems}
    assert set(reasons) == {"404.html", "cut.html", "empty.html", "image.html"}
    assert "no article text found in the page" in reasons["cut.html"]
    assert "no article text found in the page" in reasons["404.html"]
    assert "no article text found" in reasons["empty.html"] or "not an HTML page" in reasons["empty.html"]
    assert "binary" in reasons["image.html"]


def test_pages_are_detected_by_extension_and_content(tmp_path):
    (tmp_path / "page.htm").write_text(PAGE)
    (tmp_path / "saved-page").write_text(PAGE)  # no extension: told by its <!DOCTYPE html>
    articles, problems = items([tmp_path])
    assert sorted(a.origin.split("/")[-1] for a in articles) == ["page.htm", "saved-page"] and problems == []


def test_format_option_forces_html(tmp_path):
    (tmp_path / "page.txt").write_text(PAGE)
    [as_text] = read_sources([tmp_path / "page.txt"])
    [as_html] = read_sources([tmp_path / "page.txt"], "html")
    assert "<p>" in as_text.body and as_html.title == "Harbour workers strike over pay"
    assert "<p>" not in as_html.body
    # on a folder, --format html reads only .html/.htm (and extension-less) files
    (tmp_path / "story.html").write_text(PAGE)
    assert [a.origin.split("/")[-1] for a in items([tmp_path], "html")[0]] == ["story.html"]


@pytest.mark.parametrize("data", [b"<html>" + b"<div>" * 5000 + b"deep", "<p>caf\u00e9</p>".encode("utf-16")])
def test_odd_pages_never_raise(tmp_path, data):
    (tmp_path / "x.html").write_bytes(data)
    assert all(isinstance(item, (Article, Problem)) for item in read_sources([tmp_path / "x.html"]))


def test_external_entities_are_never_read(tmp_path):
    secret = tmp_path / "secret.txt"
    secret.write_text("swordfish")
    entity = f'<!ENTITY e SYSTEM "{secret.as_uri()}">'
    (tmp_path / "page.html").write_text(PAGE.replace("<!DOCTYPE html>", f"<!DOCTYPE html [{entity}]>")
                                            .replace("leaving dozens", "leaving &e; dozens"))
    [article] = read_sources([tmp_path / "page.html"])
    assert "swordfish" not in article.body
