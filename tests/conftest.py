from __future__ import annotations

import fcntl
import os
import shutil
import signal
import subprocess
import sys
import time
from contextlib import contextmanager
from pathlib import Path

import pytest
from hypothesis import settings as hypothesis_settings

# CI replays the same examples every run, so a landing never depends on luck; local runs explore.
hypothesis_settings.register_profile("ci", derandomize=True, database=None)
if os.environ.get("CI"):
    hypothesis_settings.load_profile("ci")

from searchsvc.index.indexer import Indexer
from searchsvc.index.journal import Journal
from searchsvc.settings import load_settings

PROJECT = Path(__file__).resolve().parent.parent
SEEDS = PROJECT / "seeds"
FOUNDING = SEEDS / "000_41ce3bb57fa76bf3.txt"
SHARED_DATA = PROJECT.parent / "shared" / "data"
MODEL = load_settings()["SPACY_MODEL"]


def wait_for(condition, what: str, seconds: float = 120, poll: float = 0.01):
    """Wait until condition() is true (returning its value); fail naming `what` past a generous deadline."""
    deadline = time.monotonic() + seconds
    while not (value := condition()):
        assert time.monotonic() < deadline, f"waited {seconds:g} s for {what}"
        time.sleep(poll)
    return value


def shared_corpus(name: str) -> Path:
    """A corpus under ../shared/data; skip when absent, fail when CI requires it."""
    path = SHARED_DATA / name
    if not path.exists():
        if os.environ.get("SEARCHSVC_REQUIRE_SHARED"):
            pytest.fail(f"../shared/data/{name} is required here but missing")
        pytest.skip(f"../shared/data/{name} not present")
    return path


def run_cli(*args, index_dir: Path | None = None, env: dict | None = None) -> subprocess.CompletedProcess:
    """`python -m searchsvc ARGS` run in this process by click's CliRunner: its exit code, stdout and
    stderr, as a real process gives them, without a process start (and a model load) per command.
    The tests of what only a real process shows (start-up, signals, a terminal) start one instead."""
    from click.testing import CliRunner

    from searchsvc.cli import cli

    environment = {**(env or {})}
    if index_dir is not None:
        environment["SEARCHSVC_INDEX_DIR"] = str(index_dir)
    result = CliRunner().invoke(
        cli, [*map(str, args)], env=environment, prog_name="python -m searchsvc", catch_exceptions=False
    )
    return subprocess.CompletedProcess(args, result.exit_code, result.stdout, result.stderr)


def run_cli_process(*args, index_dir: Path | None = None, env: dict | None = None, timeout: float = 300):
    """`python -m searchsvc ARGS` in a new process from the project folder: for what only a real
    process shows (its start, its exit, another process's view of the index); else use run_cli."""
    environment = {**os.environ, **(env or {})}
    if index_dir is not None:
        environment["SEARCHSVC_INDEX_DIR"] = str(index_dir)
    return subprocess.run(
        [sys.executable, "-m", "searchsvc", *map(str, args)],
        cwd=PROJECT,
        capture_output=True,
        text=True,
        env=environment,
        timeout=timeout,
    )


def journal_length(index_dir: Path) -> int:
    """The number of the last edit in an index's journal (0 when it has none)."""
    journal = Journal(index_dir / "edits.sqlite")
    try:
        return journal.last_seq()
    finally:
        journal.close()


def copy_index(template: Path, to: Path) -> Path:
    """A private copy of an index built once (its lock files left behind), for a test that writes to
    it or serves it; return the copy's folder."""
    shutil.copytree(template, to, ignore=shutil.ignore_patterns("*.lock"))
    return to


def make_indexer(root: Path) -> Indexer:
    return Indexer(root=root, model=MODEL, workers=2, write_timeout=5)


@pytest.fixture(scope="session")
def seeds_index_template(tmp_path_factory) -> Path:
    """The seeds index built once; tests that write get their own copy."""
    root = tmp_path_factory.mktemp("seeds-template") / "index"
    make_indexer(root).rebuild([SEEDS])
    return root


