"""A crafted corpus of 22 short articles with known entities, for testing the query language row by
row with totals above one. The entity cache is filled beforehand, so building it loads no model."""

from __future__ import annotations

import json
import string
from pathlib import Path

from searchsvc.entities.annotate import model_signature
from searchsvc.entities.cache import EntityCache
from searchsvc.index.indexer import CACHE_FILE
from searchsvc.ingest.articles import Entities
from searchsvc.ingest.readers import read_sources

# more words starting "qx" than a wildcard may stand for (256)
MANY_QX_WORDS = " ".join("qx" + a + b for a in string.ascii_lowercase[:12] for b in string.ascii_lowercase)


def record(id, title, body, category="", published=None, people=(), orgs=(), places=(), **more):
    return {
        "id": id,
        "title": title,
        "body": body,
        "category": category,
        "published": published,
        "entities": {"people": list(people), "organizations": list(orgs), "places": list(places)},
        **more,
    }


ARTICLES = [
    record(
        "fed-1",
        "Federer wins in Melbourne",
        "Roger Federer beat Andy Roddick in the final. Federer said the crowd was wonderful.",
        "sport",
        "2005-01-30T10:00:00+00:00",
        people=("Roger Federer", "Andy Roddick"),
        places=("Australia",),
    ),
    record(
        "fed-2",
        "Athletics body bans sprinters",
        "The Greek Athletics Federation suspended two sprinters. The federation said tests were missed.",
        "sport",
        "2004-08-14T10:00:00+00:00",
        orgs=("Greek Athletics Federation",),
        places=("Greece",),
    ),
    record(
        "fed-3",
        "Federal spending rises",
        "Federal spending rose again, and federal officials defended it.",
        "business",
        "2005-02-01T10:00:00+00:00",
    ),
    record(
        "us-1",
        "US troops return home",
        "US troops left Iraq this week, officials told reporters.",
        "politics",
        "2005-03-01T10:00:00+00:00",
        places=("United States", "Iraq"),
    ),
    record("us-2", "Readers write in", "Tell us what you think of the new film and write to us.", "entertainment"),
    record(
        "it-1",
        "IT budgets grow",
        "Spending on IT rose as firms renewed computers.",
        "tech",
        "2005-01-10T10:00:00+00:00",
    ),
    record(
        "it-2",
        "A firm finds its way",
        "The company kept to its own path and its staff agreed.",
        "business",
        "2005-01-11T10:00:00+00:00",
    ),
    record(
        "visa-1",
        "US denies visas to gay men",
        "Gay men fleeing Chechnya were denied visas. Ramzan Kadyrov denied the reports; Vladimir Putin said nothing.",
        "politics",
        "2017-05-18T08:47:00-05:00",
        people=("Ramzan Kadyrov", "Vladimir Putin"),
        places=("Chechnya", "Russia", "United States"),
        subtitle="Refugees from Chechnya are turned away",
        section="News & Opinion",
    ),
    record(
        "visa-2",
        "Student visa rules change",
        "A new visa for students starts in May. Women and one woman who studied here welcomed it.",
        "politics",
        "2005-04-02T10:00:00+00:00",
    ),
    record(
        "blair-1",
        "Blair defends Iraq policy",
        "Tony Blair defended the war in Iraq before MPs.",
        "politics",
        "2005-02-10T10:00:00+00:00",
        people=("Tony Blair",),
        places=("Iraq", "United Kingdom"),
    ),
    record(
        "blair-2",
        "Blair promises new schools",
        "Tony Blair promised new schools in every town.",
        "politics",
        "2005-02-11T10:00:00+00:00",
        people=("Tony Blair",),
        places=("United Kingdom",),
    ),
    record(
        "blair-3",
        "Blair and Brown on the economy",
        "Tony Blair and Gordon Brown spoke about the economy and economic growth.",
        "politics",
        "2005-02-12T10:00:00+00:00",
        people=("Tony Blair", "Gordon Brown"),
        places=("United Kingdom",),
    ),
    record(
        "blair-4",
        "Blair memoir reviewed",
        "A review of Tony Blair's memoir, undated in our archive.",
        "entertainment",
        people=("Tony Blair",),
    ),
    record(
        "budget-1",
        "Brown sets out his budget",
        "Gordon Brown set out the budget at the Treasury.",
        "business",
        "2005-03-16T10:00:00+00:00",
        people=("Gordon Brown",),
        orgs=("Treasury",),
        places=("United Kingdom",),
    ),
    record(
        "strike-1",
        "Rail workers strike",
        "Rail workers went on strike over pay.",
        "business",
        "2005-03-20T10:00:00+00:00",
    ),
    record(
        "walkout-1",
        "Teachers stage walkout",
        "Teachers staged a walkout over pay.",
        "politics",
        "2005-03-21T10:00:00+00:00",
    ),
    record(
        "econ-1",
        "Economists see growth",
        "Economists expect the economies of Europe to grow.",
        "business",
        "2005-03-22T10:00:00+00:00",
        places=("Europe",),
    ),
    record("qx-1", "A list of odd words", MANY_QX_WORDS, "tech", "2005-03-23T10:00:00+00:00"),
    record(
        "uk-1",
        "UK exports rise",
        "Exports from the UK rose, Britain's trade office said.",
        "business",
        "2005-03-24T10:00:00+00:00",
        places=("United Kingdom",),
    ),
    record(
        "film-1",
        "Film festival opens",
        "The festival opened with a film about football.",
        "entertainment",
        "2005-03-25T10:00:00+00:00",
    ),
    record(
        "match-1",
        "Chelsea win the match",
        "Chelsea won the match at home.",
        "sport",
        "2005-03-26T10:00:00+00:00",
        orgs=("Chelsea",),
    ),
    record(
        "phone-1",
        "Camera phones sell",
        "Camera phones are selling fast, retailers said.",
        "tech",
        "2005-03-27T10:00:00+00:00",
    ),
]


def write_corpus(folder: Path, articles: list[dict] = ARTICLES) -> Path:
    """Write the articles as JSON Lines (without entities) and return the file."""
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / "crafted.jsonl"
    with path.open("w") as out:
        for item in articles:
            out.write(json.dumps(without_entities(item)) + "\n")
    return path


def without_entities(item: dict) -> dict:
    return {k: v for k, v in item.items() if k != "entities" and v is not None}


def fill_entity_cache(index_root: Path, corpus: Path, model: str, articles: list[dict] = ARTICLES) -> None:
    """Store each article's known entities under its text's hash, as NER would have."""
    by_id = {item["id"]: item["entities"] for item in articles}
    articles = list(read_sources([corpus]))
    cache = EntityCache(index_root / CACHE_FILE)
    cache.put_many(
        [(a.content_hash, Entities(**{k: tuple(v) for k, v in by_id[a.id].items()})) for a in articles],
        model_signature(model),
    )
    cache.close()


def build_index(folder: Path, model: str, indexer_of, articles: list[dict] = ARTICLES) -> Path:
    """Write the articles under folder/sources, fill the entity cache with their known entities and
    rebuild the index at folder/index from them (no model loaded); return the index folder."""
    sources = write_corpus(folder / "sources", articles)
    root = folder / "index"
    root.mkdir(parents=True)
    fill_entity_cache(root, sources, model, articles)
    summary = indexer_of(root).rebuild([sources])
    assert summary.entities_extracted == 0 and summary.indexed == len(articles), summary
    return root
