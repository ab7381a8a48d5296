"""Precision and recall of entities against the hand-annotated gold sets: raw spaCy vs ours.

    .venv/bin/python -m benchmarks.entity_quality [--errors]            # ner_gold.json, 11 articles
    .venv/bin/python -m benchmarks.entity_quality --gold split [--errors] # dev and test halves
    .venv/bin/python -m benchmarks.entity_quality --gold split --halves dev  # dev alone

Gold annotations: benchmarks/ner_gold.json and benchmarks/ner_gold_split.json (paths relative to
../shared/data, or to the project for seeds/; a Reuters story by .sgm file and NEWID). Names match
exactly (case-sensitive); scores are micro-averaged over the articles. With --gold split, --errors
prints the dev half's errors only: the test half is the yardstick, and its errors are never shown.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from searchsvc.entities.mention_span import LABEL_TYPES
from searchsvc.entities.ner import extract, load_model, ner_text
from searchsvc.ingest.articles import ENTITY_TYPES, Article, Entities, article_id
from searchsvc.ingest.readers import read_sources
from searchsvc.settings import load_settings

PROJECT = Path(__file__).resolve().parents[1]
SHARED_DATA = PROJECT.parent / "shared" / "data"
GOLD = Path(__file__).resolve().parent / "ner_gold.json"
SPLIT_GOLD = Path(__file__).resolve().parent / "ner_gold_split.json"
SYSTEMS = ("raw spaCy", "ours")
HALVES = ("dev", "test")


def article_path(relative: str) -> Path:
    """Gold paths under seeds/ belong to the project; the others to ../shared/data."""
    return PROJECT / relative if relative.startswith("seeds/") else SHARED_DATA / relative


def story_id(relative: str, newid: int) -> str:
    """The id the Reuters reader gives story NEWID of a .sgm file named by its path under ../shared/data."""
    return article_id(origin=relative, position=newid)


def read_article(path: Path) -> Article:
    [article] = list(read_sources([path]))
    if not isinstance(article, Article):
        raise SystemExit(f"cannot read {path}: {article}")
    return article


def read_gold_article(entry: dict) -> Article:
    """The article a gold entry names: a one-article file, or a Reuters .sgm file and a NEWID."""
    if "newid" not in entry:
        return read_article(article_path(entry["path"]))
    wanted = story_id(entry["path"], entry["newid"])
    found = [
        a
        for a in read_sources([article_path(entry["path"])], fmt="reuters")
        if isinstance(a, Article) and a.id == wanted
    ]
    if len(found) != 1:
        raise SystemExit(f"no story NEWID {entry['newid']} with a body in {entry['path']}")
    return found[0]


def raw_entities(doc) -> Entities:
    """spaCy's own output, labels mapped to our types, names only whitespace-folded (the baseline)."""
    found: dict[str, list[str]] = {"people": [], "organizations": [], "places": []}
    for ent in doc.ents:
        kind = LABEL_TYPES.get(ent.label_)
        name = " ".join(ent.text.split())
        if kind and name not in found[kind]:
            found[kind].append(name)
    return Entities(
        people=tuple(found["people"]), organizations=tuple(found["organizations"]), places=tuple(found["places"])
    )


def counts(found: Entities, gold: dict) -> dict[str, tuple[int, int, int]]:
    """Per type: (true positives, predicted, gold) for one article."""
    result = {}
    for kind in ENTITY_TYPES:
        predicted, expected = set(getattr(found, kind)), set(gold[kind])
        result[kind] = (len(predicted & expected), len(predicted), len(expected))
    return result


def prf(tp: int, predicted: int, expected: int) -> tuple[float, float, float]:
    precision = tp / predicted if predicted else 0.0
    recall = tp / expected if expected else 0.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return precision, recall, f1


def table(totals: dict[str, dict[str, list[int]]]) -> str:
    lines = [
        "| type | system | TP | predicted | gold | precision | recall | F1 |",
        "|---|---|---:|---:|---:|---:|---:|---:|",
    ]
    for kind in (*ENTITY_TYPES, "all"):
        for system, by_kind in totals.items():
            if kind == "all":
                tp, pred, gold = (sum(by_kind[k][i] for k in ENTITY_TYPES) for i in range(3))
            else:
                tp, pred, gold = by_kind[kind]
            p, r, f = prf(tp, pred, gold)
            lines.append(f"| {kind} | {system} | {tp} | {pred} | {gold} | {p:.3f} | {r:.3f} | {f:.3f} |")
    return "\n".join(lines)


Totals = dict[str, dict[str, list[int]]]  # system -> type -> [TP, predicted, gold]


def empty_totals() -> Totals:
    return {system: {kind: [0, 0, 0] for kind in ENTITY_TYPES} for system in SYSTEMS}


def add(into: list[int], values) -> None:
    into[:] = [a + b for a, b in zip(into, values)]


def score(entries: list[dict], nlp, model: str, totals: Totals, errors: list | None) -> None:
    """Add each entry's counts, for raw spaCy and ours, to `totals`; our errors to `errors` unless None."""
    for gold in entries:
        article = read_gold_article(gold)
        found = {"raw spaCy": raw_entities(nlp(ner_text(article))), "ours": next(extract([article], model))}
        for system, entities in found.items():
            for kind, values in counts(entities, gold).items():
                add(totals[system][kind], values)
        if errors is None:
            continue
        name = f"{gold['path']}#{gold['newid']}" if "newid" in gold else gold["path"]
        for kind in ENTITY_TYPES:
            predicted, expected = set(getattr(found["ours"], kind)), set(gold[kind])
            errors.append((name, kind, sorted(predicted - expected), sorted(expected - predicted)))


