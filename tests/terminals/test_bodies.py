"""Request bodies: a body that cannot be read as sent is a 400 on every terminal route."""

from __future__ import annotations

import asyncio
import contextlib
import io
import logging
import sys
from collections.abc import AsyncIterator
from typing import Any

import pytest
from aiohttp import web
from aiohttp.test_utils import TestClient
from hypothesis import given
from hypothesis import strategies as st

from attendance.models import AttendanceEvent, EvidencePhoto, TerminalUpload
from attendance.vault import Vault
from terminals.bodies import AnsweredPayloadErrors, parse_json
from terminals.errors import MalformedUpload
from terminals.registry import TerminalProtocol
from tests.terminals.conftest import FINGERSPOT_TOKEN, approved
from tests.terminals.simulators import HikvisionTerminal
from tests.timetravel import TravellingClock

EVENT = b'{"eventType": "heartBeat"}'
FORM = "multipart/form-data; boundary=MIME_boundary"


def _multipart(event: bytes = EVENT, boundary: bytes = b"MIME_boundary") -> bytes:
    return (
        b"--" + boundary + b"\r\n"
        b'Content-Disposition: form-data; name="event_log"\r\n'
        b"Content-Type: application/json\r\n\r\n" + event + b"\r\n"
        b"--" + boundary + b"--\r\n"
    )


def test_parse_json_reads_json_and_a_byte_order_mark() -> None:
    """Ordinary JSON is read, also after a UTF-8 byte order mark."""
    assert parse_json(b'\xef\xbb\xbf{"pin": "1", "x": 1.5}', "Test") == {"pin": "1", "x": 1.5}


@pytest.mark.parametrize(
    "body", [b'{"pin": NaN}', b'{"pin": Infinity}', b'{"pin": -Infinity}', b'{"pin": 1e999}']
)
def test_parse_json_refuses_what_json_does_not_have(body: bytes) -> None:
    """NaN, Infinity and numbers beyond a float are not JSON (RFC 8259) and are refused."""
    with pytest.raises(MalformedUpload, match="is not JSON"):
        parse_json(body, "Test")


def test_parse_json_refuses_deep_nesting_as_malformed() -> None:
    """A body nested deeper than Python's recursion limit is malformed, not a crash."""
    with pytest.raises(MalformedUpload, match="nested too deeply"):
        parse_json(b"[" * (sys.getrecursionlimit() + 10), "Test")


@given(st.binary(max_size=100))
def test_parse_json_never_fails_otherwise(body: bytes) -> None:
    """Any bytes are either JSON or a MalformedUpload."""
    with contextlib.suppress(MalformedUpload):
        parse_json(body, "Test")


def test_answered_payload_error_is_logged_as_one_line() -> None:
    """aiohttp's drain of an undecodable body loses its traceback; other records are kept."""
    error = web.RequestPayloadError("Can not decode content-encoding: gzip")
    drained = logging.LogRecord(
        "aiohttp.server", logging.ERROR, __file__, 1, "Unhandled exception", (), None
    )
    drained.exc_info = (type(error), error, None)
    other = logging.LogRecord("aiohttp.server", logging.ERROR, __file__, 1, "Boom", (), None)
    other.exc_info = (RuntimeError, RuntimeError("boom"), None)

    kept = [AnsweredPayloadErrors().filter(record) for record in (drained, other)]

    assert kept == [True, True]
    assert [record.levelno for record in (drained, other)] == [logging.INFO, logging.ERROR]
    assert [record.exc_info is None for record in (drained, other)] == [True, False]
    assert "not decodable" in drained.getMessage()


async def _hikvision(client: TestClient[Any, Any], vault: Vault) -> HikvisionTerminal:
    secret = await approved("DS-K1T344", vault, TerminalProtocol.HIKVISION)
    return HikvisionTerminal(client, "DS-K1T344", secret)


MALFORMED_MULTIPART = {
    "no boundary": ("multipart/form-data", _multipart(), "needs a boundary"),
    "other boundary": ("multipart/form-data; boundary=other", _multipart(), "boundary"),
    "unterminated": (FORM, _multipart()[:-21], "boundary"),
    "bad part header": (
        FORM,
        _multipart().replace(b"Content-Disposition:", b"Content Disposition"),
        "part header",
    ),
    "boundary over 70": (
        "multipart/form-data; boundary=" + "b" * 71,
        _multipart(boundary=b"b" * 71),
        "RFC 2046",
    ),
    "line over 512 KiB": (FORM, b"x" * 600_000 + b"\r\n" + _multipart(), "too long"),
    "long part header": (
        FORM,
        _multipart().replace(b"Content-Type:", b"X-Long: " + b"a" * 9000 + b"\r\nContent-Type:"),
        "too long",
    ),
}


