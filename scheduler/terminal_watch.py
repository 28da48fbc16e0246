"""Silent terminals: a face terminal that has not been heard from on a workday morning.

At ``silent_device_time`` (district zone) on a working day, every approved terminal of a working
village whose last contact is before the start of that office day is listed in one message to
the camat group. Due until the end of the shortest shift that day; one message per date.
"""

from __future__ import annotations

from attendance.clock import day_start
from attendance.enums import DeviceStatus
from attendance.models import Device
from attendance.vocabulary import plain_date
from scheduler import messages
from scheduler.snapshot import VillageDay

KIND = "notice.silent_devices"


async def silent_devices(villages: dict[int, VillageDay], boundary_hour: int) -> list[str]:
    """Return a line per approved terminal of a working village not heard from today."""
    working = {key: village for key, village in villages.items() if village.working}
    if not working:
        return []
    devices = await Device.filter(
        status=DeviceStatus.APPROVED, village_id__in=list(working)
    ).order_by("serial")
    lines = []
    for device in devices:
        village_id = device.village_id
        if village_id is None:
            continue
        village = working[village_id]
        start = day_start(village.date, village.zone, boundary_hour)
        if device.last_seen_at is not None and device.last_seen_at >= start:
            continue
        seen = "belum pernah terhubung"
        if device.last_seen_at is not None:
            last = device.last_seen_at.astimezone(village.zone)
            seen = (
                f"terakhir terhubung {plain_date(last.date())} "
                f"{messages.clock(last, village.zone)}"
            )
        lines.append(f"{device.serial} (Desa {village.name}), {seen}")
    return lines
