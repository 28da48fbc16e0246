"""A simulated ZKTeco terminal talks ADMS over HTTP to the real application."""

from __future__ import annotations

import datetime as dt
from email.utils import parsedate_to_datetime
from typing import Any

import pytest
from aiohttp.test_utils import TestClient

from attendance.enums import CommandStatus, DayStatus, DeviceStatus
from attendance.models import (
    AttendanceDay,
    AttendanceEvent,
    Device,
    DeviceCommand,
    EvidencePhoto,
    Person,
    TerminalUpload,
)
from attendance.sealed import photo_context
from attendance.vault import Vault
from terminals.admin import approve_device, block_device, map_pin
from terminals.commands import queue_command, queue_person_sync
from terminals.context import TerminalContext
from terminals.registry import find_device
from tests.terminals.conftest import KRAGAN, MONDAY, approved, person, picture, wib
from tests.terminals.simulators import AdmsTerminal
from tests.timetravel import TravellingClock

JPEG = picture()


async def test_handshake_sends_options_with_wib_timezone_and_gmt_date(
    terminal: AdmsTerminal, clock: TravellingClock
) -> None:
    """An approved terminal gets the options block, TimeZone=7 and the server time in GMT."""
    reply = await terminal.handshake()

    lines = reply.text.splitlines()
    assert reply.status == 200
    assert lines[0] == "GET OPTION FROM: SIM0001"
    assert {"TimeZone=7", "Realtime=1", "ATTLOGStamp=None"} <= set(lines)
    assert reply.headers["Date"].endswith("GMT")
    assert parsedate_to_datetime(reply.headers["Date"]) == clock()


async def test_handshake_sends_the_terminals_own_zone(
    terminal: AdmsTerminal, context: TerminalContext
) -> None:
    """A terminal set to WITA is told TimeZone=8 and its punches are read in WITA."""
    await approve_device(context, "SIM0001", KRAGAN, "test", timezone="Asia/Makassar")

    reply = await terminal.handshake()

    assert "TimeZone=8" in reply.text.splitlines()


async def test_attlog_batch_and_its_replay_are_acknowledged_and_stored_once(
    terminal: AdmsTerminal, context: TerminalContext, afternoon: TravellingClock
) -> None:
    """A batch and its replay both get `OK: n`; punches are stored once and make the day."""
    siti = await person()
    await map_pin(context, "SIM0001", "1001", siti, "test")
    await terminal.handshake()
    batch = [
        ("1001", "2026-11-30 06:58:05"),
        ("1001", "2026-11-30 14:05:00"),
        ("2002", "2026-11-30 07:10:00"),
    ]

    first = await terminal.push_attlog(batch)
    again = await terminal.push_attlog(batch)

    assert (first.status, first.text) == (200, "OK: 3")
    assert (again.status, again.text) == (200, "OK: 3")
    assert await AttendanceEvent.all().count() == 3
    day = await AttendanceDay.get(person_id=siti, local_date=MONDAY)
    assert (day.status, day.first_in, day.last_out) == (
        DayStatus.ON_TIME,
        wib(MONDAY, "06:58:05"),
        wib(MONDAY, "14:05"),
    )
    uploads = await TerminalUpload.filter(table_name="ATTLOG").order_by("id")
    assert [upload.outcome["new"] for upload in uploads] == [3, 0]
    assert [upload.outcome["duplicates"] for upload in uploads] == [0, 3]


async def test_attlog_bad_lines_are_counted_and_good_lines_acknowledged(
    terminal: AdmsTerminal, afternoon: TravellingClock
) -> None:
    """One unreadable line among good ones: the good ones are stored and acknowledged."""
    body = b"1001\t2026-11-30 07:31:05\t0\t15\r\n1002\t30/11/2026 07:31\t0\t15\r\n\t\r\n"

    reply = await terminal.push_raw("ATTLOG", body)

    assert reply.text == "OK: 1"
    upload = await TerminalUpload.get(table_name="ATTLOG")
    assert upload.outcome["error_count"] == 1
    assert upload.outcome["errors"][0]["line"] == 2


async def test_malformed_attlog_is_refused_and_nothing_recorded(
    terminal: AdmsTerminal, afternoon: TravellingClock
) -> None:
    """A body of which no line can be read gets a clear 400; only the raw upload is kept."""
    reply = await terminal.push_raw("ATTLOG", b"hello\nworld\n")

    assert reply.status == 400
    assert "No ATTLOG line is readable (2 lines)" in reply.text
    assert await AttendanceEvent.all().count() == 0
    upload = await TerminalUpload.get(table_name="ATTLOG")
    assert upload.body == b"hello\nworld\n"
    assert "error" in upload.outcome


