"""Terminal health: when each terminal was last heard from, and which ones are silent today.

Any request a terminal makes (handshake, poll, ping, upload) marks it seen. The admin web shows
:func:`device_health`; the scheduler calls :func:`silent_devices` on working days and tells the
camat group about each terminal that has said nothing since the shift started.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from zoneinfo import ZoneInfo

from attendance.clock import at_local, local_date_of
from attendance.enums import DeviceStatus
from attendance.holiday import Override, holiday_on
from attendance.ledger import Ledger
from attendance.models import Device, HolidayOverride, TerminalUpload
from attendance.workrule import rule_in_force, shift_on
from config.terminals import TerminalSettings


@dataclass(frozen=True, slots=True)
class DeviceHealth:
    """One terminal as the admin web lists it."""

    serial: str
    name: str
    protocol: str
    status: str
    village_code: str | None
    timezone: str | None
    last_seen_at: dt.datetime | None
    online: bool
    waiting_uploads: int


@dataclass(frozen=True, slots=True)
class SilentDevice:
    """An approved terminal that has said nothing on a working day since its shift started."""

    serial: str
    name: str
    village_code: str
    village_name: str
    last_seen_at: dt.datetime | None
    silent_minutes: int | None


async def device_health(now: dt.datetime, settings: TerminalSettings) -> list[DeviceHealth]:
    """Return every registered terminal with its state, last contact and waiting uploads."""
    devices = await Device.all().select_related("village").order_by("serial")
    waiting = await TerminalUpload.filter(processed_at=None).values_list("serial", flat=True)
    counts: dict[str, int] = {}
    for serial in waiting:
        counts[str(serial)] = counts.get(str(serial), 0) + 1

    offline_after = dt.timedelta(seconds=settings.offline_after_s)
    return [
        DeviceHealth(
            serial=device.serial,
            name=device.name,
            protocol=device.protocol,
            status=device.status.value,
            village_code=device.village.code if device.village is not None else None,
            timezone=device.timezone,
            last_seen_at=device.last_seen_at,
            online=device.last_seen_at is not None and now - device.last_seen_at <= offline_after,
            waiting_uploads=counts.get(device.serial, 0),
        )
        for device in devices
    ]


async def silent_devices(ledger: Ledger, settings: TerminalSettings) -> list[SilentDevice]:
    """Return approved terminals silent for ``silent_after_minutes`` into today's shift.

    Only villages with working hours today count: weekends, holidays and days off are skipped.
    """
    now = ledger.now()
    rules = await ledger.work_rules()
    boundary = ledger.district.day_boundary_hour
    devices = (
        await Device.filter(status=DeviceStatus.APPROVED, village_id__not_isnull=True)
        .select_related("village")
        .order_by("serial")
    )
    dates = {
        local_date_of(now, ZoneInfo(device.village.timezone), boundary)
        for device in devices
        if device.village is not None
    }
    overrides = [
        Override(row.date, row.kind, row.name, row.village_id)
        for row in await HolidayOverride.filter(date__in=list(dates))
    ]

    quiet = dt.timedelta(minutes=settings.silent_after_minutes)
    silent: list[SilentDevice] = []
    for device in devices:
        village = device.village
        if village is None:
            continue
        zone = ZoneInfo(village.timezone)
        date = local_date_of(now, zone, boundary)
        rule = rule_in_force(rules, date)
        shift = shift_on(rule, date) if rule is not None else None
        if shift is None or holiday_on(date, village.id, overrides) is not None:
            continue
        if now < at_local(date, shift.schedule.start, zone) + quiet:
            continue
        last = device.last_seen_at
        if last is not None and now - last <= quiet:
            continue
        minutes = int((now - last).total_seconds() // 60) if last is not None else None
        silent.append(
            SilentDevice(device.serial, device.name, village.code, village.name, last, minutes)
        )
    return silent
