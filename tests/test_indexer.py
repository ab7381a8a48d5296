from __future__ import annotations

import json
import os
import signal
import subprocess
import sys

import pytest

from searchsvc.entities import annotate
from searchsvc.index.generations import KEEP_GENERATIONS, IndexMissing, LockBusy
from searchsvc.index.indexer import UnknownArticle
from searchsvc.index.schema import create, from_stored, to_document
from searchsvc.ingest.articles import Entities
from searchsvc.ingest.readers import read_sources
from searchsvc.search.engine import Engine
from searchsvc.search.ranked import SearchRequest, search

from .conftest import FOUNDING, MODEL, PROJECT, SEEDS, make_indexer, wait_for


def hits(root, q="", **kw):
    engine = Engine(root)
    with engine.searcher() as searcher:
        page = search(searcher, SearchRequest(q=q, per_page=100, **kw))
    engine.close()
    return page


def write_jsonl(path, records):
    path.write_text("".join(json.dumps(r) + "\n" for r in records))
    return path


def test_schema_round_trip(tmp_path):
    [article] = read_sources([FOUNDING])
    article = article.with_entities(Entities(people=("Ramzan Kadyrov",), places=("Chechnya", "Russia")))
    ix = create(tmp_path / "ix")
    with ix.writer() as writer:
        writer.add_document(**to_document(article))
    with ix.searcher() as searcher:
        back = from_stored(searcher.document(id=article.id))
    assert back == article


def test_rebuild_seeds_gives_one_article_with_entities(seeds_index):
    page = hits(seeds_index.root, "chechnya")
    assert page.total == 1
    article = page.hits[0].article
    assert article.title == "US Denies Visas to Gay Chechen Men Fleeing Persecution"
    assert "Ramzan Kadyrov" in article.entities.people
    assert hits(seeds_index.root, 'person:"ramzan kadyrov"').total == 1
    assert hits(seeds_index.root, "", people=("Vladimir Putin",)).total == 1
    assert hits(seeds_index.root, "", people=("Nobody",)).total == 0


def test_second_rebuild_of_unchanged_sources_runs_no_ner(seeds_index):
    summary = seeds_index.rebuild([SEEDS])
    assert summary.entities_extracted == 0 and summary.entities_cached == 1
    assert summary.indexed == 1


def test_rebuild_switches_generation_and_keeps_the_last_few(seeds_index):
    first = seeds_index.generations.current_name()
    names = [seeds_index.rebuild([SEEDS]).generation for _ in range(KEEP_GENERATIONS + 1)]
    assert first not in names and len(set(names)) == KEEP_GENERATIONS + 1
    kept = sorted(p.name for p in seeds_index.root.glob("gen-*"))
    assert kept == names[-KEEP_GENERATIONS:]
    assert seeds_index.generations.current_name() == names[-1]


def test_no_index_is_a_clear_error(tmp_path):
    with pytest.raises(IndexMissing, match="rebuild"):
        with Engine(tmp_path / "none").searcher():
            pass


def test_add_update_delete_with_exact_counts(seeds_index, tmp_path):
    source = write_jsonl(
        tmp_path / "new.jsonl",
        [{"id": "floods-1", "title": "Floods in Valencia", "body": "Heavy rain flooded Valencia in Spain."}],
    )
    seeds_index.add(list(read_sources([source])))
    assert hits(seeds_index.root).total == 2
    assert hits(seeds_index.root, "valencia").total == 1
    write_jsonl(source, [{"id": "floods-1", "title": "Storm in Valencia", "body": "A storm hit Valencia."}])
    seeds_index.add(list(read_sources([source])))
    page = hits(seeds_index.root, "valencia")
    assert page.total == 1 and page.hits[0].article.title == "Storm in Valencia"
    assert hits(seeds_index.root).total == 2
    seeds_index.delete(["floods-1"])
    assert hits(seeds_index.root, "valencia").total == 0 and hits(seeds_index.root).total == 1
    with pytest.raises(UnknownArticle):
        seeds_index.delete(["floods-1"])


def test_edits_survive_the_next_rebuild(seeds_index, tmp_path):
    [founding] = read_sources([FOUNDING])
    source = write_jsonl(tmp_path / "new.jsonl", [{"id": "x1", "title": "Added later", "body": "Kept body."}])
    seeds_index.add(list(read_sources([source])))
    seeds_index.delete([founding.id])
    summary = seeds_index.rebuild([SEEDS])
    assert summary.edits_applied == 2 and summary.indexed == 1
    assert [h.article.id for h in hits(seeds_index.root).hits] == ["x1"]


