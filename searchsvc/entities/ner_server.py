"""The entity-extraction server: loads the spaCy model once, then extracts the entities (and quotes)
of the articles sent to it, one request at a time, on a Unix socket. A service starts it with
gunicorn's master and starts it again when it dies (ner_service.py); its workers and the command line
on its index send it their texts, so that none of them loads the model.

    python -m searchsvc.entities.ner_server --socket PATH --model NAME [--parent PID]
"""

from __future__ import annotations

import argparse
import contextlib
import ctypes
import functools
import json
import os
import signal
import socket
import sys
import time
from datetime import UTC, datetime

from ..ingest.articles import Article
from . import ner
from .ner_service import receive, send

PR_SET_PDEATHSIG = 1
READ_SECONDS = 10.0  # a client that connects and sends nothing holds the server no longer than this
# run once before the first request: the rules' own tables load on first use too (0.8-1.3 s measured)
WARM_UP = Article(
    id="warm-up",
    title="Warm-up",
    body=(
        "Pedro Sanchez visited Valencia with the Red Cross on Monday.\n\n"
        '"We will rebuild the harbour," said Ms Garcia, who leads Valencia Port Authority.'
    ),
)


def serve(address: str, model: str, parent: int | None = None) -> None:
    """Listen at `address` and answer requests until ended by a signal."""
    if parent:
        _die_with(parent)
    # SIGTERM and SIGALRM end it; Ctrl-C reaches the whole process group, and the master stops it then
    signal.signal(signal.SIGTERM, signal.SIG_DFL)
    signal.signal(signal.SIGALRM, signal.SIG_DFL)
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    # this process is here to keep the model: ner.extract then loads it once, and its output is the
    # same as anywhere else
    ner.load_model = functools.cache(ner.load_model)
    if os.path.exists(address):
        os.unlink(address)  # the socket of the server this one replaces
    listener = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    listener.bind(address)
    listener.listen(64)  # requests wait here while the model loads, rather than being refused
    started = time.monotonic()
    list(ner.extract([WARM_UP], model))
    _say(f"ready, model {model} loaded in {time.monotonic() - started:.1f} s")
    while True:
        connection, _ = listener.accept()
        with connection:
            _answer(connection, model)


def _answer(connection: socket.socket, model: str) -> None:
    connection.settimeout(READ_SECONDS)
    try:
        kind, asked, articles, seconds = receive(connection)
        connection.settimeout(None)
        if kind != "extract" or asked != model:
            send(connection, ("error", f"this server extracts with {model}, not {asked}"))
            return
        send(connection, ("started", os.getpid()))
    except (OSError, EOFError, ValueError):
        return  # the writer gave up (waiting its turn) or sent nothing usable: nothing to do
    started = time.monotonic()
    if seconds:  # SIGALRM's default action ends this process: a text past its time never holds it
        signal.setitimer(signal.ITIMER_REAL, seconds)
    outcome: tuple[str, object]
    try:
        outcome = ("ok", list(ner.extract(articles, model)))
    except Exception as error:  # the writer reports it
        outcome = ("error", repr(error))
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
    _say(f"extracted {len(articles)} texts in {time.monotonic() - started:.2f} s")
    with contextlib.suppress(OSError):
        send(connection, outcome)


def _die_with(parent: int) -> None:
    """The service's master, even killed by SIGKILL, leaves no server behind (Linux)."""
    if sys.platform.startswith("linux"):
        with contextlib.suppress(OSError, AttributeError):
            ctypes.CDLL(None, use_errno=True).prctl(PR_SET_PDEATHSIG, signal.SIGKILL)
    if os.getppid() != parent:  # it died before the line above
        sys.exit(1)


def _say(line: str) -> None:
    """One line in the service's log, in its format: a JSON object when SEARCHSVC_LOG_FORMAT=json
    (every line of such a log parses), else text."""
    if os.environ.get("SEARCHSVC_LOG_FORMAT", "").strip().lower() == "json":
        text = json.dumps(
            {
                "levelname": "INFO",
                "name": "searchsvc.ner_server",
                "process": os.getpid(),
                "message": line,
                "timestamp": datetime.now(UTC).isoformat(),
            }
        )
    else:
        text = f"ner_server[{os.getpid()}]: {line}"
    print(text, file=sys.stderr, flush=True)


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--socket", required=True, help="path of the Unix socket to listen on")
    parser.add_argument("--model", required=True, help="the spaCy pipeline (SEARCHSVC_SPACY_MODEL)")
    parser.add_argument("--parent", type=int, help="end when this process (the service's master) ends")
    args = parser.parse_args(argv)
    serve(args.socket, args.model, args.parent)


if __name__ == "__main__":
    main()
