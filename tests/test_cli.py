"""The command line as a user runs it: exit codes, stdout and stderr. Most commands run in this process
(click's CliRunner, `run`); those about what a real process shows (a summary with nothing on stderr,
one-line failures, exit codes of usage errors, a bad setting) start one (`run_cli_process`)."""

from __future__ import annotations

import json
from collections import Counter

import pytest

from .conftest import FOUNDING, PROJECT, run_cli, run_cli_process
from .crafted import ARTICLES

run = run_cli

pytestmark = pytest.mark.usefixtures("warm_seeds")  # writes' entities from a warm server: NER is not tested here


def test_rebuild_defaults_to_seeds_and_prints_a_summary(tmp_path):
    result = run_cli_process("rebuild", index_dir=tmp_path / "ix", env={"SEARCHSVC_SOURCES": str(PROJECT / "seeds")})
    assert result.returncode == 0, result.stderr
    assert "1 articles indexed" in result.stdout or "1 article indexed" in result.stdout
    assert "read 1, indexed 1, skipped 0" in result.stdout
    assert "entities: extracted for 1, from cache for 0" in result.stdout
    assert result.stderr == ""  # no progress bar when stderr is not a terminal


def corpus_counts(kind: str) -> Counter:
    """Articles of the crafted corpus naming each entity of a type, from its filled entity cache."""
    return Counter(name for article in ARTICLES for name in set(article["entities"][kind]))


def test_stats_counts_the_names_the_index_holds(crafted_template):
    counts = {kind: corpus_counts(kind) for kind in ("people", "organizations", "places")}
    data = json.loads(run("stats", "--json", index_dir=crafted_template).stdout)
    assert data["documents"] == len(ARTICLES) and data["generation"].startswith("gen-")
    assert data["entities"] == {kind: len(names) for kind, names in counts.items()}
    assert data["top_entities"]["people"][0] == {"value": "Tony Blair", "count": counts["people"]["Tony Blair"]}
    plain = run("stats", index_dir=crafted_template).stdout
    assert f"documents      {len(ARTICLES)}\n" in plain
    assert f"generation     {data['generation']} (built {data['built_at']})\n" in plain
    people = f"people         {len(counts['people'])} distinct; most mentioned: Tony Blair ({counts['people']['Tony Blair']}), "
    assert people in plain
    assert f"organizations  {len(counts['organizations'])} distinct" in plain  # a space between the label and the count


def test_search_finds_words_suggests_spellings_and_unknown_names(index_dir):
    found = run("search", "chechnya", index_dir=index_dir)
    assert found.returncode == 0
    assert "1 article match" in found.stdout and "US Denies Visas" in found.stdout
    assert "<mark>" not in found.stdout and "Chechnya" in found.stdout
    as_json = json.loads(run("search", "chechnia", "--json", index_dir=index_dir).stdout)
    assert as_json["suggestion"] == "chechnya" and as_json["total"] == 0
    unknown = run("search", "visas", "--place", "Chechnia", index_dir=index_dir).stdout
    assert "0 articles match" in unknown and "no place is called 'Chechnia'; did you mean: Chechnya?" in unknown


def test_add_and_delete(index_dir, tmp_path):
    story = tmp_path / "story.json"
    story.write_text(json.dumps({"id": "cli-1", "title": "Harbour strike", "body": "Dockers walked out."}))
    added = run("add", story, index_dir=index_dir)
    assert added.returncode == 0 and "added cli-1  Harbour strike" in added.stdout
    again = run("add", story, index_dir=index_dir)
    assert again.returncode == 0 and "replaced cli-1  Harbour strike" in again.stdout
    assert json.loads(run("stats", "--json", index_dir=index_dir).stdout)["documents"] == 2
    assert run("delete", "cli-1", index_dir=index_dir).returncode == 0
    missing = run("delete", "cli-1", index_dir=index_dir)
    assert missing.returncode == 1
    assert missing.stderr.strip() == "Error: no article with id cli-1; nothing deleted"


def test_failures_exit_1_with_one_line(tmp_path):
    no_index = run_cli_process("search", "x", index_dir=tmp_path / "none")
    assert no_index.returncode == 1 and len(no_index.stderr.strip().splitlines()) == 1
    assert "rebuild" in no_index.stderr


@pytest.mark.parametrize("command", ["stats", "rebuild"])
def test_a_bad_setting_stops_a_command_before_it_starts(command, tmp_path):
    result = run_cli_process(command, index_dir=tmp_path / "ix", env={"SEARCHSVC_NER_WORKERS": "two"})
    assert result.returncode == 1
    assert result.stderr == "Error: SEARCHSVC_NER_WORKERS='two' is not a whole number of 1 or more\n"
    assert result.stdout == "" and not (tmp_path / "ix").exists()


def test_a_bad_query_is_one_line_on_an_index_that_exists(index_dir):
    bad_query = run("search", "a*", index_dir=index_dir)
    assert bad_query.returncode == 1
    assert bad_query.stderr.strip() == "Error: 'a*': put at least 2 letters before a wildcard"


