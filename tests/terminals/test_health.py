"""Terminal health: last contact for the admin web, silent terminals for the scheduler."""

from __future__ import annotations

import datetime as dt

from attendance.enums import HolidayKind
from attendance.ledger import Ledger
from attendance.models import Device, HolidayOverride, TerminalUpload, Village
from attendance.vault import Vault
from config.terminals import TerminalSettings
from terminals.health import device_health, silent_devices
from tests.terminals.conftest import KRAGAN, MONDAY, approved, wib
from tests.timetravel import TravellingClock


async def terminals_seen(vault: Vault, **last_seen: dt.datetime | None) -> None:
    """Register approved Kragan terminals last seen at the given times."""
    for serial, seen in last_seen.items():
        await approved(serial, vault)
        await Device.filter(serial=serial).update(last_seen_at=seen)


async def test_silent_devices_lists_terminals_quiet_into_the_shift(
    ledger: Ledger, vault: Vault, clock: TravellingClock
) -> None:
    """At 09:00 on a Monday, terminals quiet for over 60 minutes (or never heard) are listed."""
    await terminals_seen(vault, QUIET=wib(MONDAY, "06:30"), BUSY=wib(MONDAY, "08:45"), NEVER=None)
    await Device.create(serial="PENDING", protocol="adms")
    clock.set(wib(MONDAY, "09:00"))

    silent = await silent_devices(ledger, TerminalSettings())

    assert [(item.serial, item.silent_minutes) for item in silent] == [
        ("NEVER", None),
        ("QUIET", 150),
    ]
    assert silent[0].village_code == KRAGAN


async def test_silent_devices_waits_for_the_shift_and_skips_days_off(
    ledger: Ledger, vault: Vault, clock: TravellingClock
) -> None:
    """Early in the shift, on Sunday and on a village day off nothing is reported."""
    await terminals_seen(vault, QUIET=None)
    settings = TerminalSettings()

    clock.set(wib(MONDAY, "07:30"))
    early = await silent_devices(ledger, settings)
    clock.set(wib(MONDAY - dt.timedelta(days=1), "10:00"))
    sunday = await silent_devices(ledger, settings)
    village = await Village.get(code=KRAGAN)
    await HolidayOverride.create(
        date=MONDAY, kind=HolidayKind.DAY_OFF, name="Sedekah bumi", village=village, created_by="t"
    )
    clock.set(wib(MONDAY, "10:00"))
    day_off = await silent_devices(ledger, settings)

    assert (early, sunday, day_off) == ([], [], [])


async def test_device_health_shows_online_state_and_waiting_uploads(
    vault: Vault, clock: TravellingClock, db: str
) -> None:
    """A terminal heard within offline_after_s is online; held uploads are counted."""
    clock.set(wib(MONDAY, "09:00"))
    await terminals_seen(vault, ONLINE=wib(MONDAY, "08:55"), OFFLINE=wib(MONDAY, "08:00"))
    await TerminalUpload.create(serial="OFFLINE", protocol="adms", body=b"", received_at=clock())

    rows = {row.serial: row for row in await device_health(clock(), TerminalSettings())}

    assert (rows["ONLINE"].online, rows["OFFLINE"].online) == (True, False)
    assert (rows["ONLINE"].waiting_uploads, rows["OFFLINE"].waiting_uploads) == (0, 1)
    assert rows["ONLINE"].village_code == KRAGAN
