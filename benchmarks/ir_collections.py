"""IR test collections with relevance judgments, read into records with the project's JSON Lines fields.

SciFact (BEIR layout: corpus.jsonl, queries.jsonl, qrels/{train,test}.tsv) and Cranfield (SMART files
cran.all.1400, cran.qry, cranqrel), both from ../shared/data, never copied into the project.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from pathlib import Path

from ir_measures import R, nDCG

SHARED_DATA = Path(__file__).resolve().parents[1].parent / "shared" / "data"
MEASURES = [nDCG @ 10, R @ 100]
DEPTH = 100  # results ranked per query (the API's largest page)
TITLE_WORDS = 10  # a document without a title gets the first words of its body
QUICK_QUERIES, QUICK_DOCS = 25, 500
SMART_FIELD = re.compile(r"^\.([A-Z])\s*$")


@dataclass
class Collection:
    name: str
    documents: list[dict]  # {"id", "title", "body"}, ready for the JSON Lines file
    queries: dict[str, dict[str, str]]  # split -> query id -> text
    qrels: dict[str, dict[str, int]]  # query id -> document id -> gain
    notes: list[str] = field(default_factory=list)


def document(doc_id: str, title: str, body: str, notes: list[str]) -> dict | None:
    """A record with the documented fields; what is missing is filled from what exists, or None."""
    title, body = " ".join(title.split()), body.strip()
    if not title and not body:
        notes.append(f"document {doc_id} skipped: no title and no body")
        return None
    if not title:
        title = " ".join(body.split()[:TITLE_WORDS])
        notes.append(f"document {doc_id}: no title, the first {TITLE_WORDS} words of the body used")
    if not body:
        body = title
        notes.append(f"document {doc_id}: no body, the title used as body")
    return {"id": doc_id, "title": title, "body": body}


def read_scifact(folder: Path) -> Collection:
    notes: list[str] = []
    with open(folder / "corpus.jsonl", encoding="utf-8") as lines:
        documents = [document(r["_id"], r.get("title", ""), r.get("text", ""), notes) for r in map(json.loads, lines)]
    with open(folder / "queries.jsonl", encoding="utf-8") as lines:
        texts = {r["_id"]: r["text"] for r in map(json.loads, lines)}
    queries: dict[str, dict[str, str]] = {}
    qrels: dict[str, dict[str, int]] = {}
    for split in ("train", "test"):
        queries[split] = {}
        rows = (folder / "qrels" / f"{split}.tsv").read_text(encoding="utf-8").splitlines()[1:]
        for query_id, doc_id, score in (row.split("\t") for row in rows):
            queries[split][query_id] = texts[query_id]
            qrels.setdefault(query_id, {})[doc_id] = int(score)
    return Collection("scifact", [d for d in documents if d], queries, qrels, notes)


def read_smart(path: Path) -> list[tuple[str, dict[str, str]]]:
    """SMART records: (.I number, {letter: text}). A marker repeated after .W stays in the body,
    because in cran.all.1400 such lines sit inside abstracts (documents 240, 576, 578)."""
    records: list[tuple[str, dict[str, list[str]]]] = []
    current = None
    for line in path.read_text(encoding="latin-1").splitlines():
        if line.startswith(".I "):
            records.append((line[3:].strip(), {}))
            current = None
            continue
        marker = SMART_FIELD.match(line)
        if marker and records and "W" not in records[-1][1]:
            current = marker.group(1)
            records[-1][1][current] = []
        elif marker and records:
            current = "W"  # the marker line itself is dropped, the lines after it are body text
        elif current:
            records[-1][1][current].append(line)
    return [(number, {k: "\n".join(v) for k, v in fields.items()}) for number, fields in records]


def read_cranfield(folder: Path) -> Collection:
    notes: list[str] = []
    documents = [
        document(number, fields.get("T", ""), fields.get("W", ""), notes)
        for number, fields in read_smart(folder / "cran.all.1400")
    ]
    # queries are numbered 1..225 in file order in cranqrel, not by their .I numbers
    queries = {
        str(n): " ".join(fields.get("W", "").split())
        for n, (_, fields) in enumerate(read_smart(folder / "cran.qry"), start=1)
    }
    qrels: dict[str, dict[str, int]] = {}
    for line in (folder / "cranqrel").read_text(encoding="latin-1").splitlines():
        if line.strip():
            query_id, doc_id, grade = line.split()
            # grade 1 (complete answer) .. 4 (minimal interest) -> gain 4 .. 1; -1 (not relevant) -> 0
            qrels.setdefault(query_id, {})[doc_id] = 5 - int(grade) if int(grade) in (1, 2, 3, 4) else 0
    return Collection("cranfield", [d for d in documents if d], {"all": queries}, qrels, notes)


READERS = {"scifact": ("scifact-beir", read_scifact), "cranfield": ("cranfield", read_cranfield)}


def quick_cut(collection: Collection) -> Collection:
    """A smoke-run sample: the first queries of each split, their judged documents and others."""
    queries = {split: dict(list(q.items())[:QUICK_QUERIES]) for split, q in collection.queries.items()}
    wanted = {d for q in queries.values() for qid in q for d in collection.qrels.get(qid, {})}
    kept = [d for d in collection.documents if d["id"] in wanted]
    kept += [d for d in collection.documents if d["id"] not in wanted][: max(0, QUICK_DOCS - len(kept))]
    return Collection(collection.name, kept, queries, collection.qrels, collection.notes)


def read_bbc_titles(folder: Path, every: int = 10) -> Collection:
    """A known-item check for news: every tenth BBC headline as the query, its article (and any other
    with the same headline: BBC repeats a few stories) as the one relevant answer."""
    notes: list[str] = []
    documents = []
    for path in sorted(folder.glob("*/*.txt")):
        title, _, body = path.read_text(encoding="latin-1").partition("\n")
        record = document(f"{path.parent.name}-{path.stem}", title, body, notes)
        if record:
            documents.append(record)
    by_title: dict[str, list[str]] = {}
    for record in documents:
        by_title.setdefault(record["title"], []).append(record["id"])
    queries = {str(n): record["title"] for n, record in enumerate(documents[::every], start=1)}
    qrels = {qid: dict.fromkeys(by_title[text], 1) for qid, text in queries.items()}
    return Collection("bbc-titles", documents, {"all": queries}, qrels, notes)


READERS["bbc-titles"] = ("bbc-fulltext", read_bbc_titles)
