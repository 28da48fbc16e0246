"""Day close in bulk: days stored for everyone, racing events redone, notices flagged."""

from __future__ import annotations

import datetime as dt

from attendance.enums import DayStatus, EventKind
from attendance.ledger import Ledger
from attendance.models import AttendanceDay, AuditEntry
from config.scheduler import SchedulerSettings
from scheduler.closing import close_date, close_notices, store_days
from scheduler.snapshot import load_snapshot
from tests.scheduler.conftest import MONDAY, add_person, local, punch
from tests.timetravel import TravellingClock


async def test_close_date_stores_every_day_once_and_marks_it(
    ledger: Ledger, clock: TravellingClock
) -> None:
    """Closing Monday stores absent, forgotten check-out and on-time days, once."""
    absent = await add_person(chat=101)
    forgot = await add_person(chat=102)
    fine = await add_person(chat=103)
    await punch(ledger, forgot, EventKind.CHECK_IN, local(MONDAY, "06:50"))
    await punch(ledger, fine, EventKind.CHECK_IN, local(MONDAY, "06:55"))
    await punch(ledger, fine, EventKind.CHECK_OUT, local(MONDAY, "14:01"))
    clock.set(local(MONDAY, "18:00"))

    report = await close_date(ledger, MONDAY)
    again = await close_date(ledger, MONDAY)

    statuses = dict(
        await AttendanceDay.filter(local_date=MONDAY).values_list("person_id", "status")
    )
    assert statuses[absent] == DayStatus.ABSENT
    assert statuses[forgot] == DayStatus.MISSING_CHECK_OUT
    assert statuses[fine] == DayStatus.ON_TIME
    assert (report.absent, report.missing_check_out, report.villages) == (1, 1, 27)
    assert again.villages == 0
    assert await AuditEntry.filter(action="day.close").count() == 27


async def test_close_before_close_time_does_nothing(
    ledger: Ledger, clock: TravellingClock
) -> None:
    """At 17:59 Monday's day (14:00 + 4 h) is not final yet."""
    await add_person()
    clock.set(local(MONDAY, "17:59"))

    report = await close_date(ledger, MONDAY)

    assert report.villages == 0
    assert await AttendanceDay.filter(local_date=MONDAY).count() == 0


async def test_store_days_redoes_an_event_that_raced_the_bulk_write(
    ledger: Ledger, clock: TravellingClock
) -> None:
    """A punch stored after the snapshot was read is recomputed through the ledger."""
    person = await add_person()
    clock.set(local(MONDAY, "18:00"))
    snapshot = await load_snapshot(ledger, MONDAY)
    await punch(ledger, person, EventKind.CHECK_IN, local(MONDAY, "06:40"))

    stored, recomputed = await store_days(ledger, snapshot, clock(), set(snapshot.villages))

    assert recomputed == 1
    day = await AttendanceDay.get(person_id=person, local_date=MONDAY)
    assert day.status is DayStatus.MISSING_CHECK_OUT
    assert stored >= 1


async def test_close_notices_flag_missing_check_out_and_absence(
    ledger: Ledger, clock: TravellingClock, scheduler_settings: SchedulerSettings
) -> None:
    """Forgetting to check out and being absent each get one notice; no chat, no notice."""
    forgot = await add_person(chat=201)
    absent = await add_person(chat=202)
    await add_person(chat=None)
    await punch(ledger, forgot, EventKind.CHECK_IN, local(MONDAY, "06:50"))
    clock.set(local(MONDAY, "18:05"))
    snapshot = await load_snapshot(ledger, MONDAY)

    notices = close_notices(snapshot, clock(), set(snapshot.villages), scheduler_settings)

    by_person = {n.person_id: n for n in notices}
    assert set(by_person) == {forgot, absent}
    assert by_person[forgot].kind == "close.missing_check_out"
    assert "lupa absen pulang" in by_person[forgot].message.text  # type: ignore[union-attr]
    assert by_person[absent].kind == "close.absent"
    assert by_person[absent].chat_id == "202"
    assert dt.date(2026, 12, 7).isoformat() in by_person[absent].dedupe_key
