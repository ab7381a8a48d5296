"""Relevance of the project's own ingestion and search: nDCG@10 and recall@100 on SciFact and Cranfield.

    .venv/bin/python -m benchmarks.relevance [--collection scifact|cranfield|bbc-titles|all]
                                             [--split train|test|all] [--quick] [--output DIR]

Each collection is written to a JSON Lines file with the documented fields (id, title, body), indexed by
`Indexer.rebuild` (entities included) and searched query by query with `search.search`, the function
behind /api/search, with the service's defaults (snippets, facets and suggestions included; facets
left out with --ranking-only). Figures go to stdout as a Markdown table and to
DIR/relevance[-quick].json. The entity cache is kept in DIR/relevance/, so only the first run pays
for NER.

Tuning options (--k1, --b, --boosts, --match, --fields, --idf, --flat, --min-word; see
relevance_variants.py) are passed to the search as a ranking and a weighting model; the index
options patch the library in this process only. SciFact's test queries are the scoreboard: choose parameters on Cranfield and SciFact train only. bbc-titles is a known-item check
for news: each tenth headline as the query, its article as the answer.
"""

from __future__ import annotations

import argparse
import itertools
import json
import os
import sqlite3
import sys
import tempfile
import time
from dataclasses import asdict, dataclass
from pathlib import Path

import ir_measures
from whoosh import scoring

from searchsvc.index.indexer import CACHE_FILE, Indexer
from searchsvc.search import query
from searchsvc.search import ranked as search
from searchsvc.search.engine import Engine
from searchsvc.search.query import QueryError
from searchsvc.search.ranked import SearchRequest
from searchsvc.settings import load_settings

from .ir_collections import DEPTH, MEASURES, READERS, SHARED_DATA, Collection, quick_cut
from .plain_bm25 import rankings
from .querylog import OUTPUT
from .relevance_variants import Variant, indexing_patches, ranking, weighting

DEFAULT_COLLECTIONS = ("scifact", "cranfield", "bbc-titles")
BASELINE = "baseline: plain Whoosh BM25, title and body as one field"


def copy_sqlite(source: Path, target: Path) -> None:
    """Copy an SQLite database consistently (the entity cache runs in WAL mode)."""
    if not source.exists():
        return
    target.parent.mkdir(parents=True, exist_ok=True)
    with sqlite3.connect(source) as src, sqlite3.connect(target) as dst:
        src.backup(dst)
    src.close(), dst.close()


def build(collection: Collection, root: Path, cache: Path, variant: Variant):
    """Index the collection through a JSON Lines file and Indexer.rebuild; return the summary."""
    jsonl = root.parent / f"{collection.name}.jsonl"
    with open(jsonl, "w", encoding="utf-8") as out:
        for doc in collection.documents:
            out.write(json.dumps(doc, ensure_ascii=False) + "\n")
    copy_sqlite(cache, root / CACHE_FILE)
    with indexing_patches(variant):
        summary = Indexer(root=root, model=load_settings()["SPACY_MODEL"], workers=2).rebuild([jsonl])
    copy_sqlite(root / CACHE_FILE, cache)
    return summary


@dataclass
class Outcome:
    ndcg: float
    recall: float
    queries: int
    failed: dict[str, str]  # query id -> error
    fell_back: int  # queries answered with "any word"
    empty: int  # queries with no result at all
    seconds: float


def run_queries(engine: Engine, queries: dict[str, str], qrels: dict, variant: Variant, ranking_only: bool) -> Outcome:
    """Search every query as the API would, and score the rankings with ir-measures."""
    run, failed, fell_back, empty = [], {}, 0, 0
    started = time.monotonic()
    options = ranking(variant)
    with engine.searcher() as searcher:
        weights = weighting(variant)
        if weights is not None:
            searcher.weighting = weights
        for query_id, text in queries.items():
            try:
                wanted = SearchRequest(q=text, per_page=DEPTH, snippets=1, facet_size=0 if ranking_only else 1)
                page = search.search(searcher, wanted, ranking=options)
            except QueryError as error:  # a 400 for the API user: measured as no results
                failed[query_id] = f"QueryError: {error}"
                continue
            fell_back += page.matched == "any"
            empty += not page.hits
            # the service's order decides ties: scores from ranks, not from BM25 (evaluators reorder ties)
            run += [
                ir_measures.ScoredDoc(query_id, hit.article.id, float(DEPTH - rank))
                for rank, hit in enumerate(page.hits)
            ]
    return scored(run, queries, qrels, failed, fell_back, empty, time.monotonic() - started)


def scored(
    run: list, queries: dict[str, str], qrels: dict, failed: dict[str, str], fell_back: int, empty: int, seconds: float
) -> Outcome:
    """The mean of each measure over the judged queries, with ir-measures."""
    judged = {q: docs for q, docs in qrels.items() if q in queries}
    qrels_list = [ir_measures.Qrel(q, d, gain) for q, docs in judged.items() for d, gain in docs.items()]
    per_query = {(m.query_id, str(m.measure)): m.value for m in ir_measures.iter_calc(MEASURES, qrels_list, run)}
    # a query without results (or one that failed) counts as 0, not left out of the mean
    answerable = [q for q, docs in judged.items() if any(g > 0 for g in docs.values())]

    def mean(measure) -> float:
        return sum(per_query.get((q, str(measure)), 0.0) for q in answerable) / len(answerable)

    return Outcome(mean(MEASURES[0]), mean(MEASURES[1]), len(answerable), failed, fell_back, empty, seconds)


