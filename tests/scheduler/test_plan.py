"""The plan and `sregep schedule preview`: what would be sent, to whom and why, writing nothing."""

from __future__ import annotations

import asyncio
import datetime as dt
import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from attendance.database import open_database
from attendance.enums import DeviceStatus, EventKind
from attendance.ledger import Ledger
from attendance.models import AttendanceDay, AuditEntry, Device, OutboxMessage, Village, Warning
from attendance.seed import sync_district
from config import load_settings
from config.scheduler import SchedulerSettings
from scheduler.cli import describe, schedule_app
from scheduler.outbox import queued_keys
from scheduler.plan import JobContext, plan_at
from tests.scheduler.conftest import KRAGAN, MONDAY, add_person, local, punch
from tests.timetravel import TravellingClock

CAMAT = "-100700"


async def counts() -> tuple[int, ...]:
    return (
        await OutboxMessage.all().count(),
        await AttendanceDay.all().count(),
        await AuditEntry.all().count(),
        await Warning.all().count(),
    )


async def test_preview_at_0745_lists_lateness_notices_and_writes_nothing(
    ledger: Ledger, clock: TravellingClock, tmp_path: Path
) -> None:
    """At 07:45 the missing get a lateness notice with the reason; nothing is stored."""
    late = await add_person(chat=801)
    present = await add_person(chat=802)
    clock.set(local(MONDAY, "06:55"))
    await punch(ledger, present, EventKind.CHECK_IN, local(MONDAY, "06:55"))
    before = await counts()
    context = JobContext(ledger, SchedulerSettings(), CAMAT, tmp_path)

    plan = await plan_at(context, local(MONDAY, "07:44"))
    data = describe(plan, await queued_keys([m.dedupe_key for m in plan.messages]))

    notices = [m for m in data["messages"] if m["kind"] == "notice.late"]
    assert [(m["person_id"], m["chat_id"]) for m in notices] == [(late, "801")]
    assert "status pending" in notices[0]["why"]
    assert notices[0]["already_queued"] is False
    assert await counts() == before


async def test_plan_lists_day_close_and_silent_terminals(
    ledger: Ledger, clock: TravellingClock, tmp_path: Path
) -> None:
    """After 18:00 the close is planned with its counts; at 09:00 a silent terminal is named."""
    await add_person(chat=811)
    village = await Village.get(code=KRAGAN)
    await Device.create(
        serial="ZK-9", protocol="adms", village=village, status=DeviceStatus.APPROVED
    )
    context = JobContext(ledger, SchedulerSettings(), CAMAT, tmp_path)

    morning = await plan_at(context, local(MONDAY, "09:01"))
    evening = await plan_at(context, local(MONDAY, "18:01"))

    silent = [m for m in morning.messages if m.kind == "notice.silent_devices"]
    assert len(silent) == 1 and "ZK-9" in silent[0].message.text  # type: ignore[union-attr]
    assert [m.kind for m in morning.messages].count("recap.morning") == 1
    today = [close for close in evening.closes if close.date == MONDAY]
    assert today and today[0].absent == 1 and len(today[0].village_ids) == 27
    assert "recap.evening" in [m.kind for m in evening.messages]


def test_preview_command_prints_json_for_a_moment(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """`schedule preview --at … --format json` runs against an empty database and prints JSON."""
    monkeypatch.setenv("DATABASE_URL", f"sqlite://{tmp_path / 'preview.sqlite3'}")

    result = CliRunner().invoke(
        schedule_app, ["preview", "--at", "2026-12-07T07:45+07:00", "--format", "json"]
    )

    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert data["at"] == "2026-12-07T07:45:00+07:00" and data["messages"] == []


def test_preview_command_refuses_a_time_without_offset() -> None:
    """A naive --at is refused with exit 2 and the rule named."""
    result = CliRunner().invoke(schedule_app, ["preview", "--at", "2026-12-07T07:45"])

    assert result.exit_code == 2
    assert "UTC offset" in result.output


def test_preview_command_lists_who_gets_what_and_writes_nothing(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """At 06:46 on a Monday the JSON names the reminder's person, chat, reason and key."""
    url = f"sqlite://{tmp_path / 'preview.sqlite3'}"
    monkeypatch.setenv("DATABASE_URL", url)
    district = load_settings().district

    async def seed() -> int:
        async with open_database(url):
            await sync_district(district)
            return await add_person(chat=821, added=dt.datetime(2026, 12, 6, tzinfo=dt.UTC))

    async def stored() -> int:
        async with open_database(url):
            return await OutboxMessage.all().count() + await AttendanceDay.all().count()

    person = asyncio.run(seed())
    result = CliRunner().invoke(
        schedule_app, ["preview", "--at", "2026-12-07T06:46+07:00", "--format", "json"]
    )

    assert result.exit_code == 0, result.output
    (message,) = json.loads(result.stdout)["messages"]
    assert (message["kind"], message["person_id"], message["chat_id"]) == (
        "reminder.check_in",
        person,
        "821",
    )
    assert message["dedupe_key"] == f"reminder.check_in|p{person}|2026-12-07|0"
    assert "status pending" in message["why"] and message["already_queued"] is False
    assert asyncio.run(stored()) == 0


async def test_monthly_report_waits_for_the_first_working_day(
    ledger: Ledger, tmp_path: Path
) -> None:
    """1 Jan 2027 is a holiday; Saturday 2 Jan works in the 6-day week: the report comes then."""
    context = JobContext(ledger, SchedulerSettings(), CAMAT, tmp_path)
    saturday = dt.date(2027, 1, 2)

    on_holiday = await plan_at(context, local(dt.date(2027, 1, 1), "09:00"))
    too_early = await plan_at(context, local(saturday, "07:59"))
    due = await plan_at(context, local(saturday, "08:00"))

    assert on_holiday.reports == [] and too_early.reports == []
    assert [(r.year, r.month) for r in due.reports] == [(2026, 12)]
    assert due.reports[0].dedupe_key == f"report.monthly|c{CAMAT}|2026-12|0"
