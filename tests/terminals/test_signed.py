"""The signed webhook: HMAC over timestamp and raw body, a time window, and the punch list."""

from __future__ import annotations

import contextlib
import datetime as dt

import pytest
from hypothesis import given
from hypothesis import strategies as st

from terminals.errors import MalformedUpload, Unauthorized
from terminals.signed import parse_body, sign, verify

SECRET = b"rahasia-bersama-terminal"
NOW = dt.datetime(2026, 11, 30, 7, 0, tzinfo=dt.UTC)
BODY = b'{"punches": [{"pin": "1001", "time": "2026-11-30T07:31:05+07:00"}]}'


def test_verify_accepts_a_fresh_signature() -> None:
    """A body signed with the shared secret within the window is accepted."""
    stamp = int(NOW.timestamp())

    verify(SECRET, str(stamp), sign(SECRET, stamp, BODY), BODY, NOW, 300)


@pytest.mark.parametrize(
    ("timestamp", "signature", "message"),
    [
        (None, "sha256=00", "required"),
        ("soon", "sha256=00", "Unix seconds"),
        (str(int(NOW.timestamp()) - 301), None, "required"),
        (str(int(NOW.timestamp()) - 301), "computed", "window"),
        (str(int(NOW.timestamp())), "sha256=" + "0" * 64, "does not match"),
    ],
)
def test_verify_refuses_missing_stale_or_wrong_signatures(
    timestamp: str | None, signature: str | None, message: str
) -> None:
    """Missing headers, an old timestamp (replay) or a wrong signature are refused."""
    if signature == "computed":
        signature = sign(SECRET, int(timestamp or 0), BODY)
    with pytest.raises(Unauthorized, match=message):
        verify(SECRET, timestamp, signature, BODY, NOW, 300)


def test_verify_refuses_a_changed_timestamp() -> None:
    """The timestamp is signed: moving it forward to replay an old post breaks the signature."""
    old = int(NOW.timestamp()) - 3600
    signature = sign(SECRET, old, BODY)

    with pytest.raises(Unauthorized, match="does not match"):
        verify(SECRET, str(int(NOW.timestamp())), signature, BODY, NOW, 300)


def test_parse_body_reads_times_with_and_without_offset() -> None:
    """A time with an offset is an instant; without one it is the terminal's local time."""
    body = (
        b'{"punches": [{"pin": "7", "time": "2026-11-30T07:31:05+08:00", "status": 1},'
        b' {"pin": "8", "time": "2026-11-30 07:31:05"}]}'
    )

    first, second = parse_body(body)

    assert first.time.utcoffset() == dt.timedelta(hours=8)
    assert first.details == {"status": "1"}
    assert second.time.tzinfo is None


@pytest.mark.parametrize(
    ("body", "field"),
    [
        (b'{"punches": []}', "punches"),
        (b'{"punches": [{"pin": "7"}]}', "time"),
        (b'{"punches": [{"pin": "7", "time": "x", "extra": 1}]}', "extra"),
        (b"[]", "body"),
    ],
)
def test_parse_body_names_the_bad_field(body: bytes, field: str) -> None:
    """A malformed body is refused naming the field."""
    with pytest.raises(MalformedUpload, match=field):
        parse_body(body)


@given(st.binary(max_size=200))
def test_parse_body_never_crashes(body: bytes) -> None:
    """Any body is either read or refused as malformed."""
    with contextlib.suppress(MalformedUpload):
        parse_body(body)


def test_verify_refuses_a_timestamp_in_other_digits() -> None:
    """A timestamp in Arabic-Indic digits is not Unix seconds, even though int() reads it."""
    stamp = "".join(chr(0x0660 + int(digit)) for digit in str(int(NOW.timestamp())))

    with pytest.raises(Unauthorized, match="Unix seconds"):
        verify(SECRET, stamp, sign(SECRET, int(stamp), BODY), BODY, NOW, 300)


@pytest.mark.parametrize("value", ["NaN", "Infinity", "-Infinity", "1e999"])
def test_parse_body_refuses_numbers_json_does_not_have(value: str) -> None:
    """`NaN` as a PIN is not stored as the text "NaN": the body is not JSON."""
    body = f'{{"punches": [{{"pin": {value}, "time": "2026-11-30T07:31:05+07:00"}}]}}'

    with pytest.raises(MalformedUpload, match="not JSON"):
        parse_body(body.encode())
