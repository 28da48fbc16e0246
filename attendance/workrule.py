"""Work rules: dated versions of the working hours, and which one governs a given date.

A version is in force from its ``effective_from`` date until the next version starts. Versions
are never retroactive: a new one must start after the office's current local date, so a running
day keeps the hours it started with. Special periods (Ramadan) inside a version replace the
weekday hours for their dates.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from attendance.errors import RuleError
from config.district import WEEKDAYS, DaySchedule, WorkRuleSettings


@dataclass(frozen=True, slots=True)
class Shift:
    """The hours that apply on one date: where they come from and the grace allowed."""

    rule_name: str
    period_name: str | None
    schedule: DaySchedule
    grace_minutes: int


def rule_in_force(rules: Iterable[WorkRuleSettings], date: dt.date) -> WorkRuleSettings | None:
    """Return the version in force on `date`: the latest that started on or before it."""
    started = [rule for rule in rules if rule.effective_from <= date]
    if not started:
        return None
    return max(started, key=lambda rule: rule.effective_from)


def shift_on(rule: WorkRuleSettings, date: dt.date) -> Shift | None:
    """Return the hours of `date` under `rule`, or None when it is not a working weekday."""
    weekday = WEEKDAYS[date.weekday()]
    for period in rule.special_periods:
        if period.start <= date <= period.end:
            schedule = period.days.get(weekday)  # type: ignore[call-overload]
            if schedule is None:
                return None
            return Shift(rule.name, period.name, schedule, rule.grace_minutes)

    schedule = rule.days.get(weekday)  # type: ignore[call-overload]
    if schedule is None:
        return None
    return Shift(rule.name, None, schedule, rule.grace_minutes)


def check_new_version(
    existing: Sequence[WorkRuleSettings], new: WorkRuleSettings, today: dt.date
) -> None:
    """Raise RuleError unless `new` starts after `today` and on a date no version uses."""
    if new.effective_from <= today:
        msg = (
            f"Work rule {new.name!r} starts on {new.effective_from}, not after today "
            f"({today}). New hours may only start on a later date."
        )
        raise RuleError(msg, hint="Jam kerja baru hanya bisa berlaku mulai besok atau sesudahnya.")
    if any(rule.effective_from == new.effective_from for rule in existing):
        msg = f"A work rule already starts on {new.effective_from}. Choose another date."
        hint = f"Sudah ada versi jam kerja yang mulai {new.effective_from}. Pilih tanggal lain."
        raise RuleError(msg, hint=hint)
