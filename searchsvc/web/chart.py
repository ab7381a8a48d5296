"""The matches-per-month bar chart: bars laid out for an inline SVG, each naming its month's range."""

from __future__ import annotations

import calendar
from dataclasses import dataclass

WIDTH, HEIGHT, LABEL_SPACE = 600, 120, 18
MAX_MONTHS = 240  # twenty years of bars; a longer span shows its latest months


@dataclass(frozen=True)
class Bar:
    month: str  # YYYY-MM
    count: int
    x: float
    y: float
    width: float
    height: float
    first_day: str
    last_day: str


def _months(first: str, last: str) -> list[str]:
    year, month = map(int, first.split("-"))
    end = tuple(map(int, last.split("-")))
    months = []
    while (year, month) <= end:
        months.append(f"{year:04d}-{month:02d}")
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)
    return months


def month_bars(buckets: list[dict]) -> list[Bar]:
    """One bar per month from the first to the last bucket, empty months included."""
    counts = {b["bucket"]: b["count"] for b in buckets if b.get("bucket")}
    if not counts:
        return []
    months = _months(min(counts), max(counts))[-MAX_MONTHS:]
    tallest = max(counts.get(m, 0) for m in months) or 1
    slot = WIDTH / len(months)
    bars = []
    for i, month in enumerate(months):
        count = counts.get(month, 0)
        height = (HEIGHT - LABEL_SPACE) * count / tallest
        year, number = map(int, month.split("-"))
        last = calendar.monthrange(year, number)[1]
        bars.append(
            Bar(
                month=month,
                count=count,
                x=round(i * slot + slot * 0.1, 2),
                y=round(HEIGHT - LABEL_SPACE - height, 2),
                width=round(max(slot * 0.8, 1), 2),
                height=round(height, 2),
                first_day=f"{month}-01",
                last_day=f"{month}-{last:02d}",
            )
        )
    return bars
