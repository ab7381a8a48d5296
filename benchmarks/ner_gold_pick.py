"""Pick the articles of the split entity gold set (ner_gold_split.json), reproducibly, before annotating.

    .venv/bin/python -m benchmarks.ner_gold_pick            # print the picks as JSON
    .venv/bin/python -m benchmarks.ner_gold_pick --check    # do the gold file's articles match?

36 BBC articles, allocated to the five categories in proportion to their sizes (largest remainder),
and 24 Reuters-21578 stories whose body has 80-400 words, drawn from all 22 .sgm files. The 10 BBC
articles of ner_gold.json are left out. Each article goes to the `dev` or the `test` half: half of
each source, alternating down the sampled list (BBC in category order), so the halves are
stratified by source and, as far as odd counts allow, by BBC category. A second round (seed 1102),
picked later to widen both halves, draws 24 BBC articles and 16 Reuters stories the same way from
the articles the first round left. Articles are referenced by path under ../shared/data (Reuters:
the .sgm file and its NEWID); no text is copied.
"""

from __future__ import annotations

import argparse
import json
import random
import re
import sys
from pathlib import Path

from searchsvc.ingest.articles import Article
from searchsvc.ingest.readers import read_sources

from .entity_quality import GOLD, SHARED_DATA, SPLIT_GOLD, story_id

SEED = 11  # issue 11
BBC_COUNT, REUTERS_COUNT = 36, 24
# A second round, picked later to widen both halves, from the articles the first round left.
ROUND_TWO_SEED = 1102
ROUND_TWO_BBC_COUNT, ROUND_TWO_REUTERS_COUNT = 24, 16
REUTERS_WORDS = (80, 400)
HALVES = ("test", "dev")
NEWIDS = re.compile(r'<REUTERS\b[^>]*NEWID="(\d+)"')


def allocate(sizes: dict[str, int], total: int) -> dict[str, int]:
    """Split `total` over the keys in proportion to `sizes`, by largest remainder."""
    whole = sum(sizes.values())
    shares = {key: total * size / whole for key, size in sizes.items()}
    counts = {key: int(share) for key, share in shares.items()}
    for key in sorted(shares, key=lambda k: shares[k] - counts[k], reverse=True)[: total - sum(counts.values())]:
        counts[key] += 1
    return counts


def bbc_files() -> dict[str, list[str]]:
    """The BBC articles' paths by category, both in name order."""
    folder = SHARED_DATA / "bbc-fulltext"
    return {
        category.name: sorted(f"bbc-fulltext/{category.name}/{path.name}" for path in category.glob("*.txt"))
        for category in sorted(folder.iterdir())
        if category.is_dir()
    }


def reuters_pool(words: tuple[int, int], wanted=lambda body: True) -> list[dict]:
    """The Reuters stories with a body of `words` (least, most) that is `wanted`, each body once."""
    pool, seen_bodies = [], set()
    for sgm in sorted((SHARED_DATA / "reuters21578").glob("reut2-*.sgm")):
        path = f"reuters21578/{sgm.name}"
        newids = {story_id(path, newid): newid for newid in map(int, NEWIDS.findall(sgm.read_text("latin-1")))}
        for item in read_sources([sgm], fmt="reuters"):
            if not isinstance(item, Article) or item.body in seen_bodies:
                continue
            seen_bodies.add(item.body)
            if words[0] <= len(item.body.split()) <= words[1] and wanted(item.body):
                pool.append({"path": path, "newid": newids[item.id]})
    return pool


def bbc_picks(rng: random.Random, count: int, taken: set) -> list[dict]:
    already = taken | {entry["path"] for entry in json.loads(GOLD.read_text(encoding="utf-8"))["articles"]}
    files = bbc_files()
    counts = allocate({category: len(paths) for category, paths in files.items()}, count)
    picks = []
    for category, paths in files.items():
        picks += [{"path": path} for path in rng.sample([p for p in paths if p not in already], counts[category])]
    return picks


def reuters_picks(rng: random.Random, count: int, taken: set) -> list[dict]:
    pool = reuters_pool(REUTERS_WORDS)
    return rng.sample([entry for entry in pool if (entry["path"], entry["newid"]) not in taken], count)


def one_round(seed: int, bbc_count: int, reuters_count: int, taken: set) -> list[dict]:
    rng = random.Random(seed)
    result = []
    for source, sampled in (
        ("BBC", bbc_picks(rng, bbc_count, taken)),
        ("Reuters", reuters_picks(rng, reuters_count, taken)),
    ):
        result += [{"source": source, "half": HALVES[i % 2], **entry} for i, entry in enumerate(sampled)]
    return result


def picks() -> list[dict]:
    """The sampled articles of both rounds, each with its source, half and round, BBC first in each."""
    first = one_round(SEED, BBC_COUNT, REUTERS_COUNT, set())
    # BBC articles are taken by path, Reuters stories by (file, NEWID)
    taken = {e["path"] for e in first if "newid" not in e} | {(e["path"], e["newid"]) for e in first if "newid" in e}
    second = one_round(ROUND_TWO_SEED, ROUND_TWO_BBC_COUNT, ROUND_TWO_REUTERS_COUNT, taken)
    return [{**entry, "round": 1} for entry in first] + [{**entry, "round": 2} for entry in second]


def main(argv: list[str] | None = None) -> int:
    return pick_or_check(argv, __doc__ or "", picks, SPLIT_GOLD, ("source", "half", "path", "newid", "round"))


def pick_or_check(argv: list[str] | None, doc: str, pick, gold: Path, keys: tuple[str, ...]) -> int:
    """A pick script's command line: print the picks, or (--check) compare them with the gold file's
    articles on `keys`."""
    parser = argparse.ArgumentParser(description=doc.splitlines()[0])
    parser.add_argument("--check", action="store_true", help="compare the picks with the gold file's articles")
    args = parser.parse_args(argv)
    if not SHARED_DATA.exists():
        print("../shared/data is not present: nothing to pick from", file=sys.stderr)
        return 1
    chosen = pick()
    if not args.check:
        print(json.dumps(chosen, indent=1))
        return 0
    stored = [{k: a[k] for k in keys if k in a} for a in json.loads(gold.read_text(encoding="utf-8"))["articles"]]
    if stored != chosen:
        print("the gold file's articles differ from the picks", file=sys.stderr)
        return 1
    print(f"{len(chosen)} articles: the gold file matches the picks")
    return 0


if __name__ == "__main__":
    sys.exit(main())
