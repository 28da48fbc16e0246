"""The ledger on a real database (SQLite and PostgreSQL): recording, dates, rules, corrections."""

from __future__ import annotations

import asyncio
import datetime as dt
from zoneinfo import ZoneInfo

import pytest

from attendance.enums import (
    DayStatus,
    EventKind,
    EventSource,
    HolidayKind,
    LeaveStatus,
    LeaveType,
    Role,
    Verdict,
)
from attendance.errors import RuleError
from attendance.ledger import Ledger, NewEvent
from attendance.models import (
    AttendanceDay,
    AttendanceEvent,
    AuditEntry,
    Device,
    HolidayOverride,
    Leave,
    Village,
)
from attendance.people import create_person, deactivate_person
from attendance.seed import sync_district
from config.district import DistrictSettings, VillageSettings
from config.settings import Settings
from tests.timetravel import TravellingClock

WIB = ZoneInfo("Asia/Jakarta")
WITA = ZoneInfo("Asia/Makassar")
KRAGAN = "33.17.12.2012"
MONDAY = dt.date(2026, 12, 7)


def local(date: dt.date, clock: str, zone: ZoneInfo = WIB) -> dt.datetime:
    return dt.datetime.combine(date, dt.time.fromisoformat(clock), tzinfo=zone)


def event(
    key: str, person_id: int, kind: EventKind, when: dt.datetime, **extra: object
) -> NewEvent:
    source = EventSource.TERMINAL if kind is EventKind.PUNCH else EventSource.TELEGRAM
    return NewEvent(key, source, kind, when, person_id, **extra)  # type: ignore[arg-type]


async def kades(village: str = KRAGAN) -> int:
    return (await create_person("Kades Uji", Role.KADES, village, "test")).id


async def official(village: str = KRAGAN) -> int:
    return (await create_person("Kaur Uji", Role.KAUR, village, "test")).id


async def test_record_same_key_twice_stores_once(ledger: Ledger) -> None:
    """The same update delivered twice is stored once and the second call says so."""
    person = await kades()
    new = event("tg:100", person, EventKind.CHECK_IN, local(MONDAY, "06:55"))

    first = await ledger.record(new)
    second = await ledger.record(new)

    assert (first.created, second.created) == (True, False)
    assert second.event.id == first.event.id
    assert await AttendanceEvent.filter(idempotency_key="tg:100").count() == 1


async def test_record_concurrent_deliveries_store_once(ledger: Ledger) -> None:
    """Two deliveries of one key racing each other still leave one stored event."""
    person = await kades()
    new = event("tg:race", person, EventKind.CHECK_IN, local(MONDAY, "06:55"))

    results = await asyncio.gather(ledger.record(new), ledger.record(new))

    assert sorted(r.created for r in results) == [False, True]
    assert await AttendanceEvent.filter(idempotency_key="tg:race").count() == 1


async def test_record_attributes_office_local_date_not_utc(
    ledger: Ledger, clock: TravellingClock
) -> None:
    """06:55 WIB on Monday is 23:55 UTC on Sunday, and still counts for Monday."""
    person = await kades()
    when = local(MONDAY, "06:55")
    assert when.astimezone(dt.UTC).date() == MONDAY - dt.timedelta(days=1)

    recorded = await ledger.record(event("tg:1", person, EventKind.CHECK_IN, when))

    assert recorded.event.local_date == MONDAY
    assert recorded.day is not None and recorded.day.status is DayStatus.PRESENT


async def test_record_just_after_midnight_with_boundary_zero(
    db: str, settings: Settings, clock: TravellingClock
) -> None:
    """With the day boundary at midnight, 00:05 local counts for the new local date."""
    district = settings.district.model_copy(update={"day_boundary_hour": 0})
    ledger = Ledger(district, clock=clock)
    person = await kades()

    recorded = await ledger.record(
        event("tg:m", person, EventKind.CHECK_IN, local(MONDAY, "00:05"))
    )

    assert recorded.event.local_date == MONDAY


async def test_record_check_out_after_midnight_closes_yesterday(
    ledger: Ledger, clock: TravellingClock
) -> None:
    """With the default boundary at 03:00, a 00:30 check-out belongs to the day before."""
    person = await kades()
    await ledger.record(event("tg:in", person, EventKind.CHECK_IN, local(MONDAY, "06:50")))
    clock.set(local(MONDAY + dt.timedelta(days=1), "00:31"))

    recorded = await ledger.record(
        event("tg:out", person, EventKind.CHECK_OUT, local(MONDAY + dt.timedelta(days=1), "00:30"))
    )

    assert recorded.event.local_date == MONDAY
    assert recorded.day is not None and recorded.day.last_out is not None


