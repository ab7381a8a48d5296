from __future__ import annotations

import json
from datetime import UTC, datetime

import pytest

from searchsvc.ingest.articles import Article, Problem
from searchsvc.ingest.readers import read_sources

REUTERS_SAMPLE = """<!DOCTYPE lewis SYSTEM "lewis.dtd">
<REUTERS TOPICS="YES" NEWID="7">
<DATE>26-FEB-1987 15:01:01.79</DATE>
<TOPICS><D>cocoa</D></TOPICS>
<PLACES><D>el-salvador</D><D>usa</D></PLACES>
<TEXT>&#2;
<TITLE>BAHIA COCOA REVIEW</TITLE>
<DATELINE>    SALVADOR, Feb 26 - </DATELINE><BODY>Showers continued in the Bahia cocoa zone &lt;ok&gt;,
said Comissaria Smith, caf\xe9 owners agreed.
    The dry period means the temporao will be late.
 Reuter
&#3;</BODY></TEXT>
</REUTERS>
<REUTERS TOPICS="NO" NEWID="8">
<DATE>26-FEB-1987 15:02:20.00</DATE>
<TOPICS></TOPICS><PLACES></PLACES>
<TEXT TYPE="BRIEF">&#2;
<TITLE>NO BODY HERE</TITLE>
</TEXT>
</REUTERS>
"""


def items(paths, fmt=None):
    found = list(read_sources(paths, fmt))
    return [i for i in found if isinstance(i, Article)], [i for i in found if isinstance(i, Problem)]


def test_json_lines_with_broken_and_incomplete_records(tmp_path):
    path = tmp_path / "feed.jsonl"
    lines = [
        json.dumps(
            {
                "id": "a1",
                "title": "Budget vote",
                "body": "MPs voted.",
                "published": "2020-01-02",
                "people": "ignored",
                "authors": ["Ann Lee"],
                "tags": ["politics"],
            }
        ),
        '{"title": "Truncated", "body": "no end',
        json.dumps({"title": "No body here"}),
        json.dumps({"body": "No title here"}),
        "",
        json.dumps({"url": "https://www.example.com/x/", "title": "By URL", "body": ["Para one.", "Para two."]}),
    ]
    path.write_text("\n".join(lines))
    articles, problems = items([path])
    assert [a.title for a in articles] == ["Budget vote", "By URL"]
    first, second = articles
    assert first.id == "a1" and first.authors == ("Ann Lee",) and first.tags == ("politics",)
    assert first.published == datetime(2020, 1, 2, tzinfo=UTC)
    assert second.paragraphs == ["Para one.", "Para two."]
    assert second.id.startswith("u")
    assert [(p.path, p.line) for p in problems] == [(f"{tmp_path.name}/feed.jsonl", n) for n in (2, 3, 4)]
    assert "invalid JSON" in problems[0].reason
    assert "missing field 'body'" in problems[1].reason
    assert "missing field 'title'" in problems[2].reason


def test_same_url_gives_same_id_whatever_the_decoration(tmp_path):
    path = tmp_path / "two.json"
    path.write_text(
        json.dumps(
            [
                {"url": "https://www.example.com/story/", "title": "A", "body": "x"},
                {"url": "http://example.com/story#top", "title": "A", "body": "x"},
            ]
        )
    )
    articles, _ = items([path])
    assert articles[0].id == articles[1].id


def test_truncated_json_file_is_one_problem_with_its_line(tmp_path):
    path = tmp_path / "bad.json"
    path.write_text('[\n{"title": "A", "body": "b"},\n{"title": "B", "bo')
    articles, [problem] = items([path])
    assert articles == []
    assert problem.path.endswith("/bad.json") and "invalid JSON at line 3" in problem.reason


def test_json_record_of_wrong_type_names_field(tmp_path):
    path = tmp_path / "typed.json"
    path.write_text(json.dumps({"articles": [{"title": "A", "body": {"nested": 1}}, {"title": "B", "body": "ok"}]}))
    articles, [problem] = items([path])
    assert [a.title for a in articles] == ["B"]
    assert "record 1" in problem.reason and "'body'" in problem.reason


def test_plain_text_folder_takes_category_from_subfolder(tmp_path):
    root = tmp_path / "bbc"
    (root / "sport").mkdir(parents=True)
    (root / "README.TXT").write_text("About this corpus\n\nNot an article.")
    (root / "sport" / "001.txt").write_bytes("Cup final \xa3 win\n\nThe team won.\n\nFans cheered.\n".encode("latin-1"))
    (root / "sport" / "002.txt").write_text("Only a title\n")
    articles, [problem] = items([root])
    [article] = articles
    assert article.title == "Cup final £ win" and article.category == "sport" and article.source == "bbc"
    assert article.paragraphs == ["The team won.", "Fans cheered."]
    assert problem.path == "bbc/sport/002.txt" and "no body" in problem.reason


def test_binary_and_unsupported_files_are_reported(tmp_path):
    (tmp_path / "image.txt").write_bytes(b"\x89PNG\x00\x00\x00binary")
    (tmp_path / "notes.pdf").write_bytes(b"%PDF-1.4")
    _, problems = items([tmp_path / "image.txt", tmp_path / "notes.pdf", tmp_path / "missing.txt"])
    reasons = [p.reason for p in problems]
    assert "binary" in reasons[0] and "unsupported file type" in reasons[1] and "no such file" in reasons[2]


