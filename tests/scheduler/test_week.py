"""Time travel over a simulated week: holidays, a Saturday, leave, a forgotten check-out, WITA,
Ramadan, and a restart in the middle of a reminder run."""

from __future__ import annotations

import asyncio
import datetime as dt
from collections import Counter
from pathlib import Path

from telegram import Bot

from attendance.enums import EventKind, LeaveStatus, LeaveType, Role
from attendance.ledger import Ledger
from attendance.models import (
    AttendanceDay,
    AuditEntry,
    Leave,
    OutboxMessage,
    Village,
    Warning,
)
from attendance.seed import sync_district
from bot.sandbox import FakeBotApi
from config.district import DistrictSettings, VillageSettings
from config.scheduler import PacingSettings, SchedulerSettings
from config.settings import Settings
from scheduler.dispatcher import Dispatcher
from scheduler.plan import JobContext, plan_at
from scheduler.sender import OutboxSender
from tests.scheduler.conftest import (
    KRAGAN,
    MONDAY,
    TEGALMULYO,
    WITA,
    add_person,
    local,
    punch,
)
from tests.timetravel import TravellingClock

CAMAT = "-100500"
FAST = PacingSettings(messages_per_second=1000, per_chat_per_second=100, per_group_per_minute=6000)
WEEK = [dt.date(2026, 12, 21) + dt.timedelta(days=n) for n in range(7)]


def dispatcher(ledger: Ledger, tmp_path: Path) -> Dispatcher:
    return Dispatcher(JobContext(ledger, SchedulerSettings(), CAMAT, tmp_path))


def grid(date: dt.date) -> list[dt.datetime]:
    """Every ten minutes from 05:30 to 18:30 WIB (06:30 to 19:30 WITA)."""
    start = local(date, "05:30")
    return [start + dt.timedelta(minutes=10 * n) for n in range(79)]


async def kinds_of(person_id: int) -> Counter[tuple[str, str]]:
    rows = await OutboxMessage.filter(person_id=person_id).values_list("kind", "dedupe_key")
    return Counter((kind, key.split("|")[2]) for kind, key in rows)


async def test_week_in_wib_and_wita_offices(
    ledger: Ledger, clock: TravellingClock, tmp_path: Path, bot: Bot, fake: FakeBotApi
) -> None:
    """Mon 21 – Sun 27 Dec 2026: two holidays, a working Saturday, leave, a missed check-out,
    and a second office on WITA (Tegalmulyo moved to Asia/Makassar for the test)."""
    await Village.filter(code=TEGALMULYO).update(timezone="Asia/Makassar")
    added = dt.datetime(2026, 12, 20, tzinfo=dt.UTC)
    punctual = await add_person(chat=301, added=added)
    sick = await add_person(chat=302, added=added)
    forgetful = await add_person(chat=303, added=added)
    missing = await add_person(chat=304, added=added)
    kades = await add_person(Role.KADES, chat=305, added=added)
    wita_punctual = await add_person(chat=306, added=added, village=TEGALMULYO)
    wita_missing = await add_person(chat=307, added=added, village=TEGALMULYO)
    await Leave.create(
        person_id=sick,
        leave_type=LeaveType.SICK,
        start_date=WEEK[0],
        end_date=WEEK[1],
        status=LeaveStatus.APPROVED,
    )
    jobs = dispatcher(ledger, tmp_path)
    send = OutboxSender(bot, tmp_path, clock, FAST)
    working = [WEEK[0], WEEK[1], WEEK[2], WEEK[5]]

    for date in WEEK:
        saturday = date.weekday() == 5
        for instant in grid(date):
            clock.set(instant)
            if date in working:
                if instant == local(date, "06:50"):
                    # 06:50 WIB is 07:50 WITA: the WITA office's own 06:50 is an hour earlier.
                    await punch(ledger, punctual, EventKind.CHECK_IN, instant)
                    await punch(ledger, forgetful, EventKind.CHECK_IN, instant)
                    if date != WEEK[0] and date != WEEK[1]:
                        await punch(ledger, sick, EventKind.CHECK_IN, instant)
                if instant == local(date, "06:50", WITA):
                    await punch(ledger, wita_punctual, EventKind.CHECK_IN, instant)
                end = local(date, "12:40" if saturday else "14:10")
                if instant == end:
                    await punch(ledger, punctual, EventKind.CHECK_OUT, instant)
                    if date != WEEK[0]:
                        await punch(ledger, forgetful, EventKind.CHECK_OUT, instant)
                    if date not in WEEK[:2]:
                        await punch(ledger, sick, EventKind.CHECK_OUT, instant)
                if instant == local(date, "12:40" if saturday else "14:10", WITA):
                    await punch(ledger, wita_punctual, EventKind.CHECK_OUT, instant)
            await jobs.tick()
        await send.drain()

    holidays = {WEEK[3].isoformat(), WEEK[4].isoformat(), WEEK[6].isoformat()}
    for person in (missing, wita_missing):
        kinds = await kinds_of(person)
        for date in working:
            day = date.isoformat()
            assert kinds[("reminder.check_in", day)] == 1, (person, day)
            assert kinds[("notice.late", day)] == 1, (person, day)
            assert kinds[("close.absent", day)] == 1, (person, day)
        assert not [key for key in kinds if key[1] in holidays]

    sick_kinds = await kinds_of(sick)
    assert not [key for key in sick_kinds if key[1] in (WEEK[0].isoformat(), WEEK[1].isoformat())]
    forgetful_kinds = await kinds_of(forgetful)
    assert forgetful_kinds[("close.missing_check_out", WEEK[0].isoformat())] == 1
    assert sum(1 for key in forgetful_kinds if key[0] == "close.missing_check_out") == 1
    for person in (punctual, wita_punctual):
        assert not [
            key for key in await kinds_of(person) if key[0].startswith(("notice", "close"))
        ]

    statuses = dict(
        await AttendanceDay.filter(person_id=wita_punctual).values_list("local_date", "status")
    )
    assert [statuses[date] for date in working] == ["on_time"] * 4
    assert statuses[WEEK[3]] == statuses[WEEK[4]] == "holiday"
    assert dict(
        await AttendanceDay.filter(person_id=sick, local_date__in=WEEK[:2]).values_list(
            "local_date", "leave_type"
        )
    ) == {WEEK[0]: "sick", WEEK[1]: "sick"}

    recaps: Counter[str] = Counter(
        str(kind) for (kind,) in await OutboxMessage.filter(chat_id=CAMAT).values_list("kind")
    )
    assert recaps["recap.morning"] == 4 and recaps["recap.evening"] == 4
    warned = dict(await Warning.all().values_list("person_id", "level"))
    assert warned == {missing: "oral", kades: "oral", wita_missing: "oral"}
    assert recaps["warning.oral"] == 3
    kades_warnings = await OutboxMessage.filter(chat_id="305", kind="warning.oral").count()
    assert kades_warnings == 2
    assert any("12:30 WIB" in text for text in fake.texts_to(301))
    wita_texts = fake.texts_to(307)
    assert any("07:00 WITA" in text for text in wita_texts)
    assert not any("WIB" in text for text in wita_texts)
    assert await OutboxMessage.filter(status="pending").count() == 0
    assert fake.rejected == []


