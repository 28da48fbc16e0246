"""Allowance deductions: what each closed day would cost, from the configured bands.

A report for the camat, never applied by the service. Per day, from the stored status and
minutes (``district.deductions``):

- late arrival: the TL band its minutes fall in (``late_bands``);
- early departure: the PSW band its minutes fall in (``early_bands``), also on a late day;
- no check-in recorded (``TAM``): ``missing_check_in_percent``;
- no check-out recorded (``TAP``, "lupa absen pulang"): ``missing_check_out_percent``, plus the
  TL band if the arrival was late;
- absent without explanation (``TK``): ``absent_day_percent``;
- on time, excused, holidays and days off cost nothing.

A person's month is the sum of the days' percentages, at most 100.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from attendance.enums import DayStatus
from config.district import DeductionSettings, MinuteBand

MISSING_CHECK_IN = "TAM"
MISSING_CHECK_OUT = "TAP"
ABSENT = "TK"
CAP = 100.0


@dataclass(frozen=True, slots=True)
class DayRecord:
    """The stored facts of one day that deductions depend on."""

    status: DayStatus
    late_minutes: int = 0
    early_minutes: int = 0


@dataclass(frozen=True, slots=True)
class Charge:
    """One deduction: its code (TL2, PSW1, TK…) and its percentage."""

    code: str
    percent: float


@dataclass(frozen=True, slots=True)
class MonthDeduction:
    """A person's month: how often each code occurred and the total percentage."""

    counts: Counter[str] = field(default_factory=Counter)
    percent: float = 0.0
    working_days: int = 0
    excused_days: int = 0


def band(minutes: int, bands: Sequence[MinuteBand]) -> MinuteBand | None:
    """Return the band `minutes` fall in, or None when no band covers them."""
    for candidate in bands:
        if minutes >= candidate.min_minutes and (
            candidate.below is None or minutes < candidate.below
        ):
            return candidate
    return None


def day_charges(day: DayRecord, settings: DeductionSettings) -> list[Charge]:
    """Return the deductions one day carries."""
    if day.status is DayStatus.ABSENT:
        return [Charge(ABSENT, settings.absent_day_percent)]
    if day.status is DayStatus.MISSING_CHECK_IN:
        return [Charge(MISSING_CHECK_IN, settings.missing_check_in_percent)]

    charges: list[Charge] = []
    counted = (DayStatus.LATE, DayStatus.EARLY_DEPARTURE, DayStatus.MISSING_CHECK_OUT)
    if day.status not in counted:
        return charges
    if day.late_minutes > 0 and (late := band(day.late_minutes, settings.late_bands)):
        charges.append(Charge(late.code, late.percent))
    if day.status is DayStatus.MISSING_CHECK_OUT:
        charges.append(Charge(MISSING_CHECK_OUT, settings.missing_check_out_percent))
    elif day.early_minutes > 0 and (early := band(day.early_minutes, settings.early_bands)):
        charges.append(Charge(early.code, early.percent))
    return charges


def month_deduction(days: Iterable[DayRecord], settings: DeductionSettings) -> MonthDeduction:
    """Add up a person's days into counts per code and a capped total percentage."""
    counts: Counter[str] = Counter()
    total = 0.0
    working = excused = 0
    for day in days:
        if day.status in (DayStatus.HOLIDAY, DayStatus.NON_WORKING_DAY):
            continue
        working += 1
        if day.status is DayStatus.EXCUSED:
            excused += 1
        for charge in day_charges(day, settings):
            counts[charge.code] += 1
            total += charge.percent
    return MonthDeduction(counts, round(min(total, CAP), 2), working, excused)


def codes(settings: DeductionSettings) -> list[str]:
    """Return every code in report column order."""
    return [
        *(item.code for item in settings.late_bands),
        *(item.code for item in settings.early_bands),
        MISSING_CHECK_IN,
        MISSING_CHECK_OUT,
        ABSENT,
    ]
