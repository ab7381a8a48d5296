"""gunicorn settings for searchsvc: `searchsvc serve` loads this file, and so does gunicorn.conf.py.

gunicorn reads it by path in the master process, which must not import the searchsvc package:
workers forked from a master holding it would keep the old code on `--reload`. So the settings
module is run by path too, and the JSON formatter is named by its library's path.
"""

import glob
import os
import re
import runpy
import shutil
import sys
import tempfile
import threading

_here = os.path.dirname(os.path.abspath(__file__))
_settings = runpy.run_path(os.path.join(_here, "settings.py"))
_ner_service = runpy.run_path(os.path.join(_here, "entities", "ner_service.py"))  # the standard library only
try:
    # every setting, the app's too: a bad value stops the master at once, not each worker as it boots
    settings = _settings["load_settings"]()
except _settings["SettingError"] as error:
    sys.exit(f"Error: {error}")  # gunicorn prints a traceback for any other exception in its config

bind = settings["BIND"]
# sync workers: one request at a time each, so a worker's open searcher is never shared
workers = settings["WORKERS"]
worker_class = "sync"
timeout = 30  # the last resort: a read is stopped inside its worker first (web/hard_stop.py, 28 s at most)
graceful_timeout = 10
keepalive = 2
max_requests = 5000  # recycle workers now and then against slow leaks
max_requests_jitter = 500
limit_request_line = 8190  # the most gunicorn allows; a 500-character query fits many times over
accesslog: str | None = "-"
errorlog = "-"
loglevel = "info"
# the combined format, plus the request id and the worker's pid: which worker answered what
access_log_format = (
    '%(h)s %(l)s %(u)s %(t)s "%(r)s" %(s)s %(b)s "%(f)s" "%(a)s" %(M)sms rid=%({x-request-id}o)s pid=%(p)s'
)

if settings["LOG_FORMAT"] == "json":
    accesslog = None  # the app writes each access line itself: it knows the route and the query length
    _json = {
        "()": "pythonjsonlogger.json.JsonFormatter",
        "timestamp": True,
        "fmt": ["levelname", "name", "process", "message"],
    }
    logconfig_dict = {
        "version": 1,
        "disable_existing_loggers": False,
        "formatters": {"json": _json},
        "handlers": {"stdout": {"class": "logging.StreamHandler", "formatter": "json", "stream": "ext://sys.stdout"}},
        "root": {"level": "INFO", "handlers": ["stdout"]},
        "loggers": {
            "gunicorn.error": {"level": loglevel.upper(), "handlers": [], "propagate": True},
            "gunicorn.access": {"level": "CRITICAL", "handlers": [], "propagate": False},
        },
    }

# Prometheus multiprocess mode: each worker writes its figures to files in one folder and /metrics
# sums them. The folder must exist before workers start and hold nothing from an earlier run.
_own_metrics_dir = None
if settings["METRICS"] and not os.environ.get("PROMETHEUS_MULTIPROC_DIR"):
    _own_metrics_dir = tempfile.mkdtemp(prefix="searchsvc-metrics-")
    os.environ["PROMETHEUS_MULTIPROC_DIR"] = _own_metrics_dir


def on_starting(server):
    _sync_single_threaded(server.cfg)
    _own_control_socket(server)
    _start_ner_server(server)
    given = os.environ.get("PROMETHEUS_MULTIPROC_DIR")
    if given and given != _own_metrics_dir:
        for stale in glob.glob(os.path.join(given, "*.db")):
            os.remove(stale)  # figures of a previous run would be summed with ours
    if settings["RATELIMIT"] and settings["RATELIMIT_STORAGE"].startswith("memory:") and server.cfg.workers > 1:
        server.log.warning(
            "SEARCHSVC_RATELIMIT=%s is counted in each of the %d workers apart, so a client may make up to "
            "%d times as many requests: set SEARCHSVC_RATELIMIT_STORAGE=redis://host:port to share the counts",
            settings["RATELIMIT"],
            server.cfg.workers,
            server.cfg.workers,
        )


