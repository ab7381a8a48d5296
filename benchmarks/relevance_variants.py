"""What the relevance benchmark may vary (for tuning sweeps).

Without options every figure is that of the code as it is. Field weights, the match mode and the
searched fields are a `query.Ranking` passed to `search.search`; k1, b and the idf a weighting model
put on the searcher; `flat` and `min_word` change the index, as patches in this process only.
"""

from __future__ import annotations

import math
from contextlib import ExitStack, contextmanager
from dataclasses import dataclass
from unittest import mock

from whoosh import scoring
from whoosh.analysis import STOP_WORDS, StemmingAnalyzer, StopFilter

from searchsvc.index import schema as index
from searchsvc.search import query

FIELD_SETS = {
    "text": ("title", "subtitle", "body"),
    "body": ("body",),
    "no-title": ("subtitle", "body", "person", "org", "place"),
}
WHOOSH_K1, WHOOSH_B = 1.2, 0.75  # BM25F's defaults in Whoosh


@dataclass(frozen=True)
class Variant:
    k1: float | None = None  # None: the searcher's own weighting (Whoosh's BM25F defaults)
    b: float | None = None
    boosts: str = ""  # "title=0.5,person=0.3": replaces query.FIELD_BOOSTS ("-" for none at all)
    match: str = "default"  # "default": all words, then any word when none has them all; "or": any word
    fields: str = "default"  # "default": query.DEFAULT_FIELDS; else a key of FIELD_SETS
    flat: bool = False  # the title's words also indexed in the body field
    idf: str = "whoosh"  # "lucene": log(1 + (N - n + 0.5) / (n + 0.5)) instead of log(N / (n + 1)) + 1
    min_word: int | None = None  # shortest word indexed (Whoosh's analyzers: 2), "s" and "t" stopped

    def label(self) -> str:
        parts = [f"{name}={value}" for name, value in self.__dict__.items() if value != getattr(Variant, name)]
        return ", ".join(parts) or "defaults"


def parse_boosts(text: str) -> dict[str, float]:
    if text == "-":
        return {}
    return {name: float(value) for name, value in (pair.split("=") for pair in text.split(","))}


@contextmanager
def indexing_patches(variant: Variant):
    """Patches that change what is written to the index."""
    with ExitStack() as stack:
        if variant.min_word is not None:
            stop = frozenset(STOP_WORDS | {"s", "t"})
            stack.enter_context(
                mock.patch.object(
                    index, "StemmingAnalyzer", lambda: StemmingAnalyzer(minsize=variant.min_word, stoplist=stop)
                )
            )
            stack.enter_context(
                mock.patch.object(index, "StopFilter", lambda: StopFilter(minsize=variant.min_word, stoplist=stop))
            )
        if variant.flat:
            to_document = index.to_document

            def flat_document(article):
                doc = to_document(article)
                doc["body"] = f"{article.title}\n\n{doc['body']}"
                return doc

            stack.enter_context(mock.patch.object(index, "to_document", flat_document))
        yield


def ranking(variant: Variant) -> query.Ranking:
    """The fields, field weights and match mode to search with (the service's own by default)."""
    default = query.DEFAULT_RANKING
    return query.Ranking(
        fields=default.fields if variant.fields == "default" else FIELD_SETS[variant.fields],
        boosts=parse_boosts(variant.boosts) if variant.boosts else default.boosts,
        all_words=variant.match != "or",
    )


class LuceneIdfBM25F(scoring.BM25F):
    """Whoosh's BM25F with the idf of Lucene and Anserini, which weighs common words less."""

    def idf(self, searcher, fieldname, text):
        parent = searcher.get_parent()
        n, total = parent.doc_frequency(fieldname, text), parent.doc_count_all()
        return math.log(1 + (total - n + 0.5) / (n + 0.5))


def weighting(variant: Variant) -> scoring.WeightingModel | None:
    """The scoring model to put on the searcher, or None to keep the service's own."""
    if variant.k1 is None and variant.b is None and variant.idf == "whoosh":
        return None
    model = LuceneIdfBM25F if variant.idf == "lucene" else scoring.BM25F
    return model(B=WHOOSH_B if variant.b is None else variant.b, K1=WHOOSH_K1 if variant.k1 is None else variant.k1)
