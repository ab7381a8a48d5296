"""The index folder's locks (index/generations.py): exclusive between threads and processes, given up
by a holder that dies, never kept alive by a child it forked."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import threading
import time

import pytest

from searchsvc.index.generations import Generations, LockBusy

from .conftest import PROJECT


def test_a_second_holder_in_the_same_thread_waits_then_fails(tmp_path):
    generations = Generations(tmp_path)
    with generations.write_lock(1):
        started = time.monotonic()
        with pytest.raises(LockBusy, match=r"write.lock is held by another process or thread \(waited 0.2 s\)"):
            with generations.write_lock(0.2):
                pass
        assert time.monotonic() - started >= 0.2
    with generations.write_lock(0):  # released: taken at once
        pass


def test_another_thread_waits_for_the_holder(tmp_path):
    generations = Generations(tmp_path)
    order = []
    holding = threading.Event()

    def hold():
        with generations.write_lock(1):
            holding.set()
            time.sleep(0.3)
            order.append("first released")

    holder = threading.Thread(target=hold)
    holder.start()
    holding.wait(5)
    with Generations(tmp_path).write_lock(5):
        order.append("second holds")
    holder.join()
    assert order == ["first released", "second holds"]


def test_the_rebuild_lock_and_the_write_lock_are_apart(tmp_path):
    generations = Generations(tmp_path)
    with generations.rebuild_lock(), generations.write_lock(0):
        with pytest.raises(LockBusy, match="rebuild.lock"):
            with generations.rebuild_lock():
                pass


def test_a_killed_holder_leaves_no_lock_even_when_its_forked_child_lives_on(tmp_path):
    script = (
        "import os, sys, time; from pathlib import Path; from searchsvc.index.generations import Generations\n"
        "lock = Generations(Path(sys.argv[1])).write_lock(1); lock.__enter__()\n"
        "child = os.fork()\n"
        "if child == 0:\n"
        "    time.sleep(60); os._exit(0)\n"
        "print(child, flush=True); time.sleep(60)\n"
    )
    holder = subprocess.Popen([sys.executable, "-c", script, str(tmp_path)], cwd=PROJECT, stdout=subprocess.PIPE)
    child = int(holder.stdout.readline())
    try:
        with pytest.raises(LockBusy):
            with Generations(tmp_path).write_lock(0.1):
                pass
        holder.send_signal(signal.SIGKILL)
        holder.wait()
        os.kill(child, 0)  # the child still runs
        with Generations(tmp_path).write_lock(2):
            pass
    finally:
        holder.kill()
        holder.wait()
        holder.stdout.close()
        os.kill(child, signal.SIGKILL)
