"""Holidays: the national calendar from the `holidays` package, changed by local overrides.

Indonesian public holidays and cuti bersama (the package's ``government`` category) are days off
for every village. An override adds a day off (a kabupaten event) or makes a holiday a working
day, for the whole district or for one village; a village override wins over a district one.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache

import holidays

from attendance.enums import HolidayKind

COUNTRY = "ID"
CATEGORIES = ("public", "government")


@dataclass(frozen=True, slots=True)
class Override:
    """A local change to the calendar, for one village or (village_id None) the district."""

    date: dt.date
    kind: HolidayKind
    name: str
    village_id: int | None


@lru_cache(maxsize=16)
def _national(year: int) -> dict[dt.date, str]:
    calendar = holidays.country_holidays(COUNTRY, years=year, categories=CATEGORIES, language="id")
    return dict(calendar.items())


def national_holiday(date: dt.date) -> str | None:
    """Return the Indonesian name of the national holiday on `date`, if any."""
    return _national(date.year).get(date)


def holiday_on(date: dt.date, village_id: int, overrides: Iterable[Override] = ()) -> str | None:
    """Return the name of the holiday `village_id` keeps on `date`, or None on a normal day."""
    relevant = [item for item in overrides if item.date == date]
    local = [item for item in relevant if item.village_id == village_id]
    district = [item for item in relevant if item.village_id is None]
    chosen = local or district
    if chosen:
        return chosen[0].name if chosen[0].kind is HolidayKind.DAY_OFF else None
    return national_holiday(date)