def baseline(collection: Collection, split: str) -> Outcome:
    """Plain Whoosh BM25 over title and body as one field, in this run: what the service adds or costs."""
    started = time.monotonic()
    queries = collection.queries[split]
    run = rankings(collection.documents, queries, scoring.BM25F())
    empty = len(set(queries) - {doc.query_id for doc in run})
    return scored(run, queries, collection.qrels, {}, 0, empty, time.monotonic() - started)


def measure(collection: Collection, splits: list[str], args, cache: Path) -> list[tuple]:
    """Build one index for the collection and run every variant and split on it."""
    base = Variant(match=args.match, fields=args.fields, flat=args.flat, idf=args.idf, min_word=args.min_word)
    rows = []
    with tempfile.TemporaryDirectory(prefix="searchsvc-relevance-") as tmp:
        root = Path(tmp) / "index"
        summary = build(collection, root, cache, base)
        skipped = sum(summary.skipped.values())
        print(
            f"{collection.name}: {len(collection.documents)} documents written, {summary.indexed} indexed, "
            f"{skipped} skipped{f' (first: {next(iter(summary.skipped))})' if skipped else ''}; "
            f"NER on {summary.entities_extracted}, cached "
            f"{summary.entities_cached}; {summary.seconds:.0f} s",
            file=sys.stderr,
        )
        for note in collection.notes:
            print(f"  {note}", file=sys.stderr)
        engine = Engine(root)
        for k1, b, boosts in itertools.product(args.k1, args.b, args.boosts):
            variant = Variant(**{**asdict(base), "k1": k1, "b": b, "boosts": boosts})
            for split in splits:
                outcome = run_queries(engine, collection.queries[split], collection.qrels, variant, args.ranking_only)
                rows.append((collection.name, split, variant, outcome))
                for query_id, error in outcome.failed.items():
                    print(f"  {query_id}: {collection.queries[split][query_id]!r} -> {error}", file=sys.stderr)
        engine.close()
    for split in splits:
        rows.append((collection.name, split, BASELINE, baseline(collection, split)))
    return rows


def label(variant: Variant | str) -> str:
    return variant if isinstance(variant, str) else variant.label()


def arguments(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--collection", choices=[*READERS, "all"], default="all")
    parser.add_argument(
        "--split",
        choices=["train", "test", "all"],
        default="test",
        help="SciFact query split (the other collections have one set of queries)",
    )
    parser.add_argument("--quick", action="store_true", help="25 queries and about 500 documents: a smoke run")
    parser.add_argument("--output", type=Path, default=OUTPUT)
    parser.add_argument("--k1", type=float, nargs="+", default=[None], help="BM25F K1 values to try")
    parser.add_argument("--b", type=float, nargs="+", default=[None], help="BM25F B values to try")
    parser.add_argument(
        "--boosts",
        nargs="+",
        default=[""],
        help='field weights to try instead of query.FIELD_BOOSTS, each like "title=0.5,person=0.3"',
    )
    parser.add_argument("--match", choices=["default", "or"], default="default")
    parser.add_argument("--fields", choices=["default", "text", "body", "no-title"], default="default")
    parser.add_argument("--idf", choices=["whoosh", "lucene"], default="whoosh")
    parser.add_argument("--flat", action="store_true", help="index the title's words in the body too")
    parser.add_argument("--min-word", type=int, help="shortest word indexed (default 2)")
    parser.add_argument("--ranking-only", action="store_true", help="skip the facets (same order, faster, for sweeps)")
    return parser.parse_args(argv)


def main(argv: list[str] | None = None) -> int:
    args = arguments(argv)
    names = DEFAULT_COLLECTIONS if args.collection == "all" else [args.collection]
    machine = (
        f"{os.cpu_count()} CPUs; {time.strftime('%Y-%m-%d')}; model {load_settings()['SPACY_MODEL']}; "
        f"field weights {query.FIELD_BOOSTS}" + ("; QUICK SAMPLE: not comparable" if args.quick else "")
    )
    print(machine, file=sys.stderr)
    rows = []
    for name in names:
        folder, reader = READERS[name]
        if not (SHARED_DATA / folder).exists():
            print(f"../shared/data/{folder} is not present: nothing to measure", file=sys.stderr)
            return 1
        collection = reader(SHARED_DATA / folder)
        if args.quick:
            collection = quick_cut(collection)
        splits = (
            list(collection.queries)
            if args.split == "all"
            else [s for s in collection.queries if s in (args.split, "all")]
        )
        rows += measure(collection, splits, args, args.output / "relevance" / f"{name}-{CACHE_FILE}")
    print(
        "| collection | split | variant | queries | nDCG@10 | R@100 | failed | any-word fallback | "
        "no result | ms/query |\n|---|---|---|---:|---:|---:|---:|---:|---:|---:|"
    )
    for name, split, variant, o in rows:
        print(
            f"| {name} | {split} | {label(variant)} | {o.queries} | {o.ndcg:.4f} | {o.recall:.4f} | "
            f"{len(o.failed)} | {o.fell_back} | {o.empty} | {1000 * o.seconds / max(1, o.queries):.0f} |"
        )
    figures = {
        "machine": machine,
        "rows": [
            {
                "collection": name,
                "split": split,
                "variant": label(variant),
                "queries": o.queries,
                "ndcg@10": round(o.ndcg, 4),
                "recall@100": round(o.recall, 4),
                "failed": len(o.failed),
                "any_word_fallback": o.fell_back,
                "no_result": o.empty,
                "seconds": round(o.seconds, 1),
            }
            for name, split, variant, o in rows
        ],
    }
    args.output.mkdir(parents=True, exist_ok=True)
    (args.output / f"relevance{'-quick' if args.quick else ''}.json").write_text(json.dumps(figures, indent=2))
    return 0


if __name__ == "__main__":
    sys.exit(main())
