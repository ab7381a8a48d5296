from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
from datetime import UTC, datetime, timedelta, timezone

import pytest

from searchsvc.entities import annotate
from searchsvc.index.errors import UnknownArticle
from searchsvc.index.generations import KEEP_GENERATIONS, IndexMissing, LockBusy
from searchsvc.index.rebuild import PAUSE, STAGES
from searchsvc.index.schema import create, from_stored, to_document
from searchsvc.ingest.articles import Entities, make_article
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


AWKWARD = {  # what a reader may give each field: commas (names are stored as lists), quotes, markup, accents
    "id": "wire-2024.07_08-1",  # an id holds letters, digits, ".", "_" and "-" only
    "title": 'Strike, "then" talks: <b>AT&amp;T</b> \\ 50% — São Paulo, Zürich & 北京 📰',
    "subtitle": "Unions, bosses; and a 'deal'?",
    "body": 'First paragraph, with a comma; a backslash \\ there.\n\nSecond: "quoted", <mark>x</mark> & مرحبا.',
    "url": "https://example.com/news/a,b?q=1,2&x=%2C#frag",
    "source": "Wire, Inc.",
    "section": "World, Europe",
    "dateline": "PARIS, July 8 (Wire) -",
    "authors": ("Smith, John", "O'Neil; Mary", "Zoë Ångström"),
    "tags": ("a, b", "c/d", "e;f"),
    "category": "politics, world",
    "published": datetime(2024, 7, 8, 9, 30, 15, tzinfo=timezone(timedelta(hours=5, minutes=30))),
    "updated": datetime(2024, 7, 9, 0, 0, tzinfo=UTC),
}
# entity names lose their commas when extracted (entities/names.py), but keep everything else
AWKWARD_ENTITIES = Entities(
    people=("Seán O'Brien-Smith", "Zoë Ångström", "J.R.R. Tolkien"),
    organizations=("AT&T Inc.", "Procter & Gamble", "Médecins Sans Frontières"),
    places=("Côte d'Ivoire", "São Paulo", "北京"),
)


@pytest.mark.parametrize("source", ["seed", "awkward"])
def test_schema_round_trip(tmp_path, source):
    if source == "seed":
        [article] = read_sources([FOUNDING])
        article = article.with_entities(Entities(people=("Ramzan Kadyrov",), places=("Chechnya", "Russia")))
    else:
        article = make_article(AWKWARD, origin="wire/awkward.jsonl").with_entities(AWKWARD_ENTITIES)
        assert article.authors == AWKWARD["authors"] and article.body == AWKWARD["body"]  # as given
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


def rebuild_paused_at(stage, root, *sources, signals):
    """A rebuild process stopped at `stage` of its pipeline (see searchsvc/index/rebuild.py); return it and the
    file that says it is there: removing the file lets it go on."""
    proc = rebuild_process(root, *sources, env_extra={PAUSE: f"{stage}@{signals}"})
    wait_for(lambda: list(signals.glob(f"{stage}-*")) or proc.poll() is not None, f"the rebuild to reach {stage}")
    assert proc.poll() is None, proc.communicate()
    [marker] = signals.glob(f"{stage}-{proc.pid}")
    return proc, marker


def stories(tmp_path, count=30):
    """Articles sharing one body: entity extraction runs once."""
    return write_jsonl(
        tmp_path / "stories.jsonl",
        [
            {"id": f"b{n}", "title": f"Story {n}", "body": "A paragraph about the harbour of Valencia. " * 40}
            for n in range(count)
        ],
    )


def building(root):
    return list(root.glob("building-*"))


@pytest.mark.usefixtures("warm_seeds")  # the rebuild process sends its one text to a warm server
@pytest.mark.parametrize("stage", STAGES)  # its folder made, empty; then its index written but not switched to
def test_rebuild_killed_midway_leaves_old_generation_serving(seeds_index, tmp_path, stage):
    before = seeds_index.generations.current_name()
    proc, _ = rebuild_paused_at(stage, seeds_index.root, stories(tmp_path), signals=tmp_path)
    proc.send_signal(signal.SIGKILL)
    proc.communicate()
    assert proc.returncode == -signal.SIGKILL
    assert building(seeds_index.root), "the kill should have left a half-built generation"
    assert seeds_index.generations.current_name() == before
    assert hits(seeds_index.root, "chechnya").total == 1 and hits(seeds_index.root, "valencia").total == 0
    summary = seeds_index.rebuild([SEEDS])
    assert not building(seeds_index.root)
    assert summary.indexed == 1


@pytest.mark.usefixtures("warm_seeds")  # the rebuild process sends its one text to a warm server
def test_add_and_delete_during_rebuild_are_not_lost(seeds_index, tmp_path):
    [founding] = read_sources([FOUNDING])
    proc, marker = rebuild_paused_at("built", seeds_index.root, SEEDS, stories(tmp_path), signals=tmp_path)
    source = write_jsonl(tmp_path / "late.jsonl", [{"id": "late-1", "title": "Late news", "body": "Arrived late."}])
    seeds_index.add(list(read_sources([source])))  # after the rebuild read its sources and wrote its index
    seeds_index.delete([founding.id])
    marker.unlink()
    out, err = proc.communicate(timeout=300)
    assert proc.returncode == 0, err
    assert "edits applied 2" in out.decode()
    assert hits(seeds_index.root, "late").total == 1
    assert hits(seeds_index.root, "chechnya").total == 0
    assert hits(seeds_index.root).total == 31


@pytest.mark.usefixtures("warm_seeds")  # the rebuild process sends its one text to a warm server
def test_only_one_rebuild_runs_at_a_time(seeds_index, tmp_path):
    proc, marker = rebuild_paused_at("building", seeds_index.root, stories(tmp_path), signals=tmp_path)
    with pytest.raises(LockBusy, match="rebuild.lock is held by another process"):
        seeds_index.rebuild([SEEDS])
    marker.unlink()
    out, err = proc.communicate(timeout=300)
    assert proc.returncode == 0, err  # the first one was not disturbed
    assert hits(seeds_index.root).total == 30
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
