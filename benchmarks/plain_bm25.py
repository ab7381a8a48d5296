"""The baseline for the relevance benchmark: plain Whoosh BM25 over title and text as one field.

    .venv/bin/python -m benchmarks.plain_bm25 [--collection scifact|cranfield] [--split test|train]

benchmarks.relevance runs it too, beside the service, on every collection. No service in between: one TEXT field with Whoosh's StemmingAnalyzer, any-word queries, top 100,
no entities. With --anserini the scoring imitates Anserini's BM25 (k1 0.9, b 0.4, Lucene's idf), the
setting behind the published SciFact reference (nDCG@10 0.6789), so the gap between that reference
and our figure can be split into what Whoosh's analysis and scoring cost and what the service adds.
"""

from __future__ import annotations

import argparse
import sys

import ir_measures
from whoosh import qparser, scoring
from whoosh.analysis import StemmingAnalyzer
from whoosh.fields import ID, TEXT, Schema
from whoosh.filedb.filestore import RamStorage

from .ir_collections import DEPTH, READERS, SHARED_DATA
from .relevance_variants import LuceneIdfBM25F


def rankings(documents: list[dict], queries: dict[str, str], weighting) -> list[ir_measures.ScoredDoc]:
    """Index title + body as one field in memory and rank each query's any-word matches."""
    ix = RamStorage().create_index(Schema(id=ID(stored=True), text=TEXT(analyzer=StemmingAnalyzer())))
    with ix.writer() as writer:
        for doc in documents:
            writer.add_document(id=doc["id"], text=f"{doc['title']}\n{doc['body']}")
    parser = qparser.QueryParser("text", ix.schema, group=qparser.OrGroup)
    parser.remove_plugin_class(qparser.PlusMinusPlugin)  # claims are text, not query syntax
    run = []
    with ix.searcher(weighting=weighting) as searcher:
        for query_id, text in queries.items():
            hits = searcher.search(parser.parse(text.replace("?", " ")), limit=DEPTH)
            # scores from ranks, as for the service: Whoosh's order decides ties
            run += [ir_measures.ScoredDoc(query_id, hit["id"], float(DEPTH - rank)) for rank, hit in enumerate(hits)]
    return run


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--collection", choices=["scifact", "cranfield"], default="scifact")
    parser.add_argument("--split", choices=["train", "test"], default="test")
    parser.add_argument("--anserini", action="store_true", help="k1 0.9, b 0.4 and Lucene's idf")
    args = parser.parse_args(argv)
    folder, reader = READERS[args.collection]
    collection = reader(SHARED_DATA / folder)
    split = args.split if args.collection == "scifact" else "all"
    queries = collection.queries[split]
    weighting = LuceneIdfBM25F(B=0.4, K1=0.9) if args.anserini else scoring.BM25F()
    run = rankings(collection.documents, queries, weighting)
    from .relevance import scored  # the same means as the service's figures (imported here: no cycle)

    outcome = scored(run, queries, collection.qrels, {}, 0, 0, 0.0)
    print(
        f"| plain Whoosh BM25, one field{', Anserini-like' if args.anserini else ''} | {args.collection} "
        f"| {split} | {outcome.queries} | {outcome.ndcg:.4f} | {outcome.recall:.4f} |"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
