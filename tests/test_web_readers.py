"""Saved web pages and RSS/Atom feeds as input, on pages and feeds written here."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta, timezone

import pytest

from searchsvc.ingest.articles import Problem, article_id
from searchsvc.ingest.readers import read_sources

from .test_cli import run
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

RSS = """<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/content/"
     xmlns:dc="http://purl.org/dc/elements/1.1/">
<channel>
<title>Westhaven Gazette</title>
<link>https://gazette.example/</link>
<description>News from Westhaven</description>
<item>
  <title>Ferry service resumes after storm</title>
  <link>https://gazette.example/2024/03/ferry-resumes</link>
  <guid>https://gazette.example/2024/03/ferry-resumes</guid>
  <pubDate>Wed, 06 Mar 2024 09:15:00 +0100</pubDate>
  <dc:creator>Jonas Ek</dc:creator>
  <category>Transport</category>
  <category>Weather</category>
  <description>The ferry is back.</description>
  <content:encoded><![CDATA[<p>The island ferry sailed again on Wednesday after three days
  tied up in port by the storm.</p><p>Passengers queued from dawn, and the operator added two
  <b>extra crossings</b> for freight.</p>]]></content:encoded>
</item>
<item>
  <title>Lighthouse keeper retires</title>
  <link>https://gazette.example/2024/03/lighthouse</link>
  <pubDate>Tue, 05 Mar 2024 18:00:00 GMT</pubDate>
  <description>After forty years, the last keeper of the Westhaven light hands over the keys.</description>
</item>
<item>
  <title>Photo gallery: the storm</title>
  <link>https://gazette.example/2024/03/gallery</link>
  <pubDate>Mon, 04 Mar 2024 12:00:00 GMT</pubDate>
</item>
</channel>
</rss>
"""

ATOM = """<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom">
  <title>Northern Wire</title>
  <id>urn:uuid:60a76c80-d399-11d9-b93C-0003939e0af6</id>
  <updated>2024-03-07T10:00:00Z</updated>
  <entry>
    <title>Fishing quotas cut again</title>
    <link href="https://wire.example/quotas"/>
    <id>urn:uuid:1225c695-cfb8-4ebb-aaaa-80da344efa6a</id>
    <published>2024-03-07T08:00:00+02:00</published>
    <updated>2024-03-07T09:30:00+02:00</updated>
    <author><name>Anna Holm</name></author>
    <author><name>Per Lund</name></author>
    <category term="fisheries"/>
    <summary>Quotas fall for a third year.</summary>
    <content type="html">&lt;p&gt;Cod quotas in the northern grounds fall by a fifth next year, the
    ministry said.&lt;/p&gt;&lt;p&gt;Fishermen called the cut a disaster for the coast.&lt;/p&gt;</content>
  </entry>
  <entry>
    <title>Wind farm approved</title>
    <link href="https://wire.example/wind"/>
    <id>urn:uuid:2</id>
    <updated>2024-03-06T16:45:00Z</updated>
    <summary type="text">The council approved forty turbines off the cape.</summary>
  </entry>
  <entry>
    <title>Video: harbour at dawn</title>
    <link href="https://wire.example/video"/>
    <id>urn:uuid:3</id>
    <updated>2024-03-05T06:00:00Z</updated>
  </entry>
</feed>
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
    page = (
        PAGE.replace('<meta property="article:published_time" content="2024-03-05T07:30:00+01:00">', "")
        .replace('<meta property="article:modified_time" content="2024-03-05T12:10:00+01:00">', "")
        .replace(
            '<time datetime="2024-03-05T07:30:00+01:00">5 March 2024</time>', "<span class='date'>5 March 2024</span>"
        )
    )
    (tmp_path / "plain.htm").write_text(page)
    [article], _ = items([tmp_path / "plain.htm"])
    assert article.published == datetime(2024, 3, 5, tzinfo=UTC) and article.updated is None


def test_a_page_without_a_date_is_undated_whatever_years_its_footer_prints(tmp_path):
    page = (
        PAGE.replace('<meta property="article:published_time" content="2024-03-05T07:30:00+01:00">', "")
        .replace('<meta property="article:modified_time" content="2024-03-05T12:10:00+01:00">', "")
        .replace('<time datetime="2024-03-05T07:30:00+01:00">5 March 2024</time>', "")
    )
    (tmp_path / "undated.html").write_text(page)
    [article], _ = items([tmp_path / "undated.html"])
    assert "© 2024" in page and (article.published, article.updated) == (None, None)


def test_a_page_without_an_article_is_a_problem_with_its_reason(tmp_path):
    (tmp_path / "404.html").write_text(ONLY_BOILERPLATE)
    (tmp_path / "empty.html").write_text("")
    (tmp_path / "cut.html").write_text(PAGE[: PAGE.index("<body>") + 3])  # a download broken off
    (tmp_path / "image.html").write_bytes(b"\x89PNG\x00\x00\x00binary")
    articles, problems = items([tmp_path])
    assert articles == []
    reasons = {p.path.split("/")[-1]: p.reason for p in problems}
    assert set(reasons) == {"404.html", "cut.html", "empty.html", "image.html"}
    assert "no article text found in the page" in reasons["cut.html"]
    assert "no article text found in the page" in reasons["404.html"]
    assert "no article text found" in reasons["empty.html"] or "not an HTML page" in reasons["empty.html"]
    assert "binary" in reasons["image.html"]


