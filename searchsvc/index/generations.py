"""Index generations in one folder: build aside, switch atomically, keep the previous, clean up.

Layout of the index folder:
    CURRENT              name of the generation being served (replaced with os.replace)
    gen-<stamp>/         complete generations (generation.py: what each holds); the current one and the few before it are kept
                         (`rollback`), each with built-from.json: the sources it was read from
    building-<stamp>/    a rebuild in progress, or the leftovers of one that died
    rebuild.lock         held by the one rebuild that may run
    last-rebuild.json    figures of the last rebuild that finished (for metrics)
    write.lock           held by whoever changes the current generation or switches it
"""

from __future__ import annotations

import json
import os
import shutil
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from filelock import FileLock, Timeout

from .generation import PREFIX, BuiltFrom, Generation  # BuiltFrom: named here by those who read history()

POINTER = "CURRENT"
LAST_REBUILD = "last-rebuild.json"
KEEP_GENERATIONS = 4  # the newest ones (and the current): readers still on one, and `rollback` to them
LOCK_POLL = 0.05


class LockBusy(RuntimeError):
    """Another process holds the lock for longer than we may wait."""


class IndexMissing(RuntimeError):
    """No generation has been built in the index folder yet."""

    def __init__(self, root: Path):
        self.root = Path(root)
        super().__init__(f"no index in {root}: run `searchsvc rebuild` first")


class NoSuchGeneration(RuntimeError):
    """A rollback with no generation to go back to."""


@dataclass(frozen=True)
class GenerationInfo:
    name: str
    built: datetime | None
    current: bool
    built_from: BuiltFrom | None
    articles: int | None  # None when its index cannot be opened


