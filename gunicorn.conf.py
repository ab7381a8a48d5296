"""gunicorn settings for searchsvc (override any with GUNICORN_CMD_ARGS or the command line)."""
import multiprocessing
import os

bind = os.environ.get("SEARCHSVC_BIND", "127.0.0.1:8000")
# sync workers: one request at a time each, so a worker's open searcher is never shared
workers = int(os.environ.get("SEARCHSVC_WORKERS", multiprocessing.cpu_count()))
worker_class = "sync"
timeout = 30
graceful_timeout = 10
keepalive = 2
max_requests = 5000  # recycle workers now and then against slow leaks
max_requests_jitter = 500
limit_request_line = 8190  # the most gunicorn allows; a 500-character query fits many times over
accesslog = "-"
errorlog = "-"
loglevel = "info"
# the combined format, plus the worker's pid: which worker answered what
access_log_format = '%(h)s %(l)s %(u)s %(t)s "%(r)s" %(s)s %(b)s "%(f)s" "%(a)s" %(M)sms pid=%(p)s'


def post_worker_init(worker):
    """Read the index's facet values before the first request, not during it (1-3 s on BBC)."""
    engine = worker.wsgi.extensions.get("searchsvc.engine")
    if engine is not None:
        engine.warm()
