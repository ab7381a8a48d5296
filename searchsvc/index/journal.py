"""The edits journal: articles added or replaced and ids deleted with `add`, `delete` or the API.

Sources may be read-only (a shared corpus), so edits are kept beside the index, in order, in
SQLite, and every rebuild applies them on top of what it read: the last edit of an id wins.
"""
from __future__ import annotations

import json
import sqlite3
from pathlib import Path

from ..ingest.articles import Article, article_to_record
from ..ingest.readers.records import article_from_record

SCHEMA = """CREATE TABLE IF NOT EXISTS edits (
    seq INTEGER PRIMARY KEY AUTOINCREMENT, article_id TEXT NOT NULL,
    op TEXT NOT NULL CHECK (op IN ('put', 'delete')), record TEXT,
    at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')))"""


class Journal:
    """Append edits durably, and read back the state they leave each id in."""

    def __init__(self, path: Path):
        path.parent.mkdir(parents=True, exist_ok=True)
        self._db = sqlite3.connect(path, timeout=30)
        self._db.execute("PRAGMA journal_mode=WAL")
        self._db.execute("PRAGMA synchronous=FULL")
        self._db.execute(SCHEMA)

    def record(self, puts: list[Article], deletes: list[str]) -> None:
        """Write a batch of edits in one transaction."""
        with self._db:
            self._db.executemany(
                "INSERT INTO edits (article_id, op, record) VALUES (?, 'delete', NULL)",
                [(article_id,) for article_id in deletes])
            self._db.executemany(
                "INSERT INTO edits (article_id, op, record) VALUES (?, 'put', ?)",
                [(a.id, json.dumps(_without_entities(a))) for a in puts])

    def last_seq(self) -> int:
        return self._db.execute("SELECT COALESCE(MAX(seq), 0) FROM edits").fetchone()[0]

    def state(self, after: int = 0, upto: int | None = None) -> dict[str, Article | None]:
        """Map each edited id to its latest article, or None when it was deleted last."""
        upto = self.last_seq() if upto is None else upto
        rows = self._db.execute(
            "SELECT article_id, op, record FROM edits WHERE seq > ? AND seq <= ? ORDER BY seq",
            (after, upto))
        state: dict[str, Article | None] = {}
        for article_id, op, record in rows:
            state[article_id] = article_from_record(json.loads(record)) if op == "put" else None
        return state

    def close(self) -> None:
        self._db.close()


def _without_entities(article: Article) -> dict:
    record = article_to_record(article)
    record.pop("entities")  # recomputed (from the cache) when the edit is applied
    return record