@pytest.mark.parametrize("case", list(MALFORMED_MULTIPART))
async def test_malformed_multipart_is_a_400_sentence_and_nothing_is_kept(
    client: TestClient[Any, Any],
    vault: Vault,
    afternoon: TravellingClock,
    caplog: pytest.LogCaptureFixture,
    case: str,
) -> None:
    """Broken framing of a Hikvision notification is a 400 naming the rule, no 500."""
    terminal = await _hikvision(client, vault)
    content_type, body, words = MALFORMED_MULTIPART[case]
    headers = {"Content-Type": content_type, **terminal.credentials()}

    async with client.post("/hooks/hikvision/DS-K1T344", data=body, headers=headers) as response:
        reply = (response.status, await response.json())

    assert reply[0] == 400
    assert words in reply[1]["error"] and reply[1]["error"].endswith(".")
    assert await TerminalUpload.all().count() == 0
    assert not [record for record in caplog.records if record.exc_info]


GZIP_ROUTES = [
    ("/iclock/cdata?SN=SIM0001&table=ATTLOG", "FAIL: The body cannot be read as sent"),
    ("/iclock/devicecmd?SN=SIM0001", "FAIL: The body cannot be read as sent"),
    ("/hooks/signed/GATE-01", '{"error": "The body cannot be read as sent'),
    (f"/hooks/fingerspot/{FINGERSPOT_TOKEN}", '{"error": "The body cannot be read as sent'),
    ("/hooks/hikvision/DS-K1T344", '{"error": "The body cannot be read as sent'),
]


@pytest.mark.parametrize(("url", "answer"), GZIP_ROUTES)
async def test_body_not_in_its_content_encoding_is_a_400_without_traceback(
    client: TestClient[Any, Any],
    vault: Vault,
    afternoon: TravellingClock,
    caplog: pytest.LogCaptureFixture,
    url: str,
    answer: str,
) -> None:
    """`Content-Encoding: gzip` over plain bytes: 400 in the protocol's form, nothing kept."""
    await approved("SIM0001", vault)
    terminal = await _hikvision(client, vault)
    headers = {"Content-Encoding": "gzip", "Content-Type": "text/plain", **terminal.credentials()}

    async with client.post(url, data=b"1001\t2026-11-30 07:31:05\n" * 50, headers=headers) as got:
        reply = (got.status, await got.text())
    await asyncio.sleep(0.05)  # aiohttp drains the rest of the body after the answer

    assert reply[0] == 400
    assert reply[1].startswith(answer)
    assert "gzip" in reply[1]
    assert await TerminalUpload.all().count() == 0
    assert not [record for record in caplog.records if record.exc_info]


async def _chunks(size: int) -> AsyncIterator[bytes]:
    head = b'--MIME_boundary\r\nContent-Disposition: form-data; name="event_log"\r\n\r\n'
    yield head + EVENT + b"\r\n"
    for number in range(size // 65536 + 1):
        yield (
            b"--MIME_boundary\r\n"
            b'Content-Disposition: form-data; name="Picture"; filename="%d.jpg"\r\n'
            b"Content-Type: image/jpeg\r\n\r\n" % number + b"\xff" * 65536 + b"\r\n"
        )
    yield b"--MIME_boundary--\r\n"


@pytest.mark.parametrize("chunked", [True, False])
# aiohttp's multipart reader calls its own deprecated unread_data() on streamed parts.
@pytest.mark.filterwarnings("ignore:unread_data:DeprecationWarning")
async def test_multipart_is_limited_in_total_not_only_per_part(
    client: TestClient[Any, Any],
    afternoon: TravellingClock,
    chunked: bool,
) -> None:
    """Many parts, each small, over max_body_bytes together: 413, even from an unknown serial."""
    limit = 10 * 1024 * 1024
    if chunked:
        data: Any = _chunks(limit)
    else:
        data = io.BytesIO(b"".join([chunk async for chunk in _chunks(limit)]))
    headers = {"Content-Type": FORM}

    async with client.post("/hooks/hikvision/DS-NEW", data=data, headers=headers) as response:
        status = response.status

    assert status == 413
    assert await TerminalUpload.all().count() == 0
    assert await AttendanceEvent.all().count() == 0
    assert await EvidencePhoto.all().count() == 0