async def test_open_day_is_never_paired_with_the_next(
    ledger: Ledger, clock: TravellingClock
) -> None:
    """A check-in without check-out on Monday is missing its check-out, whatever Tuesday holds."""
    person = await kades()
    tuesday = MONDAY + dt.timedelta(days=1)
    await ledger.record(event("p:1", person, EventKind.PUNCH, local(MONDAY, "06:50")))
    await ledger.record(event("p:2", person, EventKind.PUNCH, local(tuesday, "06:45")))
    clock.set(local(tuesday, "20:00"))

    monday = await ledger.recompute(person, MONDAY)
    tuesday_day = await ledger.recompute(person, tuesday)

    assert monday.status is DayStatus.MISSING_CHECK_OUT
    assert tuesday_day.first_in == local(tuesday, "06:45")
    assert tuesday_day.status is DayStatus.MISSING_CHECK_OUT


async def test_wita_office_counts_its_own_hours(
    db: str, settings: Settings, clock: TravellingClock
) -> None:
    """In a WITA office, 07:05 WITA is 5 minutes late, though it is 06:05 in WIB."""
    village = VillageSettings(code="73.71.01.1001", name="Uji WITA", lat=-5.14, lng=119.42)
    wita = DistrictSettings.model_validate(
        {
            **settings.district.model_dump(),
            "code": "73.71.01",
            "timezone": "Asia/Makassar",
            "villages": [village.model_dump()],
        }
    )
    await sync_district(wita)
    ledger = Ledger(wita, clock=clock)
    person = await kades("73.71.01.1001")
    clock.set(local(MONDAY, "20:00", WITA))

    await ledger.record(event("w:in", person, EventKind.CHECK_IN, local(MONDAY, "07:05", WITA)))
    recorded = await ledger.record(
        event("w:out", person, EventKind.CHECK_OUT, local(MONDAY, "14:00", WITA))
    )

    assert recorded.day is not None
    assert recorded.day.status is DayStatus.LATE
    assert recorded.day.late_minutes == 5


async def test_saturday_is_a_working_day_in_a_six_day_week(
    ledger: Ledger, clock: TravellingClock
) -> None:
    """Saturday has hours 07:00-12:30; Sunday has none."""
    person = await kades()
    saturday, sunday = dt.date(2026, 12, 12), dt.date(2026, 12, 13)
    clock.set(local(sunday, "20:00"))

    await ledger.record(event("s:in", person, EventKind.CHECK_IN, local(saturday, "07:00")))
    recorded = await ledger.record(
        event("s:out", person, EventKind.CHECK_OUT, local(saturday, "12:00"))
    )

    assert recorded.day is not None
    assert recorded.day.status is DayStatus.EARLY_DEPARTURE
    assert recorded.day.early_minutes == 30
    assert (await ledger.recompute(person, sunday)).status is DayStatus.NON_WORKING_DAY


async def test_national_holiday_and_local_overrides(
    ledger: Ledger, clock: TravellingClock
) -> None:
    """Christmas is a holiday; a village that works it is absent; a local day off excuses all."""
    person = await kades()
    christmas, extra = dt.date(2026, 12, 25), dt.date(2026, 12, 8)
    clock.set(local(dt.date(2026, 12, 28), "08:00"))

    assert (await ledger.recompute(person, christmas)).status is DayStatus.HOLIDAY

    kragan = await Village.get(code=KRAGAN)
    await HolidayOverride.create(
        date=christmas,
        kind=HolidayKind.WORKING_DAY,
        name="Kerja",
        village=kragan,
        created_by="test",
    )
    await HolidayOverride.create(
        date=extra, kind=HolidayKind.DAY_OFF, name="Hari Jadi", created_by="test"
    )

    assert (await ledger.recompute(person, christmas)).status is DayStatus.ABSENT
    assert (await ledger.recompute(person, extra)).status is DayStatus.HOLIDAY


async def test_ramadan_hours_apply_inside_the_period(
    ledger: Ledger, clock: TravellingClock
) -> None:
    """In Ramadan 2026 the day starts at 07:30, so 07:20 is on time."""
    person = await kades()
    day = dt.date(2026, 3, 2)
    clock.set(local(day, "20:00"))

    await ledger.record(event("r:in", person, EventKind.CHECK_IN, local(day, "07:20")))
    recorded = await ledger.record(
        event("r:out", person, EventKind.CHECK_OUT, local(day, "13:30"))
    )

    assert recorded.day is not None and recorded.day.status is DayStatus.ON_TIME
    assert "special_period" in recorded.day.reasons