def test_an_rss_feed_gives_one_article_per_item_and_names_the_item_without_a_body(tmp_path):
    (tmp_path / "gazette.rss").write_text(RSS)
    articles, [problem] = items([tmp_path / "gazette.rss"])
    ferry, lighthouse = articles
    assert ferry.title == "Ferry service resumes after storm"
    assert ferry.url == "https://gazette.example/2024/03/ferry-resumes"
    assert ferry.id == article_id(url=ferry.url)
    assert ferry.source == "Westhaven Gazette" and ferry.authors == ("Jonas Ek",)
    assert ferry.published == datetime(2024, 3, 6, 8, 15, tzinfo=UTC)
    assert ferry.tags == ("Transport", "Weather") and ferry.category == "Transport"
    # the full content, not the teaser, as text paragraphs
    assert ferry.paragraphs == [
        "The island ferry sailed again on Wednesday after three days tied up in port by the storm.",
        "Passengers queued from dawn, and the operator added two extra crossings for freight.",
    ]
    assert lighthouse.body.startswith("After forty years") and lighthouse.category == ""
    assert (problem.path, problem.line) == (f"{tmp_path.name}/gazette.rss", None)
    assert problem.reason == "item 3: no body (no description, summary or content)" and not problem.kept


def test_an_atom_feed_gives_one_article_per_entry(tmp_path):
    (tmp_path / "wire.atom").write_text(ATOM)
    articles, [problem] = items([tmp_path / "wire.atom"])
    quotas, wind = articles
    assert quotas.title == "Fishing quotas cut again" and quotas.url == "https://wire.example/quotas"
    assert quotas.authors == ("Anna Holm", "Per Lund") and quotas.source == "Northern Wire"
    assert quotas.published == datetime(2024, 3, 7, 6, 0, tzinfo=UTC)
    assert quotas.updated == datetime(2024, 3, 7, 7, 30, tzinfo=UTC)
    assert quotas.tags == ("fisheries",) and quotas.category == "fisheries"
    assert quotas.paragraphs == [
        "Cod quotas in the northern grounds fall by a fifth next year, the ministry said.",
        "Fishermen called the cut a disaster for the coast.",
    ]
    assert wind.body == "The council approved forty turbines off the cape."
    assert wind.published == datetime(2024, 3, 6, 16, 45, tzinfo=UTC) and wind.updated is None
    assert problem.reason.startswith("item 3: no body")


def test_feed_ids_stay_the_same_when_the_feed_gains_items(tmp_path):
    (tmp_path / "gazette.rss").write_text(RSS)
    before = {a.title: a.id for a in items([tmp_path / "gazette.rss"])[0]}
    newer = RSS.replace(
        "<item>",
        "<item><title>Breaking</title><link>https://gazette.example/new</link>"
        "<description>New story.</description></item>\n<item>",
        1,
    )
    (tmp_path / "gazette.rss").write_text(newer)
    after = {a.title: a.id for a in items([tmp_path / "gazette.rss"])[0]}
    assert {title: after[title] for title in before} == before and len(after) == 3


def test_malformed_feeds_are_problems_naming_the_file(tmp_path):
    (tmp_path / "cut.rss").write_text(RSS[: RSS.index("<item>") + 40])  # cut inside the first item
    (tmp_path / "nonsense.atom").write_text("this is not XML at all { } <<")
    (tmp_path / "empty.rss").write_text(
        '<?xml version="1.0"?><rss version="2.0"><channel><title>Nothing yet</title></channel></rss>'
    )
    articles, problems = items([tmp_path])
    assert articles == []
    reasons = {(p.path.split("/")[-1], p.reason, p.kept) for p in problems}
    assert reasons == {
        (
            "cut.rss",
            "the feed is not well-formed (<unknown>:9:33: no element found); its items were read "
            "leniently and may be incomplete",
            True,
        ),
        ("cut.rss", "item 1: no body (no description, summary or content)", False),
        ("empty.rss", "the feed has no items", False),
        ("nonsense.atom", "not a readable RSS or Atom feed: <unknown>:2:0: syntax error", False),
    }


def test_a_feed_that_breaks_off_after_whole_items_is_read_with_a_warning(tmp_path):
    (tmp_path / "cut.rss").write_text(RSS[: RSS.index("</item>", RSS.index("Lighthouse")) + 7])
    articles, problems = items([tmp_path / "cut.rss"])
    assert [a.title for a in articles] == ["Ferry service resumes after storm", "Lighthouse keeper retires"]
    [warning] = problems
    assert warning.kept and "the feed is not well-formed" in warning.reason


