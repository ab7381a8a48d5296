"""The annotator's tool for quotes_gold.json: show a half's texts with their quotation marks numbered,
and turn an annotator's mark numbers into the gold file's character offsets.

    .venv/bin/python -m benchmarks.quotes_annotate show --half test      # texts, marks numbered
    .venv/bin/python -m benchmarks.quotes_annotate write MARKS.json      # marks -> offsets in the gold

It runs no extractor: it only numbers every double quotation mark (straight or curly) so that a
quote can be written down as "from mark 3 to mark 4, said by Tony Blair". MARKS.json maps an
article's key (its path, and `#NEWID` for a Reuters story) to a list of [open mark, close mark,
speaker or null]; the quote is the text between the two marks. The text is the one NER reads
(`ner_text`: the body; a subtitle before it where the reader gives one).
"""

from __future__ import annotations

import argparse
import json
import re
import sys
from pathlib import Path

from searchsvc.entities.ner import ner_text

from .entity_quality import read_gold_article
from .quotes_gold_pick import QUOTES_GOLD

MARKS = re.compile('["\u201c\u201d]')


def key(entry: dict) -> str:
    return f"{entry['path']}#{entry['newid']}" if "newid" in entry else entry["path"]


def show(entries: list[dict]) -> None:
    for entry in entries:
        text = ner_text(read_gold_article(entry))
        numbered, count = [], 0
        for piece in re.split(f"({MARKS.pattern})", text):
            if MARKS.fullmatch(piece):
                numbered.append(f"[{count}{piece}]")
                count += 1
            else:
                numbered.append(piece)
        print(f"\n===== {key(entry)} ({entry['half']}, {count} marks)\n{''.join(numbered)}")


def write(entries: list[dict], marks_file: Path, gold: dict) -> None:
    """Replace the quotes of each article named in `marks_file` by the offsets its marks give."""
    marks = json.loads(marks_file.read_text(encoding="utf-8"))
    by_key = {key(entry): entry for entry in entries}
    for name, quotes in marks.items():
        text = ner_text(read_gold_article(by_key[name]))
        where = [m.start() for m in MARKS.finditer(text)]
        found = []
        for opening, closing, speaker, *also in quotes:
            start, end = where[opening] + 1, where[closing]
            start += len(text[start:end]) - len(text[start:end].lstrip())
            end -= len(text[start:end]) - len(text[start:end].rstrip())
            if start >= end:
                raise SystemExit(f"{name}: marks {opening}-{closing} hold no text")
            found.append({"start": start, "end": end, "speaker": speaker, **({"also": also[0]} if also else {})})
        for article in gold["articles"]:
            if key(article) == name:
                article["quotes"] = found
                article["annotated"] = True


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("command", choices=("show", "write"))
    parser.add_argument("marks", nargs="?", type=Path, help="with write: the annotator's marks file")
    parser.add_argument("--half", choices=("test", "dev"), default="test")
    args = parser.parse_args(argv)
    gold = json.loads(QUOTES_GOLD.read_text(encoding="utf-8"))
    entries = [entry for entry in gold["articles"] if entry["half"] == args.half]
    if args.command == "show":
        show(entries)
        return 0
    write(entries, args.marks, gold)
    QUOTES_GOLD.write_text(json.dumps(gold, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