SYNC = {"sync", "gunicorn.workers.sync.SyncWorker"}


def _sync_single_threaded(cfg):
    """Refuse workers that answer requests side by side (`-k gthread`, `--threads 2`, async classes): a
    worker's searcher, its view and the engine's segment cache are kept without locks
    (search/searcher_view.py), one request at a time."""
    if cfg.worker_class_str in SYNC and cfg.threads <= 1:
        return
    if _own_metrics_dir:
        shutil.rmtree(_own_metrics_dir, ignore_errors=True)
    sys.exit(
        f"Error: searchsvc needs sync workers of one thread each (worker class sync, threads 1), not "
        f"{cfg.worker_class_str} with {cfg.threads} thread(s): a worker's search caches are not safe for threads"
    )


def _own_control_socket(server):
    """gunicorn's control socket (gunicornc) named after this instance's address, unless one is given:
    by default every gunicorn of a user shares one path, so one service's commands reached another."""
    option = server.cfg.settings["control_socket"]
    if server.cfg.control_socket_disable or option.value != option.default:
        return
    address = "_".join(re.sub(r"[^A-Za-z0-9.-]+", "-", bound) for bound in server.cfg.bind)
    name = f"searchsvc-{address}"[:80] + ".ctl"  # a Unix socket's path has room for about 100 bytes
    server.cfg.set("control_socket", os.path.join(os.path.dirname(option.default), name))


def _start_ner_server(server):
    """One entity-extraction server for the service's writes (entities/ner_service.py), kept on the
    arbiter, which outlives a reload of this file: the workers send it their texts and never load the
    model, and `searchsvc add` on the same index finds it. A service that takes no writes starts none."""
    if settings["READ_ONLY"] or not settings["API_KEYS"]:
        return
    server.ner_service = _ner_service["NerService"](settings["SPACY_MODEL"], settings["INDEX_DIR"], server.log)
    server.ner_service.start()


def post_fork(server, worker):
    service = getattr(server, "ner_service", None)
    worker.ner_socket = service.address if service else None  # for post_worker_init, in the worker


def on_reload(server):
    if getattr(server, "ner_service", None):
        server.ner_service.restart()  # the new server runs the code as it is now, as the new workers do


def worker_abort(worker):
    """gunicorn's timeout ran out on a request and kills the worker: counted in /metrics (the hard
    stop in the worker, web/hard_stop.py, should have answered first)."""
    if settings["METRICS"] and os.environ.get("PROMETHEUS_MULTIPROC_DIR"):
        from searchsvc.web.metrics import WORKERS_ABORTED  # in the worker, which has the app loaded

        WORKERS_ABORTED.inc()


def child_exit(server, worker):
    if os.environ.get("PROMETHEUS_MULTIPROC_DIR"):
        from prometheus_client import multiprocess

        multiprocess.mark_process_dead(worker.pid)


def on_exit(server):
    if getattr(server, "ner_service", None):
        server.ner_service.stop()
    if _own_metrics_dir:
        shutil.rmtree(_own_metrics_dir, ignore_errors=True)


WARM_NOTIFY_SECONDS = 1.0


def post_worker_init(worker):
    """Send this worker's entity extraction to the service's server. Read what searches need from the index before the first request, not during it (1-3 s on BBC,
    4-6 s at 100k articles, growing with the archive). The worker tells the master it is alive
    meanwhile: past `timeout` of silence the master would kill it, and the next would start over."""
    indexer = worker.wsgi.extensions.get("searchsvc.indexer")
    if indexer is not None and getattr(worker, "ner_socket", None):
        indexer.ner_server = worker.ner_socket
    engine = worker.wsgi.extensions.get("searchsvc.engine")
    if engine is None:
        return
    warming = threading.Thread(target=engine.warm, name="warm", daemon=True)
    warming.start()
    while warming.is_alive():
        worker.notify()
        warming.join(WARM_NOTIFY_SECONDS)
