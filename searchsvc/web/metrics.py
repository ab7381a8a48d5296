"""GET /metrics in the Prometheus text format, summed over all gunicorn workers.

Counters and histograms live in prometheus_client's multiprocess files when PROMETHEUS_MULTIPROC_DIR
is set (gunicorn_conf.py sets it), else in this process. The index's figures (generation, documents,
the last rebuild) are read when scraped, so every worker tells the same.
"""

from __future__ import annotations

import os

from flask import Flask, Response, current_app, request
from prometheus_client import CONTENT_TYPE_LATEST, REGISTRY, CollectorRegistry, Counter, Histogram, generate_latest
from prometheus_client.core import GaugeMetricFamily, InfoMetricFamily

from ..index.generations import IndexMissing
from .logs import elapsed

REQUESTS = Counter(
    "searchsvc_http_requests", "HTTP requests answered, by endpoint and status.", ["endpoint", "method", "status"]
)
REQUEST_SECONDS = Histogram(
    "searchsvc_http_request_duration_seconds", "Time to answer a request, by endpoint.", ["endpoint"]
)
SEARCH_SECONDS = Histogram(
    "searchsvc_search_duration_seconds", "Time a search took in the engine (parse, rank, facets, snippets)."
)
TIMED_OUT = Counter("searchsvc_searches_timed_out", "Searches cut short by their time budget.")
ANY_WORD = Counter("searchsvc_searches_any_word", "Searches that fell back to articles with any of the words.")
BATCH_QUERIES_TIMED_OUT = Counter(
    "searchsvc_batch_queries_timed_out", "Queries of batches cut short, or not run, because a time budget ran out."
)
STOPPED = Counter(
    "searchsvc_requests_stopped",
    "Requests stopped at their time limit and answered 503 (SEARCHSVC_REQUEST_TIMEOUT), by endpoint.",
    ["endpoint"],
)
WORKERS_ABORTED = Counter(
    "searchsvc_workers_aborted",
    "Workers gunicorn's timeout aborted in a request (killed with it: the hard stop did not come first).",
)
WRITES = Counter("searchsvc_writes", "Acknowledged API writes, by operation.", ["operation"])
METHODS = {"GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"}  # any other is "other": one label
WRITE_OPERATIONS = {
    ("api.post_article", 201): "create",
    ("api.post_article", 200): "replace",
    ("api.delete_article", 204): "delete",
}


def init_app(app: Flask) -> None:
    """Count every request and serve /metrics, unless SEARCHSVC_METRICS turns them off."""
    app.extensions["searchsvc.metrics"] = app.config["METRICS"]
    if not app.extensions["searchsvc.metrics"]:
        return
    app.after_request(_count)
    app.add_url_rule("/metrics", "metrics", metrics)
    app.extensions["searchsvc.limiter"].exempt(metrics)  # scrapes never use up a client's limit


def searched(page) -> None:
    """Count one finished search: its time, and whether it timed out or fell back to any word."""
    if not current_app.extensions.get("searchsvc.metrics"):
        return
    SEARCH_SECONDS.observe(page.took_ms / 1000)
    if getattr(page, "timed_out", False):
        TIMED_OUT.inc()
    if page.matched == "any":
        ANY_WORD.inc()


def batch_ran(results: list[dict]) -> None:
    """Count a batch's queries that a time budget cut short or left unrun."""
    if current_app.extensions.get("searchsvc.metrics"):
        BATCH_QUERIES_TIMED_OUT.inc(sum(1 for r in results if r.get("timed_out")))


def stopped(endpoint: str | None) -> None:
    """Count a request stopped at its time limit."""
    if current_app.extensions.get("searchsvc.metrics"):
        STOPPED.labels(endpoint or "unmatched").inc()


def _count(response):
    endpoint = request.endpoint or "unmatched"  # unknown paths share one label: no label per URL
    method = request.method if request.method in METHODS else "other"
    REQUESTS.labels(endpoint, method, str(response.status_code)).inc()
    seconds = elapsed()
    if seconds is not None:
        REQUEST_SECONDS.labels(endpoint).observe(seconds)
    operation = WRITE_OPERATIONS.get((endpoint, response.status_code))
    if operation:
        WRITES.labels(operation).inc()
    return response


def metrics():
    registry = CollectorRegistry()
    if os.environ.get("PROMETHEUS_MULTIPROC_DIR"):
        from prometheus_client import multiprocess

        multiprocess.MultiProcessCollector(registry)
    else:
        registry.register(_ThisProcess())
    registry.register(_IndexFigures(current_app.extensions["searchsvc.engine"]))
    return Response(generate_latest(registry), content_type=CONTENT_TYPE_LATEST)


class _ThisProcess:
    """The default registry's metrics, when one process answers everything."""

    def collect(self):
        return REGISTRY.collect()


class _IndexFigures:
    """The served generation, its documents and the last rebuild's figures, read at scrape time."""

    def __init__(self, engine):
        self.engine = engine

    def collect(self):
        generation = self.engine.generation()
        if generation is None:
            return
        yield InfoMetricFamily(
            "searchsvc_index_generation", "The index generation being served.", value={"generation": generation}
        )
        built = self.engine.generations.generation(generation).built_at
        if built is not None:
            yield GaugeMetricFamily(
                "searchsvc_index_built_timestamp_seconds",
                "When the served generation was built (Unix time).",
                value=built.timestamp(),
            )
        try:
            with self.engine.searcher() as searcher:
                documents = searcher.doc_count()
        except IndexMissing:
            return
        yield GaugeMetricFamily("searchsvc_index_documents", "Articles in the served generation.", value=documents)
        last = self.engine.generations.last_rebuild()
        if last:
            for key, name, text in (
                ("entities_cached", "entity_cache_hits", "Articles whose entities came from the cache"),
                ("entities_extracted", "entity_cache_misses", "Articles that needed entity extraction"),
                ("seconds", "duration_seconds", "How long it took"),
                ("finished_at", "timestamp_seconds", "When it finished (Unix time)"),
            ):
                if isinstance(last.get(key), (int, float)):
                    yield GaugeMetricFamily(
                        f"searchsvc_last_rebuild_{name}", f"{text}, in the last rebuild.", value=last[key]
                    )
