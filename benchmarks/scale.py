"""How the service scales with the archive: 1k to 1M articles made from BBC and Reuters paragraphs.

    .venv/bin/python -m benchmarks.scale [--sizes 1000,10000,100000] [--ner-limit N] [--reuse] [--quick]

Corpus: each new article takes the title, section and first paragraph of a random source article
(BBC or Reuters) and 2 to 7 more paragraphs from 1 to 3 other articles of the same corpus, in
their order; it gets a fresh id and a random publication date (1987-2025). One seeded generator
makes one sequence, so every size is the start of the bigger ones. Written as JSON Lines to
benchmarks/output/scale/ (git-ignored): the corpora's text never enters the project.

For each size: the build (`Indexer.rebuild`, 2 workers; its entity cache stays in the size's index
folder, so only the first run of a size is cold: the figures say how many texts went through NER),
the generation's size on disk, a query log drawn from that index (benchmarks/querylog.py), query
latency in this process (Engine + search(), sequential) and over HTTP (gunicorn, 2 workers, wrk at
concurrency 8, a shorter run), and the workers' resident memory from /proc after that run. Over HTTP
too (benchmarks/first_search.py): each worker's first answer right after the service starts, and
right after one article is written through the API (then deleted again), with the workers' memory
at each step. Last, the cost of one query against its number of matches, the same queries for every
size (benchmarks/scale_curve.py). With --reuse, a size whose index is already built is measured as
it is, with the figures of its last build.

Entity extraction is slow (50-60 articles per second measured on this 2-core machine), so sizes above
--ner-limit are built with a blank spaCy English pipeline (spacy.blank("en"), saved to
benchmarks/output/blank-en): those indexes have NO entities, no entity facets and no entity
filters in their query logs. The figures say which model each size used. Articles written through
the API during the run go through the service's own model (SEARCHSVC_SPACY_MODEL), whatever the size.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import time
from collections import Counter
from dataclasses import asdict, dataclass, field
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

from benchmarks import first_search, querylog, scale_curve, serving
from searchsvc.index.generations import Generations
from searchsvc.ingest.readers import read_sources
from searchsvc.settings import load_settings

SIZES = (1000, 10_000, 100_000)
QUICK_SIZES = (60, 200)
NER_LIMIT = 20_000  # larger sizes get the blank pipeline: 100k articles of NER take 30-60 min here
QUICK_NER_LIMIT = 100
SEED = 20261125
FIRST_DAY, LAST_DAY = date(1987, 1, 1), date(2025, 12, 31)
QUICK_SOURCE_ARTICLES = 100  # from each corpus: the first BBC files, the first Reuters stories
# queries per size: log lines, in-process queries, HTTP requests (and seconds at most)
FULL = {"log": 1000, "distinct": 300, "warm": 50, "inprocess": 500, "http": (1000, 60)}
QUICK = {"log": 100, "distinct": 40, "warm": 5, "inprocess": 30, "http": (40, 15)}
WORDS_FROM = 5000  # articles the query log's words are drawn from, spread over the corpus


@dataclass
class SizeFigures:
    articles: int
    model: str
    build_seconds: float
    ner_seconds: float
    entities_extracted: int
    entities_cached: int
    index_mb: float
    inprocess: dict
    http_c8: dict
    workers_rss_mb: list[float]
    load: dict = field(default_factory=dict)
    first_search: dict = field(default_factory=dict)
    curve: dict = field(default_factory=dict)
    reused: bool = False  # measured on the index an earlier run built: the build figures are that run's


def source_articles(sources: list[tuple[Path, str | None]], limit: int | None = None) -> list[tuple[str, object]]:
    """(corpus name, Article) for the readable articles of each source, the first `limit` of each."""
    found = []
    for path, fmt in sources:
        taken = 0
        for item in read_sources([path], fmt):
            if hasattr(item, "body"):
                found.append((path.name if path.is_dir() else path.parent.name, item))
                taken += 1
                if taken == limit:
                    break
    return found


def recombine(articles: list[tuple[str, object]], count: int, seed: int = SEED):
    """Yield `count` new article records made of the paragraphs of the given ones."""
    rng = random.Random(seed)
    by_corpus: dict[str, list] = {}
    for corpus, article in articles:
        by_corpus.setdefault(corpus, []).append(article)
    days = (LAST_DAY - FIRST_DAY).days
    for number in range(count):
        corpus, lead = rng.choice(articles)
        paragraphs = lead.body.split("\n\n")[:1]
        for donor in rng.sample(by_corpus[corpus], min(len(by_corpus[corpus]), rng.randint(1, 3))):
            donated = donor.body.split("\n\n")
            start = rng.randrange(len(donated))
            paragraphs += donated[start : start + rng.randint(1, 3)]
        paragraphs = paragraphs[:8]
        published = datetime.combine(
            FIRST_DAY + timedelta(days=rng.randrange(days)), datetime.min.time(), UTC
        ) + timedelta(seconds=rng.randrange(86400))
        yield {
            "id": f"scale-{number:07d}",
            "title": lead.title,
            "body": paragraphs,
            "published": published.isoformat(),
            "source": f"recombined {corpus}",
            "section": lead.category or lead.section,
        }


def write_corpora(articles, sizes: list[int], folder: Path, seed: int = SEED) -> dict[int, Path]:
    """One JSON Lines file per size, each the start of the same sequence."""
    folder.mkdir(parents=True, exist_ok=True)
    paths = {size: folder / f"articles-{size}.jsonl" for size in sizes}
    handles = {size: open(path, "w", encoding="utf-8") for size, path in paths.items()}
    try:
        for number, record in enumerate(recombine(articles, max(sizes), seed)):
            line = json.dumps(record, ensure_ascii=False) + "\n"
            for size, handle in handles.items():
                if number < size:
                    handle.write(line)
    finally:
        for handle in handles.values():
            handle.close()
    return paths


def blank_model(out: Path) -> str:
    """A blank English pipeline on disk (tokenizer only: no entities), as a model name relative to here."""
    path = out / "blank-en"
    if not (path / "meta.json").exists():
        import spacy

        spacy.blank("en").to_disk(path)
    return os.path.relpath(path)


class StageTimer:
    """A progress wrapper for Indexer that times how long the entity stage's iteration takes."""

    def __init__(self):
        self.seconds: dict[str, float] = {}

    def __call__(self, iterable, desc: str = "", **kwargs):
        started = time.perf_counter()
        for item in iterable:  # the time is noted at each item: zip() never exhausts this generator
            self.seconds[desc] = time.perf_counter() - started
            yield item