def test_pages_and_feeds_are_detected_by_extension_and_content(tmp_path):
    (tmp_path / "page.htm").write_text(PAGE)
    (tmp_path / "saved-page").write_text(PAGE)  # no extension: told by its <!DOCTYPE html>
    (tmp_path / "feed.xml").write_text(RSS)
    (tmp_path / "atom-feed").write_text(ATOM)  # no extension: told by its <feed> element
    (tmp_path / "rss1.xml").write_text(  # RSS 1.0 is RDF
        '<?xml version="1.0"?><rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#" '
        'xmlns="http://purl.org/rss/1.0/"><channel rdf:about="https://x.example/"><title>RDF news</title>'
        '</channel><item rdf:about="https://x.example/1"><title>One</title><link>https://x.example/1</link>'
        "<description>Body one.</description></item></rdf:RDF>"
    )
    (tmp_path / "sitemap.xml").write_text(
        '<?xml version="1.0"?><urlset><url><loc>https://x.example/</loc></url></urlset>'
    )
    articles, problems = items([tmp_path])
    assert sorted(a.origin.split("/")[-1] for a in articles) == [
        "atom-feed",
        "atom-feed",
        "feed.xml",
        "feed.xml",
        "page.htm",
        "rss1.xml",
        "saved-page",
    ]
    sitemap = [p for p in problems if p.path.endswith("sitemap.xml")]
    assert [p.reason for p in sitemap] == ["unsupported file type '.xml': not an RSS or Atom feed"]


def test_format_option_forces_html_or_feed(tmp_path):
    (tmp_path / "page.txt").write_text(PAGE)
    (tmp_path / "feed.txt").write_text(ATOM)
    [as_text] = read_sources([tmp_path / "page.txt"])
    [as_html] = read_sources([tmp_path / "page.txt"], "html")
    assert "<p>" in as_text.body and as_html.title == "Harbour workers strike over pay"
    assert "<p>" not in as_html.body
    articles, _ = items([tmp_path / "feed.txt"], "feed")
    assert [a.title for a in articles] == ["Fishing quotas cut again", "Wind farm approved"]
    # on a folder, --format html reads only .html/.htm (and extension-less) files
    (tmp_path / "story.html").write_text(PAGE)
    assert [a.origin.split("/")[-1] for a in items([tmp_path], "html")[0]] == ["story.html"]


@pytest.mark.parametrize(
    "name, data, reason",
    [
        ("x.html", b"<html>" + b"<div>" * 5000 + b"deep", "no article text found in the page"),
        ("x.rss", b"<rss>" + b"<a>" * 5000 + b"deep", "not a readable RSS or Atom feed: "),
        ("x.html", "<p>caf\u00e9</p>".encode("utf-16"), "binary file (NUL bytes), not text"),
        ("x.rss", RSS.encode("utf-16"), "binary file (NUL bytes), not text"),
    ],
)
def test_odd_input_never_raises_and_is_skipped_with_its_reason(tmp_path, name, data, reason):
    (tmp_path / name).write_bytes(data)
    [skipped] = read_sources([tmp_path / name])  # one answer for the file: never none, never an exception
    assert isinstance(skipped, Problem) and skipped.path.endswith(f"/{name}")  # the file named
    assert skipped.reason.startswith(reason)


@pytest.mark.parametrize("name", ["feed.atom", "page.html"])
def test_external_entities_are_never_read(tmp_path, name):
    secret = tmp_path / "secret.txt"
    secret.write_text("swordfish")
    entity = f'<!ENTITY e SYSTEM "{secret.as_uri()}">'
    if name == "feed.atom":
        text = ATOM.replace("?>", f"?><!DOCTYPE feed [{entity}]>", 1).replace("forty turbines", "forty &e; turbines")
    else:
        text = PAGE.replace("<!DOCTYPE html>", f"<!DOCTYPE html [{entity}]>").replace(
            "leaving dozens", "leaving &e; dozens"
        )
    (tmp_path / name).write_text(text)
    articles, problems = items([tmp_path / name])
    assert articles and not any("swordfish" in a.title + a.body for a in articles)
    assert not any("swordfish" in p.reason for p in problems)


def test_rebuild_and_search_a_folder_of_a_page_and_a_feed(tmp_path):
    folder = tmp_path / "web"
    folder.mkdir()
    (folder / "harbour.html").write_text(PAGE)
    (folder / "wire.atom").write_text(ATOM)
    index = tmp_path / "ix"
    built = run("rebuild", folder, "--workers", "1", index_dir=index)
    assert built.returncode == 0, built.stderr
    assert "read 3, indexed 3, skipped 1" in built.stdout
    assert "item 3: no body" in built.stderr
    for word, title in (("container", "Harbour workers strike over pay"), ("turbines", "Wind farm approved")):
        found = json.loads(run("search", word, "--json", index_dir=index).stdout)
        assert [hit["title"] for hit in found["hits"]] == [title]
    cookie = json.loads(run("search", "cookies", "--json", index_dir=index).stdout)
    assert cookie["total"] == 0
