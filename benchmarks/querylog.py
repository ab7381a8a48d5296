"""A query log drawn from an indexed corpus, with repeats following a Zipf law.

    .venv/bin/python -m benchmarks.querylog [--corpus bbc|reuters] [--queries N] [--seed S] [--quick]

The corpus is indexed first (warm when its entity cache under benchmarks/output/ is there). The log
mixes single words, word pairs, quoted phrases, entity filters (names from the index's facets, alone
or with a word of an article that mentions them) and misspelt words. Distinct queries are drawn
once, then the log repeats them by a Zipf law: the query of rank r is asked with a weight 1/r**s.
Everything comes from one seeded random generator, so the same corpus and seed give the same log.
Each line is a dict of /api/search parameters (entity filters as lists), written to
benchmarks/output/querylog-<name>.jsonl: the corpora's text never enters the project.
"""

from __future__ import annotations

import argparse
import json
import random
import re
import urllib.parse
from collections import Counter
from pathlib import Path

from spacy.lang.en.stop_words import STOP_WORDS

from searchsvc.index.indexer import Indexer
from searchsvc.index.runs import Summary
from searchsvc.ingest.readers import read_sources
from searchsvc.search.engine import Engine
from searchsvc.search.ranked import SearchRequest, entity_counts, search
from searchsvc.settings import load_settings

PROJECT = Path(__file__).resolve().parents[1]
SHARED_DATA = PROJECT.parent / "shared" / "data"
OUTPUT = PROJECT / "benchmarks" / "output"
CORPORA = {"bbc": ("bbc-fulltext", None), "reuters": ("reuters21578", "reuters")}
QUERIES = 2000  # lines in the log
DISTINCT = 500  # different queries the log repeats
ZIPF_S = 1.0
SEED = 20261125
# shares of the distinct queries, by kind
MIX = {"word": 0.35, "pair": 0.20, "phrase": 0.15, "entity": 0.20, "misspelling": 0.10}
ENTITY_PARAMS = {"people": "person", "organizations": "org", "places": "place"}
ENTITY_TOP = 60  # names per type to draw filters from, the most mentioned first
WORD = re.compile(r"[A-Za-z]+(?:'[a-z]+)?")
BREAK = re.compile(r"[^A-Za-z' ]+")  # phrases stop at punctuation and line ends
MIN_LETTERS = 4  # shorter words make poor queries
MAX_WORD_SHARE = 0.2  # a word in more than this share of articles is too common to be a query
ALPHABET = "abcdefghijklmnopqrstuvwxyz"


def add_source_arguments(parser: argparse.ArgumentParser) -> None:
    """--corpus (a shared corpus by name), or --source files and folders with their --format."""
    parser.add_argument("--corpus", choices=sorted(CORPORA), default="bbc")
    parser.add_argument(
        "--source",
        type=Path,
        action="append",
        help="index these files or folders instead of a shared corpus (repeatable)",
    )
    parser.add_argument("--format", dest="fmt", default=None, help="format of --source files")


def chosen_sources(args: argparse.Namespace) -> tuple[list[Path], str | None]:
    """The files and format the arguments of add_source_arguments name."""
    return (args.source, args.fmt) if args.source else corpus_sources(args.corpus)


def corpus_sources(name: str) -> tuple[list[Path], str | None]:
    """The shared corpus of that name and its format."""
    folder, fmt = CORPORA[name]
    return [SHARED_DATA / folder], fmt


def index_corpus(
    sources: list[Path], fmt: str | None, root: Path, model: str | None = None, workers: int = 2
) -> Summary:
    """Build (or rebuild, warm from the entity cache kept in root) the index of the sources."""
    indexer = Indexer(root=root, model=model or load_settings()["SPACY_MODEL"], workers=workers)
    return indexer.rebuild(sources, fmt=fmt)


def article_runs(sources: list[Path], fmt: str | None, every: int = 1) -> list[list[list[str]]]:
    """For every `every`-th article: its title and body as runs of lower-case words between punctuation."""
    texts = []
    articles = (item for item in read_sources(sources, fmt) if hasattr(item, "body"))
    for n, article in enumerate(articles):
        if n % every == 0:
            runs = BREAK.split(f"{article.title}\n{article.body}")
            texts.append([[w.lower() for w in WORD.findall(run)] for run in runs if run.strip()])
    return texts


