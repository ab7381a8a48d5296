"""Precision and recall of quotes and speakers against quotes_gold.json: ours and a baseline.

    .venv/bin/python -m benchmarks.quote_quality                      # both halves
    .venv/bin/python -m benchmarks.quote_quality --halves dev --errors  # the dev half and its errors

A found quote is right when its text is a gold quote's (case, punctuation and spacing aside, one
word more or less at either edge allowed) and its speaker is the gold speaker or one of their names
(equal, a surname or trailing part of it, an acronym of it, or a name in the gold `also`); an
unnamed gold speaker (null) wants null. Each gold quote is matched once. The baseline takes each
span between a pair of quotation marks in a paragraph (a plain regex) and gives it the PERSON
entity nearest to it in the same sentence (sentences split by a plain regex too), or null. Both run
on the same spaCy parse; --errors prints the dev half's errors only: the test half is the yardstick,
and its errors are never shown.
"""

from __future__ import annotations

import argparse
import json
import re
import sys

from searchsvc.entities.names import acronym_of, fold, person_name
from searchsvc.entities.ner import entities_from_doc, load_model, ner_text
from searchsvc.entities.quotes import Quote, quotes_from_doc
from searchsvc.settings import load_settings

from .entity_quality import SHARED_DATA, add_halves_option, chosen_halves, read_gold_article
from .quotes_annotate import key
from .quotes_gold_pick import QUOTES_GOLD

SYSTEMS = ("baseline", "ours")
PAIRS = re.compile('["\u201c]([^"\u201c\u201d\n]+)["\u201d]')
SENTENCES = re.compile(r'(?<=[.!?])["\u201d]?\s+(?=["\u201c]?[A-Z])|\n+')


def words(text: str) -> list[str]:
    return re.sub(r"[^\w\s]", " ", text.casefold()).split()


def same_text(found: str, gold: str) -> bool:
    """Equal words, or one word more or less at one edge."""
    a, b = words(found), words(gold)
    if a == b:
        return True
    short, long_ = sorted((a, b), key=len)
    return len(long_) == len(short) + 1 and short in (long_[1:], long_[:-1]) and bool(short)


def same_speaker(found: str | None, gold: str | None, also: list[str]) -> bool:
    if found is None or gold is None:
        return found is gold
    found = person_name(fold(found)).casefold()
    for name in (gold, *also):
        name = name.casefold()
        if found == name or name.endswith(f" {found}") or found.endswith(f" {name}"):
            return True
        if acronym_of(found.upper(), name.title()) or acronym_of(name.upper(), found.title()):
            return True
    return False


def baseline(doc) -> list[Quote]:
    """Each quoted pair in a paragraph, said by the nearest PERSON in its sentence (or nobody)."""
    text, found = doc.text, []
    people = [e for e in doc.ents if e.label_ == "PERSON"]
    bounds = [0, *(m.end() for m in SENTENCES.finditer(text)), len(text)]
    for match in PAIRS.finditer(text):
        start, end = match.span(1)
        low = max(b for b in bounds if b <= match.start())
        high = min(b for b in bounds if b >= match.end())
        near = [
            e
            for e in people
            if low <= e.start_char
            and e.end_char <= high
            and (e.end_char <= match.start() or e.start_char >= match.end())
        ]
        nearest = min(near, key=lambda e: min(abs(e.start_char - end), abs(start - e.end_char)), default=None)
        speaker = person_name(fold(nearest.text)) if nearest is not None else None
        found.append(Quote(match.group(1).strip(), speaker, "people" if speaker else None, start, end))
    return found


def score(found: list[Quote], gold: list[dict], text: str) -> tuple[list[int], list, list]:
    """[right, found, gold, right text whatever the speaker], the wrong ones found and the gold ones missed."""
    left = list(gold)
    wrong, texts = [], 0
    for quote in found:
        match = next((g for g in left if same_text(quote.text, text[g["start"] : g["end"]])), None)
        texts += match is not None
        if match and same_speaker(quote.speaker, match["speaker"], match.get("also", [])):
            left.remove(match)
        else:
            wrong.append((quote, match["speaker"] if match else "(not a gold quote)"))
            if match:
                left.remove(match)
    right = len(found) - len(wrong)
    return [right, len(found), len(gold), texts], wrong, left


def prf(right: int, found: int, gold: int) -> tuple[float, float]:
    return (right / found if found else 0.0), (right / gold if gold else 0.0)


def run(halves: tuple[str, ...], errors_wanted: bool) -> None:
    model = load_settings()["SPACY_MODEL"]
    nlp = load_model(model)
    entries = json.loads(QUOTES_GOLD.read_text(encoding="utf-8"))["articles"]
    print(f"Quotes vs {QUOTES_GOLD.name} (model {model})")
    for half in halves:
        totals = {(system, source): [0, 0, 0, 0] for system in SYSTEMS for source in ("all", "BBC", "Reuters", "seeds")}
        errors = []
        for entry in (e for e in entries if e["half"] == half):
            text = ner_text(read_gold_article(entry))
            doc = nlp(text)
            found = {"baseline": baseline(doc), "ours": quotes_from_doc(doc, entities_from_doc(doc))}
            for system, quotes in found.items():
                counts, wrong, missed = score(quotes, entry["quotes"], text)
                for source in ("all", entry["source"]):
                    totals[system, source] = [a + b for a, b in zip(totals[system, source], counts)]
                # The test half is the yardstick: its errors are never collected, so never shown.
                if system == "ours" and half == "dev" and errors_wanted:
                    errors.append((key(entry), text, wrong, missed))
        print(f"\n### {half} half: {sum(1 for e in entries if e['half'] == half)} articles\n")
        print(
            "| system | part | right | found | gold | precision | recall | text only: P | R |\n"
            "|---|---|---:|---:|---:|---:|---:|---:|---:|"
        )
        for (system, source), (right, count, gold, texts) in totals.items():
            if gold or count:
                p, r = prf(right, count, gold)
                tp, tr = prf(texts, count, gold)
                print(f"| {system} | {source} | {right} | {count} | {gold} | {p:.3f} | {r:.3f} | {tp:.3f} | {tr:.3f} |")
        for name, text, wrong, missed in errors:
            for quote, gold_speaker in wrong:
                print(f"  {name} FP {quote.text[:60]!r} speaker={quote.speaker!r} gold={gold_speaker!r}")
            for gold in missed:
                print(f"  {name} FN {text[gold['start'] : gold['end']][:60]!r} gold={gold['speaker']!r}")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    add_halves_option(parser, "score both halves (default) or the dev half alone, as when tuning")
    parser.add_argument(
        "--errors", action="store_true", help="print our errors on the dev half (never the test half's)"
    )
    args = parser.parse_args(argv)
    if not SHARED_DATA.exists():
        print("../shared/data is not present: nothing to measure", file=sys.stderr)
        return 1
    run(chosen_halves(args), args.errors)
    return 0


if __name__ == "__main__":
    sys.exit(main())
