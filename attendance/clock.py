"""Office time: which local date an instant counts for, and when a local day starts and closes.

An event belongs to the office-local date of the office's own zone (WIB, WITA or WIT), never to
the UTC date. Instants before the day-boundary hour count toward the previous date, so a
check-out at 00:30 after a late meeting closes yesterday's day rather than opening today's.
"""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

EARLIEST_DATE = dt.date(2000, 1, 1)
LATEST_DATE = dt.date(2100, 12, 31)


def check_date(date: dt.date, what: str = "date") -> dt.date:
    """Return `date` if the service can hold it (years 2000 to 2100), else raise ValueError."""
    if not EARLIEST_DATE <= date <= LATEST_DATE:
        msg = f"The {what} {date.isoformat()} is outside {EARLIEST_DATE} to {LATEST_DATE}."
        raise ValueError(msg)
    return date


def require_aware(instant: dt.datetime, name: str = "time") -> dt.datetime:
    """Return `instant` if it carries a time zone, else raise ValueError naming it."""
    if instant.tzinfo is None or instant.utcoffset() is None:
        msg = f"The {name} {instant.isoformat()} has no time zone. Pass an aware datetime."
        raise ValueError(msg)
    return instant


def local_date_of(instant: dt.datetime, zone: ZoneInfo, boundary_hour: int) -> dt.date:
    """Return the office-local date `instant` counts for."""
    local = require_aware(instant).astimezone(zone)
    return (local - dt.timedelta(hours=boundary_hour)).date()


def day_start(date: dt.date, zone: ZoneInfo, boundary_hour: int) -> dt.datetime:
    """Return the first instant that counts for `date`."""
    return dt.datetime.combine(date, dt.time(boundary_hour), tzinfo=zone)


def day_end(date: dt.date, zone: ZoneInfo, boundary_hour: int) -> dt.datetime:
    """Return the first instant that counts for the date after `date`."""
    return day_start(date + dt.timedelta(days=1), zone, boundary_hour)


def at_local(date: dt.date, time: dt.time, zone: ZoneInfo) -> dt.datetime:
    """Return the aware instant of local wall-clock `time` on `date`."""
    return dt.datetime.combine(date, time, tzinfo=zone)
