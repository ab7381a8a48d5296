"""Precision and recall of entities against the hand-annotated gold set: raw spaCy vs ours.

    .venv/bin/python -m benchmarks.entity_quality [--errors]

Gold annotations: benchmarks/ner_gold.json (paths relative to ../shared/data, or to the project for
seeds/). Names match exactly (case-sensitive); scores are micro-averaged over the articles.
"""
from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from searchsvc.articles import ENTITY_TYPES, Article, Entities, article_id
from searchsvc.entities import extract, load_model, ner_text, raw_entities
from searchsvc.readers import read_sources
from searchsvc.settings import setting

PROJECT = Path(__file__).resolve().parents[1]
SHARED_DATA = PROJECT.parent / "shared" / "data"
GOLD = Path(__file__).resolve().parent / "ner_gold.json"
SPLIT_GOLD = Path(__file__).resolve().parent / "ner_gold_split.json"


def article_path(relative: str) -> Path:
    """Gold paths under seeds/ belong to the project; the others to ../shared/data."""
    return PROJECT / relative if relative.startswith("seeds/") else SHARED_DATA / relative


def story_id(relative: str, newid: int) -> str:
    """The id the Reuters reader gives story NEWID of a .sgm file named by its path under ../shared/data."""
    return article_id(origin=relative, position=newid)


def read_article(path: Path) -> Article:
    [article] = list(read_sources([path]))
    if not isinstance(article, Article):
        raise SystemExit(f"cannot read {path}: {article}")
    return article


def read_gold_article(entry: dict) -> Article:
    """The article a gold entry names: a one-article file, or a Reuters .sgm file and a NEWID."""
    if "newid" not in entry:
        return read_article(article_path(entry["path"]))
    wanted = story_id(entry["path"], entry["newid"])
    found = [a for a in read_sources([article_path(entry["path"])], fmt="reuters")
             if isinstance(a, Article) and a.id == wanted]
    if len(found) != 1:
        raise SystemExit(f"no story NEWID {entry['newid']} with a body in {entry['path']}")
    return found[0]


def counts(found: Entities, gold: dict) -> dict[str, tuple[int, int, int]]:
    """Per type: (true positives, predicted, gold) for one article."""
    result = {}
    for kind in ENTITY_TYPES:
        predicted, expected = set(getattr(found, kind)), set(gold[kind])
        result[kind] = (len(predicted & expected), len(predicted), len(expected))
    return result


def prf(tp: int, predicted: int, expected: int) -> tuple[float, float, float]:
    precision = tp / predicted if predicted else 0.0
    recall = tp / expected if expected else 0.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return precision, recall, f1


def table(totals: dict[str, dict[str, list[int]]]) -> str:
    lines = ["| type | system | TP | predicted | gold | precision | recall | F1 |",
             "|---|---|---:|---:|---:|---:|---:|---:|"]
    for kind in (*ENTITY_TYPES, "all"):
        for system, by_kind in totals.items():
            if kind == "all":
                tp, pred, gold = (sum(by_kind[k][i] for k in ENTITY_TYPES) for i in range(3))
            else:
                tp, pred, gold = by_kind[kind]
            p, r, f = prf(tp, pred, gold)
            lines.append(f"| {kind} | {system} | {tp} | {pred} | {gold} | {p:.3f} | {r:.3f} | {f:.3f} |")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--errors", action=argparse.BooleanOptionalAction, default=True,
                        help="print our false positives / negatives per article (default: yes)")
    args = parser.parse_args(argv)
    if not SHARED_DATA.exists():
        print("../shared/data is not present: nothing to measure", file=sys.stderr)
        return 1
    model = setting("SPACY_MODEL")
    nlp = load_model(model)
    gold_set = json.loads(GOLD.read_text(encoding="utf-8"))["articles"]
    totals = {system: {kind: [0, 0, 0] for kind in ENTITY_TYPES} for system in ("raw spaCy", "ours")}
    errors = []
    for gold in gold_set:
        article = read_article(article_path(gold["path"]))
        found = {"raw spaCy": raw_entities(nlp(ner_text(article))), "ours": next(extract([article], model))}
        for system, entities in found.items():
            for kind, values in counts(entities, gold).items():
                totals[system][kind] = [a + b for a, b in zip(totals[system][kind], values)]
        ours = found["ours"]
        for kind in ENTITY_TYPES:
            predicted, expected = set(getattr(ours, kind)), set(gold[kind])
            errors.append((gold["path"], kind, sorted(predicted - expected), sorted(expected - predicted)))
    print(f"Entities vs gold ({len(gold_set)} articles, model {model}), micro-averaged, exact names\n")
    print(table(totals))
    if args.errors:
        print("\nOur errors (FP = found but not in gold, FN = in gold but not found):")
        for path, kind, false_pos, false_neg in errors:
            if false_pos or false_neg:
                print(f"  {path} {kind}: FP {false_pos} FN {false_neg}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
