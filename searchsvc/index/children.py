"""Worker processes (spaCy's, Whoosh's) die with the process that forked them."""
from __future__ import annotations

import ctypes
import os
import signal
import sys

PR_SET_PDEATHSIG = 1
_installed = False


def _die_with_parent() -> None:
    try:
        ctypes.CDLL(None, use_errno=True).prctl(PR_SET_PDEATHSIG, signal.SIGKILL)
    except (OSError, AttributeError):
        pass


def die_with_parent() -> None:
    """From now on, a forked child is killed when this process dies (Linux), even by SIGKILL:
    a killed rebuild leaves no orphan workers behind."""
    global _installed
    if not _installed and sys.platform.startswith("linux"):
        os.register_at_fork(after_in_child=_die_with_parent)
        _installed = True
