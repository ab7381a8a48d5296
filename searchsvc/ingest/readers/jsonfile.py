"""JSON files (an array, {"articles": [...]}, or one object) and JSON Lines, one article per object."""

from __future__ import annotations

import json
from collections.abc import Iterator

from ..articles import Article, ArticleError, Problem
from .records import article_from_record
from .source import SourceFile
from .text import decode


def read_json(file: SourceFile) -> Iterator[Article | Problem]:
    """Yield the articles of a JSON document, and a Problem for each bad record."""
    try:
        document = json.loads(file.text())
    except json.JSONDecodeError as error:
        raise ArticleError(f"invalid JSON at line {error.lineno}: {error.msg}") from None
    except RecursionError:
        raise ArticleError("JSON nested too deeply") from None
    records = document.get("articles", [document]) if isinstance(document, dict) else document
    if not isinstance(records, list):
        raise ArticleError("expected an array of article objects")
    for position, record in enumerate(records):
        warnings: list[str] = []
        try:
            yield article_from_record(record, origin=file.origin, position=position, warnings=warnings)
        except ArticleError as error:
            yield Problem(file.origin, f"record {position + 1}: {error}")
        yield from (Problem(file.origin, f"record {position + 1}: {w}", kept=True) for w in warnings)


def read_jsonl(file: SourceFile) -> Iterator[Article | Problem]:
    """Yield one article per line; a broken line is a Problem naming its line number."""
    with open(file.path, "rb") as stream:
        for number, raw in enumerate(stream, start=1):
            if not raw.strip():
                continue
            warnings: list[str] = []
            try:
                record = json.loads(decode(raw))
                yield article_from_record(record, origin=file.origin, position=number, warnings=warnings)
            except json.JSONDecodeError as error:
                yield Problem(file.origin, f"invalid JSON: {error.msg}", line=number)
            except (ArticleError, RecursionError) as error:
                yield Problem(file.origin, str(error) or "JSON nested too deeply", line=number)
            yield from (Problem(file.origin, w, line=number, kept=True) for w in warnings)
