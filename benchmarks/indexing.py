"""Rebuild speed, cold (empty entity cache) vs warm (cache hit), against a plain Whoosh loop without NER.

    .venv/bin/python -m benchmarks.indexing [--corpus bbc|reuters] [--quick] [--workers N]

Everything runs in one process, in this order: the plain Whoosh baseline, the cold rebuild, the warm
rebuild in the same index folder. Peak memory is the process's high-water mark (ru_maxrss), so each
figure is the peak *so far*: the warm rebuild's own peak is at most the figure shown for it.
Worker processes (NER on a cold rebuild) are measured apart, as RUSAGE_CHILDREN.
"""

from __future__ import annotations

import argparse
import os
import platform
import re
import resource
import shutil
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

from whoosh import index as whoosh_index

from searchsvc.index import schema as index
from searchsvc.index.indexer import Indexer
from searchsvc.ingest.articles import Article
from searchsvc.ingest.readers import read_sources
from searchsvc.settings import load_settings

SHARED_DATA = Path(__file__).resolve().parents[1].parent / "shared" / "data"
CORPORA = {"bbc": ("bbc-fulltext", None), "reuters": ("reuters21578", "reuters")}
QUICK_ARTICLES = 100
REUTERS_STORY = re.compile(rb"<REUTERS\b.*?</REUTERS>", re.S)


@dataclass
class Run:
    name: str
    seconds: float
    articles: int
    words: int
    index_bytes: int
    peak_self_mb: float
    peak_children_mb: float
    notes: str = ""


def peak_mb(who: int) -> float:
    return resource.getrusage(who).ru_maxrss / 1024  # kilobytes on Linux


def folder_bytes(path: Path) -> int:
    return sum(f.stat().st_size for f in path.rglob("*") if f.is_file())


def quick_sample(corpus: str, folder: Path, into: Path) -> Path:
    """A small copy of the corpus in a temporary folder (deleted afterwards) for a smoke run."""
    if corpus == "bbc":  # the first files of each category, copied (links out of a folder are not read)
        categories = sorted(p for p in folder.iterdir() if p.is_dir())
        per_category = -(-QUICK_ARTICLES // len(categories))
        for category in categories:
            (into / category.name).mkdir(parents=True)
            for file in sorted(category.glob("*.txt"))[:per_category]:
                shutil.copy(file, into / category.name / file.name)
        return into
    stories = []  # Reuters: the first stories of the first file that have a body
    for story in REUTERS_STORY.findall((sorted(folder.glob("*.sgm"))[0]).read_bytes()):
        if b"<BODY>" in story:
            stories.append(story)
        if len(stories) == QUICK_ARTICLES:
            break
    into.mkdir(parents=True, exist_ok=True)
    (into / "sample.sgm").write_bytes(b'<!DOCTYPE lewis SYSTEM "lewis.dtd">\n' + b"\n".join(stories) + b"\n")
    return into


def words_in(article: Article) -> int:
    return len(article.title.split()) + len(article.subtitle.split()) + len(article.body.split())


def plain_whoosh(source: Path, fmt: str | None, folder: Path) -> tuple[Run, list[Article]]:
    """Read the articles and write them with one Whoosh writer: same schema, no NER, no generations."""
    started = time.monotonic()
    articles = [a for a in read_sources([source], fmt) if isinstance(a, Article)]
    read_seconds = time.monotonic() - started
    folder.mkdir()
    ix = whoosh_index.create_in(str(folder), index.make_schema())
    with ix.writer(limitmb=index.WRITER_MEMORY_MB) as writer:
        for article in articles:
            writer.add_document(**index.to_document(article))
    seconds = time.monotonic() - started
    run = Run(
        "plain Whoosh, no NER",
        seconds,
        len(articles),
        sum(map(words_in, articles)),
        folder_bytes(folder),
        peak_mb(resource.RUSAGE_SELF),
        peak_mb(resource.RUSAGE_CHILDREN),
        f"reading the files: {read_seconds:.2f} s of it",
    )
    return run, articles


def rebuild(indexer: Indexer, source: Path, fmt: str | None, name: str, words: int) -> Run:
    summary = indexer.rebuild([source], fmt=fmt)
    notes = (
        f"read {summary.read}, indexed {summary.indexed}, NER run on {summary.entities_extracted}, "
        f"from cache {summary.entities_cached}"
    )
    return Run(
        name,
        summary.seconds,
        summary.indexed,
        words,
        folder_bytes(indexer.root / summary.generation),
        peak_mb(resource.RUSAGE_SELF),
        peak_mb(resource.RUSAGE_CHILDREN),
        notes,
    )


def report(runs: list[Run], corpus: str, quick: bool, workers: int, model: str, load: list[float]) -> str:
    lines = [
        f"corpus {corpus}{' (quick sample)' if quick else ''}, {runs[0].articles} articles, "
        f"{runs[0].words:,} words; model {model}; NER workers {workers}",
        f"machine: {os.cpu_count()} CPUs, {platform.machine()}, Python {platform.python_version()}, "
        f"{time.strftime('%Y-%m-%d')}; 1-minute load average {load[0]:.2f} before, {load[1]:.2f} after "
        "(other work on the machine slows every figure)",
        "",
        "| run | seconds | articles/s | words/s | index size | peak RSS (self) | peak RSS (children) |",
        "|---|---:|---:|---:|---:|---:|---:|",
    ]
    for run in runs:
        lines.append(
            f"| {run.name} | {run.seconds:.1f} | {run.articles / run.seconds:,.0f} | "
            f"{run.words / run.seconds:,.0f} | {run.index_bytes / 1e6:.1f} MB | "
            f"{run.peak_self_mb:,.0f} MB | {run.peak_children_mb:,.0f} MB |"
        )
    lines.append("")
    lines += [f"- {run.name}: {run.notes}" for run in runs if run.notes]
    baseline, cold, warm = runs
    lines += [
        "",
        f"warm rebuild: {cold.seconds / warm.seconds:.1f}x faster than cold (target: at least 10x)",
        f"time relative to the plain Whoosh loop: cold {cold.seconds / baseline.seconds:.2f}, "
        f"warm {warm.seconds / baseline.seconds:.2f}",
    ]
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--corpus", choices=sorted(CORPORA), default="bbc")
    parser.add_argument("--quick", action="store_true", help=f"about {QUICK_ARTICLES} articles (a smoke run)")
    parser.add_argument("--workers", type=int, default=2, help="NER processes on the cold rebuild (default 2)")
    args = parser.parse_args(argv)
    name, fmt = CORPORA[args.corpus]
    source = SHARED_DATA / name
    if not source.exists():
        print(f"../shared/data/{name} is not present: nothing to measure", file=sys.stderr)
        return 1
    model = load_settings()["SPACY_MODEL"]
    load = [os.getloadavg()[0]]
    with tempfile.TemporaryDirectory(prefix="searchsvc-bench-") as tmp:
        tmp = Path(tmp)
        if args.quick:
            source = quick_sample(args.corpus, source, tmp / "sample")
        baseline, articles = plain_whoosh(source, fmt, tmp / "plain")
        words = baseline.words
        del articles
        indexer = Indexer(root=tmp / "index", model=model, workers=args.workers)
        cold = rebuild(indexer, source, fmt, "rebuild, cold (empty entity cache)", words)
        warm = rebuild(indexer, source, fmt, "rebuild, warm (entity cache hit)", words)
    load.append(os.getloadavg()[0])
    print(report([baseline, cold, warm], args.corpus, args.quick, args.workers, model, load))
    return 0


if __name__ == "__main__":
    sys.exit(main())
