"""Pick the articles of the quotes gold set (quotes_gold.json), reproducibly, before annotating.

    .venv/bin/python -m benchmarks.quotes_gold_pick            # print the picks as JSON
    .venv/bin/python -m benchmarks.quotes_gold_pick --check    # do the gold file's articles match?

30 BBC articles, allocated to the five categories in proportion to their sizes (largest remainder),
not filtered: an article without a quote is as much news as one with many. 12 Reuters-21578 stories
whose body has 80-600 words and at least one pair of quotation marks: a 1987 wire story seldom quotes
anyone, and a story without a quotation mark can hold no direct quote and give no extractor a chance
to be wrong, so it would cost annotation and measure nothing (the BBC draw keeps the quote-less
articles at their natural rate). And the project's own written articles (seeds/). Each source's list
goes alternately to the `test` and the `dev` half (test first; BBC in category order). Articles are
referenced by path under ../shared/data (Reuters: the .sgm file and its NEWID); no text is copied.
"""

from __future__ import annotations

import random
import sys
from pathlib import Path

from .entity_quality import PROJECT
from .ner_gold_pick import allocate, bbc_files, pick_or_check, reuters_pool

SEED = 29  # issue 29
BBC_COUNT, REUTERS_COUNT = 30, 12
REUTERS_WORDS = (80, 600)
HALVES = ("test", "dev")
QUOTES_GOLD = Path(__file__).resolve().parent / "quotes_gold.json"


def bbc_picks(rng: random.Random) -> list[dict]:
    files = bbc_files()
    counts = allocate({category: len(paths) for category, paths in files.items()}, BBC_COUNT)
    return [{"path": path} for category, paths in files.items() for path in rng.sample(paths, counts[category])]


def reuters_picks(rng: random.Random) -> list[dict]:
    # a story without a pair of quotation marks can hold no direct quote
    return rng.sample(reuters_pool(REUTERS_WORDS, lambda body: body.count('"') >= 2), REUTERS_COUNT)


def seed_picks() -> list[dict]:
    return [{"path": f"seeds/{path.name}"} for path in sorted((PROJECT / "seeds").glob("*.txt"))]


def picks() -> list[dict]:
    """The sampled articles, each with its source and half: BBC, then Reuters, then seeds/."""
    rng = random.Random(SEED)
    result = []
    for source, sampled in (("BBC", bbc_picks(rng)), ("Reuters", reuters_picks(rng)), ("seeds", seed_picks())):
        result += [{"source": source, "half": HALVES[i % 2], **entry} for i, entry in enumerate(sampled)]
    return result


def main(argv: list[str] | None = None) -> int:
    return pick_or_check(argv, __doc__ or "", picks, QUOTES_GOLD, ("source", "half", "path", "newid"))


if __name__ == "__main__":
    sys.exit(main())
