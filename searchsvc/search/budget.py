"""A search's time budget: when it runs out, the search answers with what it has found."""

from __future__ import annotations

import time


class Deadline:
    """A moment `seconds` from now (never, for 0 or less)."""

    def __init__(self, seconds: float = 0.0):
        self.started = time.monotonic()
        self.at = self.started + seconds if seconds > 0 else None

    def passed(self) -> bool:
        return self.at is not None and time.monotonic() >= self.at

    def elapsed_ms(self) -> float:
        return round((time.monotonic() - self.started) * 1000, 2)

    def within(self, seconds: float) -> float:
        """A budget of `seconds` (0: none) that ends by this deadline at the latest, as the seconds left:
        what one search of a batch may take. Never 0 (which would mean no limit) once this deadline has
        an end: a sliver when it has passed."""
        if self.at is None:
            return seconds
        left = max(self.at - time.monotonic(), 1e-6)
        return min(seconds, left) if seconds > 0 else left
