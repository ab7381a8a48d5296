"""Reuters-21578 SGML: <REUTERS> stories with date, title, dateline, body, topics and places."""

from __future__ import annotations

import html
import re
from collections.abc import Iterator
from datetime import UTC, datetime

from ..articles import Article, Problem, article_id, clean_text
from .source import SourceFile

STORY = re.compile(r"<REUTERS\b([^>]*)>(.*?)</REUTERS>", re.S)
NEWID = re.compile(r'NEWID="(\d+)"')
DATE_FORMAT = "%d-%b-%Y %H:%M:%S.%f"  # 26-FEB-1987 15:01:01.79, in GMT
CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f]")
SIGN_OFF = re.compile(r"\s*Reuters?\s*$")


def looks_reuters(head: str) -> bool:
    return "<!DOCTYPE lewis" in head or "<REUTERS" in head


def _tag(story: str, name: str) -> str:
    match = re.search(rf"<{name}>(.*?)</{name}>", story, re.S)
    return CONTROL.sub("", html.unescape(match.group(1))) if match else ""


def _codes(story: str, name: str) -> tuple[str, ...]:
    return tuple(re.findall(r"<D>(.*?)</D>", _tag(story, name)))


def _date(raw: str):
    try:
        return datetime.strptime(raw.strip(), DATE_FORMAT).replace(tzinfo=UTC)
    except ValueError:
        return None


def _body(raw: str) -> str:
    # paragraphs start with an indented line; other line breaks are the wire's wrapping
    paragraphs = re.split(r"\n\s{3,}", SIGN_OFF.sub("", raw.strip()))
    return clean_text("\n\n".join(" ".join(p.split()) for p in paragraphs))


def read(file: SourceFile) -> Iterator[Article | Problem]:
    """Yield every story with a body; a story without one is a Problem naming its line."""
    text = file.data.decode("latin-1")
    line, counted_to = 1, 0
    for match in STORY.finditer(text):
        line += text.count("\n", counted_to, match.start())
        counted_to = match.start()
        newid = NEWID.search(match.group(1))
        story = match.group(2)
        title = " ".join(_tag(story, "TITLE").split())
        body = _body(_tag(story, "BODY"))
        if not body:
            yield Problem(file.origin, "story has no body", line=line)
            continue
        yield Article(
            id=article_id(origin=file.origin, position=int(newid.group(1)) if newid else line),
            title=title or body.split(". ")[0][:120],
            body=body,
            source="Reuters",
            dateline=" ".join(_tag(story, "DATELINE").split()).rstrip(" -"),
            published=_date(_tag(story, "DATE")),
            tags=_codes(story, "TOPICS") + _codes(story, "PLACES"),
            category=(_codes(story, "TOPICS") or ("",))[0],
            origin=file.origin,
        )
