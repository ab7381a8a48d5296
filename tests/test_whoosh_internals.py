"""Whoosh's private parts are reached from one module, for one version of Whoosh-Reloaded: an upgrade
fails here first, and whoever upgrades reads searchsvc/index/whoosh_internals.py before anything else."""

from __future__ import annotations

import re
from pathlib import Path

from searchsvc.index import whoosh_internals

PACKAGE = Path(__file__).resolve().parent.parent / "searchsvc"
PRIVATE = re.compile(r"\b(?:reader|matcher|postings|column|weighting|terms)\._[a-z]\w*")


def test_the_installed_whoosh_is_the_one_the_internals_were_written_for():
    assert whoosh_internals.installed_version() == whoosh_internals.WRITTEN_FOR
    pinned = (PACKAGE.parent / "requirements.txt").read_text()
    assert f"Whoosh-Reloaded=={'.'.join(map(str, whoosh_internals.WRITTEN_FOR))}" in pinned


def test_no_other_module_reaches_into_whoosh():
    reaching = {
        str(path.relative_to(PACKAGE))
        for path in PACKAGE.rglob("*.py")
        if path.name != "whoosh_internals.py"
        and (
            "noqa: SLF001" in path.read_text() or PRIVATE.search(path.read_text()) or "whoosh.codec" in path.read_text()
        )
    }
    assert reaching == set()


def test_a_segment_remembers_whether_it_has_a_length_column(tmp_path):
    from whoosh.codec.whoosh3 import W3PerDocReader
    from whoosh.fields import ID, TEXT, Schema
    from whoosh.index import create_in

    whoosh_internals.remember_columns()
    whoosh_internals.remember_columns()  # twice: still one layer
    ix = create_in(str(tmp_path), Schema(id=ID(stored=True), body=TEXT))
    with ix.writer() as writer:
        writer.add_document(id="a", body="one two")
    with ix.searcher() as searcher:
        reader = searcher.reader()
        assert reader.doc_field_length(0, "body") == 2
        assert W3PerDocReader.has_column.remembers
        assert whoosh_internals.length_bytes(reader, "body") is not None
