"""Read training articles whose names are marked inline: ``{{Tony Blair|PERSON}} said``."""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

LABELS = ("PERSON", "ORG", "GPE", "LOC", "FAC", "NORP", "PRODUCT", "WORK_OF_ART", "EVENT", "LAW")
MARK = re.compile(r"\{\{([^{}|]+)\|([A-Z_]+)\}\}")


class MarkupError(ValueError):
    """A marked article that cannot be read: says which line and why."""


@dataclass(frozen=True)
class MarkedArticle:
    id: str
    style: str
    text: str
    spans: tuple[tuple[int, int, str], ...]  # character start, end, label


def parse(marked: str, where: str = "") -> tuple[str, tuple[tuple[int, int, str], ...]]:
    """Return the plain text and the (start, end, label) of each marked name."""
    plain, spans, last = [], [], 0
    length = 0
    for mark in MARK.finditer(marked):
        before = marked[last : mark.start()]
        plain.append(before)
        length += len(before)
        name, label = mark.group(1), mark.group(2)
        if label not in LABELS:
            raise MarkupError(f"{where}: unknown label {label!r} on {name!r}; use one of {', '.join(LABELS)}")
        if name != name.strip() or not name.strip():
            raise MarkupError(f"{where}: {name!r} has spaces at its edges; mark the name alone")
        spans.append((length, length + len(name), label))
        plain.append(name)
        length += len(name)
        last = mark.end()
    rest = marked[last:]
    if "{{" in rest or "}}" in rest or any("{{" in p or "}}" in p for p in plain):
        bad = next(p for p in (*plain, rest) if "{{" in p or "}}" in p)
        raise MarkupError(f"{where}: a broken mark near {bad[:60]!r}")
    plain.append(rest)
    return "".join(plain), tuple(spans)


def read_articles(path: Path) -> list[MarkedArticle]:
    """Read one file of marked articles, each opened by a line ``### <id>``; the style is the file's name."""
    articles, current, lines = [], None, []

    def close() -> None:
        if current is not None:
            text, spans = parse("\n".join(lines).strip(), f"{path.name}: {current}")
            articles.append(MarkedArticle(current, path.stem, text, spans))

    for line in path.read_text(encoding="utf-8").splitlines():
        if line.startswith("### "):
            close()
            current, lines = line[4:].strip(), []
        elif current is None and line.strip():
            raise MarkupError(f"{path.name}: text before the first '### <id>' line")
        else:
            lines.append(line)
    close()
    return articles


def unmarked_repeats(article: MarkedArticle) -> list[str]:
    """Names marked somewhere in an article but left unmarked elsewhere in it (likely slips)."""
    marked = {article.text[s:e] for s, e, _ in article.spans}
    covered = [False] * len(article.text)
    for s, e, _ in article.spans:
        covered[s:e] = [True] * (e - s)
    slips = []
    for name in sorted(marked):
        for found in re.finditer(rf"(?<!\w){re.escape(name)}(?!\w)", article.text):
            if not any(covered[found.start() : found.end()]):
                slips.append(f"{article.id}: {name!r} unmarked at {found.start()}")
    return slips


if __name__ == "__main__":
    import sys

    problems = 0
    for name in sys.argv[1:]:
        try:
            found = read_articles(Path(name))
        except MarkupError as error:
            print(error)
            problems += 1
            continue
        ids = [a.id for a in found]
        if len(ids) != len(set(ids)):
            print(f"{name}: ids repeat")
            problems += 1
        for article in found:
            for slip in unmarked_repeats(article):
                print("check:", slip)
        labels = {}
        for article in found:
            for _, _, label in article.spans:
                labels[label] = labels.get(label, 0) + 1
        words = sum(len(a.text.split()) for a in found)
        print(f"{name}: {len(found)} articles, {words} words, marks {labels}")
    sys.exit(1 if problems else 0)
