"""The same life of a punch through each webhook protocol: unknown PIN, unknown terminal, photo.

The ADMS side of these stories is in ``test_routes_adms.py``; here Fingerspot, Hikvision and the
signed webhook show that a punch of a PIN nobody has yet is kept and counts once the PIN is
mapped, and that what an unknown terminal sent counts once an admin approves it.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Any

import pytest
from aiohttp.test_utils import TestClient

from attendance.enums import DayStatus, DeviceStatus
from attendance.ledger import Ledger
from attendance.models import AttendanceDay, AttendanceEvent, Device, TerminalUpload
from attendance.vault import Vault
from config.settings import Settings
from config.terminals import TerminalSettings
from terminals.admin import approve_device, map_pin
from terminals.context import TerminalContext
from terminals.registry import TerminalProtocol
from tests.terminals.conftest import (
    CLOUD_ID,
    FINGERSPOT_TOKEN,
    KRAGAN,
    MONDAY,
    approved,
    person,
    serve,
    wib,
)
from tests.terminals.simulators import (
    AdmsTerminal,
    FingerspotCloud,
    HikvisionTerminal,
    Reply,
    SignedSender,
)
from tests.timetravel import TravellingClock

# Sends one punch of `pin` at a WIB wall-clock time on Monday; returns the server's reply.
Push = Callable[[str, str], Awaitable[Reply]]


async def _fingerspot(client: TestClient[Any, Any], vault: Vault, clock: TravellingClock) -> Push:
    await approved(CLOUD_ID, vault, TerminalProtocol.FINGERSPOT)
    cloud = FingerspotCloud(client, FINGERSPOT_TOKEN, CLOUD_ID)
    return lambda pin, at: cloud.scan(pin, f"2026-11-30 {at}")


async def _hikvision(client: TestClient[Any, Any], vault: Vault, clock: TravellingClock) -> Push:
    secret = await approved("DS-K1T344", vault, TerminalProtocol.HIKVISION)
    terminal = HikvisionTerminal(client, "DS-K1T344", secret)
    return lambda pin, at: terminal.notify(terminal.event(pin, f"2026-11-30T{at}+07:00"))


async def _signed(client: TestClient[Any, Any], vault: Vault, clock: TravellingClock) -> Push:
    secret = await approved("GATE-01", vault, TerminalProtocol.SIGNED)
    assert secret is not None
    gate = SignedSender(client, "GATE-01", secret)
    return lambda pin, at: gate.punches([{"pin": pin, "time": f"2026-11-30T{at}+07:00"}], clock())


SENDERS = {"fingerspot": _fingerspot, "hikvision": _hikvision, "signed": _signed}


@pytest.mark.parametrize("protocol", sorted(SENDERS))
async def test_unknown_pin_is_kept_and_counts_once_mapped(
    protocol: str,
    client: TestClient[Any, Any],
    vault: Vault,
    context: TerminalContext,
    afternoon: TravellingClock,
) -> None:
    """A check-in of PIN 7001 waits without a person; mapping it makes Siti's day."""
    push = await SENDERS[protocol](client, vault, afternoon)
    serial = (await Device.get(protocol=protocol)).serial

    arrived = await push("7001", "07:05:00")
    again = await push("7001", "07:05:00")
    kept = await AttendanceEvent.get(device_pin="7001")
    siti = await person()
    attached = await map_pin(context, serial, "7001", siti, "operator")
    checkout = await push("7001", "14:02:00")

    assert (arrived.status, again.status, checkout.status) == (200, 200, 200)
    assert kept.person_id is None
    assert kept.village_id is not None
    assert attached == 1
    assert await AttendanceEvent.filter(device_pin="7001").count() == 2
    day = await AttendanceDay.get(person_id=siti, local_date=MONDAY)
    assert (day.status, day.first_in, day.last_out) == (
        DayStatus.LATE,
        wib(MONDAY, "07:05"),
        wib(MONDAY, "14:02"),
    )


async def test_unknown_fingerspot_cloud_id_counts_once_approved(
    client: TestClient[Any, Any], context: TerminalContext, afternoon: TravellingClock
) -> None:
    """An allowed Cloud ID nobody registered is held; approving it records its scan once."""
    cloud = FingerspotCloud(client, FINGERSPOT_TOKEN, CLOUD_ID)
    await cloud.scan("1001", "2026-11-30 07:31")
    await cloud.scan("1001", "2026-11-30 07:31")

    approval = await approve_device(context, CLOUD_ID, KRAGAN, "camat")

    assert approval.processed == 2
    assert approval.new_secret is None
    stored = await AttendanceEvent.all()
    assert [(event.device_pin, event.occurred_at) for event in stored] == [
        ("1001", wib(MONDAY, "07:31"))
    ]
    assert await TerminalUpload.filter(serial=CLOUD_ID, processed_at=None).count() == 0


