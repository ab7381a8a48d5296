"""Worker processes (spaCy's, Whoosh's) die with the process that forked them."""

from __future__ import annotations

import contextlib
import ctypes
import os
import signal
import sys
import time

PR_SET_PDEATHSIG = 1
_installed = False


def _die_with_parent() -> None:
    with contextlib.suppress(OSError, AttributeError):
        ctypes.CDLL(None, use_errno=True).prctl(PR_SET_PDEATHSIG, signal.SIGKILL)


def die_with_parent() -> None:
    """From now on, a forked child is killed when this process dies (Linux), even by SIGKILL:
    a killed rebuild leaves no orphan workers behind."""
    global _installed
    if not _installed and sys.platform.startswith("linux"):
        os.register_at_fork(after_in_child=_die_with_parent)
        _installed = True


PAUSE_AT = "SEARCHSVC_PAUSE_AT"  # tests only: "point@folder" stops a write at that point, once


def pause_point(name: str) -> None:
    """Stop here for good when the tests ask to (SEARCHSVC_PAUSE_AT=name@folder), so that a test kills
    this process at a known point rather than after a guessed sleep; the file folder/name-PID tells
    the test it is here. Only the first process to get here stops: the next one goes on."""
    point, _, folder = os.environ.get(PAUSE_AT, "").partition("@")
    if point != name or not folder:
        return
    try:
        os.mkdir(os.path.join(folder, f"{name}.taken"))
    except FileExistsError:
        return
    with open(os.path.join(folder, f"{name}-{os.getpid()}"), "w"):
        pass
    while True:
        time.sleep(3600)
