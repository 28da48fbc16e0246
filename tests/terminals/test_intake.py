"""Intake of punches: duplicates, repeats, far-off device clocks, unmapped PINs, late uploads."""

from __future__ import annotations

import dataclasses
import datetime as dt

from attendance.enums import DayStatus, Verdict
from attendance.models import AttendanceDay, AttendanceEvent, Device
from attendance.vault import Vault
from terminals.admin import map_pin
from terminals.context import TerminalContext
from terminals.intake import FUTURE_REASON, PAST_REASON, REPEAT_REASON, take_punches
from terminals.punch import RawPunch, TerminalPunch, locate
from terminals.registry import find_device
from tests.terminals.conftest import MONDAY, WIB, approved, person, wib
from tests.timetravel import TravellingClock


def punches(*items: tuple[str, str]) -> list[TerminalPunch]:
    """Return punches (PIN, 'YYYY-MM-DD HH:MM:SS' WIB) as a terminal would send them."""
    return [locate(RawPunch(pin, dt.datetime.fromisoformat(time)), WIB) for pin, time in items]


async def device(vault: Vault, serial: str = "SIM0001") -> Device:
    await approved(serial, vault)
    found = await find_device(serial)
    assert found is not None
    return found


async def test_take_punches_counts_replays_as_duplicates(
    context: TerminalContext, vault: Vault, afternoon: TravellingClock
) -> None:
    """The same batch twice, and a punch twice within a batch, are stored once."""
    terminal = await device(vault)
    batch = punches(("1001", "2026-11-30 07:31:05"), ("1001", "2026-11-30 07:31:05"))

    first = await take_punches(context, terminal, batch, {})
    second = await take_punches(context, terminal, batch, {})

    assert (first.received, first.new, first.duplicates) == (2, 1, 1)
    assert (second.received, second.new, second.duplicates) == (2, 0, 2)
    assert await AttendanceEvent.all().count() == 1


async def test_take_punches_collapses_repeats_around_kept_punches(
    context: TerminalContext, vault: Vault, afternoon: TravellingClock
) -> None:
    """Punches within 60 s of a kept one, before or after it, are stored as repeats."""
    terminal = await device(vault)
    await take_punches(
        context,
        terminal,
        punches(
            ("1001", "2026-11-30 07:31:05"),
            ("1001", "2026-11-30 07:31:40"),
            ("1001", "2026-11-30 07:33:00"),
            ("1002", "2026-11-30 07:31:30"),
        ),
        {},
    )
    late = await take_punches(context, terminal, punches(("1001", "2026-11-30 07:30:10")), {})

    events = await AttendanceEvent.filter(device_pin="1001").order_by("occurred_at")
    assert [(e.occurred_at.astimezone(WIB).strftime("%H:%M:%S"), e.verdict) for e in events] == [
        ("07:30:10", Verdict.REJECTED),
        ("07:31:05", Verdict.ACCEPTED),
        ("07:31:40", Verdict.REJECTED),
        ("07:33:00", Verdict.ACCEPTED),
    ]
    assert events[0].reasons == [REPEAT_REASON]
    assert late.repeats == 1
    assert await AttendanceEvent.filter(device_pin="1002", verdict=Verdict.ACCEPTED).count() == 1


async def test_take_punches_collapse_can_be_switched_off(
    context: TerminalContext, vault: Vault, afternoon: TravellingClock
) -> None:
    """With collapse_seconds 0 every distinct second counts."""
    terminal = await device(vault)
    settings = context.settings.model_copy(update={"collapse_seconds": 0})
    no_collapse = dataclasses.replace(context, settings=settings)

    result = await take_punches(
        no_collapse,
        terminal,
        punches(("1001", "2026-11-30 07:31:05"), ("1001", "2026-11-30 07:31:06")),
        {},
    )

    assert (result.new, result.repeats) == (2, 0)


async def test_take_punches_flags_device_times_far_off_the_server_clock(
    context: TerminalContext, vault: Vault, afternoon: TravellingClock
) -> None:
    """A reset clock (2000) and a clock a day ahead go to review and do not count."""
    siti = await person()
    terminal = await device(vault)
    await map_pin(context, "SIM0001", "1001", siti, "test")

    result = await take_punches(
        context,
        terminal,
        punches(("1001", "2000-01-01 00:00:12"), ("1001", "2026-12-01 07:00:00")),
        {},
    )

    flagged = await AttendanceEvent.filter(verdict=Verdict.REVIEW).order_by("occurred_at")
    assert result.flagged == 2
    assert [event.reasons for event in flagged] == [[PAST_REASON], [FUTURE_REASON]]
    day = await AttendanceDay.get(person_id=siti, local_date=dt.date(2026, 12, 1))
    assert day.first_in is None


async def test_take_punches_keeps_unmapped_pins_until_they_are_mapped(
    context: TerminalContext, vault: Vault, afternoon: TravellingClock
) -> None:
    """A punch of an unknown PIN is kept without a person and attached when mapped."""
    terminal = await device(vault)
    result = await take_punches(context, terminal, punches(("77", "2026-11-30 07:01:00")), {})
    siti = await person()

    attached = await map_pin(context, "SIM0001", "77", siti, "test")

    assert result.unmapped == 1
    assert attached == 1
    day = await AttendanceDay.get(person_id=siti, local_date=MONDAY)
    assert day.first_in == wib(MONDAY, "07:01")


async def test_take_punches_late_upload_recomputes_the_day(
    context: TerminalContext, vault: Vault, afternoon: TravellingClock
) -> None:
    """A morning punch uploaded after the afternoon one corrects the day."""
    siti = await person()
    terminal = await device(vault)
    await map_pin(context, "SIM0001", "1001", siti, "test")

    await take_punches(context, terminal, punches(("1001", "2026-11-30 08:10:00")), {})
    before = await AttendanceDay.get(person_id=siti, local_date=MONDAY)
    await take_punches(context, terminal, punches(("1001", "2026-11-30 06:55:00")), {})
    after = await AttendanceDay.get(person_id=siti, local_date=MONDAY)

    assert (before.status, before.late_minutes) == (DayStatus.LATE, 70)
    assert (after.status, after.first_in, after.last_out) == (
        DayStatus.EARLY_DEPARTURE,
        wib(MONDAY, "06:55"),
        wib(MONDAY, "08:10"),
    )
