"""A made-up corpus of quotes with known speakers, its entities and quotes put in the entity cache as
the extractor would give them, so building it loads no model (the extractor itself is tested in
tests/test_quotes_extract.py, and measured in benchmarks/quotes.md)."""

from __future__ import annotations

import json
from pathlib import Path

from searchsvc.entities.annotate import model_signature
from searchsvc.entities.cache import EntityCache
from searchsvc.index.indexer import CACHE_FILE
from searchsvc.ingest.articles import Entities, Quote
from searchsvc.ingest.readers import read_sources


def said(body: str, words: str, speaker: str | None, kind: str | None = "people") -> Quote:
    start = body.index(words)
    return Quote(words, speaker, kind if speaker else None, start, start + len(words))


BODIES = {
    "pensions-1": 'The chancellor spoke on Monday. "Pensions will rise with earnings," said Gordon Brown. '
    "Unions welcomed it.",
    "pensions-2": 'Gordon Brown told MPs: "No pensioner will be left behind." The Treasury said '
    '"the figures are clear".',
    "final-1": 'After the final the manager was happy. "We deserved to win the cup," Arsene Wenger said. '
    '"The players were magnificent," he added.',
    "final-2": '"It was a hard game and we lost," said Alex Ferguson. A spokesman said: "No comment."',
    "budget-1": 'Gordon Brown set out the budget. "This is a budget for families," the chancellor said.',
}
QUOTES = {
    "pensions-1": [("Pensions will rise with earnings,", "Gordon Brown", "people")],
    "pensions-2": [
        ("No pensioner will be left behind.", "Gordon Brown", "people"),
        ("the figures are clear", "Treasury", "organizations"),
    ],
    "final-1": [
        ("We deserved to win the cup,", "Arsene Wenger", "people"),
        ("The players were magnificent,", "Arsene Wenger", "people"),
    ],
    "final-2": [("It was a hard game and we lost,", "Alex Ferguson", "people"), ("No comment.", None, None)],
    "budget-1": [("This is a budget for families,", "Gordon Brown", "people")],
}
ENTITIES = {
    "pensions-1": {"people": ("Gordon Brown",)},
    "pensions-2": {"people": ("Gordon Brown",), "organizations": ("Treasury",)},
    "final-1": {"people": ("Arsene Wenger",), "organizations": ("Arsenal",)},
    "final-2": {"people": ("Alex Ferguson",), "organizations": ("Manchester United",)},
    "budget-1": {"people": ("Gordon Brown",), "places": ("United Kingdom",)},
}
DATES = {
    "pensions-1": "2005-01-10",
    "pensions-2": "2005-02-10",
    "final-1": "2005-05-21",
    "final-2": "2005-05-22",
    "budget-1": "2005-03-16",
}
TITLES = {
    "pensions-1": "Pensions to rise",
    "pensions-2": "Brown on pensioners",
    "final-1": "Arsenal win the cup",
    "final-2": "United lose the final",
    "budget-1": "A budget for families",
}


def entities_of(article_id: str) -> Entities:
    body = BODIES[article_id]
    return Entities(**ENTITIES[article_id], quotes=tuple(said(body, *q) for q in QUOTES[article_id]))


def build(folder: Path, model: str, indexer_of) -> Path:
    """Write the corpus, fill the cache with its entities and quotes, rebuild; return the index folder."""
    sources = folder / "sources"
    sources.mkdir(parents=True)
    with (sources / "quotes.jsonl").open("w") as out:
        for article_id, body in BODIES.items():
            out.write(
                json.dumps(
                    {
                        "id": article_id,
                        "title": TITLES[article_id],
                        "body": body,
                        "published": f"{DATES[article_id]}T10:00:00+00:00",
                        "source": "Made-up News",
                    }
                )
                + "\n"
            )
    root = folder / "index"
    root.mkdir()
    cache = EntityCache(root / CACHE_FILE)
    cache.put_many([(a.content_hash, entities_of(a.id)) for a in read_sources([sources])], model_signature(model))
    cache.close()
    summary = indexer_of(root).rebuild([sources])
    assert summary.entities_extracted == 0 and summary.indexed == len(BODIES), summary
    return root
