"""Punches: PINs and serials as text, device times, the terminal's zone, the idempotency key."""

from __future__ import annotations

import contextlib
import datetime as dt
from zoneinfo import ZoneInfo

import pytest
from hypothesis import given
from hypothesis import strategies as st

from terminals.errors import MalformedUpload
from terminals.punch import (
    RawPunch,
    check_pin,
    check_serial,
    is_number,
    locate,
    parse_device_time,
    parse_iso_time,
    punch_key,
)

WITA = ZoneInfo("Asia/Makassar")


@pytest.mark.parametrize("pin", ["0042", "A17", "nip.1987-03", "1"])
def test_check_pin_keeps_leading_zeros_and_letters(pin: str) -> None:
    """PINs stay text: leading zeros and alphanumeric PINs (StringPinFunOn) are kept."""
    assert check_pin(f" {pin} ") == pin


@pytest.mark.parametrize("pin", ["", "10 01", "x" * 33, "a:b", "ü"])
def test_check_pin_refuses_odd_values_naming_the_rule(pin: str) -> None:
    """A PIN with spaces, colons, other letters or over 32 characters is refused."""
    with pytest.raises(MalformedUpload, match="1 to 32"):
        check_pin(pin)


def test_check_serial_refuses_separator_characters() -> None:
    """A serial cannot contain the key separator."""
    with pytest.raises(MalformedUpload, match="Serial"):
        check_serial("SN:1")


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("2025-09-02 07:31:05", dt.datetime(2025, 9, 2, 7, 31, 5)),
        ("2025-09-02 07:31", dt.datetime(2025, 9, 2, 7, 31)),
        ("2025-9-2 7:31:05", dt.datetime(2025, 9, 2, 7, 31, 5)),
        ("1756773065", dt.datetime(2025, 9, 2, 0, 31, 5, tzinfo=dt.UTC)),
    ],
)
def test_parse_device_time_reads_wall_clock_and_epoch(text: str, expected: dt.datetime) -> None:
    """Device times are naive wall-clock times, or epoch seconds (an instant)."""
    assert parse_device_time(text) == expected


@pytest.mark.parametrize("text", ["2025-02-30 07:00:00", "yesterday", "0001-01-01 00:00:00"])
def test_parse_device_time_refuses_impossible_times(text: str) -> None:
    """An impossible date, words, or a year outside 1970-2199 is refused."""
    with pytest.raises(MalformedUpload):
        parse_device_time(text)


def test_parse_iso_time_keeps_offset_and_refuses_a_bare_date() -> None:
    """An ISO time keeps its offset; a date without a time of day is refused."""
    assert parse_iso_time("2026-02-24T19:45:13+08:00").utcoffset() == dt.timedelta(hours=8)
    with pytest.raises(MalformedUpload, match="time of day"):
        parse_iso_time("2026-02-24")


def test_locate_reads_naive_times_in_the_terminal_zone() -> None:
    """07:31:05 on a WITA terminal is 23:31:05 UTC the day before."""
    punch = locate(RawPunch("1001", dt.datetime(2025, 9, 2, 7, 31, 5)), WITA)

    assert punch.occurred_at == dt.datetime(2025, 9, 1, 23, 31, 5, tzinfo=dt.UTC)
    assert punch.local_time == "2025-09-02 07:31:05"


def test_punch_key_is_the_same_for_the_same_instant_in_any_zone() -> None:
    """The key is serial, PIN and UTC second, so a replay by another route is a duplicate."""
    naive = locate(RawPunch("7", dt.datetime(2025, 9, 2, 8, 31, 5, 900)), WITA)
    aware = locate(RawPunch("7", dt.datetime(2025, 9, 2, 0, 31, 5, tzinfo=dt.UTC)), WITA)

    assert (
        punch_key("SN1", naive) == punch_key("SN1", aware) == "terminal:SN1:7:2025-09-02T00:31:05Z"
    )


@given(st.text(max_size=40))
def test_parse_device_time_never_fails_otherwise(text: str) -> None:
    """Any text is either a time or a MalformedUpload, nothing else."""
    with contextlib.suppress(MalformedUpload):
        parse_device_time(text)


@given(st.text(max_size=40), st.sampled_from(["Asia/Jakarta", "Asia/Jayapura", "UTC"]))
def test_parse_iso_time_and_locate_never_fail_otherwise(text: str, zone: str) -> None:
    """Any text is either a locatable time or a MalformedUpload."""
    with contextlib.suppress(MalformedUpload):
        locate(RawPunch("1", parse_iso_time(text)), ZoneInfo(zone))


@pytest.mark.parametrize(
    "text", ["٢٠٢٦-12-03 07:00:00", "2026-12-03 0٧:00:00", "١٧٦٤٤٦٢٦٦٥", "2026-12-03 07:00:٠٥"]
)
def test_parse_device_time_takes_ascii_digits_only(text: str) -> None:
    """Arabic-Indic (or any non-ASCII) digits are refused, as they are in PINs."""
    with pytest.raises(MalformedUpload, match="is not YYYY-MM-DD"):
        parse_device_time(text)


def test_is_number_takes_ascii_digits_only() -> None:
    """`str.isdigit` takes any Unicode digit; a terminal's numbers are ASCII."""
    assert is_number("0042")
    assert not any(is_number(text) for text in ("", "٥", "²", "-1", "1 "))