async def test_unknown_hikvision_terminal_counts_once_approved_then_needs_its_secret(
    client: TestClient[Any, Any], context: TerminalContext, afternoon: TravellingClock
) -> None:
    """A held Hikvision event counts on approval; from then on the terminal must log in."""
    stranger = HikvisionTerminal(client, "DS-NEW")
    held = await stranger.notify(stranger.event("1001", "2026-11-30T07:10:00+07:00"))

    approval = await approve_device(context, "DS-NEW", KRAGAN, "camat")
    without = await stranger.notify(stranger.event("1002", "2026-11-30T07:12:00+07:00"))
    stranger.secret = approval.new_secret
    with_secret = await stranger.notify(stranger.event("1002", "2026-11-30T07:12:00+07:00"))

    assert held.status == 200
    assert approval.device.status is DeviceStatus.APPROVED
    assert approval.new_secret is not None
    assert (without.status, with_secret.status) == (401, 200)
    stored = await AttendanceEvent.all().order_by("occurred_at")
    assert [event.device_pin for event in stored] == ["1001", "1002"]


async def test_fingerspot_photo_url_is_kept_as_evidence(
    client: TestClient[Any, Any], vault: Vault, afternoon: TravellingClock
) -> None:
    """Fingerspot sends no picture, only a link to its own copy: the link is kept."""
    push = FingerspotCloud(client, FINGERSPOT_TOKEN, CLOUD_ID)
    await approved(CLOUD_ID, vault, TerminalProtocol.FINGERSPOT)
    url = "https://fingerspot-dev.s3.ap-southeast-1.amazonaws.com/attendance/front-photo/x.jpeg"

    reply = await push.scan("1001", "2026-11-30 07:31:05", photo_url=url)

    assert reply.status == 200
    event = await AttendanceEvent.get(device_pin="1001")
    assert event.evidence["photo_url"] == url


async def test_unknown_terminals_cannot_fill_the_disk(
    client: TestClient[Any, Any], context: TerminalContext, afternoon: TravellingClock
) -> None:
    """Five 9 MB posts to new serials keep nothing (503, resend later); small ones wait."""
    strangers = [AdmsTerminal(client, f"NEW{number:04d}") for number in range(5)]

    big = [(await stranger.push_raw("ATTLOG", b"x" * 9_000_000)) for stranger in strangers]
    small = await strangers[0].push_attlog([("1001", "2026-11-30 07:31:05")])

    assert [reply.status for reply in big] == [503] * 5
    assert all(reply.text.startswith("FAIL: Terminal NEW") for reply in big)
    assert "at most 1000 uploads and 2097152 bytes" in big[0].text
    assert small.text == "OK: 1"
    assert [upload.serial for upload in await TerminalUpload.all()] == ["NEW0000"]
    await approve_device(context, "NEW0000", KRAGAN, "camat")
    assert await AttendanceEvent.filter(device_pin="1001").count() == 1


async def test_new_serials_beyond_the_pending_limit_are_refused_unregistered(
    ledger: Ledger,
    settings: Settings,
    vault: Vault,
    terminal_settings: TerminalSettings,
    afternoon: TravellingClock,
) -> None:
    """With one pending terminal allowed, a second unknown one gets 503 and is not kept."""
    limited = terminal_settings.model_copy(update={"pending_max_terminals": 1})
    async with serve(ledger, settings, vault, limited) as client:
        first = HikvisionTerminal(client, "DS-NEW1")
        second = HikvisionTerminal(client, "DS-NEW2")
        held = await first.notify(first.event("1001", "2026-11-30T07:10:00+07:00"))
        refused = await second.notify(second.event("1001", "2026-11-30T07:10:00+07:00"))
        adms = await AdmsTerminal(client, "NEW0042").handshake()

    assert held.status == 200
    assert refused.status == 503
    assert "1 terminals wait for approval" in refused.json()["error"]
    assert (adms.status, adms.text.startswith("FAIL: Terminal NEW0042 is unknown")) == (503, True)
    assert [device.serial for device in await Device.all()] == ["DS-NEW1"]
    assert await TerminalUpload.all().count() == 1
