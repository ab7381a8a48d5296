"""What the relevance benchmark may vary, as patches in its own process only (for tuning sweeps).

Without options every figure is that of the code as it is. Field weights, k1 and b, the match mode,
the searched fields and the idf change only how queries run; `flat` and `min_word` change the index.
"""
from __future__ import annotations

import math
from contextlib import ExitStack, contextmanager
from dataclasses import dataclass
from unittest import mock

from whoosh import scoring
from whoosh.analysis import STOP_WORDS, StemmingAnalyzer, StopFilter

from searchsvc import index, query, search

FIELD_SETS = {"text": ("title", "subtitle", "body"), "body": ("body",),
              "no-title": ("subtitle", "body", "person", "org", "place")}
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
            stack.enter_context(mock.patch.object(
                index, "StemmingAnalyzer", lambda: StemmingAnalyzer(minsize=variant.min_word, stoplist=stop)))
            stack.enter_context(mock.patch.object(
                index, "StopFilter", lambda: StopFilter(minsize=variant.min_word, stoplist=stop)))
        if variant.flat:
            to_document = index.to_document

            def flat_document(article):
                doc = to_document(article)
                doc["body"] = f"{article.title}\n\n{doc['body']}"
                return doc
            stack.enter_context(mock.patch.object(index, "to_document", flat_document))
        yield


@contextmanager
def search_patches(variant: Variant, ranking_only: bool):
    """Patches that change how queries are parsed and scored; ranking_only skips the presentation."""
    with ExitStack() as stack:
        if variant.match == "or":
            parse = search.parse
            stack.enter_context(mock.patch.object(
                search, "parse", lambda text, schema, reader: query.any_word(parse(text, schema, reader))))
        if variant.boosts:
            stack.enter_context(mock.patch.object(query, "FIELD_BOOSTS", parse_boosts(variant.boosts)))
        if variant.fields != "default":
            stack.enter_context(mock.patch.object(query, "DEFAULT_FIELDS", FIELD_SETS[variant.fields]))
        if ranking_only:  # snippets, facets and suggestions do not change the order of the hits
            stack.enter_context(mock.patch.object(search, "_facets", lambda *args: {}))
            stack.enter_context(mock.patch.object(search, "suggest", lambda *args: None))
            stack.enter_context(mock.patch.object(search, "highlighted", _bare_hits))
        yield


def _bare_hits(results, page: int, per_page: int, snippets: int, fragment_size: int):
    """search.highlighted without the highlighting: the same hits in the same order."""
    for hit in results[(page - 1) * per_page:page * per_page]:
        yield index.from_stored(hit.fields()), hit.score, "", []


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