async def test_wita_office_is_reminded_on_its_own_clock(
    db: str, settings: Settings, clock: TravellingClock, tmp_path: Path
) -> None:
    """06:46 WITA is 05:46 WIB: the WITA office gets its reminder, a WIB office would not."""
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
    wita_ledger = Ledger(wita, clock=clock)
    person = await add_person(village="73.71.01.1001", chat=401)
    await add_person(village=KRAGAN, chat=402)
    context = JobContext(wita_ledger, SchedulerSettings(), None, tmp_path)

    early = await plan_at(context, local(MONDAY, "06:46", WITA))
    late = await plan_at(context, local(MONDAY, "07:16", WITA))

    assert [(m.kind, m.person_id) for m in early.messages] == [("reminder.check_in", person)]
    assert "07:00 WITA" in early.messages[0].message.text  # type: ignore[union-attr]
    assert [m.kind for m in late.messages] == ["notice.late"]
    wib = JobContext(Ledger(settings.district, clock=clock), SchedulerSettings(), None, tmp_path)
    assert (await plan_at(wib, local(MONDAY, "06:46", WITA))).messages == []


async def test_ramadan_day_runs_on_ramadan_hours(
    ledger: Ledger, clock: TravellingClock, tmp_path: Path, bot: Bot, fake: FakeBotApi
) -> None:
    """Monday 2 March 2026 is in Ramadan 1447 H: 07:30-13:30 instead of 07:00-14:00.

    The reminder is due 07:15, not 06:45; 07:25 is on time; 07:40 is 10 minutes late; leaving at
    13:10 is 20 minutes early; the day closes at 17:30, not 18:00.
    """
    day = dt.date(2026, 3, 2)
    added = local(day, "04:00")
    on_time = await add_person(chat=501, added=added)
    late = await add_person(chat=502, added=added)
    missing = await add_person(chat=503, added=added)
    context = JobContext(ledger, SchedulerSettings(), None, tmp_path)
    assert (await plan_at(context, local(day, "06:46"))).messages == []
    assert (await plan_at(context, local(day, "07:14"))).messages == []
    due = await plan_at(context, local(day, "07:15"))
    assert [m.kind for m in due.messages] == ["reminder.check_in"] * 3
    jobs = dispatcher(ledger, tmp_path)
    send = OutboxSender(bot, tmp_path, clock, FAST)
    closed_at = None

    for instant in grid(day):
        clock.set(instant)
        if instant == local(day, "07:20"):
            await punch(ledger, on_time, EventKind.CHECK_IN, instant)
        if instant == local(day, "07:40"):
            await punch(ledger, late, EventKind.CHECK_IN, instant)
        if instant == local(day, "13:10"):
            await punch(ledger, late, EventKind.CHECK_OUT, instant)
        if instant == local(day, "13:40"):
            await punch(ledger, on_time, EventKind.CHECK_OUT, instant)
        await jobs.tick()
        marked = AuditEntry.filter(action="day.close", target_id=f"{KRAGAN}@{day.isoformat()}")
        if closed_at is None and await marked.exists():
            closed_at = instant
    await send.drain()

    assert closed_at == local(day, "17:30")
    days = {row.person_id: row for row in await AttendanceDay.filter(local_date=day)}
    assert days[on_time].status == "on_time"
    assert (days[late].status, days[late].late_minutes, days[late].early_minutes) == (
        "late",
        10,
        20,
    )
    assert days[missing].status == "absent"
    (check_out,) = fake.texts_to(501)
    assert "jam pulang pukul 13:30 WIB" in check_out
    reminder, lateness, absence = fake.texts_to(503)
    assert "07:30 WIB" in reminder and "07:30 WIB" in lateness and "2 Maret 2026" in absence
    reminded, early = fake.texts_to(502)  # not yet in at 07:20, in before the 07:45 notice
    assert "07:30 WIB" in reminded
    assert "13:10" in early and "13:30 WIB" in early and "20 menit" in early