def print_errors(errors: list) -> None:
    print("\nOur errors (FP = found but not in gold, FN = in gold but not found):")
    for name, kind, false_pos, false_neg in errors:
        if false_pos or false_neg:
            print(f"  {name} {kind}: FP {false_pos} FN {false_neg}")


def f1_line(label: str, totals: Totals) -> str:
    """One row of overall (all types) P/R/F1 for both systems."""
    cells = []
    for system in SYSTEMS:
        tp, pred, gold = (sum(totals[system][k][i] for k in ENTITY_TYPES) for i in range(3))
        cells.append(" | ".join(f"{v:.3f}" for v in prf(tp, pred, gold)))
    gold = sum(totals["ours"][k][2] for k in ENTITY_TYPES)
    return f"| {label} | {gold} | " + " | ".join(cells) + " |"


def split_report(nlp, model: str, errors_wanted: bool, halves: tuple[str, ...] = HALVES) -> None:
    """The halves of ner_gold_split.json, per type; per source and per round in brief; errors of the
    dev half only."""
    entries = json.loads(SPLIT_GOLD.read_text(encoding="utf-8"))["articles"]
    by_group: dict[tuple[str, str, int], Totals] = {}
    errors: list = []
    for half in halves:
        for source, round_ in sorted({(e["source"], e["round"]) for e in entries}):
            group = [e for e in entries if e["half"] == half and e["source"] == source and e["round"] == round_]
            by_group[half, source, round_] = empty_totals()
            # The test half is the yardstick: its errors are never collected, so never shown.
            score(
                group, nlp, model, by_group[half, source, round_], errors if half == "dev" and errors_wanted else None
            )
    sizes = {half: sum(1 for e in entries if e["half"] == half) for half in HALVES}
    print(f"Entities vs {SPLIT_GOLD.name} (model {model}), micro-averaged, exact names")
    for half in halves:
        figure = " (the figure)" if half == "test" else ""
        print(f"\n### {half} half{figure}: {sizes[half]} articles\n")
        print(table(summed(by_group, lambda key: key[0] == half)))
        print(
            "\n| part | gold | raw P | raw R | raw F1 | ours P | ours R | ours F1 |\n|---|---:|---:|---:|---:|---:|---:|---:|"
        )
        for source in sorted({key[1] for key in by_group}):
            print(f1_line(source, summed(by_group, lambda key: key[:2] == (half, source))))
        for round_ in sorted({key[2] for key in by_group}):
            print(f1_line(f"round {round_}", summed(by_group, lambda key: key[0] == half and key[2] == round_)))
    if errors_wanted:
        print_errors(errors)
        print("\n(errors of the test half are never printed)")


def summed(by_group: dict, wanted) -> Totals:
    """The totals of the groups whose key `wanted` accepts."""
    totals = empty_totals()
    for key, group in by_group.items():
        if wanted(key):
            for system in SYSTEMS:
                for kind in ENTITY_TYPES:
                    add(totals[system][kind], group[system][kind])
    return totals


def add_halves_option(parser: argparse.ArgumentParser, help: str) -> None:
    """--halves: score both halves of a split gold set, or the dev half alone (see chosen_halves)."""
    parser.add_argument("--halves", choices=("both", "dev"), default="both", help=help)


def chosen_halves(args: argparse.Namespace) -> tuple[str, ...]:
    """The halves --halves asks for: the test half is scored only when both are."""
    return HALVES if args.halves == "both" else ("dev",)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--gold",
        choices=("ner_gold", "split"),
        default="ner_gold",
        help="ner_gold.json (11 articles, default) or ner_gold_split.json (dev and test halves)",
    )
    parser.add_argument(
        "--errors",
        action=argparse.BooleanOptionalAction,
        default=None,
        help="print our false positives / negatives per article (default: yes for ner_gold, "
        "no for split; with split only the dev half's, never the test half's)",
    )
    add_halves_option(
        parser,
        "with split: score both halves (default) or the dev half alone, as when "
        "choosing between candidates, so the test half is scored only for the one chosen",
    )
    args = parser.parse_args(argv)
    if not SHARED_DATA.exists():
        print("../shared/data is not present: nothing to measure", file=sys.stderr)
        return 1
    model = load_settings()["SPACY_MODEL"]
    nlp = load_model(model)
    if args.gold == "split":
        split_report(nlp, model, errors_wanted=bool(args.errors), halves=chosen_halves(args))
        return 0
    gold_set = json.loads(GOLD.read_text(encoding="utf-8"))["articles"]
    totals, errors = empty_totals(), list[tuple]()
    score(gold_set, nlp, model, totals, errors)
    print(f"Entities vs gold ({len(gold_set)} articles, model {model}), micro-averaged, exact names\n")
    print(table(totals))
    if args.errors is not False:
        print_errors(errors)
    return 0


if __name__ == "__main__":
    sys.exit(main())
