"""developer.fingerspot.io posts scans to the secret webhook path of the real application."""

from __future__ import annotations

import datetime as dt
import logging
from typing import Any

import pytest
from aiohttp.test_utils import TestClient

from attendance.enums import DeviceStatus
from attendance.models import AttendanceEvent, Device, TerminalUpload
from attendance.vault import Vault
from terminals import routes
from terminals.admin import add_device
from terminals.registry import TerminalProtocol
from tests.terminals.conftest import CLOUD_ID, FINGERSPOT_TOKEN, KRAGAN, MONDAY
from tests.terminals.simulators import FingerspotCloud
from tests.timetravel import TravellingClock


async def cloud(
    client: TestClient[Any, Any], vault: Vault, zone: str | None = None
) -> FingerspotCloud:
    await add_device(CLOUD_ID, TerminalProtocol.FINGERSPOT, KRAGAN, "test", vault, timezone=zone)
    return FingerspotCloud(client, FINGERSPOT_TOKEN, CLOUD_ID)


async def test_scan_is_stored_in_the_cloud_ids_zone_once(
    client: TestClient[Any, Any], vault: Vault, afternoon: TravellingClock
) -> None:
    """A scan without seconds, in a WITA terminal's local time, is stored once in UTC."""
    fingerspot = await cloud(client, vault, zone="Asia/Makassar")

    first = await fingerspot.scan("1001", "2026-11-30 07:31")
    again = await fingerspot.scan("1001", "2026-11-30 07:31")

    assert (first.status, first.json()) == (200, {"status": "ok", "received": 1})
    assert again.status == 200
    event = await AttendanceEvent.get(device_pin="1001")
    assert event.occurred_at == dt.datetime(2026, 11, 29, 23, 31, tzinfo=dt.UTC)
    assert event.local_date == MONDAY
    assert (event.evidence["verify"], event.evidence["zone"]) == ("4", "Asia/Makassar")
    assert await AttendanceEvent.all().count() == 1


async def test_wrong_path_token_is_not_found_and_nothing_stored(
    client: TestClient[Any, Any], vault: Vault, afternoon: TravellingClock
) -> None:
    """A post to a guessed path gets 404: the route gives nothing away."""
    fingerspot = await cloud(client, vault)
    fingerspot.token = "not-the-token-0123456789"

    reply = await fingerspot.scan("1001", "2026-11-30 07:31")

    assert reply.status == 404
    assert await TerminalUpload.all().count() == 0


async def test_cloud_id_outside_the_allow_list_is_refused(
    client: TestClient[Any, Any], afternoon: TravellingClock
) -> None:
    """A Cloud ID not in terminals.fingerspot.cloud_ids gets 403; nothing is stored."""
    reply = await FingerspotCloud(client, FINGERSPOT_TOKEN, "S118000033").scan(
        "1", "2026-11-30 07:31"
    )

    assert reply.status == 403
    assert "S118000033" in reply.json()["error"]
    assert await Device.all().count() == 0
    assert await TerminalUpload.all().count() == 0


async def test_allowed_but_unregistered_cloud_id_waits_for_approval(
    client: TestClient[Any, Any], afternoon: TravellingClock
) -> None:
    """An allowed Cloud ID not yet registered is answered 200 and held as pending."""
    newcomer = FingerspotCloud(client, FINGERSPOT_TOKEN, CLOUD_ID)

    reply = await newcomer.scan("1", "2026-11-30 07:31")

    assert reply.status == 200
    device = await Device.get(serial=CLOUD_ID)
    assert device.status is DeviceStatus.PENDING
    assert await AttendanceEvent.all().count() == 0
    assert await TerminalUpload.filter(processed_at=None).count() == 1


async def test_malformed_post_is_refused_and_nothing_stored(
    client: TestClient[Any, Any], vault: Vault, afternoon: TravellingClock
) -> None:
    """A body that is not a Fingerspot post gets 400 naming the problem; nothing is stored."""
    fingerspot = await cloud(client, vault)

    broken = await fingerspot.post(b'{"type": "attlog", "cloud_id": ')
    no_pin = await fingerspot.post({"type": "attlog", "cloud_id": CLOUD_ID, "data": {"scan": "x"}})

    assert broken.status == 400
    assert no_pin.status == 400
    assert "pin" in no_pin.json()["error"]
    assert await AttendanceEvent.all().count() == 0


async def test_other_post_types_are_acknowledged_and_kept(
    client: TestClient[Any, Any], vault: Vault, afternoon: TravellingClock
) -> None:
    """An answer to a device command is kept raw and acknowledged."""
    fingerspot = await cloud(client, vault)

    reply = await fingerspot.post({"type": "get_userinfo", "cloud_id": CLOUD_ID, "trans_id": "1"})

    assert reply.json() == {"status": "ok", "received": 0}
    upload = await TerminalUpload.get(table_name="get_userinfo")
    assert upload.outcome["ignored"] == "type get_userinfo"


def _logged(caplog: pytest.LogCaptureFixture) -> str:
    return "\n".join(record.getMessage() + (record.exc_text or "") for record in caplog.records)


async def test_path_token_is_never_logged(
    client: TestClient[Any, Any],
    vault: Vault,
    afternoon: TravellingClock,
    caplog: pytest.LogCaptureFixture,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Refusals, malformed posts and failures log the route's pattern, never the token."""
    caplog.set_level(logging.DEBUG)  # every logger, the HTTP server's own included
    fingerspot = await cloud(client, vault)
    refused = await FingerspotCloud(client, FINGERSPOT_TOKEN, "S118000033").scan(
        "1", "2026-11-30 07:31"
    )
    malformed = await fingerspot.post({"type": "attlog", "cloud_id": CLOUD_ID, "data": {"pin": 1}})
    monkeypatch.setattr(routes, "keep_upload", _broken)
    failed = await fingerspot.scan("1001", "2026-11-30 07:31")

    assert (refused.status, malformed.status, failed.status) == (403, 400, 500)
    assert failed.json() == {"error": "internal error"}
    logged = _logged(caplog)
    assert FINGERSPOT_TOKEN not in logged
    assert logged.count("/hooks/fingerspot/{token}") == 3


async def _broken(*args: object) -> None:
    msg = "database went away"
    raise RuntimeError(msg)


async def test_every_scan_of_a_long_list_is_recorded(
    client: TestClient[Any, Any], vault: Vault, afternoon: TravellingClock
) -> None:
    """A post of 1,500 scans stores all 1,500 (nothing beyond 1,000 is dropped)."""
    fingerspot = await cloud(client, vault)
    start = dt.datetime(2026, 11, 30, 6, 0)
    scans = [
        {
            "pin": str(1000 + number),
            "scan": f"{start + dt.timedelta(seconds=number):%Y-%m-%d %H:%M:%S}",
        }
        for number in range(1500)
    ]

    reply = await fingerspot.post({"type": "attlog", "cloud_id": CLOUD_ID, "data": scans})

    assert (reply.status, reply.json()) == (200, {"status": "ok", "received": 1500})
    assert await AttendanceEvent.all().count() == 1500