def _words(runs: list[list[str]]) -> list[str]:
    return [w for run in runs for w in run]


def _content_words(texts: list[list[list[str]]]) -> list[str]:
    """Words that are neither stop words, short, nor in many articles; most frequent first."""
    df = Counter(w for runs in texts for w in set(_words(runs)) if len(w) >= MIN_LETTERS and "'" not in w)
    ceiling = max(2, MAX_WORD_SHARE * len(texts))
    floor = 2 if len(texts) >= 50 else 1
    kept = [w for w, n in df.items() if floor <= n <= ceiling and w not in STOP_WORDS]
    return sorted(kept, key=lambda w: (-df[w], w))


def _phrase(rng: random.Random, runs: list[list[str]], vocabulary: set[str]) -> str | None:
    """Two or three consecutive words, with no punctuation between, that start and end with content words."""
    length = rng.choice((2, 2, 3))
    run = rng.choice(runs)
    if len(run) < length:
        return None
    start = rng.randrange(len(run) - length + 1)
    span = run[start : start + length]
    if span[0] not in vocabulary or span[-1] not in vocabulary:
        return None
    return '"' + " ".join(span) + '"'


def misspell(rng: random.Random, word: str) -> str:
    """One edit: swap two neighbours, drop, double or replace a letter (never the first)."""
    i = rng.randrange(1, len(word) - 1)
    edit = rng.choice(("swap", "drop", "double", "replace"))
    if edit == "swap":
        return word[:i] + word[i + 1] + word[i] + word[i + 2 :]
    if edit == "drop":
        return word[:i] + word[i + 1 :]
    if edit == "double":
        return word[:i] + word[i] + word[i:]
    return word[:i] + rng.choice(ALPHABET.replace(word[i], "")) + word[i + 1 :]


def entity_queries(root: Path, rng: random.Random, vocabulary: set[str]) -> list[dict]:
    """Filters on the most mentioned names, alone or with a word from an article that has the name."""
    engine = Engine(root)
    found = []
    try:
        with engine.searcher() as searcher:
            for kind, param in ENTITY_PARAMS.items():
                for entry in entity_counts(searcher, kind, limit=ENTITY_TOP):
                    query = {param: [entry["value"]]}
                    if rng.random() < 0.5:
                        hits = search(searcher, SearchRequest(**{kind: (entry["value"],)}, per_page=3)).hits
                        words = sorted(
                            {w.lower() for h in hits for w in WORD.findall(h.article.body) if w.lower() in vocabulary}
                        )
                        if words:
                            query = {"q": rng.choice(words), **query}
                    found.append(query)
    finally:
        engine.close()
    return found


