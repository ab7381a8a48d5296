"""How many marked names of the synthetic articles the service finds under the right type: a dev check.

    .venv/bin/python -m benchmarks.entity_mentions [--style world_local,uk_regional] [--errors]

The 160 articles of training/ner_synthetic/ were written for the project with every mention marked
(training/ANNOTATION.md), so this runs without ../shared. Per article, each distinct marked name of
a person, organization or place (PERSON, ORG; GPE, LOC, FAC) counts once: found when the article's
entities hold it under its type, or hold a longer name of that type containing it (a surname in its
full name), missed otherwise, and then listed with the type it was given instead. Names the service
gives that no mark holds are counted too. Canonical names (United Kingdom for Britain, Liberal
Democrats for Lib Dems, an acronym merged into its long form) count as misses here, so the figures
understate; compare them between versions of the rules, not with the gold set's. Rules have been
written looking at these errors: this is a dev set, never the figure.
"""

from __future__ import annotations

import argparse
import sys
from collections import Counter

from searchsvc.entities.ner import extract
from searchsvc.ingest.articles import ENTITY_TYPES, Article
from searchsvc.settings import load_settings
from training.markup import MarkedArticle
from training.train_ner import synthetic_articles

TYPE_OF_LABEL = {"PERSON": "people", "ORG": "organizations", "GPE": "places", "LOC": "places", "FAC": "places"}


def marked_names(article: MarkedArticle) -> dict[str, set[str]]:
    """The distinct names of each type the article marks."""
    names: dict[str, set[str]] = {kind: set() for kind in ENTITY_TYPES}
    for start, end, label in article.spans:
        if label in TYPE_OF_LABEL:
            names[TYPE_OF_LABEL[label]].add(article.text[start:end])
    return names


def compare(article: MarkedArticle, found: dict[str, tuple[str, ...]], counts: Counter, errors: list) -> None:
    """Add one article's found, missed and unmarked names to `counts`; its misses to `errors`."""
    marked = marked_names(article)
    for kind in ENTITY_TYPES:
        given = set(found[kind])
        for name in sorted(marked[kind]):
            if name in given or any(name in other for other in given):
                counts[kind, "found"] += 1
                continue
            counts[kind, "missed"] += 1
            instead = [other for other in ENTITY_TYPES if name in found[other]] or ["nothing"]
            errors.append(
                f"{article.id}: {kind[:-1] if kind != 'people' else 'person'} {name!r} given as {', '.join(instead)}"
            )
        counts[kind, "unmarked"] += sum(1 for name in given if not any(name in m for m in marked[kind]))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--style", help="comma-separated styles (file names), default all")
    parser.add_argument("--errors", action="store_true", help="list every missed name")
    args = parser.parse_args(argv)
    styles = set(args.style.split(",")) if args.style else None
    articles = [a for a in synthetic_articles() if styles is None or a.style in styles]
    model = load_settings()["SPACY_MODEL"]
    documents = [Article(id=a.id, title="", body=a.text) for a in articles]
    counts: Counter = Counter()
    errors: list[str] = []
    for article, entities in zip(articles, extract(documents, model)):
        compare(article, entities.as_dict(), counts, errors)
    print(f"{len(articles)} synthetic articles, model {model}: marked names found under their type\n")
    print("| type | found | missed | share found | given, no mark holds it |\n|---|---:|---:|---:|---:|")
    for kind in ENTITY_TYPES:
        found, missed = counts[kind, "found"], counts[kind, "missed"]
        print(f"| {kind} | {found} | {missed} | {found / max(1, found + missed):.3f} | {counts[kind, 'unmarked']} |")
    if args.errors:
        print("\n" + "\n".join(errors))
    return 0


if __name__ == "__main__":
    sys.exit(main())
