"""Uploads: what is kept of a raw request, and reading bodies without recording them."""

from __future__ import annotations

import dataclasses

import pytest

from attendance.models import TerminalUpload
from attendance.vault import Vault
from terminals.context import TerminalContext
from terminals.errors import HoldingFull, MalformedUpload
from terminals.registry import TerminalProtocol, identify
from terminals.uploads import keep_upload, read_upload, storable_body
from tests.terminals.conftest import FIXTURES, approved
from tests.timetravel import TravellingClock

ADMS = TerminalProtocol.ADMS


def test_storable_body_drops_photos_and_templates_only() -> None:
    """A photo and template values are not kept; other bodies are kept as sent."""
    photo = b"PIN=20250902073105-1001.jpg\nsize=2\nCMD=uploadphoto\x00\xff\xd8"
    operlog = (FIXTURES / "operlog.txt").read_bytes()
    attlog = (FIXTURES / "attlog_capture.txt").read_bytes()

    assert storable_body(ADMS, "ATTPHOTO", photo) == photo.split(b"\x00")[0]
    assert b"TMP=c2Vj" not in storable_body(ADMS, "OPERLOG", operlog)
    assert storable_body(ADMS, "ATTLOG", attlog) == attlog
    assert storable_body(TerminalProtocol.SIGNED, "punches", b"{}") == b"{}"


@pytest.mark.parametrize(
    ("table", "body", "count"),
    [
        ("ATTLOG", (FIXTURES / "attlog_capture.txt").read_bytes(), 3),
        ("attlog", b"", 0),
        ("OPERLOG", (FIXTURES / "operlog.txt").read_bytes(), 3),
        ("options", b"~DeviceName=X,UserCount=1", 1),
        ("devicecmd", b"ID=1&Return=0&CMD=INFO", 1),
        ("SOMETHINGNEW", b"whatever", 0),
    ],
)
def test_read_upload_counts_what_the_reply_acknowledges(
    table: str, body: bytes, count: int
) -> None:
    """The count is what `OK: n` acknowledges; unknown tables are read as nothing."""
    assert read_upload(ADMS, table, body).count == count


def test_read_upload_refuses_bodies_with_nothing_readable() -> None:
    """Only garbage lines make the whole upload malformed, with the first reason named."""
    with pytest.raises(MalformedUpload, match=r"No OPERLOG line is readable \(1 lines\)\. Line 1"):
        read_upload(ADMS, "OPERLOG", b"garbage")


def _context(context: TerminalContext, **limits: int) -> TerminalContext:
    settings = context.settings.model_copy(update=limits)
    return dataclasses.replace(context, settings=settings)


async def test_pending_terminal_holds_at_most_its_share_of_uploads(
    context: TerminalContext, clock: TravellingClock
) -> None:
    """Uploads of a terminal waiting for approval stop being kept at the count limit."""
    limited = _context(context, pending_max_uploads=2)
    device = await identify("NEW1", ADMS, clock(), max_pending=5)

    for _ in range(2):
        await keep_upload(device, "ATTLOG", "", b"1001\t2026-11-30 07:31:05\n", limited)
    with pytest.raises(HoldingFull, match="holds 2 uploads"):
        await keep_upload(device, "ATTLOG", "", b"1001\t2026-11-30 07:31:05\n", limited)

    assert await TerminalUpload.filter(serial="NEW1").count() == 2


async def test_pending_terminal_holds_at_most_its_share_of_bytes(
    context: TerminalContext, clock: TravellingClock, vault: Vault
) -> None:
    """Bytes kept count what is stored (no photo); an approved terminal has no such limit."""
    limited = _context(context, pending_max_bytes=4096)
    device = await identify("NEW1", ADMS, clock(), max_pending=5)
    photo = b"PIN=20261130073105-1001.jpg\nsize=9000\nCMD=uploadphoto\x00" + b"\xff" * 9000
    await approved("SIM0001", vault)
    known = await identify("SIM0001", ADMS, clock(), max_pending=5)

    await keep_upload(device, "ATTLOG", "", b"x" * 4000, limited)
    await keep_upload(device, "ATTPHOTO", "", photo, limited)
    with pytest.raises(HoldingFull, match="4096 bytes"):
        await keep_upload(device, "ATTLOG", "", b"x" * 100, limited)
    await keep_upload(known, "ATTLOG", "", b"x" * 8000, limited)

    assert await TerminalUpload.filter(serial="NEW1").count() == 2
