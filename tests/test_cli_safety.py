"""No slip of the command line loses the archive: bare rebuild and sync, add with bad records, Ctrl-C
during a rebuild, and commands run from another folder (issue 25)."""

from __future__ import annotations

import json
import os
import shutil
import signal
import subprocess
import sys
from pathlib import Path

import pytest

from searchsvc.index.generations import Generations

from .conftest import SEEDS, copy_index, run_cli, wait_for


@pytest.fixture
def crafted(crafted_template, tmp_path):
    """A private copy of the crafted index: 22 articles read from one JSON Lines file."""
    return copy_index(crafted_template, tmp_path / "crafted")


def invoke(*args, index):
    return run_cli(*args, "--index", index)


def documents(root) -> int:
    return json.loads(invoke("stats", "--json", index=root).stdout)["documents"]


def test_a_bare_rebuild_reads_the_current_generations_sources_not_the_seeds(crafted):
    before = Generations(crafted).current_name()
    corpus = Generations(crafted).built_from(before).sources
    result = invoke("rebuild", index=crafted)
    assert result.returncode == 0, result.stderr
    assert f"No sources given: rebuild reads the sources of generation {before}: {corpus[0]}" in result.stdout
    assert "22 articles indexed" in result.stdout
    assert documents(crafted) == 22  # before: the 1 seed article, exit 0


def test_a_bare_sync_reads_the_current_generations_sources(crafted):
    result = invoke("sync", index=crafted)
    assert result.returncode == 0, result.stderr
    assert "No sources given: sync reads the sources of generation" in result.stdout
    assert "0 files new or changed" in result.stdout and "22 articles now" in result.stdout


def test_a_sync_with_other_sources_adds_them_to_what_a_bare_rebuild_reads(crafted, tmp_path):
    extra = tmp_path / "extra"
    extra.mkdir()
    shutil.copy(SEEDS / "000_41ce3bb57fa76bf3.txt", extra)
    assert invoke("sync", extra, index=crafted).returncode == 0
    assert documents(crafted) == 23
    rebuilt = invoke("rebuild", index=crafted)
    assert rebuilt.returncode == 0, rebuilt.stderr
    assert str(extra) in rebuilt.stdout and documents(crafted) == 23


def test_a_bare_rebuild_of_a_generation_that_does_not_say_its_sources_refuses(crafted):
    (Generations(crafted).current() / "built-from.json").unlink()
    result = invoke("rebuild", index=crafted)
    assert result.returncode == 1
    assert "does not say what it was read from" in result.stderr and "the index is unchanged" in result.stderr
    assert documents(crafted) == 22


def test_generations_lists_and_rollback_serves_the_previous_again(crafted, tmp_path):
    first = Generations(crafted).current_name()
    assert invoke("rebuild", SEEDS, index=crafted).returncode == 0  # the slip: 1 article instead of 22
    second = Generations(crafted).current_name()
    listed = invoke("generations", index=crafted).stdout.splitlines()
    assert [line.split()[-3:-1] for line in listed] == [["22", "articles"], ["1", "articles"]]
    assert listed[0].startswith(f"  {first}  ") and listed[1].startswith(f"* {second}  ")
    assert listed[1].endswith(str(SEEDS))
    back = invoke("rollback", index=crafted)
    assert back.returncode == 0, back.stderr
    assert f"Serving {first} again (22 articles) instead of {second}" in back.stdout
    assert documents(crafted) == 22
    assert invoke("generations", index=crafted).stdout.startswith(f"* {first}")
    none_older = invoke("rollback", index=crafted)
    assert none_older.returncode == 1 and f"no generation older than {first} is kept" in none_older.stderr
    assert invoke("rollback", "--to", second, index=crafted).returncode == 0
    assert documents(crafted) == 1


def test_rollback_can_reach_the_last_few_generations(crafted):
    first = Generations(crafted).current_name()
    for _ in range(3):
        assert invoke("rebuild", SEEDS, index=crafted).returncode == 0
    assert first in Generations(crafted).names()  # before: only the current and the previous were kept
    assert invoke("rollback", "--to", first, index=crafted).returncode == 0
    assert documents(crafted) == 22


def write_lines(path, lines):
    path.write_text("".join(line + "\n" for line in lines))
    return path


def test_add_adds_every_good_record_and_reports_each_bad_one(crafted, tmp_path):
    story = tmp_path / "story.json"
    story.write_text(json.dumps({"id": "s-1", "title": "Harbour strike", "body": "Dockers walked out."}))
    more = write_lines(
        tmp_path / "more.jsonl",
        [
            json.dumps({"id": "m-1", "title": "First", "body": "One."}),
            json.dumps({"id": "m-2", "title": "Second", "body": "Two.", "published": "not a date"}),
            '{"id": "m-3", "title": "Broken',
            json.dumps({"id": "m-4", "title": "Fourth", "body": "Four."}),
        ],
    )
    result = invoke("add", story, more, index=crafted)
    assert result.returncode == 1
    assert f"skipped {tmp_path.name}/more.jsonl:3: invalid JSON" in result.stderr
    assert f"warning {tmp_path.name}/more.jsonl:2: field 'published'" in result.stderr  # kept, undated
    assert "Error: 1 record skipped (listed above); 4 articles added or replaced" in result.stderr
    for added in ("s-1", "m-1", "m-2", "m-4"):
        assert f"added {added}" in result.stdout
    assert documents(crafted) == 26  # before: 22, nothing added