async def test_what_a_malformed_body_says_is_answered_but_not_logged(
    terminal: AdmsTerminal, afternoon: TravellingClock, caplog: pytest.LogCaptureFixture
) -> None:
    """A name where the PIN goes is quoted to the terminal, not written to the log."""
    reply = await terminal.push_raw("ATTLOG", b"Siti Aminah\t2026-11-30 07:31:05\n")
    mixed = await terminal.push_raw("ATTLOG", b"1001\t2026-11-30 07:31:05\nBudi S\tx\n")

    assert (reply.status, mixed.text) == (400, "OK: 1")
    assert "Siti Aminah" in reply.text
    logged = "\n".join(record.getMessage() for record in caplog.records)
    assert "Siti" not in logged and "Budi" not in logged
    assert "POST /iclock/cdata from SIM0001 refused with 400" in logged


async def test_photo_is_sealed_to_its_punch_and_not_kept_raw(
    terminal: AdmsTerminal, vault: Vault, afternoon: TravellingClock
) -> None:
    """An ATTPHOTO after its punch is sealed to that event; the upload row keeps no picture."""
    await terminal.push_attlog([("1001", "2026-11-30 07:31:05")])

    reply = await terminal.push_photo("1001", dt.datetime(2026, 11, 30, 7, 31, 5), JPEG)

    assert (reply.status, reply.text) == (200, "OK")
    event = await AttendanceEvent.get(device_pin="1001")
    photo = await EvidencePhoto.get(event_id=event.id)
    assert vault.open(photo.sealed, photo_context(event.id)) == JPEG
    assert photo.expires_at == afternoon() + dt.timedelta(days=30)
    upload = await TerminalUpload.get(table_name="ATTPHOTO")
    assert JPEG not in upload.body
    assert upload.outcome["photo"] == "kept"


async def test_photo_before_its_punch_is_linked_when_the_punch_comes(
    terminal: AdmsTerminal, vault: Vault, afternoon: TravellingClock
) -> None:
    """A photo that arrives first waits, sealed, and is bound to its punch later."""
    await terminal.push_photo("1001", dt.datetime(2026, 11, 30, 7, 31, 5), JPEG)
    await terminal.push_attlog([("1001", "2026-11-30 07:31:05")])

    event = await AttendanceEvent.get(device_pin="1001")
    photo = await EvidencePhoto.get(event_id=event.id)
    assert vault.open(photo.sealed, photo_context(event.id)) == JPEG


async def test_resent_photo_is_kept_once_before_and_after_its_punch(
    terminal: AdmsTerminal, afternoon: TravellingClock
) -> None:
    """The same ATTPHOTO three times, before and after its punch: one photo, all `OK`."""
    taken = dt.datetime(2026, 11, 30, 7, 31, 5)

    early = [(await terminal.push_photo("1001", taken, JPEG)).text for _ in range(3)]
    await terminal.push_attlog([("1001", "2026-11-30 07:31:05")])
    late = [(await terminal.push_photo("1001", taken, JPEG)).text for _ in range(3)]

    assert early + late == ["OK"] * 6
    event = await AttendanceEvent.get(device_pin="1001")
    assert await EvidencePhoto.filter(event_id=event.id).count() == 1
    assert await EvidencePhoto.all().count() == 1


async def test_photo_that_is_no_image_is_acknowledged_and_not_kept(
    terminal: AdmsTerminal, afternoon: TravellingClock
) -> None:
    """9 MB of NUL bytes as a photo: `OK` (so the terminal moves on), nothing kept, why."""
    await terminal.push_attlog([("1001", "2026-11-30 07:31:05")])

    reply = await terminal.push_photo(
        "1001", dt.datetime(2026, 11, 30, 7, 31, 5), b"\x00" * 9_000_000
    )

    assert (reply.status, reply.text) == (200, "OK")
    assert await EvidencePhoto.all().count() == 0
    upload = await TerminalUpload.get(table_name="ATTPHOTO")
    assert "is not a JPEG or PNG picture" in upload.outcome["photo"]


async def test_command_round_trip_hands_out_once_and_stores_the_result(
    terminal: AdmsTerminal, afternoon: TravellingClock
) -> None:
    """A queued command goes out on the next poll; the terminal's answer closes it."""
    device = await find_device("SIM0001")
    assert device is not None
    command = await queue_command(device, "DATA QUERY USERINFO PIN=1001", "camat")

    poll = await terminal.poll()
    idle = await terminal.poll()
    answer = await terminal.answer(
        [f"ID={command.command_id}&Return=0&CMD=DATA", "ID=999&Return=0&CMD=DATA"]
    )

    assert poll.text == f"C:{command.command_id}:DATA QUERY USERINFO PIN=1001\n"
    assert idle.text == "OK"
    assert (answer.status, answer.text) == (200, "OK")
    stored = await DeviceCommand.get(id=command.id)
    assert (stored.status, stored.return_code, stored.result) == (
        CommandStatus.DONE,
        0,
        f"ID={command.command_id}&Return=0&CMD=DATA",
    )
    upload = await TerminalUpload.get(table_name="devicecmd")
    assert (upload.outcome["commands_closed"], upload.outcome["commands_unknown"]) == (1, 1)