def distinct_queries(
    texts: list[list[list[str]]], entity_pool: list[dict], rng: random.Random, distinct: int = DISTINCT
) -> list[dict]:
    """Draw up to `distinct` different queries in the MIX proportions."""
    words = _content_words(texts)
    if not words:
        raise ValueError("the corpus has no words to draw queries from")
    vocabulary = set(words)
    topical = words[: max(50, len(words) // 4)]  # searchers ask for the words news is about
    wanted = {kind: round(share * distinct) for kind, share in MIX.items()}
    if not entity_pool:  # an index without entities (a blank model): words take their share
        wanted["word"] += wanted.pop("entity")
    pools: dict[str, list[dict]] = {kind: [] for kind in wanted}
    seen: set[str] = set()

    def offer(kind: str, query: dict) -> None:
        key = json.dumps(query, sort_keys=True)
        if key not in seen and len(pools[kind]) < wanted[kind]:
            seen.add(key)
            pools[kind].append(query)

    rng.shuffle(entity_pool)
    for query in entity_pool:
        if "entity" in wanted:
            offer("entity", query)
    for _ in range(50 * distinct):  # bounded: a tiny corpus may not fill every kind
        if all(len(pools[k]) >= n for k, n in wanted.items() if k != "entity"):
            break
        kind = rng.choice(["word", "pair", "phrase", "misspelling"])
        runs = rng.choice(texts)
        content = [w for w in _words(runs) if w in vocabulary]
        if kind == "word":
            offer(kind, {"q": rng.choice(topical)})
        elif kind == "pair" and len(set(content)) >= 2:
            offer(kind, {"q": " ".join(rng.sample(sorted(set(content)), 2))})
        elif kind == "phrase":
            phrase = _phrase(rng, runs, vocabulary)
            if phrase:
                offer(kind, {"q": phrase})
        elif kind == "misspelling":
            long_words = [w for w in content if len(w) >= 5]
            if long_words:
                wrong = misspell(rng, rng.choice(long_words))
                if wrong not in vocabulary:
                    offer(kind, {"q": wrong})
    queries = [q for kind in wanted for q in pools[kind]]
    rng.shuffle(queries)  # ranks for the Zipf law, kinds mixed over the ranks
    return queries


def zipf_log(queries: list[dict], rng: random.Random, size: int = QUERIES, s: float = ZIPF_S) -> list[dict]:
    """`size` queries drawn with replacement, the one of rank r with weight 1 / r**s."""
    weights = [1 / rank**s for rank in range(1, len(queries) + 1)]
    return rng.choices(queries, weights=weights, k=size)


def build_log(
    sources: list[Path],
    fmt: str | None,
    root: Path,
    size: int = QUERIES,
    distinct: int = DISTINCT,
    seed: int = SEED,
    every: int = 1,
) -> list[dict]:
    """The whole log for an indexed corpus: distinct queries, then Zipf repeats."""
    rng = random.Random(seed)
    texts = article_runs(sources, fmt, every)
    vocabulary = set(_content_words(texts))
    pool = entity_queries(root, rng, vocabulary)
    return zipf_log(distinct_queries(texts, pool, rng, distinct), rng, size)


def write_log(log: list[dict], path: Path) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text("".join(json.dumps(q, ensure_ascii=False) + "\n" for q in log), encoding="utf-8")
    return path


def read_log(path: Path) -> list[dict]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]


def kind_of(query: dict) -> str:
    if any(p in query for p in ENTITY_PARAMS.values()):
        return "entity"
    q = query.get("q", "")
    return "phrase" if q.startswith('"') else "pair" if " " in q else "word"


def api_path(query: dict) -> str:
    """The /api/search request for one log line."""
    return "/api/search?" + urllib.parse.urlencode(query, doseq=True)


def search_request(query: dict) -> SearchRequest:
    """The in-process request for one log line: what the API builds from the same parameters."""
    return SearchRequest(
        q=query.get("q", ""), **{kind: tuple(query.get(param, ())) for kind, param in ENTITY_PARAMS.items()}
    )


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    add_source_arguments(parser)
    parser.add_argument("--name", default=None, help="name of the log and index (default: the corpus)")
    parser.add_argument("--queries", type=int, default=QUERIES)
    parser.add_argument("--distinct", type=int, default=DISTINCT)
    parser.add_argument("--seed", type=int, default=SEED)
    parser.add_argument("--output", type=Path, default=OUTPUT)
    parser.add_argument("--quick", action="store_true", help="a 200-line log from 60 distinct queries")
    args = parser.parse_args(argv)
    sources, fmt = chosen_sources(args)
    name = args.name or ("custom" if args.source else args.corpus)
    size, distinct = (200, 60) if args.quick else (args.queries, args.distinct)
    root = args.output / f"index-{name}"
    summary = index_corpus(sources, fmt, root)
    log = build_log(sources, fmt, root, size, distinct, args.seed)
    path = write_log(log, args.output / f"querylog-{name}.jsonl")
    kinds = Counter(kind_of(q) for q in log)
    unique = len({json.dumps(q, sort_keys=True) for q in log})
    print(f"indexed {summary.indexed} articles; wrote {len(log)} queries ({unique} distinct) to {path.name}")
    print("by kind (log lines):", ", ".join(f"{k} {n}" for k, n in sorted(kinds.items())))


if __name__ == "__main__":
    main()
