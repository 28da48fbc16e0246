"""The attendance day: the status of one person on one office-local date, from the facts.

This is a pure function of its inputs (events, the shift, holidays, approved excuses and the
current time), so recomputing a day after a late event or a correction always gives the answer
that the same facts would have given at the start.

Rules, in order:
- an approved full-day excuse makes the day *excused*; a holiday makes it a *holiday*; a weekday
  without hours makes it a *non-working day* (punches on such days are kept and listed);
- check-in and check-out from chat are explicit; unlabelled terminal punches are paired
  first-in / last-out, and a lone punch after the end of the shift counts as a check-out;
- lateness is counted in whole minutes from the start of the shift once it exceeds the grace
  minutes; early departure in whole minutes before the end; a partial excuse (izin for the
  morning) moves the start or the end to the edge of the excuse;
- a date before the person was registered, or after they were deactivated, with no punch, is a
  *non-working day* with the reason ``before_registration`` or ``after_deactivation``: nobody is
  absent outside their time in the service (punches a terminal backfills still count);
- events still waiting for a reviewer do not count yet; the day carries the reason
  ``awaiting_review`` until they are decided;
- the day *closes* some time after the shift ends (``close_after``) or at the day boundary,
  whichever is first; until then a missing check-in is *pending* and a missing check-out is not
  yet a fault.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field, replace
from zoneinfo import ZoneInfo

from attendance.clock import at_local, day_end, require_aware
from attendance.enums import DayStatus, EventKind, LeaveType
from attendance.workrule import Shift


@dataclass(frozen=True, slots=True)
class Punch:
    """A counted event: when it happened and what it claims."""

    at: dt.datetime
    kind: EventKind


@dataclass(frozen=True, slots=True)
class Excuse:
    """An approved leave covering the date, whole-day when both times are None."""

    leave_type: LeaveType
    start_time: dt.time | None = None
    end_time: dt.time | None = None

    @property
    def whole_day(self) -> bool:
        """Tell whether the excuse covers the whole day."""
        return self.start_time is None or self.end_time is None


@dataclass(frozen=True, slots=True)
class DayFacts:
    """Everything the status of one day depends on."""

    date: dt.date
    zone: ZoneInfo
    boundary_hour: int
    shift: Shift | None
    holiday: str | None = None
    excuses: tuple[Excuse, ...] = ()
    punches: tuple[Punch, ...] = ()
    close_after: dt.timedelta = dt.timedelta(hours=4)
    registered_on: dt.date | None = None
    left_on: dt.date | None = None
    awaiting_review: int = 0


@dataclass(frozen=True, slots=True)
class DayResult:
    """The computed day."""

    date: dt.date
    status: DayStatus
    first_in: dt.datetime | None = None
    last_out: dt.datetime | None = None
    late_minutes: int = 0
    early_minutes: int = 0
    leave_type: LeaveType | None = None
    rule_name: str | None = None
    reasons: tuple[str, ...] = field(default=())

    def stored_fields(self) -> dict[str, object]:
        """Return the result as the derived columns of an ``attendance_day`` row.

        The keys are :data:`STORED_DAY_FIELDS`; bulk upserts update exactly those.
        """
        return {
            "status": self.status,
            "first_in": self.first_in,
            "last_out": self.last_out,
            "late_minutes": self.late_minutes,
            "early_minutes": self.early_minutes,
            "leave_type": self.leave_type,
            "work_rule_name": self.rule_name,
            "reasons": list(self.reasons),
        }


BEFORE_REGISTRATION = "before_registration"
AFTER_DEACTIVATION = "after_deactivation"
AWAITING_REVIEW = "awaiting_review"
CHECK_IN_AFTER_END = "check_in_after_end"

STORED_DAY_FIELDS = (
    "status",
    "first_in",
    "last_out",
    "late_minutes",
    "early_minutes",
    "leave_type",
    "work_rule_name",
    "reasons",
)


def closes_at(facts: DayFacts) -> dt.datetime:
    """Return when the day is final: `close_after` past the shift end, at most the boundary."""
    boundary = day_end(facts.date, facts.zone, facts.boundary_hour)
    if facts.shift is None:
        return boundary
    end = at_local(facts.date, facts.shift.schedule.end, facts.zone)
    return min(end + facts.close_after, boundary)


def compute_day(facts: DayFacts, now: dt.datetime) -> DayResult:
    """Return the status of the day described by `facts` as seen at `now`."""
    require_aware(now, "current time")
    result = _decide(facts, now)
    if facts.awaiting_review:
        return replace(result, reasons=(*result.reasons, AWAITING_REVIEW))
    return result


def _decide(facts: DayFacts, now: dt.datetime) -> DayResult:
    first_in, last_out, reasons = _pair(facts)
    rule_name = facts.shift.rule_name if facts.shift else None

    outside = _outside_service(facts)
    if outside is not None and not facts.punches:
        return DayResult(
            facts.date, DayStatus.NON_WORKING_DAY, rule_name=rule_name, reasons=(outside,)
        )

    whole_day = next((item for item in facts.excuses if item.whole_day), None)
    covering = whole_day or _covering_excuse(facts)
    if covering is not None:
        return DayResult(
            facts.date,
            DayStatus.EXCUSED,
            first_in,
            last_out,
            0,
            0,
            covering.leave_type,
            rule_name,
            (*reasons, f"excused_{covering.leave_type}"),
        )

    if facts.holiday is not None or facts.shift is None:
        status = DayStatus.HOLIDAY if facts.holiday is not None else DayStatus.NON_WORKING_DAY
        if first_in or last_out:
            reasons = (*reasons, "worked_on_day_off")
        return DayResult(
            facts.date, status, first_in, last_out, rule_name=rule_name, reasons=reasons
        )

    return _working_day(facts, now, first_in, last_out, reasons)


def _outside_service(facts: DayFacts) -> str | None:
    """Return why the date lies outside the person's time in the service, if it does."""
    if facts.registered_on is not None and facts.date < facts.registered_on:
        return BEFORE_REGISTRATION
    if facts.left_on is not None and facts.date > facts.left_on:
        return AFTER_DEACTIVATION
    return None