async def test_unanswered_command_is_handed_out_again(
    terminal: AdmsTerminal, afternoon: TravellingClock
) -> None:
    """A command sent but never answered goes out again after command_resend_s."""
    device = await find_device("SIM0001")
    assert device is not None
    command = await queue_command(device, "INFO", "camat")
    await terminal.poll()

    afternoon.advance(seconds=601)
    again = await terminal.poll()

    assert again.text == f"C:{command.command_id}:INFO\n"


async def test_person_sync_reaches_the_terminal_as_userinfo_commands(
    terminal: AdmsTerminal, afternoon: TravellingClock
) -> None:
    """Adding a person queues DATA UPDATE USERINFO; deactivating queues DATA DELETE USERINFO."""
    siti = await person("Siti Aminah")
    await queue_person_sync(siti, "operator")
    added = await terminal.poll()
    await terminal.answer([f"ID={added.text.split(':')[1]}&Return=0&CMD=DATA"])

    await Person.filter(id=siti).update(active=False)
    await queue_person_sync(siti, "operator")
    removed = await terminal.poll()

    assert f":DATA UPDATE USERINFO PIN={siti}\tName=Siti Aminah\tPri=0" in added.text
    assert removed.text.endswith(f":DATA DELETE USERINFO PIN={siti}\n")


async def test_unknown_serial_is_answered_held_and_processed_on_approval(
    client: TestClient[Any, Any], context: TerminalContext, afternoon: TravellingClock
) -> None:
    """An unknown terminal gets `OK`, its punches wait, and count once an admin approves it."""
    stranger = AdmsTerminal(client, "NEW0042")

    handshake = await stranger.handshake()
    upload = await stranger.push_attlog([("1001", "2026-11-30 07:31:05")])
    photo = await stranger.push_photo("1001", dt.datetime(2026, 11, 30, 7, 31, 5), JPEG)
    poll = await stranger.poll()

    assert (handshake.text, upload.text, photo.text, poll.text) == ("OK", "OK: 1", "OK", "OK")
    device = await Device.get(serial="NEW0042")
    assert device.status is DeviceStatus.PENDING
    assert await AttendanceEvent.all().count() == 0
    assert await EvidencePhoto.all().count() == 0

    approval = await approve_device(context, "NEW0042", KRAGAN, "camat")

    assert approval.processed == 2
    assert await AttendanceEvent.filter(device_id=device.id).count() == 1
    assert await TerminalUpload.filter(serial="NEW0042", processed_at=None).count() == 0
    assert (await stranger.handshake()).text.startswith("GET OPTION FROM: NEW0042")


async def test_unknown_pin_is_kept_and_attached_when_mapped(
    terminal: AdmsTerminal, context: TerminalContext, afternoon: TravellingClock
) -> None:
    """A punch of PIN 77, known to nobody, counts for Siti once PIN 77 is mapped to her."""
    await terminal.push_attlog([("77", "2026-11-30 07:02:00")])
    event = await AttendanceEvent.get(device_pin="77")
    siti = await person()

    await map_pin(context, "SIM0001", "77", siti, "operator")
    await terminal.push_attlog([("77", "2026-11-30 14:01:00")])

    assert event.person_id is None
    day = await AttendanceDay.get(person_id=siti, local_date=MONDAY)
    assert (day.first_in, day.last_out) == (wib(MONDAY, "07:02"), wib(MONDAY, "14:01"))


async def test_operlog_is_counted_and_templates_are_not_kept(
    terminal: AdmsTerminal, afternoon: TravellingClock
) -> None:
    """OPERLOG rows are acknowledged `OK: n`; a face template never reaches the upload row."""
    body = (
        b"OPLOG 4\t0\t2026-11-30 07:40:00\t0\t0\t0\t0\n"
        b"USER PIN=1001\tName=Siti Aminah\tPri=0\tPasswd=\tCard=\tGrp=1\n"
        b"FACE PIN=1001\tFID=0\tSIZE=12\tVALID=1\tTMP=c2VjcmV0LWZhY2U=\n"
    )

    reply = await terminal.push_raw("OPERLOG", body)

    assert reply.text == "OK: 3"
    upload = await TerminalUpload.get(table_name="OPERLOG")
    assert b"c2VjcmV0" not in upload.body
    assert upload.outcome["rows"] == {"OPLOG": 1, "USER": 1, "FACE": 1}