def test_strict_fails_on_first_skip_and_leaves_nothing_half_built(tmp_path, index_dir):
    broken = tmp_path / "broken.jsonl"
    broken.write_text('{"title": "ok", "body": "fine"}\n{"title": \n')
    before = run("stats", "--json", index_dir=index_dir).stdout
    strict = run("rebuild", FOUNDING, broken, "--strict", index_dir=index_dir)
    assert strict.returncode == 1
    assert "broken.jsonl:2" in strict.stderr and "--strict" in strict.stderr
    assert (
        json.loads(run("stats", "--json", index_dir=index_dir).stdout)["generation"] == json.loads(before)["generation"]
    )
    lenient = run("rebuild", FOUNDING, broken, index_dir=index_dir)
    assert lenient.returncode == 0
    assert "skipped" in lenient.stderr and "broken.jsonl:2: invalid JSON" in lenient.stderr
    assert "skipped 1: invalid JSON" in lenient.stdout


def test_the_summary_counts_skips_by_reason_and_indexes_bad_dates_undated(tmp_path):
    records = tmp_path / "mixed.jsonl"
    records.write_text(
        '{"title": "a", "body": "one"}\n{"title": "b"}\n{"title": "c"}\n'
        '{"title": "d", "body": "four", "published": "the day after never"}\n'
    )
    result = run("rebuild", records, index_dir=tmp_path / "ix")
    assert result.returncode == 0, result.stderr
    assert "skipped 2: missing field 'body'" in result.stdout  # one line per reason, not per record
    assert "indexed with a warning 1: field 'published': cannot read '…' as a date" in result.stdout
    assert "mixed.jsonl:4: field 'published': cannot read 'the day after never' as a date" in result.stderr
    found = json.loads(run("search", "four", "--json", index_dir=tmp_path / "ix").stdout)
    assert found["total"] == 1 and found["hits"][0]["published"] is None


def test_search_takes_filters_sort_and_says_when_it_fell_back(crafted_template):
    politics = run("search", "blair", "--category", "politics", "--sort", "oldest", index_dir=crafted_template)
    assert politics.returncode == 0 and politics.stdout.startswith("3 articles match")
    assert politics.stdout.index("Blair defends Iraq") < politics.stdout.index("Blair and Brown")
    person = run("search", "--person", "gordon brown", "--place", "UK", index_dir=crafted_template)
    assert person.stdout.startswith("2 articles match")
    fallback = run("search", "strike walkout", index_dir=crafted_template)
    assert "no article has all the words" in fallback.stdout


def test_a_missing_source_fails_and_leaves_the_index_alone(index_dir):
    before = json.loads(run("stats", "--json", index_dir=index_dir).stdout)
    typo = run("rebuild", PROJECT / "seedz", index_dir=index_dir)
    assert typo.returncode == 1
    assert typo.stderr.strip().startswith("Error: no such file or folder:") and "seedz" in typo.stderr
    assert json.loads(run("stats", "--json", index_dir=index_dir).stdout) == before


def test_a_rebuild_that_reads_nothing_keeps_the_articles_unless_asked(index_dir, tmp_path):
    empty = tmp_path / "empty"
    empty.mkdir()
    (empty / "notes.md").write_text("not an article")
    refused = run("rebuild", empty, index_dir=index_dir)
    assert refused.returncode == 1 and "keeps its 1 articles" in refused.stderr
    assert "--allow-empty" in refused.stderr
    assert json.loads(run("stats", "--json", index_dir=index_dir).stdout)["documents"] == 1
    emptied = run("rebuild", empty, "--allow-empty", index_dir=index_dir)
    assert emptied.returncode == 0
    assert json.loads(run("stats", "--json", index_dir=index_dir).stdout)["documents"] == 0


def test_usage_errors_exit_2(tmp_path):
    assert run_cli_process("rebuild", "--format", "pdf", index_dir=tmp_path).returncode == 2
    assert run_cli_process("delete", index_dir=tmp_path).returncode == 2
    assert run_cli_process("frobnicate", index_dir=tmp_path).returncode == 2


def test_sync_reports_what_changed(index_dir):
    synced = run("sync", PROJECT / "seeds", index_dir=index_dir)
    assert synced.returncode == 0, synced.stderr
    assert "0 files new or changed, 0 files removed, of 1 read" in synced.stdout
    assert "1 article now" in synced.stdout


def test_search_exports_every_match_and_batch_runs_a_file(crafted_template, tmp_path):
    rows = run("search", "blair", "--format", "csv", "--all", index_dir=crafted_template)
    assert rows.returncode == 0 and len(rows.stdout.splitlines()) == 5  # header + 4 matches
    assert rows.stdout.startswith("id,title,url,source,section,category,published,score,people")
    lines = run("search", "blair", "--format", "jsonl", "--limit", "2", index_dir=crafted_template)
    assert len(lines.stdout.splitlines()) == 2 and json.loads(lines.stdout.splitlines()[0])["id"]
    names = tmp_path / "names.txt"
    names.write_text("blair\nfederer\na*\n")
    batch = run("batch", names, index_dir=crafted_template)
    assert batch.returncode == 0
    assert batch.stdout.splitlines()[1].startswith("federer\t1 article\tFederer wins in Melbourne")
    assert "at least 2 letters" in batch.stdout.splitlines()[2]
    as_csv = run("batch", names, "--csv", index_dir=crafted_template)
    assert as_csv.stdout.splitlines()[0] == "query,total,top_titles,top_ids,error"
