"""The punctuality chart: per village, the share of a month's working days on time, late, absent.

Counted from the stored days of the month (closed by the scheduler): a day with a check-in and no
lateness is on time, one with lateness or without a check-in is late, an unexplained absence is
absent; excused days,
holidays and days not yet closed are left out. The page draws each village as one stacked bar in
inline SVG (no chart library, no script), with the numbers beside it in plain text.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass

from attendance.enums import DayStatus
from attendance.models import AttendanceDay, Village
from attendance.report import PRESENT_STATUSES


@dataclass(frozen=True, slots=True)
class Segment:
    """One coloured part of a bar, in percent of the bar's length."""

    start: float
    width: float
    kind: str
    label: str


@dataclass(frozen=True, slots=True)
class VillageMonth:
    """One village's counted days of a month."""

    code: str
    name: str
    on_time: int = 0
    late: int = 0
    absent: int = 0
    excused: int = 0

    @property
    def counted(self) -> int:
        """Return the working days that count for punctuality."""
        return self.on_time + self.late + self.absent

    @property
    def punctual_percent(self) -> float | None:
        """Return the share of counted days on time, in percent, or None without any."""
        return round(100 * self.on_time / self.counted, 1) if self.counted else None

    def segments(self) -> tuple[Segment, ...]:
        """Return the bar: on time, late, absent, as percentages of the counted days."""
        if not self.counted:
            return ()
        parts = (
            ("on_time", self.on_time, "tepat waktu"),
            ("late", self.late, "terlambat"),
            ("absent", self.absent, "alpa"),
        )
        segments: list[Segment] = []
        start = 0.0
        for kind, count, label in parts:
            width = 100 * count / self.counted
            if count:
                segments.append(
                    Segment(round(start, 2), round(width, 2), kind, f"{count} {label}")
                )
            start += width
        return tuple(segments)


async def month_by_village(
    district_code: str, first: dt.date, last: dt.date, village_id: int | None = None
) -> list[VillageMonth]:
    """Count the stored days between `first` and `last` per village, by village name."""
    villages = Village.filter(district_id=district_code, active=True)
    if village_id is not None:
        villages = villages.filter(id=village_id)
    known = {village.id: village for village in await villages}
    rows = await AttendanceDay.filter(
        local_date__gte=first, local_date__lte=last, person__village_id__in=list(known)
    ).values_list("person__village_id", "status", "late_minutes")

    counts: dict[int, dict[str, int]] = defaultdict(lambda: defaultdict(int))
    for village, status, late in rows:
        kind = _kind(DayStatus(status), int(late or 0))
        if kind is not None:
            counts[int(village)][kind] += 1
    return sorted(
        (
            VillageMonth(
                village.code,
                village.name,
                counts[key]["on_time"],
                counts[key]["late"],
                counts[key]["absent"],
                counts[key]["excused"],
            )
            for key, village in known.items()
        ),
        key=lambda month: month.name,
    )


def _kind(status: DayStatus, late_minutes: int) -> str | None:
    if status is DayStatus.MISSING_CHECK_IN:
        return "late"
    if status in PRESENT_STATUSES:
        return "late" if late_minutes > 0 else "on_time"
    if status is DayStatus.ABSENT:
        return "absent"
    if status is DayStatus.EXCUSED:
        return "excused"
    return None
