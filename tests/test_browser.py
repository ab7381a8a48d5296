"""The search page in real headless Chromium (Debian's), against real gunicorn."""

from __future__ import annotations

import os
import re
from pathlib import Path

import pytest
from playwright.sync_api import expect

from devtools.server import get, gunicorn

from .conftest import PROJECT, copy_index

pytestmark = pytest.mark.browser
CHROMIUM = "/usr/bin/chromium"
SCREENSHOTS = PROJECT / "test-output" / "screenshots"
DESKTOP = {"width": 1280, "height": 900}
PHONE = {"width": 390, "height": 844}
KEY = {"Authorization": "Bearer browser-key"}
expect.set_options(timeout=30_000)  # a loaded 2-core machine: generous, and only a ceiling
LAUNCH_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


@pytest.fixture(scope="module")
def browser():
    if not Path(CHROMIUM).exists():
        if os.environ.get("SEARCHSVC_REQUIRE_BROWSER"):
            pytest.fail(f"{CHROMIUM} is required here (apt-get install chromium)")
        pytest.skip("Debian's chromium is not installed")
    from playwright.sync_api import sync_playwright

    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, headless=True, args=LAUNCH_ARGS)
        yield browser
        browser.close()


def shoot(page, name: str) -> None:
    for label, size in (("desktop", DESKTOP), ("phone", PHONE)):
        page.set_viewport_size(size)
        page.screenshot(path=str(SCREENSHOTS / f"{name}-{label}.png"), full_page=True)
    page.set_viewport_size(DESKTOP)


@pytest.fixture
def seeds_server(index_dir):
    with gunicorn(index_dir, env={"SEARCHSVC_API_KEYS": "browser-key"}) as (base, _):
        yield base


@pytest.fixture(scope="module")
def bbc_server(bbc_index, tmp_path_factory):
    root = copy_index(bbc_index, tmp_path_factory.mktemp("bbc-served") / "index")
    with gunicorn(root) as (base, _):
        yield base


def test_type_a_query_and_see_marked_snippets_and_entities(browser, seeds_server):
    page = browser.new_page(viewport=DESKTOP)
    page.goto(seeds_server + "/")
    page.get_by_label("Search the archive").fill("chechnya")
    page.keyboard.press("Enter")
    page.wait_for_url(re.compile(r"q=chechnya"))
    expect(page.locator(".summary strong")).to_have_text("1")
    expect(page.locator(".snippet mark").first).to_have_text("Chechnya")
    expect(page.locator(".chip.people", has_text="Ramzan Kadyrov")).to_be_visible()
    shoot(page, "seeds-chechnya")
    page.close()


def test_click_a_month_bar_narrows_to_that_month(browser, seeds_server):
    for n, month in enumerate(("2017-07", "2017-07", "2017-09")):
        status, _ = get(
            f"{seeds_server}/api/articles",
            method="POST",
            headers=KEY,
            body={
                "id": f"m{n}",
                "title": f"Chechnya update {n}",
                "body": "More on Chechnya.",
                "published": f"{month}-15",
            },
        )
        assert status == 201
    page = browser.new_page(viewport=DESKTOP)
    page.goto(seeds_server + "/?q=chechnya")
    expect(page.locator(".summary strong")).to_have_text("4")
    page.locator('.chart a[aria-label="2017-07: 2 articles"]').click()
    page.wait_for_url(re.compile(r"from=2017-07-01&to=2017-07-31"))
    expect(page.locator(".summary strong")).to_have_text("2")
    expect(page.locator(".active-filters")).to_have_text(re.compile(r"^\s*Dates: 2017-07-01 to 2017-07-31"))
    page.get_by_label(re.compile("Remove filter dates")).click()
    page.wait_for_url(lambda url: "from=" not in url)
    expect(page.locator(".summary strong")).to_have_text("4")
    page.close()


def test_bbc_person_facet_narrows_then_paginate_and_open_article(browser, bbc_server):
    page = browser.new_page(viewport=DESKTOP)
    page.goto(bbc_server + "/?q=election")
    before = int(page.locator(".summary strong").inner_text().replace(",", ""))
    page.locator("aside.facets a", has_text="Tony Blair").first.click()
    page.wait_for_url(re.compile(r"person=Tony\+Blair"))
    after = int(page.locator(".summary strong").inner_text().replace(",", ""))
    assert 0 < after < before
    shoot(page, "bbc-election-tony-blair")
    page.get_by_role("link", name="Next →").click()
    page.wait_for_url(re.compile(r"page=2"))
    expect(page.locator('.pager [aria-current="page"]')).to_have_text("2")
    title = page.locator(".hit h2 a").first.inner_text()
    page.locator(".hit h2 a").first.click()
    page.wait_for_url(re.compile(r"/articles/"))
    expect(page.locator("h1")).to_have_text(title)
    expect(page.locator(".related li").first).to_be_visible()
    expect(page.locator(".mention.people").first).to_be_visible()
    shoot(page, "bbc-article")
    page.close()


def test_keyboard_only_search(browser, seeds_server):
    page = browser.new_page(viewport=PHONE)
    page.goto(seeds_server + "/")
    page.wait_for_function("document.activeElement && document.activeElement.id === 'q'")
    page.keyboard.type("kadyrov")  # the search box has focus on arrival
    page.keyboard.press("Tab")  # the sort selector
    page.keyboard.press("Tab")  # the search button
    page.keyboard.press("Enter")
    page.wait_for_url(re.compile(r"q=kadyrov"))
    expect(page.locator(".hit")).to_have_count(1)
    page.close()


