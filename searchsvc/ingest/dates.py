"""Dates as articles print them, parsed to timezone-aware datetimes with dateparser."""

from __future__ import annotations

import re
from datetime import UTC, datetime

_SETTINGS = {
    "RETURN_AS_TIMEZONE_AWARE": True,
    "STRICT_PARSING": True,
    "REQUIRE_PARTS": ["day", "month", "year"],
    "PREFER_DATES_FROM": "past",
}
# A date line is short and carries a year; these words may lead it.
_YEAR = re.compile(r"\b(1[89]\d\d|20\d\d)\b")
_LEAD = re.compile(r"^(last\s+)?(published|updated|posted|modified|first published|on)\s*:?\s*", re.I)
MAX_DATE_LINE = 60


def parse_date(text: str) -> datetime | None:
    """Parse an ISO 8601 or a printed date ("May 18 2017 8:47 AM EST") to an aware datetime, or None."""
    text = text.strip()
    try:
        moment = datetime.fromisoformat(text.replace("Z", "+00:00"))
    except ValueError:
        if not text or len(text) > MAX_DATE_LINE or not _YEAR.search(text):
            return None
        import dateparser  # 35 ms to import: only when a printed date is read, not at every start

        return dateparser.parse(_LEAD.sub("", text), languages=["en"], settings=_SETTINGS)
    moment = moment if moment.tzinfo else moment.replace(tzinfo=UTC)
    try:
        moment.astimezone(UTC)  # the index sorts in UTC: year 1 at +20:00 has no UTC
    except OverflowError:
        return None
    return moment


def date_kind(line: str) -> str | None:
    """Say whether a date line is labelled 'updated' or 'published', or neither."""
    match = _LEAD.match(line.strip())
    if not match:
        return None
    word = match.group(2).lower()
    return "updated" if word in ("updated", "modified") else "published"


def to_utc_naive(moment: datetime) -> datetime:
    """Convert an aware datetime to naive UTC, the form the index sorts by."""
    if moment.tzinfo is None:
        return moment
    return moment.astimezone(UTC).replace(tzinfo=None)
