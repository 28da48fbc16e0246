"""The batch form of Ledger.record: same events, same days as the ledger computes one by one."""

from __future__ import annotations

import datetime as dt
from typing import Any
from zoneinfo import ZoneInfo

import pytest

from attendance.batch import recompute_days, record_batch
from attendance.enums import (
    EventKind,
    EventSource,
    HolidayKind,
    LeaveStatus,
    LeaveType,
    Role,
    Verdict,
)
from attendance.ledger import Ledger, NewEvent
from attendance.models import AttendanceDay, AttendanceEvent, HolidayOverride, Leave, Village
from attendance.people import create_person
from tests.timetravel import TravellingClock

WIB = ZoneInfo("Asia/Jakarta")
WITA = ZoneInfo("Asia/Makassar")
KRAGAN = "33.17.12.2012"
SARANG = "33.17.12.2001"
MONDAY = dt.date(2026, 11, 30)


def wib(date: dt.date, clock: str) -> dt.datetime:
    """Return the aware instant of a WIB wall-clock time."""
    return dt.datetime.combine(date, dt.time.fromisoformat(clock), tzinfo=WIB)


async def person(name: str = "Siti Aminah", village: str = KRAGAN) -> int:
    """Create a member of staff and return their id."""
    return (await create_person(name, Role.STAF, village, "test")).id


@pytest.fixture
def afternoon(clock: TravellingClock) -> TravellingClock:
    """The clock at 14:30 WIB on Monday 30 November 2026, after a working day's punches."""
    clock.set(wib(MONDAY, "14:30"))
    return clock


def punch(key: str, person_id: int | None, when: dt.datetime, **extra: Any) -> NewEvent:
    """Return a terminal punch; `extra` sets other NewEvent fields."""
    return NewEvent(key, EventSource.TERMINAL, EventKind.PUNCH, when, person_id, **extra)


async def test_record_batch_stores_each_key_once(
    ledger: Ledger, afternoon: TravellingClock
) -> None:
    """Keys already stored and keys repeated in the batch are stored once."""
    siti = await person()
    first = punch("k1", siti, wib(MONDAY, "07:00"))
    await ledger.record(first)

    outcome = await record_batch(
        ledger,
        [first, punch("k2", siti, wib(MONDAY, "13:00")), punch("k2", siti, wib(MONDAY, "13:00"))],
    )

    assert (outcome.created, outcome.existing, outcome.days) == (
        frozenset({"k2"}),
        frozenset({"k1"}),
        1,
    )
    assert await AttendanceEvent.all().count() == 2


async def test_record_batch_sets_the_fields_ledger_record_sets(
    ledger: Ledger, afternoon: TravellingClock
) -> None:
    """Date, village, receive time and evidence are what Ledger.record would store."""
    siti = await person()
    when = wib(MONDAY, "01:30")  # before the 03:00 boundary: counts for Sunday
    await record_batch(ledger, [punch("b", siti, when, evidence={"verify": "15"})])
    await ledger.record(punch("l", siti, when, evidence={"verify": "15"}))

    batch, single = await AttendanceEvent.filter(idempotency_key__in=["b", "l"]).order_by(
        "idempotency_key"
    )
    fields = (
        "person_id",
        "village_id",
        "local_date",
        "occurred_at",
        "received_at",
        "evidence",
        "verdict",
    )
    assert [getattr(batch, name) for name in fields] == [getattr(single, name) for name in fields]
    assert batch.local_date == dt.date(2026, 11, 29)


async def test_recompute_days_gives_the_ledgers_results(
    ledger: Ledger, afternoon: TravellingClock
) -> None:
    """Leaves, holiday overrides, zones, reviews and repeats decide days as in Ledger.recompute."""
    await Village.filter(code=SARANG).update(timezone="Asia/Makassar")
    kragan_a, kragan_b, sarang = await person("A"), await person("B"), await person("C", SARANG)
    sarang_village = await Village.get(code=SARANG)
    tuesday, wednesday = MONDAY + dt.timedelta(days=1), MONDAY + dt.timedelta(days=2)
    await Leave.create(
        person_id=kragan_b,
        leave_type=LeaveType.PERMISSION,
        start_date=tuesday,
        end_date=tuesday,
        status=LeaveStatus.APPROVED,
    )
    await Leave.create(
        village_id=sarang_village.id,
        leave_type=LeaveType.OUTAGE,
        start_date=MONDAY,
        end_date=MONDAY,
        status=LeaveStatus.APPROVED,
    )
    await HolidayOverride.create(
        date=wednesday, kind=HolidayKind.DAY_OFF, name="Hari Jadi Rembang", created_by="test"
    )

    events = []
    for number, (who, date, clock, zone) in enumerate(
        [
            (kragan_a, MONDAY, "06:58", None),
            (kragan_a, MONDAY, "14:05", None),
            (kragan_b, tuesday, "10:20", None),
            (kragan_b, tuesday, "13:00", None),
            (sarang, MONDAY, "07:10", WITA),
            (kragan_a, wednesday, "08:00", None),
            (kragan_a, tuesday, "07:40", None),
        ]
    ):
        at = dt.datetime.combine(
            date, dt.time.fromisoformat(clock), tzinfo=zone or wib(MONDAY, "00:00").tzinfo
        )
        events.append(punch(f"e{number}", who, at))
    events.append(punch("review", kragan_a, wib(tuesday, "06:00"), verdict=Verdict.REVIEW))
    events.append(punch("repeat", kragan_a, wib(tuesday, "07:40:30"), verdict=Verdict.REJECTED))
    afternoon.set(wib(wednesday, "20:00"))

    await record_batch(ledger, events)

    pairs = await AttendanceDay.all().values_list("person_id", "local_date")
    assert len(pairs) == 5
    batch_rows = {(row.person_id, row.local_date): _row(row) for row in await AttendanceDay.all()}
    for person_id, date in pairs:
        result = await ledger.recompute(person_id, date)
        assert batch_rows[(person_id, date)] == _row(
            await AttendanceDay.get(person_id=person_id, local_date=date)
        )
        assert (await recompute_days(ledger, [(person_id, date)]))[(person_id, date)] == result


def _row(row: AttendanceDay) -> tuple[object, ...]:
    return (
        row.status,
        row.first_in,
        row.last_out,
        row.late_minutes,
        row.early_minutes,
        row.leave_type,
        row.work_rule_name,
        row.reasons,
    )


async def test_recompute_days_of_nothing_does_nothing(ledger: Ledger) -> None:
    """An empty set of days needs no query."""
    assert await recompute_days(ledger, []) == {}