def folder_mb(path: Path) -> float:
    return round(sum(f.stat().st_size for f in path.rglob("*") if f.is_file()) / 2**20, 1)


def build(root: Path, corpus: Path, model: str, reuse: bool) -> dict:
    """Rebuild the size's index (warm when its entity cache is there), or with `reuse` take the
    figures of the build already there."""
    last = Generations(root).last_rebuild() if reuse and Generations(root).current_name() else None
    if last:
        return {
            "articles": last["indexed"],
            "build_seconds": round(last["seconds"], 1),
            "ner_seconds": None,
            "entities_extracted": last["entities_extracted"],
            "entities_cached": last["entities_cached"],
            "reused": True,
        }
    from searchsvc.index.indexer import Indexer

    timer, started = StageTimer(), time.perf_counter()
    summary = Indexer(root=root, model=model, workers=2, progress=timer).rebuild([corpus], fmt="jsonl")
    return {
        "articles": summary.indexed,
        "build_seconds": round(time.perf_counter() - started, 1),
        "ner_seconds": round(timer.seconds.get("entities", 0.0), 1),
        "entities_extracted": summary.entities_extracted,
        "entities_cached": summary.entities_cached,
        "reused": False,
    }


def measure_size(
    size: int, corpus: Path, out: Path, model: str, plan: dict, curve_queries: list[dict], reuse: bool = False
) -> SizeFigures:
    root = out / f"index-{size}"
    load = {"build_before": serving.load1()}
    built = build(root, corpus, model, reuse)
    load["build_after"] = serving.load1()
    every = max(1, size // WORDS_FROM)
    log = querylog.build_log([corpus], "jsonl", root, size=plan["log"], distinct=plan["distinct"], every=every)
    log_path = querylog.write_log(log, out / f"querylog-{size}.jsonl")
    inprocess = serving.floor(root, log[: plan["inprocess"]], plan["warm"])
    paths_file = serving.write_paths(log, out / f"paths-{size}.txt")
    script = out / "replay.lua"
    script.write_text(serving.WRK_SCRIPT)
    probe = querylog.api_path(json.loads(Counter(json.dumps(q, sort_keys=True) for q in log).most_common(1)[0][0]))
    launched = time.perf_counter()
    with serving.gunicorn(
        root, serving.WORKERS, env={"SEARCHSVC_API_KEYS": first_search.API_KEY}, log_path=out / f"gunicorn-{size}.log"
    ) as (base, proc):
        first = {"ready_seconds": round(time.perf_counter() - launched, 1), "load_before": serving.load1()}
        first |= first_search.after_start(base, proc.log_path, probe)
        first["rss_mb_after_start"] = serving.workers_rss(proc.pid)
        serving.wrk(base, paths_file, script, plan["warm"] * 2, 60, 2, "warm-up")
        http = serving.wrk(base, paths_file, script, *plan["http"], 8, f"{size} articles, HTTP")
        rss = serving.workers_rss(proc.pid)
        first |= first_search.after_write(base, proc.log_path, probe, first_record(corpus))
        first |= {"rss_mb_after_write": serving.workers_rss(proc.pid), "load_after": serving.load1()}
    load["end"] = serving.load1()
    rows = scale_curve.measure(root, curve_queries)
    scale_curve.write(rows, out / f"curve-{size}.jsonl")
    load["curve_end"] = serving.load1()
    keep = ("requests", "p50_ms", "p95_ms", "p99_ms", "throughput", "errors", "load_before", "load_after")
    return SizeFigures(
        model=model if model == load_settings()["SPACY_MODEL"] else "blank English pipeline",
        index_mb=folder_mb(Generations(root).current()),
        inprocess={k: v for k, v in asdict(inprocess).items() if k in keep} | {"log": log_path.name},
        http_c8={k: v for k, v in asdict(http).items() if k in keep},
        workers_rss_mb=rss,
        load=load,
        first_search=first,
        curve=scale_curve.summary(rows),
        **built,
    )


def first_record(corpus: Path) -> dict:
    """The corpus's first article, which the write probe copies under a new id."""
    with open(corpus, encoding="utf-8") as lines:
        return json.loads(next(lines))


def table(figures: list[SizeFigures]) -> str:
    lines = [
        "| articles | model | build s (NER s; texts NER / cached) | index MB | in-process p50 / p95 ms | "
        "HTTP c8 p50 / p95 ms | HTTP req/s | errors | workers' RSS MB | load (build; HTTP run) |",
        "|---:|---|---|---:|---|---|---:|---:|---|---|",
    ]
    for f in figures:
        lines.append(
            f"| {f.articles} | {f.model} | {f.build_seconds} ({f.ner_seconds}; {f.entities_extracted} / "
            f"{f.entities_cached}) | {f.index_mb} | {f.inprocess['p50_ms']} / {f.inprocess['p95_ms']} | "
            f"{f.http_c8['p50_ms']} / {f.http_c8['p95_ms']} | {f.http_c8['throughput']} | "
            f"{f.inprocess['errors'] + f.http_c8['errors']} | {f.workers_rss_mb} | "
            f"{f.load['build_before']}-{f.load['build_after']}; {f.http_c8['load_before']}-{f.http_c8['load_after']} |"
        )
    return "\n".join(lines)


def first_table(figures: list[SizeFigures]) -> str:
    """Markdown: each worker's first answer after start and after a write, and the workers' memory."""
    lines = [
        "| articles | ready s | each worker's first search after start: client ms (worker ms); then warm | write ms | "
        "each worker's first search after the write | "
        "written article found by both | workers' RSS MB: start; after load; after the write | load |",
        "|---:|---:|---|---:|---|---|---|---|",
    ]
    for f in figures:
        p = f.first_search
        found = all((a["total"] or 0) >= 1 for a in p["written_found"])
        lines.append(
            f"| {f.articles} | {p['ready_seconds']} | {_ms(p['after_start'])} ({_ms(p['warm'])}) | {p['write']['ms']} "
            f"({p['write']['status']}) | {_ms(p['after_write'])} | {'yes' if found else 'NO'} "
            f"({first_search.workers_seen(p['written_found'])} workers) | {p['rss_mb_after_start']}; "
            f"{f.workers_rss_mb}; {p['rss_mb_after_write']} | {p['load_before']}-{p['load_after']} |"
        )
    return "\n".join(lines)


def _ms(answers: list[dict]) -> str:
    return " / ".join(f"{a['ms']} (worker {a['worker_ms']})" for a in answers)


def corpora_for(sizes: list[int], out: Path, quick: bool) -> tuple[dict[int, Path], int | None]:
    """The corpus file of each size, written unless every one is already there, whole; and how many
    source articles they were made from (None when the files were already there)."""
    paths = {size: out / f"articles-{size}.jsonl" for size in sizes}
    if all(p.exists() and _lines(p) == size for size, p in paths.items()):
        return paths, None
    reuters = querylog.SHARED_DATA / "reuters21578"
    sources = [
        (querylog.SHARED_DATA / "bbc-fulltext", None),
        (reuters / "reut2-000.sgm" if quick else reuters, "reuters"),
    ]
    articles = source_articles(sources, QUICK_SOURCE_ARTICLES if quick else None)
    return write_corpora(articles, sizes, out), len(articles)


def _lines(path: Path) -> int:
    with open(path, "rb") as handle:
        return sum(1 for _ in handle)


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", default=None, help="comma-separated article counts (default 1000,10000,100000)")
    parser.add_argument(
        "--ner-limit",
        type=int,
        default=None,
        help=f"sizes above this use a blank pipeline, without entities (default {NER_LIMIT})",
    )
    parser.add_argument("--output", type=Path, default=querylog.OUTPUT)
    parser.add_argument(
        "--reuse",
        action="store_true",
        help="measure a size's index as an earlier run built it, instead of rebuilding it",
    )
    parser.add_argument("--quick", action="store_true", help="sizes 60 and 200 from 100 BBC and 100 Reuters stories")
    args = parser.parse_args(argv)
    serving.require_wrk()
    sizes = sorted(int(s) for s in args.sizes.split(",")) if args.sizes else list(QUICK_SIZES if args.quick else SIZES)
    ner_limit = args.ner_limit if args.ner_limit is not None else QUICK_NER_LIMIT if args.quick else NER_LIMIT
    plan = QUICK if args.quick else FULL
    out = args.output / "scale"
    out.mkdir(parents=True, exist_ok=True)
    load_start = os.getloadavg()
    started = time.perf_counter()
    corpora, source_count = corpora_for(sizes, out, args.quick)
    print(f"{source_count or 'the existing'} source articles; corpora ready in {time.perf_counter() - started:.0f} s")
    curve_queries = scale_curve.curve_queries(
        corpora[max(sizes)],
        out,
        *((scale_curve.QUICK_CURVE_FROM, scale_curve.QUICK_CURVE_QUERIES) if args.quick else ()),
    )
    figures = []
    for size in sizes:
        model = load_settings()["SPACY_MODEL"] if size <= ner_limit else blank_model(args.output)
        if size > ner_limit:
            print(f"{size} articles: tokenizer-only pipeline (spacy.blank('en')): no entities", flush=True)
        figures.append(measure_size(size, corpora[size], out, model, plan, curve_queries, args.reuse))
        print(table(figures[-1:]), first_table(figures[-1:]), sep="\n", flush=True)
    result = {
        "date": date.today().isoformat(),
        "quick": args.quick,
        "sizes": sizes,
        "ner_limit": ner_limit,
        "source_articles": source_count,
        "cpus": os.cpu_count(),
        "curve_queries": len(curve_queries),
        "load_average_at_start": [round(x, 2) for x in load_start],
        "load_average_at_end": [round(x, 2) for x in os.getloadavg()],
        "minutes": round((time.perf_counter() - started) / 60, 1),
        "figures": [asdict(f) for f in figures],
    }
    name = "-".join(str(size) for size in sizes)
    path = args.output / f"scale{'-quick' if args.quick else ''}.json"
    path.write_text(json.dumps(result, indent=2) + "\n")
    (args.output / f"scale{'-quick' if args.quick else ''}-{name}.json").write_text(
        json.dumps(result, indent=2) + "\n"
    )  # kept beside other runs
    print(table(figures), first_table(figures), scale_curve.table({f.articles: f.curve for f in figures}), sep="\n\n")
    print(f"figures written to {path.name}")


if __name__ == "__main__":
    main()
