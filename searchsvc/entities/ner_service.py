"""A service's entity-extraction server seen from outside: started with gunicorn's master, shared by
its workers, started again whenever it dies, stopped with the service; the record in the index
folder by which the command line on the same index finds it; and the request a writer makes of it.

The standard library only: gunicorn's master runs this file by path and must not import searchsvc
(see gunicorn_conf.py). The server itself is ner_server.py, run as its own process.
"""

from __future__ import annotations

import contextlib
import json
import os
import pickle
import shutil
import signal
import socket
import struct
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

RECORD = "ner-service.json"  # in the index folder, while a service's server runs on it
SOCKET = "ner.sock"
RESTART_PAUSE = 1.0  # seconds before starting again a server that died within a second of its start
STOP_SECONDS = 5.0
RETRY_PAUSE = 0.05  # between tries to reach a server that is starting
OVERRUN_GRACE = 1.0  # past the deadline the server ends itself (SIGALRM); this much later the writer kills it
LENGTH = struct.Struct("!Q")


class Unavailable(ConnectionError):
    """No server answered at the address, or it went away before it started on the request."""


class Busy(TimeoutError):
    """The server did not start on the request before its deadline: others' requests held it."""


class Overrun(TimeoutError):
    """The server was still on the request at its deadline, and was stopped (it is started again)."""


class NerService:
    """One entity-extraction server for a service: a child process on a Unix socket in a folder only
    this user can enter, started again by a thread of this process whenever it dies, until `stop`."""

    def __init__(self, model: str, index_dir: Path | str, log):
        self.model, self.log = model, log
        self.record = Path(index_dir).resolve() / RECORD
        self.folder = Path(tempfile.mkdtemp(prefix="searchsvc-ner-"))  # mode 0700
        self.address = str(self.folder / SOCKET)
        self.process: subprocess.Popen | None = None
        self._stopping = threading.Event()
        self._lock = threading.Lock()
        self._started = 0.0

    def start(self) -> None:
        with self._lock:
            self._spawn()
        threading.Thread(target=self._supervise, name="ner-supervisor", daemon=True).start()

    def _spawn(self) -> None:
        self.process = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "searchsvc.entities.ner_server",
                "--socket",
                self.address,
                "--model",
                self.model,
                "--parent",
                str(os.getpid()),
            ]
        )
        self._started = time.monotonic()
        self.record.parent.mkdir(parents=True, exist_ok=True)
        written = self.record.with_name(f".{RECORD}.{os.getpid()}")
        written.write_text(
            json.dumps(
                {"socket": self.address, "pid": self.process.pid, "service_pid": os.getpid(), "model": self.model}
            )
            + "\n"
        )
        os.replace(written, self.record)
        self.log.info("entity extraction server started (pid %d, model %s)", self.process.pid, self.model)

    def _supervise(self) -> None:
        while True:
            process = self.process
            if process is None:  # never started: nothing to watch
                return
            process.wait()  # gunicorn's master may reap it first: its exit code then reads 0
            if self._stopping.is_set():
                return
            # its exit code is lost when gunicorn's master reaped it first
            self.log.warning(
                "entity extraction server (pid %d) ended (%s): starting another",
                process.pid,
                f"exit code {process.returncode}" if process.returncode else "killed or reaped",
            )
            if time.monotonic() - self._started < RESTART_PAUSE and self._stopping.wait(RESTART_PAUSE):
                return
            with self._lock:
                if self._stopping.is_set():
                    return
                self._spawn()

    def restart(self) -> None:
        """End the server: the supervisor starts another (with the code as it is now)."""
        with self._lock:
            if self.process and self.process.poll() is None:
                self.process.terminate()

    def stop(self) -> None:
        """End the server for good, and remove its socket's folder and the record."""
        self._stopping.set()
        with self._lock:
            process = self.process
        if process:
            process.terminate()
            try:
                process.wait(STOP_SECONDS)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()
        try:
            if json.loads(self.record.read_text()).get("service_pid") == os.getpid():
                self.record.unlink()  # not another service's, started on this index since
        except (OSError, ValueError):
            pass
        shutil.rmtree(self.folder, ignore_errors=True)


def service_address(index_dir: Path | str, model: str) -> str | None:
    """The socket of the server a service runs on this index with this model, if the record says so."""
    try:
        record = json.loads((Path(index_dir) / RECORD).read_text())
    except (OSError, ValueError):
        return None
    if not isinstance(record, dict) or record.get("model") != model or not os.path.exists(record.get("socket", "")):
        return None
    return record["socket"]


def ask(address: str, model: str, articles: list, deadline: float | None, wait: bool) -> list:
    """The entities of `articles` from the server at `address`, by `deadline` (time.monotonic()).
    With `wait`, a server being started again is waited for until the deadline; without, Unavailable."""
    while True:
        try:
            return _ask_once(address, model, articles, deadline)
        except Unavailable:
            if not wait or deadline is None or time.monotonic() + RETRY_PAUSE >= deadline:
                raise
            time.sleep(RETRY_PAUSE)


def _ask_once(address: str, model: str, articles: list, deadline: float | None) -> list:
    with socket.socket(socket.AF_UNIX, socket.SOCK_STREAM) as sock:
        try:
            sock.settimeout(_left(deadline))
            sock.connect(address)
            send(sock, ("extract", model, articles, _left(deadline)))
            started = receive(sock)  # ("started", pid) once the server takes it up
        except TimeoutError:
            raise Busy("entity extraction did not start on this text in time: others held it") from None
        except (OSError, EOFError) as error:
            raise Unavailable(f"no entity extraction server at {address}: {error!r}") from None
        if started[0] != "started":
            raise RuntimeError(f"entity extraction server: {started[1]}")
        try:
            sock.settimeout(None if deadline is None else _seconds_to(deadline) + OVERRUN_GRACE)
            outcome, value = receive(sock)
        except TimeoutError:
            _kill(started[1])  # it did not end itself at the deadline: one request must not hold it
            raise Overrun("entity extraction did not finish in time") from None
        except (OSError, EOFError):
            if deadline is not None and time.monotonic() >= deadline:
                raise Overrun("entity extraction did not finish in time") from None
            raise Unavailable("the entity extraction server ended during the request") from None
    if outcome != "ok":
        raise RuntimeError(f"entity extraction failed: {value}")
    return value


def _left(deadline: float | None) -> float | None:
    return None if deadline is None else _seconds_to(deadline)


def _seconds_to(deadline: float) -> float:
    return max(deadline - time.monotonic(), 0.001)


def _kill(pid: int) -> None:
    with contextlib.suppress(OSError):
        os.kill(pid, signal.SIGKILL)


def send(sock: socket.socket, message) -> None:
    data = pickle.dumps(message, protocol=pickle.HIGHEST_PROTOCOL)
    sock.sendall(LENGTH.pack(len(data)) + data)


def receive(sock: socket.socket):
    """One message; EOFError when the other end closed first. Only this user can reach the socket
    (its folder is 0700), so what arrives is unpickled as the writer's own."""
    size = LENGTH.unpack(_exactly(sock, LENGTH.size))[0]
    return pickle.loads(_exactly(sock, size))


def _exactly(sock: socket.socket, size: int) -> bytes:
    chunks, left = [], size
    while left:
        chunk = sock.recv(min(left, 1 << 20))
        if not chunk:
            raise EOFError("connection closed")
        chunks.append(chunk)
        left -= len(chunk)
    return b"".join(chunks)
