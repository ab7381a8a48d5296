"""One generation's files (index/generation.py): its name says when it was built, it notes its
sources, and a read session holds the generation it searched."""

from __future__ import annotations

from datetime import UTC, datetime

from searchsvc.index.generation import Generation
from searchsvc.index.generations import Generations, built_at
from searchsvc.search.engine import Engine

from .conftest import copy_index


def test_its_name_says_when_it_was_built(tmp_path):
    moment = datetime(2026, 11, 25, 10, 15, 0, 123456, tzinfo=UTC)
    generation = Generation(tmp_path / f"gen-{Generation.stamp(moment)}")
    assert generation.name == "gen-20261125T101500123456Z"
    assert generation.built_at == moment == built_at(generation.name)
    assert Generation(tmp_path / "gen-yesterday").built_at is None and built_at("CURRENT") is None


def test_a_new_build_is_named_after_now(tmp_path):
    before = datetime.now(UTC)
    build = Generations(tmp_path).new_build_dir()
    built = Generation(build.with_name(build.name.replace("building-", "gen-"))).built_at
    assert built is not None and before <= built <= datetime.now(UTC)


def test_it_notes_its_sources_and_adds_to_them(tmp_path):
    generation = Generation(tmp_path)
    assert generation.built_from() is None
    generation.record_sources([tmp_path / "a.jsonl"], "jsonl")
    generation.record_sources([tmp_path / "b.jsonl", tmp_path / "a.jsonl"], None, merge=True)
    found = generation.built_from()
    assert found is not None and found.fmt == "jsonl"
    assert found.sources == (str((tmp_path / "a.jsonl").resolve()), str((tmp_path / "b.jsonl").resolve()))
    assert Generations(tmp_path.parent).built_from(tmp_path.name) == found


def test_a_read_session_holds_the_generation_it_searched(crafted_template, tmp_path):
    root = copy_index(crafted_template, tmp_path / "index")
    engine = Engine(root)
    with engine.session() as session:
        assert session.generation == Generations(root).current_generation()
        assert session.generation.folder == Generations(root).current()
        assert session.groups.groups == tuple(tuple(g) for g in session.generation.duplicate_groups())
        assert session.names == session.generation.names()
    engine.close()
