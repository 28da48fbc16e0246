"""A simulated Hikvision face terminal posts ISAPI event notifications to the real application."""

from __future__ import annotations

import datetime as dt
import io
import json
from typing import Any

import aiohttp
from aiohttp.test_utils import TestClient

from attendance.enums import DeviceStatus
from attendance.models import AttendanceEvent, Device, EvidencePhoto, TerminalUpload
from attendance.sealed import photo_context
from attendance.vault import Vault
from terminals.registry import TerminalProtocol
from tests.terminals.conftest import FIXTURES, approved, picture
from tests.terminals.simulators import HikvisionTerminal
from tests.timetravel import TravellingClock

JPEG = picture()


async def hikvision(client: TestClient[Any, Any], vault: Vault) -> HikvisionTerminal:
    """Register an approved Hikvision terminal and return its simulator with credentials."""
    secret = await approved("DS-K1T344", vault, TerminalProtocol.HIKVISION)
    return HikvisionTerminal(client, "DS-K1T344", secret)


async def test_face_event_with_picture_is_one_punch_with_sealed_photo(
    client: TestClient[Any, Any], vault: Vault, afternoon: TravellingClock
) -> None:
    """A face pass with a picture is stored at its own offset; a re-post adds nothing."""
    terminal = await hikvision(client, vault)
    event = terminal.event("1001", "2026-11-30T08:31:05+08:00")

    first = await terminal.notify(event, JPEG)
    event["activePostCount"] = 2
    again = await terminal.notify(event, JPEG)

    assert (first.status, again.status) == (200, 200)
    stored = await AttendanceEvent.get(device_pin="1001")
    assert stored.occurred_at == dt.datetime(2026, 11, 30, 0, 31, 5, tzinfo=dt.UTC)
    assert stored.evidence["verify"] == "face"
    photos = await EvidencePhoto.filter(event_id=stored.id)
    assert vault.open(photos[0].sealed, photo_context(stored.id)) == JPEG
    assert await AttendanceEvent.all().count() == 1
    upload = await TerminalUpload.filter(table_name="event").first()
    assert upload is not None
    assert JPEG not in upload.body


async def test_heartbeat_and_bare_json_are_acknowledged(
    client: TestClient[Any, Any], vault: Vault, afternoon: TravellingClock
) -> None:
    """A heartbeat is acknowledged and ignored; firmware posting bare JSON is read too."""
    terminal = await hikvision(client, vault)
    heartbeat = await terminal.notify((FIXTURES / "hikvision_heartbeat.json").read_bytes())
    body = json.dumps(terminal.event("1002", "2026-11-30T07:00:00+07:00")).encode()
    async with client.post(
        "/hooks/hikvision/DS-K1T344",
        data=body,
        headers={"Content-Type": "application/json", **terminal.credentials()},
    ) as response:
        bare = response.status

    assert (heartbeat.status, bare) == (200, 200)
    assert [event.device_pin for event in await AttendanceEvent.all()] == ["1002"]


async def test_wrong_credentials_are_refused(
    client: TestClient[Any, Any], vault: Vault, afternoon: TravellingClock
) -> None:
    """A post without the terminal's secret gets 401 and nothing is stored."""
    terminal = await hikvision(client, vault)
    terminal.secret = "wrong-secret-0123456789"

    reply = await terminal.notify(terminal.event("1001", "2026-11-30T07:00:00+07:00"))

    assert reply.status == 401
    assert reply.headers["WWW-Authenticate"].startswith("Basic")
    assert await TerminalUpload.all().count() == 0


async def test_unknown_terminal_is_held_without_its_picture(
    client: TestClient[Any, Any], afternoon: TravellingClock
) -> None:
    """An unknown terminal is answered 200, held as pending, and its picture is not kept."""
    stranger = HikvisionTerminal(client, "DS-NEW")

    reply = await stranger.notify(stranger.event("1001", "2026-11-30T07:00:00+07:00"), JPEG)

    assert reply.status == 200
    assert (await Device.get(serial="DS-NEW")).status is DeviceStatus.PENDING
    assert await EvidencePhoto.all().count() == 0
    assert await AttendanceEvent.all().count() == 0


async def test_malformed_event_is_refused(
    client: TestClient[Any, Any], vault: Vault, afternoon: TravellingClock
) -> None:
    """An event part that is not JSON gets 400; a post without an event part too."""
    terminal = await hikvision(client, vault)

    broken = await terminal.notify(b'{"eventType": ')
    async with client.post(
        "/hooks/hikvision/DS-K1T344", data=_only_picture(), headers=terminal.credentials()
    ) as response:
        no_event = (response.status, await response.json())

    assert broken.status == 400
    assert no_event[0] == 400
    assert "event_log" in no_event[1]["error"]
    assert await AttendanceEvent.all().count() == 0


def _only_picture() -> aiohttp.FormData:
    form = aiohttp.FormData()
    form.add_field("Picture", io.BytesIO(JPEG), filename="face.jpg", content_type="image/jpeg")
    return form


async def test_reposted_event_keeps_one_photo(
    client: TestClient[Any, Any], vault: Vault, afternoon: TravellingClock
) -> None:
    """Ten re-posts of an event with its picture: one punch, one photo."""
    terminal = await hikvision(client, vault)
    event = terminal.event("1001", "2026-11-30T07:31:05+07:00")

    replies = []
    for count in range(1, 11):
        event["activePostCount"] = count
        replies.append((await terminal.notify(event, JPEG)).status)

    assert replies == [200] * 10
    assert await AttendanceEvent.all().count() == 1
    assert await EvidencePhoto.all().count() == 1
    outcomes = [upload.outcome["photo"] for upload in await TerminalUpload.all().order_by("id")]
    assert outcomes[0] == "kept"
    assert set(outcomes[1:]) == {"not kept again: the punch has its photo already"}


async def test_picture_that_is_no_image_is_ignored_with_its_reason(
    client: TestClient[Any, Any], vault: Vault, afternoon: TravellingClock
) -> None:
    """Junk in the Picture part: the punch counts, the junk is not kept, the reason is."""
    terminal = await hikvision(client, vault)

    reply = await terminal.notify(terminal.event("1001", "2026-11-30T07:31:05+07:00"), b"JUNKJ")

    assert reply.status == 200
    assert await AttendanceEvent.all().count() == 1
    assert await EvidencePhoto.all().count() == 0
    upload = await TerminalUpload.get(table_name="event")
    assert upload.outcome["photo"] == "not kept: The photo (5 bytes) is not a JPEG or PNG picture."