# -- real processes: Ctrl-C, another folder ---------------------------------------------------------


def searchsvc(*args, cwd, env_extra=None, **popen):
    env = {**os.environ, **(env_extra or {})}
    env.pop("SEARCHSVC_INDEX_DIR", None)
    return subprocess.Popen(
        [sys.executable, "-m", "searchsvc", *map(str, args)],
        cwd=cwd,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        **popen,
    )


def children(pid: int) -> list[str]:
    try:
        return Path(f"/proc/{pid}/task/{pid}/children").read_text().split()
    except FileNotFoundError:
        return []


def working(pid: str) -> bool:
    """Whether a worker has run for a tenth of a second: past its start (see the report of issue 25: a
    Ctrl-C within the instant of a fork can still be swallowed by Python's fork hooks)."""
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except FileNotFoundError:
        return False
    return int(fields[11]) + int(fields[12]) >= os.sysconf("SC_CLK_TCK") // 10  # utime + stime


def session_processes(sid: int) -> list[str]:
    return subprocess.run(["pgrep", "-s", str(sid)], capture_output=True, text=True).stdout.split()


def ctrl_c_when_workers_run(proc) -> tuple[str, str]:
    """Press Ctrl-C as a terminal does (SIGINT to the whole process group) once the rebuild has started
    its worker processes, past their start; return its stdout and stderr."""

    def workers_started():
        workers = children(proc.pid)
        return len(workers) >= 2 and all(map(working, workers))

    wait_for(lambda: workers_started() or proc.poll() is not None, "the rebuild's workers")
    assert proc.poll() is None, proc.communicate()
    os.killpg(proc.pid, signal.SIGINT)
    try:
        return proc.communicate(timeout=60)
    except subprocess.TimeoutExpired:  # before: it hung, waiting for spaCy's dead workers
        os.killpg(proc.pid, signal.SIGKILL)
        proc.communicate()
        pytest.fail("the interrupted rebuild did not end within 60 s")


def many_articles(path, count, same_body=False):
    return write_lines(
        path,
        [
            json.dumps(
                {
                    "id": f"b{n}",
                    "title": f"Story {n}",
                    "body": "A paragraph about the harbour of Valencia. " * 40
                    if same_body
                    else f"Minister Anna Berg{n} of Sweden met officials of the Harbour Board {n} in Valencia on day {n}.",
                }
            )
            for n in range(count)
        ],
    )


@pytest.mark.parametrize("stage", ["entities", "writing"])
def test_ctrl_c_during_a_rebuild_says_one_line_and_leaves_no_build(crafted, tmp_path, stage):
    """`entities`: 400 texts not in the cache, so spaCy runs in 2 worker processes; `writing`: 4,000
    articles of one text, so Whoosh writes with 2 processes."""
    before = Generations(crafted).current_name()
    source = many_articles(tmp_path / "many.jsonl", 400 if stage == "entities" else 4000, stage == "writing")
    proc = searchsvc("rebuild", source, "--index", crafted, "--workers", "2", cwd=tmp_path, start_new_session=True)
    out, err = ctrl_c_when_workers_run(proc)
    assert proc.returncode == 130, err
    assert err.splitlines() == [f"interrupted; the index still serves generation {before} with 22 articles"]
    wait_for(lambda: not session_processes(proc.pid), "the workers to die", seconds=10)
    assert not list(crafted.glob("building-*"))
    assert Generations(crafted).current_name() == before and documents(crafted) == 22


def test_run_from_another_folder_errors_name_the_index_and_how_to_point_at_one(tmp_path):
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    out, err = searchsvc("search", "blair", cwd=elsewhere).communicate(timeout=60)
    assert err.strip() == (
        f"Error: no index in {elsewhere / 'index'}: build one there with `searchsvc rebuild "
        f"SOURCES`, or point at an existing one with --index DIR or SEARCHSVC_INDEX_DIR"
    )
    proc = searchsvc("rebuild", cwd=elsewhere)
    out, err = proc.communicate(timeout=60)
    assert proc.returncode == 1
    assert f"no index in {elsewhere / 'index'} yet: reading the default sources {elsewhere / 'seeds'}" in out
    assert err.strip() == f"Error: no such file or folder: {elsewhere / 'seeds'}; the index is unchanged"


def test_serve_without_an_index_says_so_loudly_at_start(tmp_path):
    proc = searchsvc("serve", "--bind", "127.0.0.1:0", "--workers", "1", cwd=tmp_path)
    try:
        first = proc.stderr.readline()
    finally:
        proc.terminate()
        proc.communicate(timeout=30)
    assert first.startswith(f"WARNING: NO INDEX in {tmp_path / 'index'}: every search answers 503")
    assert "--index DIR or SEARCHSVC_INDEX_DIR" in first
