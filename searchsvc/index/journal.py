"""The edits journal: articles added or replaced and ids deleted with `add`, `delete` or the API.

Sources may be read-only (a shared corpus), so edits are kept beside the index, in order, in
SQLite, and every rebuild applies them on top of what it read: the last edit of an id wins.

It is the write-ahead log of every write: an edit is journaled, then indexed, and each generation
remembers the last edit it holds (`journal-applied`). A write killed in between leaves the journal
ahead of the index; the next write, or the service's start, applies what is missing.
"""

from __future__ import annotations

import json
import os
import sqlite3
from dataclasses import dataclass
from pathlib import Path

from ..ingest.articles import Article, ArticleError, article_to_record
from ..ingest.readers.records import article_from_record

SCHEMA = """CREATE TABLE IF NOT EXISTS edits (
    seq INTEGER PRIMARY KEY AUTOINCREMENT, article_id TEXT NOT NULL,
    op TEXT NOT NULL CHECK (op IN ('put', 'delete')), record TEXT,
    at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')))"""
APPLIED_FILE = "journal-applied"  # in a generation's folder: the last edit (seq) it holds


@dataclass(frozen=True)
class Entry:
    """One edit as `searchsvc journal list` shows it; `problem` says why it cannot be applied."""

    seq: int
    at: str
    op: str
    article_id: str
    title: str = ""
    problem: str = ""


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
                [(article_id,) for article_id in deletes],
            )
            self._db.executemany(
                "INSERT INTO edits (article_id, op, record) VALUES (?, 'put', ?)",
                [(a.id, json.dumps(_without_entities(a))) for a in puts],
            )

    def forget(self, after: int) -> None:
        """Remove the edits after `after`: a write that failed (not killed) takes its edits back."""
        with self._db:
            self._db.execute("DELETE FROM edits WHERE seq > ?", (after,))

    def last_seq(self) -> int:
        return self._db.execute("SELECT COALESCE(MAX(seq), 0) FROM edits").fetchone()[0]

    def state(
        self, after: int = 0, upto: int | None = None, broken: list[Entry] | None = None
    ) -> dict[str, Article | None]:
        """Map each edited id to its latest article, or None when it was deleted last. An edit that
        cannot become an article (journaled by an older version) is left out, and noted in `broken`."""
        upto = self.last_seq() if upto is None else upto
        rows = self._db.execute(
            "SELECT seq, at, article_id, op, record FROM edits WHERE seq > ? AND seq <= ? ORDER BY seq", (after, upto)
        )
        state: dict[str, Article | None] = {}
        for seq, at, article_id, op, record in rows:
            try:
                state[article_id] = _article(record) if op == "put" else None
            except ArticleError as error:
                if broken is not None:
                    broken.append(Entry(seq, at, op, article_id, problem=str(error)))
        return state

    def entries(self, article_id: str | None = None, limit: int = 50) -> list[Entry]:
        """The newest edits (of one id, if given), oldest first."""
        where, values = ("WHERE article_id = ?", (article_id,)) if article_id else ("", ())
        rows = self._db.execute(
            f"SELECT seq, at, op, article_id, record FROM edits {where} ORDER BY seq DESC LIMIT ?", (*values, limit)
        ).fetchall()
        found = []
        for seq, at, op, edited, record in reversed(rows):
            title, problem = "", ""
            if op == "put":
                try:
                    title = _article(record).title
                except ArticleError as error:
                    problem = str(error)
            found.append(Entry(seq, at, op, edited, title, problem))
        return found

    def drop(self, seqs: list[int]) -> list[int]:
        """Remove these edits; return the ones that were there."""
        with self._db:
            there = [seq for seq in seqs if self._db.execute("SELECT 1 FROM edits WHERE seq = ?", (seq,)).fetchone()]
            self._db.executemany("DELETE FROM edits WHERE seq = ?", [(seq,) for seq in there])
        return there

    def close(self) -> None:
        self._db.close()


def _article(record: str) -> Article:
    try:
        return article_from_record(json.loads(record))
    except ValueError as error:  # not JSON: ArticleError is a ValueError too, and kept as it is
        raise error if isinstance(error, ArticleError) else ArticleError(f"unreadable record: {error}") from None


def _without_entities(article: Article) -> dict:
    record = article_to_record(article)
    record.pop("entities")  # recomputed (from the cache) when the edit is applied
    return record


def applied(folder: Path) -> int | None:
    """The last edit a generation holds; None for one built before generations kept it."""
    try:
        return int((folder / APPLIED_FILE).read_text())
    except (FileNotFoundError, ValueError):
        return None


def mark_applied(folder: Path, seq: int) -> None:
    """Remember that a generation holds every edit up to `seq` (replaced in one step)."""
    temporary = folder / f"{APPLIED_FILE}.tmp"
    temporary.write_text(f"{seq}\n")
    os.replace(temporary, folder / APPLIED_FILE)