async def test_poll_info_and_options_are_remembered_and_the_terminal_seen(
    terminal: AdmsTerminal, afternoon: TravellingClock
) -> None:
    """INFO on a poll and an options push are stored; every request marks the terminal seen."""
    await terminal.poll(info="ZAM180-NF-Ver1.1.17,2,0,1,192.168.1.235,10,7,1,2,11")
    await terminal.push_options("~DeviceName=SpeedFace-V5L,FaceFunOn=1,UserCount=2")
    afternoon.advance(minutes=5)
    ping = await terminal.ping()

    device = await Device.get(serial="SIM0001")
    assert ping.text == "OK"
    assert device.info["device_info"]["firmware"] == "ZAM180-NF-Ver1.1.17"
    assert device.info["options"]["DeviceName"] == "SpeedFace-V5L"
    assert device.last_seen_at == afternoon()


async def test_security_push_terminal_registers_after_approval(
    client: TestClient[Any, Any], context: TerminalContext, afternoon: TravellingClock
) -> None:
    """A 3.x terminal: `OK` and 406 while pending; RegistryCode, config and rtlog once approved."""
    acc = AdmsTerminal(client, "ACC0001", pushver="3.1.2")
    capabilities = "DeviceType=acc,~DeviceName=SpeedFace-V5L,PushVersion=3.1.2"
    pending = (await acc.handshake(), await acc.register(capabilities), await acc.push_config())
    await approve_device(context, "ACC0001", KRAGAN, "camat")

    handshake = await acc.handshake()
    registry = await acc.register(capabilities)
    config = await acc.push_config()
    rtlog = await acc.push_raw(
        "rtlog",
        b"time=2026-11-30 07:31:05\tpin=1001\tcardno=0\teventaddr=1\tevent=0\tinoutstatus=0"
        b"\tverifytype=15\tindex=21\n",
    )

    assert [(reply.status, reply.text) for reply in pending] == [(200, "OK"), (406, ""), (406, "")]
    code = registry.text.removeprefix("RegistryCode=")
    assert registry.status == 200 and len(code) == 32 and "\n" not in registry.text
    assert handshake.text.startswith(f"registry=ok\nRegistryCode={code}\n")
    assert "TimeZone=7" in config.text.splitlines()
    assert rtlog.text == "OK"
    assert await AttendanceEvent.filter(device_pin="1001").count() == 1


async def test_tabledata_is_answered_with_its_count(
    terminal: AdmsTerminal, afternoon: TravellingClock
) -> None:
    """Security-PUSH user uploads are answered `user=<n>`."""
    reply = await terminal.post(
        "/iclock/cdata", b"user uid=1\tpin=1001\n", table="tabledata", tablename="user", count="1"
    )

    assert reply.text == "user=1"


async def test_requests_without_serial_or_from_blocked_terminals_are_refused(
    terminal: AdmsTerminal, client: TestClient[Any, Any], afternoon: TravellingClock
) -> None:
    """No SN is a 400; a blocked terminal gets 403 and nothing it sends is kept."""
    nameless = AdmsTerminal(client, "")
    missing = await nameless.handshake()
    await block_device("SIM0001", "camat", "stolen")
    blocked = await terminal.push_attlog([("1001", "2026-11-30 07:31:05")])

    assert missing.status == 400
    assert "Serial ''" in missing.text
    assert blocked.status == 403
    assert await TerminalUpload.all().count() == 0


async def test_body_over_the_limit_is_refused(
    terminal: AdmsTerminal, context: TerminalContext, afternoon: TravellingClock
) -> None:
    """A body over max_body_bytes gets 413 and is not kept."""
    body = b"1001\t2026-11-30 07:31:05\n" * (context.settings.max_body_bytes // 24 + 1)

    reply = await terminal.push_raw("ATTLOG", body)

    assert reply.status == 413
    assert await TerminalUpload.all().count() == 0


async def test_second_terminal_with_the_same_punch_is_a_different_event(
    terminal: AdmsTerminal, client: TestClient[Any, Any], vault: Vault, afternoon: TravellingClock
) -> None:
    """The key includes the terminal: PIN 1001 on two terminals is two punches."""
    await approved("SIM0002", vault)
    other = AdmsTerminal(client, "SIM0002")

    await terminal.push_attlog([("1001", "2026-11-30 07:31:05")])
    await other.push_attlog([("1001", "2026-11-30 07:31:05")])

    assert await AttendanceEvent.all().count() == 2