def _working_day(
    facts: DayFacts,
    now: dt.datetime,
    first_in: dt.datetime | None,
    last_out: dt.datetime | None,
    reasons: tuple[str, ...],
) -> DayResult:
    assert facts.shift is not None
    start, end, excuse_reasons = _adjusted_hours(facts)
    reasons = (*reasons, *excuse_reasons)
    closed = now >= closes_at(facts)

    late = _whole_minutes(first_in - start) if first_in else 0
    if late <= facts.shift.grace_minutes:
        late = 0
    early = _whole_minutes(end - last_out) if last_out else 0

    if first_in is None and last_out is None:
        status = DayStatus.ABSENT if closed else DayStatus.PENDING
    elif first_in is None:
        status = DayStatus.MISSING_CHECK_IN
    elif last_out is None:
        if closed:
            status = DayStatus.MISSING_CHECK_OUT
        else:
            status = DayStatus.LATE if late else DayStatus.PRESENT
    elif late:
        status = DayStatus.LATE
    elif early:
        status = DayStatus.EARLY_DEPARTURE
    else:
        status = DayStatus.ON_TIME

    if late:
        reasons = (*reasons, "late")
    if first_in is not None and first_in >= end:
        reasons = (*reasons, CHECK_IN_AFTER_END)
    if early:
        reasons = (*reasons, "early_departure")
    if facts.shift.period_name:
        reasons = (*reasons, "special_period")

    return DayResult(
        facts.date, status, first_in, last_out, late, early, None, facts.shift.rule_name, reasons
    )


def _pair(facts: DayFacts) -> tuple[dt.datetime | None, dt.datetime | None, tuple[str, ...]]:
    """Choose the first check-in and the last check-out among the counted punches."""
    punches = sorted(facts.punches, key=lambda punch: punch.at)
    starts = [p for p in punches if p.kind in (EventKind.CHECK_IN, EventKind.PUNCH)]
    reasons: tuple[str, ...] = ()

    unlabelled = [p for p in punches if p.kind is EventKind.PUNCH]
    lone_late_punch = (
        len(unlabelled) == 1
        and len(starts) == 1
        and facts.shift is not None
        and unlabelled[0].at >= at_local(facts.date, facts.shift.schedule.end, facts.zone)
    )
    first = None if lone_late_punch or not starts else starts[0]

    ends = [
        p for p in punches if p.kind in (EventKind.CHECK_OUT, EventKind.PUNCH) and p is not first
    ]
    if first is not None:
        before = [p for p in ends if p.at <= first.at]
        if any(p.kind is EventKind.CHECK_OUT for p in before):
            reasons = ("check_out_before_check_in",)
        ends = [p for p in ends if p.at > first.at]
    last = ends[-1] if ends else None

    return (first.at if first else None), (last.at if last else None), reasons


def _covering_excuse(facts: DayFacts) -> Excuse | None:
    """Return a partial excuse that spans the whole shift, which excuses the day too."""
    if facts.shift is None:
        return None
    schedule = facts.shift.schedule
    for excuse in facts.excuses:
        assert excuse.start_time is not None and excuse.end_time is not None
        if excuse.start_time <= schedule.start and excuse.end_time >= schedule.end:
            return excuse
    return None


def _adjusted_hours(facts: DayFacts) -> tuple[dt.datetime, dt.datetime, tuple[str, ...]]:
    """Move the start or end of the shift to the edge of a partial excuse that covers it."""
    assert facts.shift is not None
    schedule = facts.shift.schedule
    start_time, end_time = schedule.start, schedule.end
    reasons: tuple[str, ...] = ()

    for excuse in facts.excuses:
        assert excuse.start_time is not None and excuse.end_time is not None
        if excuse.start_time <= start_time < excuse.end_time:
            start_time = excuse.end_time
            reasons = (*reasons, f"partly_excused_{excuse.leave_type}")
        if excuse.start_time < end_time <= excuse.end_time:
            end_time = excuse.start_time
            reasons = (*reasons, f"partly_excused_{excuse.leave_type}")

    zone = facts.zone
    return at_local(facts.date, start_time, zone), at_local(facts.date, end_time, zone), reasons


def _whole_minutes(delta: dt.timedelta) -> int:
    """Return the whole minutes in `delta`, or 0 when it is negative."""
    return max(0, int(delta.total_seconds() // 60))