def test_write_waits_then_fails_clearly_when_locked(seeds_index, tmp_path):
    seeds_index.write_timeout = 0.3
    source = write_jsonl(tmp_path / "n.jsonl", [{"title": "T", "body": "B"}])
    with seeds_index.generations.write_lock(1):
        with pytest.raises(LockBusy, match="waited 0.3 s"):
            seeds_index.add(list(read_sources([source])))
    assert hits(seeds_index.root).total == 1


def rebuild_process(root, *sources, env_extra=None):
    env = {**os.environ, "SEARCHSVC_INDEX_DIR": str(root), **(env_extra or {})}
    return subprocess.Popen(
        [sys.executable, "-m", "searchsvc", "rebuild", *map(str, sources)],
        cwd=PROJECT,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    )


def big_source(tmp_path, count=4000):
    """Many articles sharing one body: entity extraction runs once, the index write takes seconds."""
    return write_jsonl(
        tmp_path / "big.jsonl",
        [
            {"id": f"b{n}", "title": f"Story {n}", "body": "A paragraph about the harbour of Valencia. " * 40}
            for n in range(count)
        ],
    )


def building(root):
    return list(root.glob("building-*"))


@pytest.mark.usefixtures("warm_seeds")  # the rebuild process sends its one text to a warm server
def test_rebuild_killed_midway_leaves_old_generation_serving(seeds_index, tmp_path):
    before = seeds_index.generations.current_name()
    proc = rebuild_process(seeds_index.root, big_source(tmp_path))
    wait_for(lambda: building(seeds_index.root) or proc.poll() is not None, "the rebuild to start writing")
    proc.send_signal(signal.SIGKILL)  # the new generation is being written: a moment of seconds
    proc.communicate()
    assert proc.returncode == -signal.SIGKILL, "the rebuild ended before the kill"
    assert building(seeds_index.root), "the kill should have left a half-built generation"
    assert seeds_index.generations.current_name() == before
    assert hits(seeds_index.root, "chechnya").total == 1
    summary = seeds_index.rebuild([SEEDS])
    assert not building(seeds_index.root)
    assert summary.indexed == 1


@pytest.mark.usefixtures("warm_seeds")  # the rebuild process sends its one text to a warm server
@pytest.mark.slow  # a rebuild of 3,001 articles in a process: 2-5 min loaded
def test_add_and_delete_during_rebuild_are_not_lost(seeds_index, tmp_path):
    [founding] = read_sources([FOUNDING])
    proc = rebuild_process(seeds_index.root, SEEDS, big_source(tmp_path, 3000))
    wait_for(lambda: building(seeds_index.root) or proc.poll() is not None, "the rebuild to start writing")
    assert proc.poll() is None, proc.communicate()
    source = write_jsonl(tmp_path / "late.jsonl", [{"id": "late-1", "title": "Late news", "body": "Arrived late."}])
    seeds_index.add(list(read_sources([source])))
    seeds_index.delete([founding.id])
    out, err = proc.communicate(timeout=300)
    assert proc.returncode == 0, err
    assert "edits applied 2" in out.decode()
    assert hits(seeds_index.root, "late").total == 1
    assert hits(seeds_index.root, "chechnya").total == 0
    assert hits(seeds_index.root).total == 3001


@pytest.mark.usefixtures("warm_seeds")  # the rebuild process sends its one text to a warm server
@pytest.mark.slow  # a rebuild of 2,000 articles in a process: 1-2 min loaded
def test_only_one_rebuild_runs_at_a_time(seeds_index, tmp_path):
    proc = rebuild_process(seeds_index.root, big_source(tmp_path, 2000))
    wait_for(lambda: building(seeds_index.root) or proc.poll() is not None, "the rebuild to start writing")
    assert proc.poll() is None, proc.communicate()
    with pytest.raises(LockBusy, match="rebuild.lock is held by another process"):
        seeds_index.rebuild([SEEDS])
    out, err = proc.communicate(timeout=300)
    assert proc.returncode == 0, err  # the first one was not disturbed
    assert hits(seeds_index.root).total == 2000
    assert seeds_index.rebuild([SEEDS]).indexed == 1  # and the next one runs


def test_entities_cached_under_other_rules_are_extracted_again(seeds_index, monkeypatch):
    assert seeds_index.rebuild([SEEDS]).entities_extracted == 0
    # what a bump of RULES_VERSION in entities.py does, without editing the code
    monkeypatch.setattr(annotate, "RULES_VERSION", annotate.RULES_VERSION + 1)
    summary = seeds_index.rebuild([SEEDS])
    assert (summary.entities_extracted, summary.entities_cached) == (1, 0)
    assert "Ramzan Kadyrov" in hits(seeds_index.root, "chechnya").hits[0].article.entities.people
    assert seeds_index.rebuild([SEEDS]).entities_extracted == 0  # kept under the new rules


