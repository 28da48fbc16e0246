"""Any other terminal or integration posts signed JSON to the real application."""

from __future__ import annotations

import json
from typing import Any

from aiohttp.test_utils import TestClient

from attendance.enums import DeviceStatus
from attendance.models import AttendanceEvent, Device, TerminalUpload
from attendance.vault import Vault
from terminals.registry import TerminalProtocol
from tests.terminals.conftest import approved
from tests.terminals.simulators import SignedSender
from tests.timetravel import TravellingClock

PUNCHES = [
    {"pin": "1001", "time": "2026-11-30T07:31:05+07:00", "status": "0"},
    {"pin": "1002", "time": "2026-11-30 07:40:00"},
]


async def sender(client: TestClient[Any, Any], vault: Vault) -> SignedSender:
    """Register an approved signed-webhook terminal and return a sender holding its secret."""
    secret = await approved("GATE-01", vault, TerminalProtocol.SIGNED)
    assert secret is not None
    return SignedSender(client, "GATE-01", secret)


async def test_signed_punches_are_recorded_once(
    client: TestClient[Any, Any], vault: Vault, afternoon: TravellingClock
) -> None:
    """A signed post is recorded; the same post again counts as duplicates."""
    gate = await sender(client, vault)

    first = await gate.punches(PUNCHES, afternoon())
    again = await gate.punches(PUNCHES, afternoon())

    assert (first.status, first.json()["new"]) == (200, 2)
    assert (again.status, again.json()["duplicates"], again.json()["new"]) == (200, 2, 0)
    assert await AttendanceEvent.all().count() == 2


async def test_bad_signature_is_refused_and_nothing_stored(
    client: TestClient[Any, Any], vault: Vault, afternoon: TravellingClock
) -> None:
    """A post signed with another secret gets 401; not even the raw body is kept."""
    gate = await sender(client, vault)
    gate.secret = "not-the-shared-secret-at-all"

    reply = await gate.punches(PUNCHES, afternoon())

    assert reply.status == 401
    assert "does not match" in reply.json()["error"]
    assert await TerminalUpload.all().count() == 0


async def test_replay_outside_the_window_is_refused(
    client: TestClient[Any, Any], vault: Vault, afternoon: TravellingClock
) -> None:
    """A post captured and replayed ten minutes later is refused."""
    gate = await sender(client, vault)
    body = json.dumps({"punches": PUNCHES}).encode()
    stamp = int(afternoon().timestamp())
    await gate.post(body, stamp)

    afternoon.advance(minutes=10)
    replay = await gate.post(body, stamp)

    assert replay.status == 401
    assert "window" in replay.json()["error"]
    assert await TerminalUpload.all().count() == 1


async def test_unknown_sender_is_refused_and_listed_as_pending(
    client: TestClient[Any, Any], afternoon: TravellingClock
) -> None:
    """A sender with no shared secret gets 401 and shows up as a pending terminal."""
    stranger = SignedSender(client, "GATE-99", "whatever-secret-value")

    reply = await stranger.punches(PUNCHES, afternoon())

    assert reply.status == 401
    assert (await Device.get(serial="GATE-99")).status is DeviceStatus.PENDING


async def test_malformed_signed_body_is_refused_and_nothing_recorded(
    client: TestClient[Any, Any], vault: Vault, afternoon: TravellingClock
) -> None:
    """A correctly signed body that is not a punch list gets 400 naming the field."""
    gate = await sender(client, vault)

    reply = await gate.post(b'{"punches": [{"pin": "1001"}]}', int(afternoon().timestamp()))

    assert reply.status == 400
    assert "time" in reply.json()["error"]
    assert await AttendanceEvent.all().count() == 0
    upload = await TerminalUpload.get(table_name="punches")
    assert "error" in upload.outcome
