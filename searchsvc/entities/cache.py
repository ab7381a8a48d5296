"""Entities cached by article content and model, in SQLite beside the index."""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterable
from pathlib import Path

from ..ingest.articles import Entities

SCHEMA = """CREATE TABLE IF NOT EXISTS entities (
    content_hash TEXT NOT NULL, model TEXT NOT NULL, found TEXT NOT NULL,
    PRIMARY KEY (content_hash, model))"""
CHUNK = 500  # SQLite's limit on bound variables is far above this


class EntityCache:
    """Look up and store the entities found in a text by a given model version."""

    def __init__(self, path: Path):
        path.parent.mkdir(parents=True, exist_ok=True)
        self._db = sqlite3.connect(path, timeout=30)
        self._db.execute("PRAGMA journal_mode=WAL")
        self._db.execute(SCHEMA)

    def get_many(self, hashes: Iterable[str], model: str) -> dict[str, Entities]:
        hashes = list(dict.fromkeys(hashes))
        found: dict[str, Entities] = {}
        for start in range(0, len(hashes), CHUNK):
            chunk = hashes[start : start + CHUNK]
            marks = ",".join("?" * len(chunk))
            rows = self._db.execute(
                f"SELECT content_hash, found FROM entities WHERE model = ? AND content_hash IN ({marks})",
                [model, *chunk],
            )
            for content_hash, data in rows:
                found[content_hash] = Entities.from_record(json.loads(data))
        return found

    def put_many(self, items: Iterable[tuple[str, Entities]], model: str) -> None:
        with self._db:
            self._db.executemany(
                "INSERT OR REPLACE INTO entities VALUES (?, ?, ?)",
                [(content_hash, model, json.dumps(ents.as_record())) for content_hash, ents in items],
            )

    def close(self) -> None:
        self._db.close()
