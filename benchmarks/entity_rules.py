"""Which mention rule decided how many spans of the gold set's dev half, by the rule's name.

    .venv/bin/python -m benchmarks.entity_rules [--types]

Each span the mention rules type (the model's, mended, and the people it left untagged) is decided by
the first rule in `searchsvc.entities.mention.RULES` that applies, or by the model's label when none
does; a rule that decides no span here is listed with 0. The dev half only: the test half is the
figure and is not read rule by rule.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections import Counter

from benchmarks.entity_quality import SPLIT_GOLD, read_gold_article
from searchsvc.entities.article_entities import model_spans
from searchsvc.entities.joined_names import ampersand_names
from searchsvc.entities.mention import MODELS_LABEL, RULES, decide
from searchsvc.entities.ner import load_model, ner_text
from searchsvc.settings import load_settings


def rule_counts(docs) -> Counter:
    """(rule name, type given or 'none') -> spans, over the documents."""
    counts: Counter = Counter()
    for doc in docs:
        for span in model_spans(doc, ampersand_names(doc)):
            name, found = decide(span)
            counts[name, found[0] if found else "none"] += 1
    return counts


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--types", action="store_true", help="split each rule's spans by the type it gave")
    args = parser.parse_args(argv)
    entries = [e for e in json.loads(SPLIT_GOLD.read_text(encoding="utf-8"))["articles"] if e["half"] == "dev"]
    nlp = load_model(load_settings()["SPACY_MODEL"])
    counts = rule_counts(nlp.pipe(ner_text(read_gold_article(e)) for e in entries))
    names = [rule.__name__ for rule in RULES] + [MODELS_LABEL]
    print(f"Mention rules on the dev half ({len(entries)} articles), in their order: spans decided\n")
    print("| rule | spans |" + (" people | organizations | places | none |" if args.types else ""))
    print("|---|---:|" + ("---:|---:|---:|---:|" if args.types else ""))
    for name in names:
        by_type = {kind: counts[name, kind] for kind in ("people", "organizations", "places", "none")}
        row = f"| {name} | {sum(by_type.values())} |"
        print(row + ("".join(f" {n} |" for n in by_type.values()) if args.types else ""))
    return 0


if __name__ == "__main__":
    sys.exit(main())
