"""The day computation: statuses, minutes and pairing from given facts."""

from __future__ import annotations

import dataclasses
import datetime as dt
from zoneinfo import ZoneInfo

from attendance.day import (
    AFTER_DEACTIVATION,
    AWAITING_REVIEW,
    BEFORE_REGISTRATION,
    CHECK_IN_AFTER_END,
    DayFacts,
    Excuse,
    Punch,
    closes_at,
    compute_day,
)
from attendance.enums import DayStatus, EventKind, LeaveType
from attendance.workrule import Shift
from config.district import DaySchedule

WIB = ZoneInfo("Asia/Jakarta")
MONDAY = dt.date(2026, 12, 7)
SHIFT = Shift("Perbup", None, DaySchedule(start=dt.time(7), end=dt.time(14)), grace_minutes=0)


def at(clock: str, date: dt.date = MONDAY) -> dt.datetime:
    return dt.datetime.combine(date, dt.time.fromisoformat(clock), tzinfo=WIB)


def facts(*punches: tuple[EventKind, str], **changes: object) -> DayFacts:
    base = DayFacts(
        date=MONDAY,
        zone=WIB,
        boundary_hour=3,
        shift=SHIFT,
        punches=tuple(Punch(at(clock), kind) for kind, clock in punches),
    )
    return dataclasses.replace(base, **changes)  # type: ignore[arg-type]


AFTER_CLOSE = at("23:00")


def test_compute_day_on_time_when_in_before_start_and_out_after_end() -> None:
    """Check-in before 07:00 and check-out after 14:00 is on time with no minutes."""
    result = compute_day(
        facts((EventKind.CHECK_IN, "06:58"), (EventKind.CHECK_OUT, "14:01")), AFTER_CLOSE
    )

    assert result.status is DayStatus.ON_TIME
    assert (result.late_minutes, result.early_minutes) == (0, 0)
    assert result.first_in == at("06:58")
    assert result.last_out == at("14:01")


def test_compute_day_late_counts_whole_minutes_from_start() -> None:
    """A check-in at 07:12:59 is 12 minutes late."""
    result = compute_day(
        facts((EventKind.CHECK_IN, "07:12:59"), (EventKind.CHECK_OUT, "14:00")), AFTER_CLOSE
    )

    assert result.status is DayStatus.LATE
    assert result.late_minutes == 12


def test_compute_day_grace_hides_small_lateness_only() -> None:
    """With 10 grace minutes, 07:10 is on time and 07:11 is 11 minutes late."""
    graced = Shift("Perbup", None, SHIFT.schedule, grace_minutes=10)
    on_time = compute_day(facts((EventKind.CHECK_IN, "07:10"), shift=graced), at("08:00"))
    late = compute_day(facts((EventKind.CHECK_IN, "07:11"), shift=graced), at("08:00"))

    assert (on_time.status, on_time.late_minutes) == (DayStatus.PRESENT, 0)
    assert (late.status, late.late_minutes) == (DayStatus.LATE, 11)


def test_compute_day_early_departure_minutes() -> None:
    """A check-out at 13:15 is a 45-minute early departure."""
    result = compute_day(
        facts((EventKind.CHECK_IN, "06:50"), (EventKind.CHECK_OUT, "13:15")), AFTER_CLOSE
    )

    assert result.status is DayStatus.EARLY_DEPARTURE
    assert result.early_minutes == 45


def test_compute_day_missing_check_out_only_after_close() -> None:
    """No check-out is still 'present' at 15:00 and 'missing check-out' once the day closes."""
    day = facts((EventKind.CHECK_IN, "06:50"))

    assert compute_day(day, at("15:00")).status is DayStatus.PRESENT
    assert closes_at(day) == at("18:00")
    assert compute_day(day, at("18:00")).status is DayStatus.MISSING_CHECK_OUT


def test_compute_day_pending_then_absent() -> None:
    """Without events the day is pending until it closes, then absent."""
    assert compute_day(facts(), at("09:00")).status is DayStatus.PENDING
    assert compute_day(facts(), AFTER_CLOSE).status is DayStatus.ABSENT


def test_compute_day_before_registration_is_no_absence() -> None:
    """A closed day before the person was registered is no working day for them."""
    before = compute_day(facts(registered_on=MONDAY + dt.timedelta(days=1)), AFTER_CLOSE)
    on_the_day = compute_day(facts(registered_on=MONDAY), AFTER_CLOSE)

    assert before.status is DayStatus.NON_WORKING_DAY
    assert before.reasons == (BEFORE_REGISTRATION,)
    assert on_the_day.status is DayStatus.ABSENT


