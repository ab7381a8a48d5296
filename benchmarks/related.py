"""Related articles and near-duplicates: precision at 5 of same-category neighbours on BBC and of
shared-topic neighbours on Reuters-21578, and what near-duplicate detection costs a BBC rebuild.

    .venv/bin/python -m benchmarks.related [--corpus bbc|reuters|all] [--quick] [--output DIR]
                                           [--reuters-stories N] [--rebuilds N]

Each corpus is written to a JSON Lines file and indexed by `Indexer.rebuild` (entities included; the
entity cache is kept in DIR/related/, so only the first run pays for NER). Every article is a query;
its five nearest neighbours are judged right when they share its BBC category or one of its Reuters
topics. Four lists, same index, same run:
- "after": `search.related`, the service's list (word vectors and shared entities, see related.py);
- "before": the list it replaced (BM25 over the body's 12 key terms and the entities), kept below;
- "tf-idf cosine": raw term counts x smoothed idf, unit vectors, over the same stems;
- "BM25 more-like-this": as Lucene's MoreLikeThis, the 25 terms of highest tf-idf as a BM25 query
  (k1 1.2, b 0.75) over the same stems.
An article's near-duplicates are left out of every list (the service never lists them), so no list
scores by finding copies. The rebuild timing runs warm rebuilds (entities cached) alternately without
and with the duplicate detection, and reports the median of each. The duplicate checks search ten
byte-identical BBC pairs by their titles, collapsed and with collapse=false.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import sys
import tempfile
import time
from collections import Counter, defaultdict
from contextlib import contextmanager
from pathlib import Path
from unittest import mock

import numpy as np
from scipy import sparse
from whoosh import query as wq

from searchsvc.index import duplicates
from searchsvc.index.indexer import CACHE_FILE, Indexer
from searchsvc.index.schema import NAME_FIELDS, from_stored
from searchsvc.ingest.articles import Article
from searchsvc.ingest.readers import read_sources
from searchsvc.search import ranked as search
from searchsvc.search.engine import Engine
from searchsvc.search.ranked import SearchRequest
from searchsvc.search.related import terms
from searchsvc.settings import load_settings

from .ir_collections import SHARED_DATA
from .querylog import OUTPUT
from .relevance import copy_sqlite

K = 5
QUICK_PER_CATEGORY, QUICK_STORIES = 20, 200
REUTERS_STORIES = 4000  # the first stories with a topic: NER on all 19,043 takes minutes
MLT_TERMS, BM25_K1, BM25_B = 25, 1.2, 0.75
CHECKED_PAIRS = 10


def bbc(quick: bool) -> tuple[list[dict], dict[str, set[str]]]:
    articles = [a for a in read_sources([SHARED_DATA / "bbc-fulltext"]) if isinstance(a, Article)]
    if quick:
        taken: Counter = Counter()
        chosen = []
        for a in articles:
            taken[a.category] += 1
            if taken[a.category] <= QUICK_PER_CATEGORY:
                chosen.append(a)
        articles = chosen
    return [record(a, category=a.category) for a in articles], {a.id: {a.category} for a in articles}


def reuters(stories: int) -> tuple[list[dict], dict[str, set[str]]]:
    folder = SHARED_DATA / "reuters21578"
    topics = set((folder / "all-topics-strings.lc.txt").read_text().split())
    articles = [a for a in read_sources([folder], fmt="reuters") if isinstance(a, Article) and set(a.tags) & topics]
    articles = articles[:stories]
    return [record(a, category=a.category) for a in articles], {a.id: set(a.tags) & topics for a in articles}


def record(article: Article, **more) -> dict:
    return {"id": article.id, "title": article.title, "body": article.body, **more}


def build(records: list[dict], root: Path, cache: Path) -> Indexer:
    jsonl = root.parent / "articles.jsonl"
    jsonl.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in records), encoding="utf-8")
    copy_sqlite(cache, root / CACHE_FILE)
    indexer = Indexer(root=root, model=load_settings()["SPACY_MODEL"], workers=2)
    summary = indexer.rebuild([jsonl])
    copy_sqlite(root / CACHE_FILE, cache)
    print(
        f"  {summary.indexed} indexed; NER on {summary.entities_extracted}, cached {summary.entities_cached}; "
        f"{summary.seconds:.1f} s",
        file=sys.stderr,
    )
    return indexer


def previous_related(searcher, article_id: str, limit: int) -> list[str]:
    """The related list before this work (search.related on main), kept here as the 'before' figure."""
    docnum = searcher.document_number(id=article_id)
    article = from_stored(searcher.stored_fields(docnum))
    found = [wq.Term("body", word, boost=weight) for word, weight in searcher.key_terms([docnum], "body", numterms=12)]
    for kind, name_field in NAME_FIELDS.items():
        for name in getattr(article.entities, kind):
            words = [token.text for token in searcher.schema[name_field].analyzer(name)]
            if words:
                found.append(
                    wq.Phrase(name_field, words, boost=1.5)
                    if len(words) > 1
                    else wq.Term(name_field, words[0], boost=1.5)
                )
    if not found:
        return []
    return [hit["id"] for hit in searcher.search(wq.Or(found), limit=limit, mask=wq.Term("id", article_id))]


class Baselines:
    """tf-idf cosine and BM25 more-like-this over the same stems as the service."""

    def __init__(self, records: list[dict]):
        self.ids = [r["id"] for r in records]
        vocabulary: dict[str, int] = {}
        rows, columns, values = [], [], []
        for row, r in enumerate(records):
            for stem, n in terms(r["title"], "", r["body"]).items():
                rows.append(row)
                columns.append(vocabulary.setdefault(stem, len(vocabulary)))
                values.append(n)
        counts = sparse.csr_matrix((np.array(values, float), (rows, columns)), shape=(len(records), len(vocabulary)))
        n, df = counts.shape[0], counts.getnnz(axis=0)
        self.tfidf = counts @ sparse.diags(np.log((1 + n) / (1 + df)) + 1)
        self.unit = _unit(self.tfidf)
        lengths = np.asarray(counts.sum(axis=1)).ravel()
        coo = counts.tocoo()
        saturated = (
            coo.data * (BM25_K1 + 1) / (coo.data + BM25_K1 * (1 - BM25_B + BM25_B * lengths[coo.row] / lengths.mean()))
        )
        bm25_idf = np.log(1 + (n - df + 0.5) / (df + 0.5))
        self.bm25 = (
            sparse.csr_matrix((saturated, (coo.row, coo.col)), shape=counts.shape) @ sparse.diags(bm25_idf)
        ).tocsr()
        self.tfidf = self.tfidf.tocsr()

    def cosine(self, row: int) -> np.ndarray:
        return (self.unit @ self.unit[row].T).toarray().ravel()

    def more_like_this(self, row: int) -> np.ndarray:
        weights = self.tfidf[row]
        chosen = weights.indices[np.argsort(-weights.data)[:MLT_TERMS]]
        return np.asarray(self.bm25[:, chosen].sum(axis=1)).ravel()

    def ranked(self, scores: np.ndarray, row: int, limit: int) -> list[str]:
        scores[row] = -np.inf
        best = np.argsort(-scores, kind="stable")[:limit]
        return [self.ids[i] for i in best if scores[i] > 0]


def _unit(matrix):
    norms = np.sqrt(np.asarray(matrix.multiply(matrix).sum(axis=1)).ravel())
    norms[norms == 0] = 1
    return (sparse.diags(1 / norms) @ matrix).tocsr()


def precision(records: list[dict], labels: dict[str, set[str]], indexer: Indexer) -> dict[str, float]:
    """P@5 of each list, every article a query, its near-duplicates left out of every list."""
    engine = Engine(indexer.root)
    groups = engine.duplicates()
    baselines = Baselines(records)
    hits: dict[str, list[float]] = defaultdict(list)
    started = time.monotonic()
    with engine.searcher() as searcher:
        for row, r in enumerate(records):
            copies = set(groups.group_of(r["id"]))
            extra = K + len(copies)
            lists = {
                "after: the service's related list": [
                    x.article.id for x in search.related(searcher, r["id"], K, groups)
                ],
                "before: the list it replaced": previous_related(searcher, r["id"], extra),
                "baseline: tf-idf cosine": baselines.ranked(baselines.cosine(row), row, extra),
                "baseline: BM25 more-like-this": baselines.ranked(baselines.more_like_this(row), row, extra),
            }
            for name, found in lists.items():
                found = [i for i in found if i not in copies][:K]
                hits[name].append(sum(bool(labels[i] & labels[r["id"]]) for i in found) / K)
    engine.close()
    print(f"  {len(records)} queries in {time.monotonic() - started:.0f} s", file=sys.stderr)
    return {name: round(statistics.fmean(values), 4) for name, values in hits.items()}


@contextmanager
def without_duplicates():
    """A rebuild as it was before near-duplicate detection: the step and its files left out."""

    class Nothing:
        def change(self, *args):
            pass

        def save(self, folder):
            pass

    with mock.patch.object(duplicates.Duplicates, "build", classmethod(lambda cls, ids, bodies: Nothing())):
        yield


def rebuild_times(indexer: Indexer, sources: list[Path], times: int) -> dict:
    """Warm rebuilds (entities cached), alternately without and with duplicate detection."""
    seconds: dict[str, list[float]] = {"before": [], "after": []}
    indexer.rebuild(sources)  # warm the page cache and the entity cache
    for _ in range(times):
        with without_duplicates():
            seconds["before"].append(indexer.rebuild(sources).seconds)
        seconds["after"].append(indexer.rebuild(sources).seconds)
    before, after = statistics.median(seconds["before"]), statistics.median(seconds["after"])
    return {
        "runs": {k: [round(s, 2) for s in v] for k, v in seconds.items()},
        "before_median": round(before, 2),
        "after_median": round(after, 2),
        "growth": round(after / before - 1, 4),
    }


def duplicate_checks(indexer: Indexer, records: list[dict]) -> dict:
    """Byte-identical pairs searched by title: one hit with duplicates 1; both with collapse=false.
    And no related list holds a near-duplicate of its article."""
    engine = Engine(indexer.root)
    groups = engine.duplicates()
    by_id = {r["id"]: r for r in records}
    pairs = [g for g in groups.groups if len(g) == 2 and by_id[g[0]]["body"] == by_id[g[1]]["body"]]
    checked = []
    with engine.searcher() as searcher:
        for pair in pairs[:CHECKED_PAIRS]:
            title = by_id[pair[0]]["title"]
            shown = search.search(searcher, SearchRequest(q=title, per_page=100), 0, engine.names(), duplicates=groups)
            every = search.search(
                searcher, SearchRequest(q=title, per_page=100, collapse=False), 0, engine.names(), duplicates=groups
            )
            collapsed = [(h.article.id, h.duplicates) for h in shown.hits if h.article.id in pair]
            checked.append(
                {
                    "title": title,
                    "ids": list(pair),
                    "collapsed": collapsed,
                    "with_collapse_false": sorted(h.article.id for h in every.hits if h.article.id in pair),
                }
            )
        listed_copies = sum(
            bool(set(groups.group_of(r["id"])) & {x.article.id for x in search.related(searcher, r["id"], 100, groups)})
            for r in records
        )
    engine.close()
    ok = all(
        len(c["collapsed"]) == 1 and c["collapsed"][0][1] == 1 and len(c["with_collapse_false"]) == 2 for c in checked
    )
    return {
        "groups": len(groups.groups),
        "articles_in_groups": sum(len(g) for g in groups.groups),
        "identical_pairs": len(pairs),
        "checked": checked,
        "all_checked_pairs_pass": ok,
        "related_lists_holding_a_duplicate": listed_copies,
    }


def arguments(argv):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--corpus", choices=["bbc", "reuters", "all"], default="all")
    parser.add_argument("--quick", action="store_true", help="about 100 BBC articles and 200 Reuters stories")
    parser.add_argument("--output", type=Path, default=OUTPUT)
    parser.add_argument("--reuters-stories", type=int, default=REUTERS_STORIES)
    parser.add_argument("--rebuilds", type=int, default=3, help="warm BBC rebuilds of each kind (default 3)")
    return parser.parse_args(argv)


def main(argv: list[str] | None = None) -> int:
    args = arguments(argv)
    if not (SHARED_DATA / "bbc-fulltext").exists():
        print("../shared/data is not present: nothing to measure", file=sys.stderr)
        return 1
    figures = {
        "date": time.strftime("%Y-%m-%d %H:%M"),
        "quick": args.quick,
        "cpus": os.cpu_count(),
        "load_before": round(os.getloadavg()[0], 2),
        "corpora": {},
    }
    corpora = ["bbc", "reuters"] if args.corpus == "all" else [args.corpus]
    with tempfile.TemporaryDirectory(prefix="searchsvc-related-") as tmp:
        for name in corpora:
            print(f"{name}:", file=sys.stderr)
            records, labels = (
                bbc(args.quick) if name == "bbc" else reuters(QUICK_STORIES if args.quick else args.reuters_stories)
            )
            root = Path(tmp) / name / "index"
            root.parent.mkdir(parents=True)
            indexer = build(records, root, args.output / "related" / f"{name}-{CACHE_FILE}")
            result = {"articles": len(records), "p_at_5": precision(records, labels, indexer)}
            if name == "bbc":
                result["duplicates"] = duplicate_checks(indexer, records)
                result["rebuild_seconds"] = rebuild_times(
                    indexer, [root.parent / "articles.jsonl"], 1 if args.quick else args.rebuilds
                )
            figures["corpora"][name] = result
    figures["load_after"] = round(os.getloadavg()[0], 2)
    args.output.mkdir(parents=True, exist_ok=True)
    (args.output / f"related{'-quick' if args.quick else ''}.json").write_text(json.dumps(figures, indent=2))
    print(report(figures))
    return 0


def report(figures: dict) -> str:
    lines = [
        f"{figures['date']}, {figures['cpus']} CPUs, 1-minute load {figures['load_before']} before, "
        f"{figures['load_after']} after" + ("; QUICK SAMPLE: not comparable" if figures["quick"] else ""),
        "",
        "| list | " + " | ".join(f"{n} P@5 ({c['articles']})" for n, c in figures["corpora"].items()) + " |",
        "|---|" + "---:|" * len(figures["corpora"]),
    ]
    names = next(iter(figures["corpora"].values()))["p_at_5"]
    for name in names:
        lines.append(
            f"| {name} | " + " | ".join(f"{c['p_at_5'][name]:.4f}" for c in figures["corpora"].values()) + " |"
        )
    if "bbc" in figures["corpora"] and "rebuild_seconds" in figures["corpora"]["bbc"]:
        times = figures["corpora"]["bbc"]["rebuild_seconds"]
        lines += [
            "",
            f"BBC warm rebuild: {times['before_median']} s without duplicate detection, "
            f"{times['after_median']} s with it ({times['growth']:+.1%}); runs {times['runs']}",
        ]
        dups = figures["corpora"]["bbc"]["duplicates"]
        lines += [
            f"BBC near-duplicates: {dups['groups']} groups, {dups['articles_in_groups']} articles; "
            f"{dups['identical_pairs']} byte-identical pairs; {len(dups['checked'])} checked, all pass: "
            f"{dups['all_checked_pairs_pass']}; related lists holding a duplicate: "
            f"{dups['related_lists_holding_a_duplicate']}"
        ]
    return "\n".join(lines)


if __name__ == "__main__":
    sys.exit(main())
