from __future__ import annotations

from datetime import UTC, datetime, timedelta, timezone

import pytest

from searchsvc.ingest.articles import Article, Problem
from searchsvc.ingest.readers import read_sources
from searchsvc.ingest.readers.scraped import read
from searchsvc.ingest.readers.source import SourceFile

from .conftest import FOUNDING

EST = timezone(timedelta(hours=-5))


@pytest.fixture(scope="module")
def founding() -> Article:
    [article] = list(read_sources([FOUNDING]))
    return article


def test_founding_document_header(founding):
    assert founding.section == "News & Opinion"
    assert founding.title == "US Denies Visas to Gay Chechen Men Fleeing Persecution"
    assert founding.subtitle == "The Russia LGBT Network is negotiating to secure visas for gay men seeking refuge."


def test_founding_document_dates_earliest_is_published(founding):
    assert founding.published == datetime(2017, 5, 18, 8, 47, tzinfo=EST)
    assert founding.updated == datetime(2017, 5, 18, 12, 31, tzinfo=EST)
    assert founding.published.utcoffset() == timedelta(hours=-5)


def test_founding_document_body(founding):
    assert founding.body.startswith("After reports of gay men in Chechnya")
    assert "By continuing to use our site" not in founding.body
    assert "Private Policy" not in founding.body
    assert founding.subtitle not in founding.body  # the repeated subtitle is gone
    assert len(founding.paragraphs) == 6
    assert founding.paragraphs[-1].endswith('"there are no victims of persecution, threats or violence."')


def test_founding_document_id_is_stable(founding):
    [again] = list(read_sources([FOUNDING.parent]))
    assert again.id == founding.id
    assert founding.origin == "seeds/000_41ce3bb57fa76bf3.txt"


def write(tmp_path, name, text, encoding="utf-8"):
    path = tmp_path / name
    path.write_bytes(text.encode(encoding))
    return path


def test_labelled_dates_authors_and_share_lines(tmp_path):
    path = write(
        tmp_path,
        "page.txt",
        "\n".join(
            [
                "World",
                "Floods Hit Valencia",
                "Thousands were evacuated on Tuesday.",
                "Published: 3 March 2021 10:00 GMT",
                "Updated: 4 March 2021 09:00 GMT",
                "By Ana Ruiz",
                "Share this article",
                "Sign up for our newsletter",
                "Thousands were evacuated on Tuesday.",
                "Rain fell for two days in the region of Valencia.",
                "Advertisement",
                "Roads were closed.",
            ]
        ),
    )
    [article] = read(SourceFile(path))
    assert article.published == datetime(2021, 3, 3, 10, 0, tzinfo=UTC)
    assert article.updated == datetime(2021, 3, 4, 9, 0, tzinfo=UTC)
    assert article.authors == ("Ana Ruiz",)
    assert article.paragraphs == ["Rain fell for two days in the region of Valencia.", "Roads were closed."]


def test_latin1_page_is_read_with_fallback(tmp_path):
    path = write(
        tmp_path,
        "page.txt",
        "Business\nCafé prices rise\nA deck.\nMay 18 2017 8:47 AM EST\nPrices rose by 5% to £3 at the café.\n",
        encoding="latin-1",
    )
    [article] = read_sources([path])
    assert article.title == "Café prices rise"
    assert "£3" in article.body


def test_page_without_body_is_a_problem_naming_the_file(tmp_path):
    path = write(
        tmp_path,
        "empty.txt",
        "News\nTitle here\nDeck here.\nMay 18 2017 8:47 AM EST\n"
        "By continuing to use our site, you agree to our Terms of Use.\n",
    )
    [problem] = read_sources([path])
    assert isinstance(problem, Problem)
    assert problem.path.endswith("/empty.txt") and "no body" in problem.reason