@pytest.fixture(scope="session")
def warm_ner(tmp_path_factory):
    """One entity-extraction server for the session, as a service runs (ner_service.py): the model is
    loaded once. `warm_ner(root)` gives the index at root the service's record, so that its writes (in
    process, through the CLI or gunicorn) send their texts there instead of loading spaCy in a child
    process each (3 s); for tests whose subject is not how the entities are extracted."""
    import logging

    from searchsvc.entities.ner_service import RECORD, NerService

    service = NerService(MODEL, tmp_path_factory.mktemp("warm-ner"), logging.getLogger("tests.warm_ner"))
    service.start()

    def serve(root: Path) -> Path:
        root.mkdir(parents=True, exist_ok=True)
        shutil.copy(service.record, root / RECORD)
        return root

    yield serve
    service.stop()


@pytest.fixture
def index_dir(seeds_index_template, tmp_path) -> Path:
    return copy_index(seeds_index_template, tmp_path / "index")


@pytest.fixture
def warm_seeds(index_dir, warm_ner) -> Path:
    """index_dir, its writes' entities extracted by the session's warm server: for a test (or a module,
    `pytestmark = pytest.mark.usefixtures("warm_seeds")`) whose subject is not how NER runs."""
    return warm_ner(index_dir)


@pytest.fixture
def seeds_index(index_dir) -> Indexer:
    """The indexer of a private copy of the seeds index (its entity cache too: no NER to rerun)."""
    return make_indexer(index_dir)


@pytest.fixture
def app(index_dir):
    from searchsvc.web.app import create_app

    app = create_app({"TESTING": True, "INDEX_DIR": str(index_dir), "API_KEYS": "test-key", "WRITE_TIMEOUT": 2})
    yield app
    app.extensions["searchsvc.engine"].close()


@pytest.fixture
def make_app():
    """Build apps with their own settings; their open searchers are closed afterwards."""
    from searchsvc.web.app import create_app

    apps = []

    def build(config: dict):
        apps.append(create_app({"TESTING": True, **config}))
        return apps[-1]

    yield build
    for app in apps:
        app.extensions["searchsvc.engine"].close()


@pytest.fixture
def writable_client(make_app):
    """API clients that accept writes (with AUTH) over an index folder: writable_client(root)."""
    return lambda root: make_app({"INDEX_DIR": str(root), "API_KEYS": "test-key", "WRITE_TIMEOUT": 2}).test_client()


@pytest.fixture
def client(app):
    return app.test_client()


AUTH = {"Authorization": "Bearer test-key"}


def write_several_segments(client) -> None:
    """Writes that leave the crafted index in several segments with deletions: a replace, a delete,
    and three new near-duplicate articles."""
    assert (
        client.post(
            "/api/articles",
            headers=AUTH,
            json={
                "id": "blair-2",
                "title": "Blair promises new schools",
                "body": "Tony Blair promised schools.",
                "category": "politics",
            },
        ).status_code
        == 200
    )
    assert client.delete("/api/articles/blair-1", headers=AUTH).status_code == 204
    for n in range(3):
        assert (
            client.post(
                "/api/articles",
                headers=AUTH,
                json={
                    "id": f"new-{n}",
                    "title": f"Blair visit {n}",
                    "body": "Tony Blair visited Iraq and schools.",
                    "category": "world",
                },
            ).status_code
            == 201
        )


@contextmanager
def write_lock_held_by_another_process(index_dir: Path):
    """Hold the index's write lock in a separate process until the block ends; then SIGKILL it."""
    holder = subprocess.Popen(
        [
            sys.executable,
            "-c",
            (
                "import sys, time; from pathlib import Path; from searchsvc.index.generations import Generations\n"
                "lock = Generations(Path(sys.argv[1])).write_lock(1); lock.__enter__()\n"
                "print('locked', flush=True); time.sleep(120)"
            ),
            str(index_dir),
        ],
        cwd=PROJECT,
        stdout=subprocess.PIPE,
    )
    try:
        assert holder.stdout.readline().strip() == b"locked"
        yield holder
    finally:
        holder.send_signal(signal.SIGKILL)
        holder.wait()
        holder.stdout.close()