async def test_late_event_after_day_was_computed_recomputes(
    ledger: Ledger, clock: TravellingClock
) -> None:
    """A terminal upload arriving the next morning turns yesterday's absence into a late day."""
    person = await kades()
    clock.set(local(MONDAY, "22:00"))
    assert (await ledger.recompute(person, MONDAY)).status is DayStatus.ABSENT

    clock.set(local(MONDAY + dt.timedelta(days=1), "08:00"))
    await ledger.record(event("late:1", person, EventKind.PUNCH, local(MONDAY, "07:40")))
    await ledger.record(event("late:2", person, EventKind.PUNCH, local(MONDAY, "14:05")))

    stored = await AttendanceDay.get(person_id=person, local_date=MONDAY)
    assert stored.status is DayStatus.LATE
    assert stored.late_minutes == 40


async def test_review_and_rejected_events_do_not_count_until_accepted(
    ledger: Ledger, clock: TravellingClock
) -> None:
    """A check-in sent to review counts only once a reviewer accepts it, which is audited."""
    person = await kades()
    clock.set(local(MONDAY, "09:00"))
    recorded = await ledger.record(
        event(
            "rv:1",
            person,
            EventKind.CHECK_IN,
            local(MONDAY, "06:58"),
            verdict=Verdict.REVIEW,
            reasons=("face_below_accept",),
        )
    )
    assert recorded.day is not None and recorded.day.status is DayStatus.PENDING
    assert "awaiting_review" in recorded.day.reasons

    day = await ledger.review(recorded.event.id, Verdict.ACCEPTED, "camat", "Wajah cocok")

    assert day.status is DayStatus.PRESENT
    assert "awaiting_review" not in day.reasons
    assert await AuditEntry.filter(action="event.review", actor="camat").count() == 1
    with pytest.raises(RuleError, match="already decided"):
        await ledger.review(recorded.event.id, Verdict.REJECTED, "camat", "again")


async def test_two_reviewers_at_once_decide_an_event_once(
    ledger: Ledger, clock: TravellingClock
) -> None:
    """Accept and reject pressed at the same moment: one decision stands, the other is refused."""
    person = await kades()
    clock.set(local(MONDAY, "09:00"))
    recorded = await ledger.record(
        event("rv:2", person, EventKind.CHECK_IN, local(MONDAY, "06:58"), verdict=Verdict.REVIEW)
    )

    outcomes = await asyncio.gather(
        ledger.review(recorded.event.id, Verdict.ACCEPTED, "camat", "cocok"),
        ledger.review(recorded.event.id, Verdict.REJECTED, "operator", "tidak cocok"),
        return_exceptions=True,
    )

    refused = [outcome for outcome in outcomes if isinstance(outcome, RuleError)]
    assert len(refused) == 1
    assert "sudah diputuskan" in refused[0].hint or "baru saja" in refused[0].hint
    assert await AuditEntry.filter(action="event.review").count() == 1


async def test_days_before_registration_are_not_absences(
    ledger: Ledger, clock: TravellingClock
) -> None:
    """Someone registered on Wednesday was not absent on Monday; from Wednesday on they count."""
    wednesday = MONDAY + dt.timedelta(days=2)
    person = (
        await create_person(
            "Kaur Baru", Role.KAUR, KRAGAN, "test", registered_at=local(wednesday, "10:00")
        )
    ).id
    clock.set(local(wednesday + dt.timedelta(days=1), "12:00"))

    monday = await ledger.recompute(person, MONDAY)
    registered_day = await ledger.recompute(person, wednesday)

    assert (monday.status, monday.reasons) == (DayStatus.NON_WORKING_DAY, ("before_registration",))
    assert registered_day.status is DayStatus.ABSENT


async def test_days_after_deactivation_are_not_absences(
    ledger: Ledger, clock: TravellingClock
) -> None:
    """Someone deactivated on Monday afternoon counts for Monday, not for Tuesday."""
    person = await official()
    await deactivate_person(person, "camat", "pensiun", local(MONDAY, "15:00"))
    clock.set(local(MONDAY + dt.timedelta(days=2), "12:00"))

    monday = await ledger.recompute(person, MONDAY)
    tuesday = await ledger.recompute(person, MONDAY + dt.timedelta(days=1))

    assert monday.status is DayStatus.ABSENT
    assert (tuesday.status, tuesday.reasons) == (
        DayStatus.NON_WORKING_DAY,
        ("after_deactivation",),
    )


