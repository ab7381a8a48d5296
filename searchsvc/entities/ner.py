"""Named entities with spaCy: the pipeline, and the entities of each article it parses."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import replace
from functools import lru_cache

from ..ingest.articles import Article, Entities
from .article_entities import entities_from_doc
from .quotes import quotes_from_doc

# Bump when the canonicalisation rules change: cached entities of older rules are then re-extracted
# (annotate.model_signature puts it in the entity cache key).
RULES_VERSION = 20
PIPES_NOT_NEEDED = ["tok2vec", "tagger", "parser", "attribute_ruler", "lemmatizer", "senter"]
BATCH_SIZE = 32


@lru_cache(maxsize=2)
def load_model(name: str):
    """Load the spaCy pipeline with only its entity recognizer."""
    import spacy

    nlp = spacy.load(name, exclude=PIPES_NOT_NEEDED)
    nlp.max_length = max(nlp.max_length, 60_000_000)
    return nlp


def ner_text(article: Article) -> str:
    # Headlines capitalise every word, which spaCy reads as names: the title is left out.
    return f"{article.subtitle}\n\n{article.body}" if article.subtitle else article.body


def extract(articles: Iterable[Article], model: str, workers: int = 1) -> Iterator[Entities]:
    """Yield the entities of each article, in order, using `workers` processes."""
    nlp = load_model(model)
    texts = (ner_text(article) for article in articles)
    for doc in nlp.pipe(texts, n_process=max(1, workers), batch_size=BATCH_SIZE):
        yield with_quotes(doc, entities_from_doc(doc))


def with_quotes(doc, entities: Entities) -> Entities:
    """The entities with the article's quotes, found in the same pass (issue 29: no second model)."""
    return replace(entities, quotes=tuple(quotes_from_doc(doc, entities)))