# Files of minutes, longest first: scripts/test hands whole files to two workers (pytest-xdist) in the
# order collected, so these start first and the workers finish together (a wrong guess here costs
# time, never a test)
LONGEST_FIRST = (
    "test_hardening_live.py",
    "test_indexer.py",
    "test_benchmarks_smoke.py",
    "test_entities_http.py",
    "test_corpora.py",
    "test_ner_cluster.py",
    "test_server.py",
)


def pytest_collection_modifyitems(items):
    """A test over the BBC index is slow wherever it is: the first one builds it (a minute or more of
    NER), so `-m "not slow"` leaves out every one of them. Under pytest-xdist, the files of LONGEST_FIRST
    come first."""
    for item in items:
        if "bbc_index" in getattr(item, "fixturenames", ()):
            item.add_marker(pytest.mark.slow)
    if os.environ.get("PYTEST_XDIST_WORKER"):
        rank = {name: n for n, name in enumerate(LONGEST_FIRST)}
        items.sort(key=lambda item: rank.get(item.path.name, len(rank)))  # stable: the rest as collected


def built_once(tmp_path_factory, name: str, build) -> Path:
    """`build(folder)` run once for the whole run: under pytest-xdist the workers share one folder,
    the first to need it builds it under a lock while the others wait, then all read it."""
    if not os.environ.get("PYTEST_XDIST_WORKER"):
        return build(tmp_path_factory.mktemp(name))
    shared = tmp_path_factory.getbasetemp().parent / name  # the run's folder, above each worker's
    with open(shared.with_name(f"{name}.lock"), "w") as lock:
        fcntl.lockf(lock, fcntl.LOCK_EX)
        if not (shared / "built").exists():
            shutil.rmtree(shared, ignore_errors=True)
            shared.mkdir()
            built = build(shared)
            (shared / "built").write_text(str(built.relative_to(shared)))
    return shared / (shared / "built").read_text()


@pytest.fixture(scope="session")
def bbc_index(tmp_path_factory) -> Path:
    """The BBC corpus (2,225 articles) indexed once per run: about a minute of NER."""
    corpus = shared_corpus("bbc-fulltext")

    def build(folder: Path) -> Path:
        summary = make_indexer(folder / "index").rebuild([corpus])
        assert summary.indexed == 2225, summary
        return folder / "index"

    return built_once(tmp_path_factory, "bbc", build)


@pytest.fixture(scope="session")
def bbc_client(bbc_index):
    """A test client over the session's BBC index, for tests that only read it: one app for them all,
    its searchers closed at the end. Its reads have no time limit: these tests compare what the doors
    answer, and a busy machine stopped a related list at 3 s (a timed-out answer is not theirs)."""
    from searchsvc.web.app import create_app

    app = create_app({"TESTING": True, "INDEX_DIR": str(bbc_index), "QUERY_TIMEOUT": 0, "BATCH_TIMEOUT": 0})
    yield app.test_client()
    app.extensions["searchsvc.engine"].close()


@pytest.fixture(scope="session")
def crafted_template(tmp_path_factory) -> Path:
    """The crafted corpus (tests/crafted.py) indexed once, with its entities from a filled cache."""
    from .crafted import build_index

    return build_index(tmp_path_factory.mktemp("crafted"), MODEL, make_indexer)


@pytest.fixture(scope="session")
def corrections_template(tmp_path_factory) -> Path:
    """The corpus of tests/correction_corpus.py indexed once, with its entities from a filled cache."""
    from .correction_corpus import ARTICLES
    from .crafted import build_index

    return build_index(tmp_path_factory.mktemp("corrections"), MODEL, make_indexer, ARTICLES)


@pytest.fixture
def crafted_app(crafted_template, tmp_path, make_app, warm_ner):
    """Apps over one private copy of the crafted index, with the settings a test gives on top of the
    defaults here (writes allowed with AUTH, their entities from the session's warm server)."""
    root = warm_ner(copy_index(crafted_template, tmp_path / "crafted"))
    return lambda **config: make_app({"INDEX_DIR": str(root), "API_KEYS": "test-key", "WRITE_TIMEOUT": 2, **config})


@pytest.fixture
def crafted_client(crafted_app):
    """An API client over a private copy of the crafted index (see crafted_app)."""
    return crafted_app().test_client()