@pytest.fixture(scope="module")
def crafted_server(crafted_template, tmp_path_factory):
    """One service over the crafted index for the tests that only read it."""
    root = copy_index(crafted_template, tmp_path_factory.mktemp("crafted-served") / "index")
    with gunicorn(root) as (base, _):
        yield base


def test_from_a_chip_to_an_entity_page_to_its_company_and_a_csv_export(browser, crafted_server, tmp_path):
    from playwright.sync_api import expect

    page = browser.new_page(viewport=DESKTOP, accept_downloads=True)
    page.goto(f"{crafted_server}/?q=blair+economy")
    page.locator(".hit").first.get_by_label("About Tony Blair").click()
    expect(page).to_have_url(re.compile(r"/entities/people/Tony%20Blair$"))
    expect(page.locator("h1#entity-name")).to_have_text("Tony Blair")
    expect(page.locator(".summary strong")).to_have_text("4")
    shoot(page, "entity-page")
    page.locator("aside").get_by_role("link", name="Gordon Brown").click()
    expect(page.locator("h1#entity-name")).to_have_text("Gordon Brown")
    expect(page.locator("aside").get_by_role("link", name="Tony Blair")).to_be_visible()
    page.goto(f"{crafted_server}/?q=blair")
    with page.expect_download() as download:
        page.locator("a.export-csv").click()
    saved = tmp_path / "export.csv"
    download.value.save_as(saved)
    rows = saved.read_text().splitlines()
    assert rows[0].startswith("id,title,url") and len(rows) == 5
    page.close()


def test_on_a_phone_the_filters_come_before_the_results(browser, crafted_server):
    from playwright.sync_api import expect

    page = browser.new_page(viewport=PHONE)
    page.goto(f"{crafted_server}/?q=blair")
    filters = page.locator("details.filters")
    expect(filters).to_be_visible()
    assert filters.bounding_box()["y"] < page.locator(".hit").first.bounding_box()["y"]
    filters.locator("summary").click()
    filters.get_by_role("link", name="politics").click()
    expect(page.locator(".summary strong")).to_have_text("3")
    shoot(page, "phone-filters")
    page.close()


@pytest.fixture
def corrections_server(corrections_template, tmp_path):
    root = copy_index(corrections_template, tmp_path / "corrections")
    with gunicorn(root, env={"SEARCHSVC_API_KEYS": "browser-key"}) as (base, _):
        yield base


def test_an_editor_detaches_a_wrong_alias_from_the_entity_page_and_undoes_it(browser, corrections_server):
    page = browser.new_page(viewport=DESKTOP, java_script_enabled=False)  # the form needs none
    page.goto(f"{corrections_server}/entities/people/Ray%20Charles")
    expect(page.locator(".summary strong")).to_have_text("5")
    expect(page.locator(".aliases")).to_contain_text("Charles")
    page.locator("details.correct summary").click()
    page.get_by_label("What is wrong").select_option("detach")
    page.get_by_label("Name (merge into, rename to, or the alias to detach)").fill("Charles")
    page.get_by_label("Note").fill("the prince, not the singer")
    page.get_by_label("Write key").fill("browser-key")
    shoot(page, "entity-correct-form")
    page.get_by_role("button", name="Correct").click()
    expect(page).to_have_url(re.compile(r"/entities/people/Ray%20Charles$"))
    expect(page.locator(".summary strong")).to_have_text("4")  # the next page already shows it
    page.goto(f"{corrections_server}/corrections")
    expect(page.locator("#correction-1")).to_contain_text("'Charles' detached")
    page.locator("#correction-1").get_by_label("Write key").fill("browser-key")
    page.locator("#correction-1").get_by_role("button", name="Undo").click()
    expect(page.locator("#correction-1")).to_have_count(0)
    page.goto(f"{corrections_server}/entities/people/Ray%20Charles")
    expect(page.locator(".summary strong")).to_have_text("5")
    page.close()


@pytest.fixture
def quotes_server(tmp_path):
    from .conftest import MODEL, make_indexer
    from .quote_corpus import build

    root = build(tmp_path / "quotes", MODEL, make_indexer)
    with gunicorn(root) as (base, _):
        yield base


def test_search_what_was_said_narrow_by_speaker_and_read_it_in_the_article(browser, quotes_server):
    page = browser.new_page(viewport=DESKTOP)
    page.goto(f"{quotes_server}/")
    page.get_by_role("link", name="Quotes").click()
    expect(page.locator("#quotes-summary strong")).to_have_text("8")
    page.get_by_label("Words of the quote").fill("pensioner")
    page.get_by_role("button", name="Search quotes").click()
    expect(page.locator("#quotes-summary strong")).to_have_text("2")
    expect(page.locator(".quote-hit mark").first).to_be_visible()
    page.locator("aside").get_by_role("link", name="Gordon Brown").click()
    expect(page.locator(".active-filters")).to_contain_text("Speaker: Gordon Brown")
    shoot(page, "quotes")
    page.locator(".quote-hit").filter(has_text="left behind").get_by_role("link", name="Brown on pensioners").click()
    expect(page.locator("span.quote").first).to_have_text("No pensioner will be left behind.")
    page.locator("sup.said-by").get_by_role("link", name="Gordon Brown").first.click()
    expect(page.locator("h1#entity-name")).to_have_text("Gordon Brown")
    expect(page.locator("#quoted-title")).to_contain_text("3")
    shoot(page, "entity-quoted")
    page.close()