class Generations:
    """The generations of one index folder."""

    def __init__(self, root: Path):
        self.root = Path(root)

    def current_name(self) -> str | None:
        try:
            name = (self.root / POINTER).read_text().strip()
        except FileNotFoundError:
            return None
        return name if name and (self.root / name).is_dir() else None

    def current(self) -> Path:
        name = self.current_name()
        if name is None:
            raise IndexMissing(self.root)
        return self.root / name

    def generation(self, name: str) -> Generation:
        """The generation of that name (its folder may be gone: a reader still on it keeps open files)."""
        return Generation(self.root / name)

    def current_generation(self) -> Generation:
        """The generation being served; IndexMissing when none was built."""
        return Generation(self.current())

    def names(self) -> list[str]:
        """The complete generations kept, oldest first (their names sort by when they were built)."""
        return sorted(p.name for p in self.root.glob(f"{PREFIX}*") if p.is_dir())

    def new_build_dir(self) -> Path:
        self.root.mkdir(parents=True, exist_ok=True)
        return self.root / f"building-{Generation.stamp(datetime.now(UTC))}"

    def publish(self, build_dir: Path) -> str:
        """Make a finished build the current generation in one atomic step; return its name."""
        name = PREFIX + build_dir.name.removeprefix("building-")
        os.replace(build_dir, self.root / name)
        self._point_to(name)
        return name

    def _point_to(self, name: str) -> None:
        pointer_tmp = self.root / f"{POINTER}.tmp"
        pointer_tmp.write_text(name + "\n")
        _fsync(pointer_tmp)
        os.replace(pointer_tmp, self.root / POINTER)
        _fsync(self.root)

    def rollback(self, to: str | None = None, write_timeout: float = 10.0) -> tuple[str, str]:
        """Serve an older generation again (by default the one before the current); return the names
        switched from and to. No rebuild may run meanwhile, and no write may be half-way."""
        with self.rebuild_lock(), self.write_lock(write_timeout):
            current = self.current().name
            kept = self.names()
            if to is None:
                older = [name for name in kept if name < current]
                if not older:
                    raise NoSuchGeneration(f"no generation older than {current} is kept: nothing to roll back to")
                to = older[-1]
            elif to not in kept:
                raise NoSuchGeneration(f"no generation {to} in {self.root.resolve()}; kept: {', '.join(kept)}")
            self._point_to(to)
        return current, to

    def record_sources(self, folder: Path, sources, fmt: str | None, merge: bool = False) -> None:
        """Note what a generation was read from (absolute paths); `merge` adds to what it noted."""
        Generation(folder).record_sources(sources, fmt, merge)

    def built_from(self, name: str) -> BuiltFrom | None:
        """The sources a generation was read from, or None when it does not say or cannot be read."""
        return self.generation(name).built_from()

    def history(self) -> list[GenerationInfo]:
        """Every generation kept, oldest first, with when it was built, its sources and articles."""
        from . import schema  # Whoosh only when asked for counts

        current = self.current_name()
        found = []
        for name in self.names():
            generation = self.generation(name)
            try:
                articles = schema.document_count(generation.open_index())
            except Exception:  # a damaged generation is listed all the same, without a count
                articles = None
            found.append(GenerationInfo(name, generation.built_at, name == current, generation.built_from(), articles))
        return found

    def drop_builds(self) -> list[str]:
        """Remove `building-*` folders when no rebuild runs (after one was interrupted); return them."""
        try:
            with self.rebuild_lock():
                removed = []
                for leftover in self.root.glob("building-*"):
                    shutil.rmtree(leftover, ignore_errors=True)
                    removed.append(leftover.name)
                return removed
        except LockBusy:  # another rebuild started meanwhile: it removed them itself
            return []

    def clean(self) -> list[str]:
        """Remove dead builds and all but the KEEP_GENERATIONS newest generations (and the current,
        after a rollback); the caller holds the rebuild lock, so no build of ours is running. A reader
        still on a removed generation keeps its open files (POSIX) until it reopens."""
        removed = []
        for leftover in self.root.glob("building-*"):
            shutil.rmtree(leftover, ignore_errors=True)
            removed.append(leftover.name)
        current = self.current_name()
        generations = self.names()
        keep = set(generations[-KEEP_GENERATIONS:]) | {current}
        for name in generations:
            if name not in keep:
                shutil.rmtree(self.root / name, ignore_errors=True)
                removed.append(name)
        return removed

    def record_rebuild(self, figures: dict) -> None:
        """Keep the figures of a finished rebuild, replacing the previous ones in one step."""
        tmp = self.root / f"{LAST_REBUILD}.tmp"
        tmp.write_text(json.dumps(figures))
        os.replace(tmp, self.root / LAST_REBUILD)

    def last_rebuild(self) -> dict | None:
        """The figures of the last rebuild that finished, or None when there is none (or unreadable)."""
        try:
            return json.loads((self.root / LAST_REBUILD).read_text())
        except (OSError, ValueError):
            return None

    @contextmanager
    def lock(self, name: str, timeout: float):
        """Hold an exclusive lock, between threads and between processes (filelock's flock on the file).

        Each call opens the file anew, so two holders in one process exclude each other as two
        processes do; a child forked meanwhile closes its copy (filelock does at fork), and the OS
        releases the lock when its holder dies: a killed holder never leaves it stale."""
        self.root.mkdir(parents=True, exist_ok=True)
        held = FileLock(self.root / name, timeout=timeout, poll_interval=LOCK_POLL)
        try:
            held.acquire()
        except Timeout:
            raise LockBusy(f"{name} is held by another process or thread (waited {timeout:g} s)") from None
        try:
            yield
        finally:
            held.release()

    def write_lock(self, timeout: float):
        return self.lock("write.lock", timeout)

    def rebuild_lock(self):
        return self.lock("rebuild.lock", 0)


def built_at(name: str) -> datetime | None:
    """When a generation was built, from its name (gen-20261125T101500123456Z): Generation.built_at,
    for callers holding a name only (search/page_json.py)."""
    return Generation(Path(name)).built_at


def _fsync(path: Path) -> None:
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)
