"""A read that runs past its time limit is stopped inside its worker and answered 503 in JSON, before
gunicorn's timeout kills the worker and the client gets gunicorn's HTML page (or nothing).

The budgets (SEARCHSVC_QUERY_TIMEOUT, _BATCH_TIMEOUT) are looked at by the search itself; this is the
stop for what does not look: a timer (SIGALRM) armed when a read starts, which raises `Overrun` in the
request's own code. Sync workers answer one request at a time in their main thread, so one timer per
process is one per request. Writes are never stopped halfway: they have their lock's wait instead.
"""

from __future__ import annotations

import signal
import threading

from flask import Flask, current_app, g, has_request_context, request

GRACE = 1.0  # seconds a read may run past its budget
LAST_RESORT = 28.0  # seconds: gunicorn_conf.timeout (30) kills the worker past it, so stop before
REPEAT = 0.25  # the timer fires again until the request ends: code that catches errors broadly
# (Whoosh's parser is wrapped so, and a batch goes on past a query's error) cannot swallow it for good
BATCHES = {"api.batch_search", "pages.batch_page"}
READS = {"GET", "HEAD"}


class Overrun(Exception):
    """A request stopped at its time limit."""

    def __init__(self, seconds: float):
        super().__init__(f"the request took longer than {seconds:g} s and was stopped")
        self.seconds = seconds


def limit_for(endpoint: str | None) -> float:
    """Seconds a read may hold its worker: SEARCHSVC_REQUEST_TIMEOUT, else its budget plus GRACE;
    never past LAST_RESORT."""
    config = current_app.config
    if config["REQUEST_TIMEOUT"]:
        return min(config["REQUEST_TIMEOUT"], LAST_RESORT)
    budget = config["BATCH_TIMEOUT"] if endpoint in BATCHES else config["QUERY_TIMEOUT"]
    return min(budget + GRACE, LAST_RESORT) if budget else LAST_RESORT


def init_app(app: Flask) -> None:
    app.before_request(_arm)
    app.after_request(_disarm_after)  # before a streamed body is sent: an export's rows are computed by then
    app.teardown_request(lambda error: disarm())


def _arm() -> None:
    if threading.current_thread() is not threading.main_thread():
        return  # signals reach the main thread only (a threaded development server runs without the stop)
    if request.method not in READS and request.endpoint not in BATCHES:
        return
    seconds = limit_for(request.endpoint)
    g.hard_stop = seconds
    signal.signal(signal.SIGALRM, _on_alarm)
    signal.setitimer(signal.ITIMER_REAL, seconds, REPEAT)


def disarm() -> None:
    """Stop the timer (the request ended, or is being answered)."""
    if has_request_context() and g.pop("hard_stop", None) is not None:
        signal.setitimer(signal.ITIMER_REAL, 0)


def _disarm_after(response):
    disarm()
    return response


def _on_alarm(signum, frame) -> None:
    # between requests, or once the request is being answered, the timer means nothing
    if has_request_context() and g.get("hard_stop") is not None:
        raise Overrun(g.hard_stop)
