"""The day report: per person, the status of a date with first in, last out and minutes."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from zoneinfo import ZoneInfo

from attendance.day import DayResult
from attendance.enums import DayStatus
from attendance.ledger import Ledger
from attendance.models import Person


@dataclass(frozen=True, slots=True)
class ReportRow:
    """One person's line of the day report; times are office-local ``HH:MM``."""

    person_id: int
    name: str
    role: str
    village: str
    date: str
    status: str
    first_in: str | None
    last_out: str | None
    late_minutes: int
    early_minutes: int
    leave_type: str | None
    reasons: tuple[str, ...]


async def day_report(ledger: Ledger, date: dt.date, village_code: str | None) -> list[ReportRow]:
    """Recompute `date` for everyone (or one village) and return the report rows."""
    results = await ledger.recompute_many(date, village_code)
    return [_row(person, result) for person, result in results]


def _row(person: Person, result: DayResult) -> ReportRow:
    village = person.village
    zone = ZoneInfo(village.timezone)
    return ReportRow(
        person_id=person.id,
        name=person.name,
        role=person.role.value,
        village=village.code,
        date=result.date.isoformat(),
        status=result.status.value,
        first_in=_clock(result.first_in, zone),
        last_out=_clock(result.last_out, zone),
        late_minutes=result.late_minutes,
        early_minutes=result.early_minutes,
        leave_type=result.leave_type.value if result.leave_type else None,
        reasons=result.reasons,
    )


def _clock(instant: dt.datetime | None, zone: ZoneInfo) -> str | None:
    return instant.astimezone(zone).strftime("%H:%M") if instant else None


PRESENT_STATUSES = frozenset(
    {
        DayStatus.ON_TIME,
        DayStatus.LATE,
        DayStatus.EARLY_DEPARTURE,
        DayStatus.PRESENT,
        DayStatus.MISSING_CHECK_OUT,
        DayStatus.MISSING_CHECK_IN,
    }
)


@dataclass(slots=True)
class Tally:
    """Counts of one village (or of all) on a date: hadir, terlambat, belum, izin, alpa."""

    present: int = 0
    late: int = 0
    pending: int = 0
    excused: int = 0
    absent: int = 0
    off: int = 0

    def add(self, result: DayResult) -> None:
        """Count one person's day."""
        if result.status in PRESENT_STATUSES:
            self.present += 1
            self.late += result.late_minutes > 0
        elif result.status is DayStatus.PENDING:
            self.pending += 1
        elif result.status is DayStatus.EXCUSED:
            self.excused += 1
        elif result.status is DayStatus.ABSENT:
            self.absent += 1
        else:
            self.off += 1


def tally_by_village(results: list[tuple[Person, DayResult]]) -> dict[str, Tally]:
    """Count the days per village code (villages with nobody are left out)."""
    tallies: dict[str, Tally] = {}
    for person, result in results:
        tallies.setdefault(person.village.code, Tally()).add(result)
    return tallies
