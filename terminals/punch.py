"""A terminal punch: a PIN and a time, as every protocol delivers it, and the key it is stored by.

Parsers return :class:`RawPunch` with the time as the device sent it: naive device-local wall
time (ADMS, Fingerspot) or aware (Hikvision, signed JSON with an offset). :func:`locate` pins a
naive time to the terminal's zone, never the server's, and the stored instant is whole seconds
in UTC, so the same punch sent again, by any route, gets the same idempotency key.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from zoneinfo import ZoneInfo

from terminals.errors import MalformedUpload

PIN_PATTERN = re.compile(r"[0-9A-Za-z_.-]{1,32}")
SERIAL_PATTERN = re.compile(r"[0-9A-Za-z_.-]{1,64}")
# re.ASCII: ``\d`` (like int()) would accept any Unicode digit, e.g. Arabic-Indic ones.
LOCAL_TIME_PATTERN = re.compile(
    r"(\d{4})-(\d{1,2})-(\d{1,2})[ T](\d{1,2}):(\d{2})(?::(\d{2}))?(?:\.\d{1,6})?", re.ASCII
)
EPOCH_PATTERN = re.compile(r"\d{9,10}", re.ASCII)
NUMBER_PATTERN = re.compile(r"[0-9]+")
YEARS = range(1970, 2200)


@dataclass(frozen=True, slots=True)
class RawPunch:
    """A punch as a parser read it: the PIN, the time as sent, and protocol details."""

    pin: str
    time: dt.datetime
    details: Mapping[str, str] = field(default_factory=dict)


@dataclass(frozen=True, slots=True)
class TerminalPunch:
    """A punch with its instant fixed: aware, UTC, whole seconds."""

    pin: str
    occurred_at: dt.datetime
    local_time: str
    details: Mapping[str, str] = field(default_factory=dict)


def check_pin(value: str) -> str:
    """Return the PIN (kept as text: leading zeros count), or raise naming the rule."""
    pin = value.strip()
    if not PIN_PATTERN.fullmatch(pin):
        msg = f"PIN {value[:40]!r} is not 1 to 32 letters, digits, '.', '_' or '-'."
        raise MalformedUpload(msg, hint="PIN berisi 1-32 huruf, angka, titik, _ atau -.")
    return pin


def is_number(text: str) -> bool:
    """Tell whether `text` is ASCII digits only (``str.isdigit`` takes any Unicode digit)."""
    return NUMBER_PATTERN.fullmatch(text) is not None


def check_serial(value: str) -> str:
    """Return the terminal serial, or raise naming the rule."""
    serial = value.strip()
    if not SERIAL_PATTERN.fullmatch(serial):
        msg = f"Serial {value[:70]!r} is not 1 to 64 letters, digits, '.', '_' or '-'."
        raise MalformedUpload(msg, hint="Nomor seri berisi 1-64 huruf, angka, titik, _ atau -.")
    return serial


def parse_device_time(text: str) -> dt.datetime:
    """Read ``YYYY-MM-DD HH:MM[:SS]`` (naive, device-local) or epoch seconds (aware UTC)."""
    value = text.strip()
    if EPOCH_PATTERN.fullmatch(value):
        return dt.datetime.fromtimestamp(int(value), dt.UTC)

    match = LOCAL_TIME_PATTERN.fullmatch(value)
    if match is None:
        msg = f"Time {value[:40]!r} is not YYYY-MM-DD HH:MM:SS or epoch seconds."
        raise MalformedUpload(msg)
    year, month, day, hour, minute, second = (int(part or 0) for part in match.groups())
    try:
        parsed = dt.datetime(year, month, day, hour, minute, second)
    except ValueError as err:
        msg = f"Time {value!r} is not a real date and time: {err}."
        raise MalformedUpload(msg) from err
    return _plausible(parsed)


def parse_iso_time(text: str) -> dt.datetime:
    """Read an ISO 8601 time, with an offset (aware) or without (naive, device-local)."""
    value = text.strip()
    if ":" not in value:
        msg = f"Time {value[:40]!r} has no time of day. Send YYYY-MM-DDTHH:MM:SS[+07:00]."
        raise MalformedUpload(msg)
    try:
        parsed = dt.datetime.fromisoformat(value.replace("Z", "+00:00"))
    except ValueError as err:
        msg = f"Time {value[:40]!r} is not an ISO 8601 date and time."
        raise MalformedUpload(msg) from err
    return _plausible(parsed)


def _plausible(time: dt.datetime) -> dt.datetime:
    if time.year not in YEARS:
        msg = f"Time {time.isoformat()} is in year {time.year}. Terminal years are 1970 to 2199."
        raise MalformedUpload(msg)
    return time


def locate(raw: RawPunch, zone: ZoneInfo) -> TerminalPunch:
    """Fix the instant of `raw`: a naive time is wall-clock time in the terminal's `zone`."""
    aware = raw.time if raw.time.tzinfo is not None else raw.time.replace(tzinfo=zone)
    instant = aware.astimezone(dt.UTC).replace(microsecond=0)
    local = aware.astimezone(zone).replace(tzinfo=None, microsecond=0)
    return TerminalPunch(raw.pin, instant, local.isoformat(sep=" "), raw.details)


def punch_key(serial: str, punch: TerminalPunch) -> str:
    """Return the idempotency key of a punch: terminal, PIN and UTC instant."""
    return f"terminal:{serial}:{punch.pin}:{punch.occurred_at.strftime('%Y-%m-%dT%H:%M:%SZ')}"