async def test_a_village_has_one_active_kades(ledger: Ledger) -> None:
    """A second Kades for a village is refused, in English and in Indonesian."""
    await kades()

    with pytest.raises(RuleError, match="active kades already") as refused:
        await kades()

    assert "sudah punya Kepala Desa aktif" in refused.value.hint


async def test_correction_needs_reason_and_is_audited(
    ledger: Ledger, clock: TravellingClock
) -> None:
    """An admin correction adds a check-out with the reason in the audit log."""
    person = await kades()
    clock.set(local(MONDAY, "22:00"))
    await ledger.record(event("c:in", person, EventKind.CHECK_IN, local(MONDAY, "06:50")))

    with pytest.raises(RuleError, match="reason"):
        await ledger.correct(person, EventKind.CHECK_OUT, local(MONDAY, "14:00"), "op", " ")
    recorded = await ledger.correct(
        person, EventKind.CHECK_OUT, local(MONDAY, "14:00"), "op", "Mesin mati"
    )

    assert recorded.day is not None and recorded.day.status is DayStatus.ON_TIME
    entry = await AuditEntry.get(action="event.correct")
    assert (entry.actor, entry.reason) == ("op", "Mesin mati")


async def test_approved_leave_excuses_and_bulk_outage_covers_village(
    ledger: Ledger, clock: TravellingClock
) -> None:
    """Approved sick leave excuses a person; a village-wide outage excuse covers everyone."""
    person = await kades()
    clock.set(local(MONDAY, "22:00"))
    await Leave.create(
        person_id=person,
        leave_type=LeaveType.SICK,
        start_date=MONDAY,
        end_date=MONDAY,
        status=LeaveStatus.APPROVED,
    )
    other = await official()
    tuesday = MONDAY + dt.timedelta(days=1)
    await Leave.create(
        village=await Village.get(code=KRAGAN),
        leave_type=LeaveType.OUTAGE,
        start_date=tuesday,
        end_date=tuesday,
        status=LeaveStatus.APPROVED,
    )
    pending = await official()
    await Leave.create(
        person_id=pending, leave_type=LeaveType.PERMISSION, start_date=MONDAY, end_date=MONDAY
    )

    assert (await ledger.recompute(person, MONDAY)).status is DayStatus.EXCUSED
    assert (await ledger.recompute(pending, MONDAY)).status is DayStatus.ABSENT
    clock.set(local(tuesday, "22:00"))
    assert (await ledger.recompute(other, tuesday)).leave_type is LeaveType.OUTAGE


async def test_unmapped_pin_punches_are_kept_and_attached_later(
    ledger: Ledger, clock: TravellingClock
) -> None:
    """Punches of an unknown PIN are stored without a person and join their day once mapped."""
    device = await Device.create(serial="ZK1", protocol="adms")
    clock.set(local(MONDAY, "22:00"))
    recorded = await ledger.record(
        NewEvent(
            "zk:1",
            EventSource.TERMINAL,
            EventKind.PUNCH,
            local(MONDAY, "06:45"),
            None,
            device_id=device.id,
            device_pin="77",
        )
    )
    assert recorded.event.person_id is None

    person = await kades()
    attached = await ledger.attach_unmapped(device.id, "77", person)

    assert attached == 1
    stored = await AttendanceDay.get(person_id=person, local_date=MONDAY)
    assert stored.status is DayStatus.MISSING_CHECK_OUT


async def test_work_rule_versions_are_never_retroactive(
    ledger: Ledger, settings: Settings, clock: TravellingClock
) -> None:
    """A new version must start after today; from its date on, days use its hours."""
    person = await kades()
    clock.set(local(MONDAY, "10:00"))
    current = settings.district.work_rules[0]
    later = current.model_copy(
        update={
            "name": "Perbup baru",
            "effective_from": MONDAY,
            "days": {"mon": current.days["mon"].model_copy(update={"start": dt.time(8)})},
        }
    )

    with pytest.raises(RuleError, match="not after today"):
        await ledger.add_work_rule(later, "camat", "Perbup baru")

    next_week = MONDAY + dt.timedelta(days=7)
    await ledger.add_work_rule(
        later.model_copy(update={"effective_from": next_week}), "camat", "Perbup baru"
    )
    clock.set(local(next_week, "22:00"))
    await ledger.record(event("v:in", person, EventKind.CHECK_IN, local(next_week, "07:45")))
    await ledger.record(event("v:in0", person, EventKind.CHECK_IN, local(MONDAY, "07:45")))

    assert (await ledger.recompute(person, next_week)).late_minutes == 0
    assert (await ledger.recompute(person, MONDAY)).late_minutes == 45