async def test_restart_in_the_middle_of_a_reminder_run_sends_each_once(
    ledger: Ledger, clock: TravellingClock, tmp_path: Path, bot: Bot, fake: FakeBotApi
) -> None:
    """A sender dies after one batch and after a claim; the job fires again; all get one."""
    added = dt.datetime(2026, 12, 6, tzinfo=dt.UTC)
    people = [await add_person(chat=6000 + n, added=added) for n in range(50)]
    clock.set(local(MONDAY, "06:46"))
    first = await dispatcher(ledger, tmp_path).tick()
    pacing = FAST.model_copy(update={"batch_size": 10, "lease_seconds": 60})

    dying = OutboxSender(bot, tmp_path, clock, pacing)
    await dying.send_due()
    await dying.claim(10)
    clock.advance(minutes=1)
    again = await dispatcher(ledger, tmp_path).tick()
    await OutboxSender(bot, tmp_path, clock, pacing).drain()
    clock.advance(minutes=2)
    await OutboxSender(bot, tmp_path, clock, pacing).drain()

    assert again.queued == 0
    # The first tick also queues November's monthly report, missed on 1 December.
    assert await OutboxMessage.filter(kind="reminder.check_in").count() == first.queued - 1 == 50
    sent = Counter(str(call["chat_id"]) for call in fake.calls("sendMessage"))
    assert sent == Counter({str(6000 + n): 1 for n in range(len(people))})
    assert fake.rejected == []


async def test_two_scheduler_instances_ticking_together_queue_once(
    ledger: Ledger, clock: TravellingClock, tmp_path: Path
) -> None:
    """Two dispatchers (two processes) tick at the same instant: every key and step once."""
    added = dt.datetime(2026, 12, 6, tzinfo=dt.UTC)
    people = [await add_person(chat=7000 + n, added=added) for n in range(20)]
    first, second = dispatcher(ledger, tmp_path), dispatcher(ledger, tmp_path)

    for instant in (
        local(MONDAY, "06:46"),
        local(MONDAY, "18:05"),
        local(dt.date(2026, 12, 8), "18:05"),
    ):
        clock.set(instant)
        await asyncio.gather(first.tick(), second.tick())

    keys = await OutboxMessage.all().values_list("dedupe_key", flat=True)
    assert len(keys) == len(set(keys))
    kinds = Counter(str(kind) for kind in await OutboxMessage.all().values_list("kind", flat=True))
    assert kinds["reminder.check_in"] == kinds["close.absent"] / 2 == len(people)
    assert await Warning.all().count() == len(people)
    statuses = await AttendanceDay.filter(local_date=MONDAY).values_list("status", flat=True)
    assert [str(status) for status in statuses] == ["absent"] * len(people)


async def test_a_window_queued_once_is_not_planned_again_on_a_utc_clock(
    ledger: Ledger, clock: TravellingClock, tmp_path: Path
) -> None:
    """06:46 WIB is 23:46 UTC the day before: the next tick still knows the window is done."""
    await add_person(chat=7101, added=dt.datetime(2026, 12, 6, tzinfo=dt.UTC))
    jobs = dispatcher(ledger, tmp_path)
    clock.set(local(MONDAY, "05:00").astimezone(dt.UTC))
    await jobs.tick()

    clock.set(local(MONDAY, "06:46").astimezone(dt.UTC))
    first = await jobs.tick()
    clock.advance(minutes=1)
    second = await jobs.tick()

    assert (first.planned, first.queued) == (1, 1)
    assert (second.planned, second.queued) == (0, 0)
