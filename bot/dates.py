"""Dates as people type them in chat: ``7-12-2026``, ``2026-12-07``, ``hari ini``, ``kemarin``,
``besok``, and ranges such as ``7-12-2026 s.d. 9-12-2026``.

Slashes and dots may stand for dashes. Text that is not shaped like a date reads as None. Text
shaped like a date that cannot be used raises :class:`DateProblem`, whose ``hint`` tells the
person in Bahasa Indonesia what is wrong: a day that does not exist (``31-2-2026``), a year outside
2000–2100 (``31-12-9999``), a range that ends before it starts, or (when the caller bounds it) a
day too far from today. :func:`parse_day` and :func:`parse_range` read None for all of these.
"""

from __future__ import annotations

import datetime as dt
import re

from attendance.clock import EARLIEST_DATE, LATEST_DATE

WORDS = {"hari ini": 0, "kemarin": -1, "besok": 1}
# ASCII digits only: ``\d`` would also take the digits of other scripts.
DMY = r"[0-9]{1,2}[-/.][0-9]{1,2}[-/.][0-9]{4}"
YMD = r"[0-9]{4}[-/.][0-9]{1,2}[-/.][0-9]{1,2}"
DAY = rf"(?:{DMY}|{YMD}|hari ini|kemarin|besok)"
RANGE = re.compile(rf"^\s*({DAY})\s*(?:(?:s\.?d\.?|sampai|-)\s*({DAY}))?\s*$", re.IGNORECASE)
NUMERIC = re.compile(r"([0-9]{1,2})-([0-9]{1,2})-([0-9]{4})|([0-9]{4})-([0-9]{1,2})-([0-9]{1,2})")
MIN_YEAR = EARLIEST_DATE.year
MAX_YEAR = LATEST_DATE.year
EXAMPLE = "Contoh: 7-12-2026 atau 7-12-2026 s.d. 9-12-2026."


class DateProblem(ValueError):
    """A typed date that has the shape of a date but cannot be used; `hint` says why."""

    def __init__(self, message: str, hint: str) -> None:
        super().__init__(message)
        self.hint = hint


def read_day(text: str, today: dt.date, *, within_days: int | None = None) -> dt.date | None:
    """Read one day; words count from `today` (the office-local date).

    Return None when `text` is not shaped like a date. Raise :class:`DateProblem` when it is
    but names no real day, a year outside MIN_YEAR..MAX_YEAR, or (with `within_days`) a day
    more than that many days before or after `today`.
    """
    lowered = " ".join(text.lower().split())
    if lowered in WORDS:
        return today + dt.timedelta(days=WORDS[lowered])
    match = NUMERIC.fullmatch(re.sub(r"[/.]", "-", lowered))
    if match is None:
        return None
    if match.group(1) is not None:
        day, month, year = (int(match.group(n)) for n in (1, 2, 3))
    else:
        year, month, day = (int(match.group(n)) for n in (4, 5, 6))

    if not MIN_YEAR <= year <= MAX_YEAR:
        msg = f"Year {year} is outside {MIN_YEAR}-{MAX_YEAR}."
        hint = f"Tahun {year} tidak wajar: tulis tahun {MIN_YEAR}–{MAX_YEAR}. {EXAMPLE}"
        raise DateProblem(msg, hint)
    try:
        date = dt.date(year, month, day)
    except ValueError:
        msg = f"Day {day}, month {month} of {year} does not exist."
        hint = f"Tanggal {lowered} tidak ada di kalender. Periksa tanggal dan bulannya."
        raise DateProblem(msg, hint) from None
    if within_days is not None and abs((date - today).days) > within_days:
        msg = f"Date {date} is more than {within_days} days from {today}."
        hint = f"Tanggal {lowered} terlalu jauh: paling jauh satu tahun dari hari ini."
        raise DateProblem(msg, hint)
    return date


def read_range(
    text: str, today: dt.date, *, within_days: int | None = None
) -> tuple[dt.date, dt.date] | None:
    """Read a day or a range of days.

    Return None when `text` is not shaped like one; raise :class:`DateProblem` when a day cannot
    be used (see :func:`read_day`) or the range ends before it starts.
    """
    match = RANGE.match(text)
    if match is None:
        return None
    start = read_day(match.group(1), today, within_days=within_days)
    end = read_day(match.group(2), today, within_days=within_days) if match.group(2) else start
    if start is None or end is None:
        return None
    if end < start:
        msg = f"Range ends on {end} before it starts on {start}."
        hint = f"Tanggal selesai sebelum tanggal mulai. Tulis tanggal mulai dulu. {EXAMPLE}"
        raise DateProblem(msg, hint)
    return start, end
