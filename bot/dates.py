"""Dates as people type them in chat: ``7-12-2026``, ``2026-12-07``, ``hari ini``, ``kemarin``,
``besok``, and ranges such as ``7-12-2026 s.d. 9-12-2026``.

Slashes and dots may stand for dashes. Anything else, or a date that does not exist
(``31-2-2026``), reads as None, and the handler asks again.
"""

from __future__ import annotations

import datetime as dt
import re

WORDS = {"hari ini": 0, "kemarin": -1, "besok": 1}
DAY = r"(?:\d{1,2}[-/.]\d{1,2}[-/.]\d{4}|\d{4}[-/.]\d{1,2}[-/.]\d{1,2}|hari ini|kemarin|besok)"
RANGE = re.compile(rf"^\s*({DAY})\s*(?:(?:s\.?d\.?|sampai|-)\s*({DAY}))?\s*$", re.IGNORECASE)
FORMATS = ("%Y-%m-%d", "%d-%m-%Y")


def parse_day(text: str, today: dt.date) -> dt.date | None:
    """Read one day; words count from `today` (the office-local date)."""
    lowered = " ".join(text.lower().split())
    if lowered in WORDS:
        return today + dt.timedelta(days=WORDS[lowered])
    cleaned = re.sub(r"[/.]", "-", lowered)
    for pattern in FORMATS:
        try:
            return dt.datetime.strptime(cleaned, pattern).date()
        except ValueError:
            continue
    return None


def parse_range(text: str, today: dt.date) -> tuple[dt.date, dt.date] | None:
    """Read a day or a range of days; None when unreadable or when the end is before the start."""
    match = RANGE.match(text)
    if match is None:
        return None
    start = parse_day(match.group(1), today)
    end = parse_day(match.group(2), today) if match.group(2) else start
    if start is None or end is None or end < start:
        return None
    return start, end
