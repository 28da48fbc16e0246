"""Uploads: what is kept of a raw request, and reading bodies without recording them."""

from __future__ import annotations

import pytest

from terminals.errors import MalformedUpload
from terminals.registry import TerminalProtocol
from terminals.uploads import read_upload, storable_body
from tests.terminals.conftest import FIXTURES

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
