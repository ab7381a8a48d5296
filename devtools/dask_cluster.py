"""A real Dask cluster on loopback for the tests and benchmarks: a scheduler and single-threaded
workers started from the project's environment (`dask scheduler`, `dask worker`).

Plain Python, no pytest and no searchsvc, like devtools/server.py.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
from contextlib import ExitStack, contextmanager
from pathlib import Path

from devtools.server import PROJECT, free_port

DASK = Path(sys.executable).with_name("dask")
START_SECONDS = 90


@contextmanager
def process(command: list[str], log: Path):
    with open(log, "wb") as out:
        started = subprocess.Popen(command, cwd=PROJECT, stdout=out, stderr=subprocess.STDOUT, start_new_session=True)
        try:
            yield started
        finally:
            if started.poll() is None:
                os.killpg(started.pid, signal.SIGTERM)
                try:
                    started.wait(timeout=20)
                except subprocess.TimeoutExpired:
                    os.killpg(started.pid, signal.SIGKILL)
                    started.wait()


@contextmanager
def cluster(tmp_path: Path, workers: int = 2):
    """A scheduler and `workers` single-threaded workers; yield (address, worker processes)."""
    from distributed import Client

    port = free_port()
    address = f"tcp://127.0.0.1:{port}"
    with ExitStack() as stack:
        stack.enter_context(
            process(
                [str(DASK), "scheduler", "--host", "127.0.0.1", "--port", str(port), "--no-dashboard"],
                tmp_path / "scheduler.log",
            )
        )
        procs = [
            stack.enter_context(
                process(
                    [
                        str(DASK),
                        "worker",
                        address,
                        "--nworkers",
                        "1",
                        "--nthreads",
                        "1",
                        "--no-dashboard",
                        "--memory-limit",
                        "0",
                        "--name",
                        f"w{n}",
                    ],
                    tmp_path / f"worker-{n}.log",
                )
            )
            for n in range(workers)
        ]
        with Client(address, timeout="60s") as client:
            client.wait_for_workers(workers, timeout=START_SECONDS)
        yield address, procs
