"""The edits journal as an operator sees it: `searchsvc journal list` and `drop`, and an edit that an
older version journaled but that cannot be applied (a lone surrogate) poisoning nothing."""

from __future__ import annotations

import json
import sqlite3

import pytest

from .conftest import AUTH, FOUNDING, make_indexer, run_cli

pytestmark = pytest.mark.usefixtures("warm_seeds")  # writes' entities from a warm server: NER is not tested here

POISONED = {
    "id": "poisoned",
    "title": "Harbour strike",
    "category": "business\ud800",
    "body": "Dockers in Valencia held a strike.",
}


def run(*args, index_dir):
    return run_cli(*args, index_dir=index_dir)


def journal_poisoned_by_an_older_version(index_dir) -> int:
    """Append the edit the old API journaled for a category with a lone surrogate; return its number."""
    with sqlite3.connect(index_dir / "edits.sqlite") as db:
        cursor = db.execute(
            "INSERT INTO edits (article_id, op, record) VALUES (?, 'put', ?)", ("poisoned", json.dumps(POISONED))
        )
        return cursor.lastrowid


def test_list_shows_each_edit_and_drop_removes_one(client, index_dir):
    client.post("/api/articles", json={"id": "kept", "title": "Kept story", "body": "A body."}, headers=AUTH)
    client.post("/api/articles", json={"id": "gone", "title": "Gone story", "body": "Another body."}, headers=AUTH)
    client.delete("/api/articles/gone", headers=AUTH)
    listed = run("journal", "list", index_dir=index_dir)
    assert listed.returncode == 0, listed.stderr
    rows = [line.split("\t") for line in listed.stdout.splitlines()]
    assert [(r[2], r[3], r[4]) for r in rows] == [
        ("put", "kept", "Kept story"),
        ("put", "gone", "Gone story"),
        ("delete", "gone", ""),
    ]
    assert run("journal", "list", "--id", "kept", index_dir=index_dir).stdout.count("\n") == 1
    dropped = run("journal", "drop", rows[0][0], index_dir=index_dir)
    assert dropped.returncode == 0 and "dropped 1 edit" in dropped.stdout
    assert "kept" not in run("journal", "list", index_dir=index_dir).stdout
    missing = run("journal", "drop", "999", index_dir=index_dir)
    assert missing.returncode == 1 and "no edit numbered 999" in missing.stderr


def test_an_edit_that_cannot_be_applied_poisons_nothing_and_can_be_dropped(client, index_dir):
    seq = journal_poisoned_by_an_older_version(index_dir)
    # writes go on (each applies what the journal holds beyond the index first)
    assert (
        client.post(
            "/api/articles", json={"id": "after", "title": "After", "body": "Still fine."}, headers=AUTH
        ).status_code
        == 201
    )
    problems = []
    summary = make_indexer(index_dir).rebuild([FOUNDING], on_problem=problems.append)  # failed before
    assert summary.indexed == 2
    assert [str(p) for p in problems] == [
        f"edits.sqlite: edit {seq} (put poisoned) cannot be applied: field 'category' holds a lone surrogate "
        f"(\\ud800) at character 9, which is not text; left out (`searchsvc journal drop {seq}` removes it)"
    ]
    listed = run("journal", "list", index_dir=index_dir)
    assert f"{seq}\t" in listed.stdout and "CANNOT BE APPLIED" in listed.stdout
    assert run("journal", "drop", str(seq), index_dir=index_dir).returncode == 0
    problems.clear()
    make_indexer(index_dir).rebuild([FOUNDING], on_problem=problems.append)
    assert problems == []