def test_reuters_sgml(tmp_path):
    path = tmp_path / "reut2-000.sgm"
    path.write_bytes(REUTERS_SAMPLE.encode("latin-1"))
    articles, [problem] = items([path])
    [story] = articles
    assert story.title == "BAHIA COCOA REVIEW"
    assert story.dateline == "SALVADOR, Feb 26"
    assert story.published == datetime(1987, 2, 26, 15, 1, 1, 790000, tzinfo=UTC)
    assert story.tags == ("cocoa", "el-salvador", "usa") and story.source == "Reuters"
    assert story.paragraphs[0].startswith("Showers continued in the Bahia cocoa zone <ok>, said")
    assert "café" in story.paragraphs[0]
    assert story.paragraphs[-1] == "The dry period means the temporao will be late."
    assert problem.reason == "story has no body" and problem.line == 14


def test_format_option_overrides_detection(tmp_path):
    path = tmp_path / "story.txt"
    path.write_text("Title line\nMay 18 2017 8:47 AM EST\nBody text that follows.\n")
    [scraped] = read_sources([path])
    [plain] = read_sources([path], "text")
    assert scraped.title == "Title line" and scraped.published is not None
    assert plain.title == "Title line" and plain.published is None and "2017" in plain.body


def test_very_large_jsonl_file_streams(tmp_path):
    path = tmp_path / "big.jsonl"
    body = "word " * 2000
    with open(path, "w") as out:
        for n in range(3000):
            out.write(json.dumps({"id": f"n{n}", "title": f"Story {n}", "body": body}) + "\n")
    assert path.stat().st_size > 30_000_000
    count = sum(1 for item in read_sources([path]) if isinstance(item, Article))
    assert count == 3000


def test_links_out_of_the_source_folder_are_reported_never_read(tmp_path):
    outside = tmp_path / "outside"
    outside.mkdir()
    secret = outside / "passwd.txt"
    secret.write_text("root:x:0:0:root:/root:/bin/bash\n\ndaemon:x:1:1:daemon\n")
    (outside / "more").mkdir()
    (outside / "more" / "story.txt").write_text("Outside story\n\nNot ours to read.\n")
    folder = tmp_path / "archive"
    folder.mkdir()
    (folder / "story.txt").write_text("Harbour strike\n\nDockers walked out.\n")
    (folder / "link.txt").symlink_to(secret)
    (folder / "linked-folder").symlink_to(outside / "more")
    (folder / "same.txt").symlink_to(folder / "story.txt")  # a link inside the folder is fine
    articles, problems = items([folder])
    assert sorted(a.title for a in articles) == ["Harbour strike", "Harbour strike"]
    assert {(p.path, p.reason) for p in problems} == {
        ("archive/link.txt", "a link to a file or folder outside the source folder; not read"),
        ("archive/linked-folder", "a link to a file or folder outside the source folder; not read"),
    }


def test_a_json_lines_record_with_an_unreadable_date_is_kept_undated_with_a_warning(tmp_path):
    path = tmp_path / "dates.jsonl"
    path.write_text(json.dumps({"id": "d1", "title": "T", "body": "B", "published": "someday soon"}) + "\n")
    articles, problems = items([path])
    assert [(a.id, a.published) for a in articles] == [("d1", None)]
    [warning] = problems
    assert warning.kept and warning.line == 1 and "cannot read 'someday soon' as a date" in warning.reason


def test_a_skipped_record_gets_its_reason_and_no_warning(tmp_path):
    path = tmp_path / "untitled.jsonl"
    path.write_text(json.dumps({"id": "d1", "body": "B", "published": "someday soon"}) + "\n")
    articles, problems = items([path])
    assert articles == [] and [(p.kept, p.reason) for p in problems] == [(False, "missing field 'title'")]


@pytest.mark.parametrize(
    "name, content",
    [
        ("story.txt", "Barroso backs &#163;8m plan\n\nJos&#233; Manuel Barroso met AT&T &amp; M&S &notices.\n"),
        (
            "page.txt",
            "Politics\nBarroso backs &#163;8m plan\nMay 18 2017 8:47 AM EST\n\n"
            "Jos&#233; Manuel Barroso met AT&T &amp; M&S &notices.\n",
        ),
        (
            "story.jsonl",
            json.dumps(
                {
                    "title": "Barroso backs &#163;8m plan",
                    "body": "Jos&#233; Manuel Barroso met AT&T &amp; M&S &notices.",
                    "authors": ["Jos&#233; Cruz"],
                }
            )
            + "\n",
        ),
    ],
)
def test_character_references_in_plain_text_sources_are_decoded(tmp_path, name, content):
    (tmp_path / name).write_text(content, encoding="utf-8")
    [article] = read_sources([tmp_path])
    assert article.title == "Barroso backs £8m plan"
    assert article.body == "José Manuel Barroso met AT&T & M&S &notices."  # only whole references


def test_text_in_any_unicode_form_is_read_composed(tmp_path):
    (tmp_path / "story.jsonl").write_text(
        json.dumps({"title": "Cafe\u0301 culture", "body": "Bjo\u0308rk sang.", "authors": ["Pele\u0301"]}) + "\n"
    )
    [article] = read_sources([tmp_path])
    assert (article.title, article.body, article.authors) == ("Café culture", "Björk sang.", ("Pelé",))
