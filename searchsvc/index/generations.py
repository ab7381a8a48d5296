"""Index generations in one folder: build aside, switch atomically, keep the previous, clean up.

Layout of the index folder:
    CURRENT              name of the generation being served (replaced with os.replace)
    gen-<stamp>/         complete generations; the current and the previous one are kept
    building-<stamp>/    a rebuild in progress, or the leftovers of one that died
    rebuild.lock         held by the one rebuild that may run
    last-rebuild.json    figures of the last rebuild that finished (for metrics)
    write.lock           held by whoever changes the current generation or switches it
"""
from __future__ import annotations

import fcntl
import json
import os
import shutil
import threading
import time
from contextlib import contextmanager
from datetime import datetime, timezone
from pathlib import Path

POINTER = "CURRENT"
LAST_REBUILD = "last-rebuild.json"
KEEP_GENERATIONS = 2  # the current one, and the previous one for readers still on it
LOCK_POLL = 0.05


class LockBusy(RuntimeError):
    """Another process holds the lock for longer than we may wait."""


class IndexMissing(RuntimeError):
    """No generation has been built in the index folder yet."""


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
            raise IndexMissing(f"no index in {self.root}: run `searchsvc rebuild` first")
        return self.root / name

    def new_build_dir(self) -> Path:
        self.root.mkdir(parents=True, exist_ok=True)
        stamp = datetime.now(timezone.utc).strftime("%Y%m%dT%H%M%S%fZ")
        return self.root / f"building-{stamp}"

    def publish(self, build_dir: Path) -> str:
        """Make a finished build the current generation in one atomic step; return its name."""
        name = "gen-" + build_dir.name.removeprefix("building-")
        os.replace(build_dir, self.root / name)
        pointer_tmp = self.root / f"{POINTER}.tmp"
        pointer_tmp.write_text(name + "\n")
        _fsync(pointer_tmp)
        os.replace(pointer_tmp, self.root / POINTER)
        _fsync(self.root)
        return name

    def clean(self) -> list[str]:
        """Remove dead builds and generations older than the previous one; the caller holds
        the rebuild lock, so no build of ours is running."""
        removed = []
        for leftover in self.root.glob("building-*"):
            shutil.rmtree(leftover, ignore_errors=True)
            removed.append(leftover.name)
        current = self.current_name()
        generations = sorted(p.name for p in self.root.glob("gen-*") if p.is_dir())
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
        """Hold an exclusive lock, between threads and between processes.

        A POSIX record lock belongs to the process alone, is not inherited by forked workers, and
        is released by the OS when the process dies: a killed holder never leaves it stale."""
        self.root.mkdir(parents=True, exist_ok=True)
        path = self.root / name
        deadline = time.monotonic() + timeout
        local = _thread_lock(path)
        if not local.acquire(timeout=max(timeout, 0.001)):
            raise LockBusy(f"{name} is held by another thread (waited {timeout:g} s)")
        try:
            with open(path, "a+") as handle:
                while True:
                    try:
                        fcntl.lockf(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
                        break
                    except OSError:
                        if time.monotonic() >= deadline:
                            raise LockBusy(f"{name} is held by another process (waited {timeout:g} s)") from None
                        time.sleep(LOCK_POLL)
                try:
                    yield
                finally:
                    fcntl.lockf(handle, fcntl.LOCK_UN)
        finally:
            local.release()

    def write_lock(self, timeout: float):
        return self.lock("write.lock", timeout)

    def rebuild_lock(self):
        return self.lock("rebuild.lock", 0)


_thread_locks: dict[Path, threading.Lock] = {}
_thread_locks_guard = threading.Lock()


def _thread_lock(path: Path) -> threading.Lock:
    with _thread_locks_guard:
        return _thread_locks.setdefault(path.resolve(), threading.Lock())


def _fsync(path: Path) -> None:
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)
