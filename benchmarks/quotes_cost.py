"""What quote extraction costs beside the entity pass: CPU per article on BBC, from one parse.

    .venv/bin/python -m benchmarks.quotes_cost [--articles 300]

Each article's text (`ner_text`) is parsed once by the entity pipeline (`ner.load_model`: the
recognizer alone), as `ner.extract` does; then the entity rules (`entities_from_doc`) and the quote
rules (`quotes_from_doc`) run on that doc. CPU seconds (process time) of each step are summed; the
quote rules' share is given against the parse and against the whole entity pass (parse and rules),
which is itself only part of a cold rebuild (reading and indexing come on top).
"""

from __future__ import annotations

import argparse
import random
import sys
import time

from searchsvc.entities.ner import entities_from_doc, load_model, ner_text
from searchsvc.entities.quotes import quotes_from_doc
from searchsvc.settings import load_settings

from .entity_quality import SHARED_DATA, read_article

SEED = 29


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=300)
    args = parser.parse_args(argv)
    if not SHARED_DATA.exists():
        print("../shared/data is not present: nothing to measure", file=sys.stderr)
        return 1
    paths = random.Random(SEED).sample(sorted((SHARED_DATA / "bbc-fulltext").glob("*/*.txt")), args.articles)
    texts = [ner_text(read_article(path)) for path in paths]
    nlp = load_model(load_settings()["SPACY_MODEL"])
    nlp("warm up")
    spent = {"parse": 0.0, "entity rules": 0.0, "quote rules": 0.0}
    quotes = 0
    for text in texts:
        started = time.process_time()
        doc = nlp(text)
        parsed = time.process_time()
        entities = entities_from_doc(doc)
        ruled = time.process_time()
        quotes += len(quotes_from_doc(doc, entities))
        spent["parse"] += parsed - started
        spent["entity rules"] += ruled - parsed
        spent["quote rules"] += time.process_time() - ruled
    print(f"{len(texts)} BBC articles, {quotes} quotes found; CPU seconds (ms per article):")
    for step, seconds in spent.items():
        print(f"  {step:13} {seconds:7.2f} s  ({1000 * seconds / len(texts):6.2f} ms)")
    entity_pass = spent["parse"] + spent["entity rules"]
    print(
        f"quote rules / parse: {spent['quote rules'] / spent['parse']:.1%}; "
        f"/ entity pass (parse + rules): {spent['quote rules'] / entity_pass:.1%}"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
