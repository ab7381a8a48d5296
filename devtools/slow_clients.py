"""Slow clients against a service: raw loopback connections that send their request header a line at a
time while a normal request (the probe) asks to be answered. Used by tests/test_proxy.py and
benchmarks/slow_clients.py.

Plain Python, no pytest and no searchsvc.
"""

from __future__ import annotations

import socket
import threading
import time
from dataclasses import dataclass, field
from urllib.parse import urlsplit

from .server import get


@dataclass
class Held:
    """What the probe saw while the slow clients held their connections."""

    probe_status: int | None  # None: no answer within the probe's timeout
    probe_seconds: float
    answered_while_held: bool  # every slow client was still sending its header when the probe was answered
    slow_statuses: list = field(default_factory=list)  # each slow client's answer once its header was whole
    held_seconds: float = 0.0  # from the first connection to the last slow client's end of header


def probe_while_held(
    base: str,
    probe_path: str,
    clients: int = 4,
    interval: float = 1.0,
    max_lines: int = 8,
    settle: float = 1.0,
    probe_timeout: float = 10.0,
) -> Held:
    """Open `clients` connections to base, each sending a header line every `interval` seconds (at most
    `max_lines`, fewer once the probe is answered), wait `settle` seconds, then GET probe_path normally."""
    host, port = urlsplit(base).hostname, urlsplit(base).port
    if host not in ("127.0.0.1", "localhost", "::1"):
        raise ValueError("slow clients only ever go to a loopback address")
    released, finished = threading.Event(), [None] * clients
    statuses: list = [None] * clients
    started = time.monotonic()

    def slow(n: int) -> None:
        try:
            with socket.create_connection((host, port), timeout=60) as conn:
                conn.sendall(f"GET {probe_path} HTTP/1.1\r\nHost: {host}:{port}\r\nConnection: close\r\n".encode())
                for line in range(max_lines):
                    if released.wait(interval):
                        break
                    conn.sendall(f"X-Slow-{line}: {'a' * 8}\r\n".encode())
                finished[n] = time.monotonic()
                conn.sendall(b"\r\n")
                answer = b""
                while chunk := conn.recv(65536):
                    answer += chunk
                statuses[n] = int(answer.split(b" ", 2)[1]) if answer.startswith(b"HTTP/") else None
        except OSError as error:
            finished[n] = finished[n] or time.monotonic()
            statuses[n] = repr(error)

    threads = [threading.Thread(target=slow, args=(n,), daemon=True) for n in range(clients)]
    for thread in threads:
        thread.start()
    time.sleep(settle)  # every slow connection is open and has sent its first lines
    asked = time.monotonic()
    try:
        status = get(base + probe_path, timeout=probe_timeout)[0]
    except OSError:  # a timeout: nobody read the probe
        status = None
    answered = time.monotonic()
    held = all(end is None or end > answered for end in finished)
    released.set()
    for thread in threads:
        thread.join(timeout=120)
    return Held(status, answered - asked, held, statuses, max(filter(None, finished), default=answered) - started)