def test_duplicate_ids_in_one_batch_keep_the_last(tmp_path):
    source = write_jsonl(
        tmp_path / "dups.jsonl",
        [{"id": "d", "title": "First", "body": "one"}, {"id": "d", "title": "Second", "body": "two"}],
    )
    indexer = make_indexer(tmp_path / "ix")
    summary = indexer.rebuild([source])
    assert summary.duplicates == 1 and summary.indexed == 1
    assert hits(indexer.root).hits[0].article.title == "Second"


def _fill_cache_for(folder, root):
    """Entities for every text in the folder, as NER would give (none), so no model is loaded."""
    from searchsvc.entities.annotate import model_signature
    from searchsvc.entities.cache import EntityCache

    cache = EntityCache(root / "entities.sqlite")
    cache.put_many([(a.content_hash, Entities()) for a in read_sources([folder])], model_signature(MODEL))
    cache.close()


def test_sync_reads_only_changed_files_and_keeps_edits(tmp_path):
    folder, root = tmp_path / "wire", tmp_path / "index"
    root.mkdir()
    folder.mkdir()
    for name, words in (("a", "alpha apples"), ("b", "bravo bananas"), ("c", "charlie cherries")):
        (folder / f"{name}.txt").write_text(f"Story {name}\n\n{words} were sold.\n")
    _fill_cache_for(folder, root)
    built = make_indexer(root)
    built.rebuild([folder])
    ids = {hit.article.title: hit.article.id for hit in hits(root, "sold").hits}
    unchanged = built.sync([folder])
    assert (unchanged.files, unchanged.changed_files, unchanged.put, unchanged.deleted) == (3, 0, 0, 0)
    built.delete([ids["Story a"]])  # an edit: sync must not undo it
    (folder / "a.txt").write_text("Story a\n\nalpha apricots were sold.\n")
    (folder / "b.txt").write_text("Story b\n\nbravo blueberries were sold.\n")
    (folder / "c.txt").unlink()
    (folder / "d.txt").write_text("Story d\n\ndelta dates were sold.\n")
    _fill_cache_for(folder, root)
    synced = built.sync([folder])
    assert (synced.changed_files, synced.removed_files, synced.put, synced.deleted) == (3, 1, 2, 1)
    assert synced.entities_extracted == 0 and synced.documents == 2
    assert {h.article.title for h in hits(root, "sold").hits} == {"Story b", "Story d"}
    assert hits(root, "blueberries").total == 1 and hits(root, "bananas").total == 0
    assert hits(root, "apricots").total == 0  # deleted by an edit, whatever the source says now
    again = built.rebuild([folder])  # a rebuild agrees with the synced index
    assert again.indexed == 2
    assert {h.article.title for h in hits(root, "sold").hits} == {"Story b", "Story d"}


def test_sync_of_an_index_without_a_manifest_asks_for_one_rebuild(seeds_index, tmp_path):
    (seeds_index.generations.current() / "sources.json").unlink()
    with pytest.raises(Exception, match="run `searchsvc rebuild` once"):
        seeds_index.sync([SEEDS])


def test_an_index_built_before_the_layer_packages_still_opens():
    """Whoosh pickles the analyzers by module name into each index; indexes built when analysis.py
    sat at the top of the package name searchsvc.analysis."""
    import pickle

    from searchsvc.index.analysis import StemAndExact

    assert pickle.loads(b"csearchsvc.analysis\nStemAndExact\n.") is StemAndExact


def test_names_come_from_the_generation_being_searched(crafted_template, tmp_path):
    """A rebuild published between opening the searcher and reading the names must not mix the new
    generation's aliases into a search over the old one."""
    import shutil

    from searchsvc.entities.corpus_names import NameDecisions
    from searchsvc.index.generations import Generations

    root = tmp_path / "index"
    shutil.copytree(crafted_template, root, ignore=shutil.ignore_patterns("*.lock"))
    generations, engine = Generations(root), Engine(root)
    with engine.searcher():
        before = engine.names().aliases
        build = generations.new_build_dir()
        shutil.copytree(generations.current(), build, dirs_exist_ok=True)
        NameDecisions(aliases={"pm": "Someone Else"}).save(build)
        generations.publish(build)
        assert engine.names().aliases == before != {"pm": "Someone Else"}
    with engine.searcher():
        assert engine.names().aliases == {"pm": "Someone Else"}
    engine.close()