def test_compute_day_after_deactivation_is_no_absence() -> None:
    """A closed day after the person left the service is no working day for them."""
    after = compute_day(facts(left_on=MONDAY - dt.timedelta(days=1)), AFTER_CLOSE)
    last_day = compute_day(facts(left_on=MONDAY), AFTER_CLOSE)

    assert (after.status, after.reasons) == (DayStatus.NON_WORKING_DAY, (AFTER_DEACTIVATION,))
    assert last_day.status is DayStatus.ABSENT


def test_compute_day_before_registration_still_counts_punches() -> None:
    """Punches a terminal backfills for a date before registration are still counted."""
    day = facts(
        (EventKind.PUNCH, "07:10"),
        (EventKind.PUNCH, "14:00"),
        registered_on=MONDAY + dt.timedelta(days=3),
    )

    result = compute_day(day, AFTER_CLOSE)

    assert (result.status, result.late_minutes) == (DayStatus.LATE, 10)


def test_compute_day_flags_a_check_in_after_the_shift_ended() -> None:
    """Arriving at 15:10 after a 07:00-14:00 shift is late by 490 minutes, and says why."""
    result = compute_day(facts((EventKind.CHECK_IN, "15:10")), at("16:00"))

    assert (result.status, result.late_minutes) == (DayStatus.LATE, 490)
    assert CHECK_IN_AFTER_END in result.reasons
    assert (
        CHECK_IN_AFTER_END
        not in compute_day(facts((EventKind.CHECK_IN, "13:59")), at("16:00")).reasons
    )


def test_compute_day_marks_events_awaiting_review() -> None:
    """A day with an undecided doubtful event says so, whatever its status."""
    waiting = compute_day(facts(awaiting_review=1), at("09:00"))
    decided = compute_day(facts(), at("09:00"))

    assert waiting.status is DayStatus.PENDING
    assert AWAITING_REVIEW in waiting.reasons
    assert AWAITING_REVIEW not in decided.reasons


def test_compute_day_pairs_unlabelled_punches_first_in_last_out() -> None:
    """Terminal punches at 06:40, 09:00 and 14:10 give in 06:40 and out 14:10."""
    result = compute_day(
        facts((EventKind.PUNCH, "09:00"), (EventKind.PUNCH, "06:40"), (EventKind.PUNCH, "14:10")),
        AFTER_CLOSE,
    )

    assert (result.first_in, result.last_out) == (at("06:40"), at("14:10"))
    assert result.status is DayStatus.ON_TIME


def test_compute_day_lone_punch_after_end_is_a_check_out() -> None:
    """A single terminal punch at 14:30 counts as a check-out with no check-in."""
    result = compute_day(facts((EventKind.PUNCH, "14:30")), AFTER_CLOSE)

    assert result.first_in is None
    assert result.last_out == at("14:30")
    assert result.status is DayStatus.MISSING_CHECK_IN


def test_compute_day_terminal_in_and_chat_out_pair() -> None:
    """A terminal punch in the morning pairs with a check-out sent from chat."""
    result = compute_day(
        facts((EventKind.PUNCH, "06:55"), (EventKind.CHECK_OUT, "14:02")), AFTER_CLOSE
    )

    assert result.status is DayStatus.ON_TIME


def test_compute_day_check_out_before_check_in_is_ignored() -> None:
    """A check-out earlier than the first check-in does not count as leaving."""
    result = compute_day(
        facts((EventKind.CHECK_OUT, "06:30"), (EventKind.CHECK_IN, "06:50")), AFTER_CLOSE
    )

    assert result.last_out is None
    assert result.status is DayStatus.MISSING_CHECK_OUT
    assert "check_out_before_check_in" in result.reasons


def test_compute_day_whole_day_excuse_wins() -> None:
    """Approved sick leave makes the day excused, whatever the events say."""
    result = compute_day(facts(excuses=(Excuse(LeaveType.SICK),)), AFTER_CLOSE)

    assert result.status is DayStatus.EXCUSED
    assert result.leave_type is LeaveType.SICK


def test_compute_day_partial_excuse_moves_start() -> None:
    """Izin 07:00-09:00 makes a 09:20 check-in 20 minutes late, not 140."""
    excuse = Excuse(LeaveType.PERMISSION, dt.time(7), dt.time(9))
    result = compute_day(
        facts((EventKind.CHECK_IN, "09:20"), (EventKind.CHECK_OUT, "14:00"), excuses=(excuse,)),
        AFTER_CLOSE,
    )

    assert result.late_minutes == 20
    assert "partly_excused_permission" in result.reasons


def test_compute_day_holiday_and_non_working_day() -> None:
    """A holiday and a weekday without hours are not absences."""
    holiday = compute_day(facts(holiday="Hari Raya Natal"), AFTER_CLOSE)
    off = compute_day(facts((EventKind.CHECK_IN, "08:00"), shift=None), AFTER_CLOSE)

    assert holiday.status is DayStatus.HOLIDAY
    assert off.status is DayStatus.NON_WORKING_DAY
    assert "worked_on_day_off" in off.reasons
