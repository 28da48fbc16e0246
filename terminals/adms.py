"""The ZKTeco ADMS / PUSH ("iclock") protocol: reading what terminals post, writing replies.

Terminals are the HTTP client; they post plain-text bodies to ``/iclock/...``. Records are joined
by LF, and real devices add CR, trailing tabs and empty fields, all of which are tolerated here. A
bad line is reported with its number and reason and the good lines still count, because the
terminal resends the whole batch until it is acknowledged with ``OK: <n>`` (research notes §1.6,
§1.12). Everything here is pure: bytes in, records or reply text out.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Generic, TypeVar
from zoneinfo import ZoneInfo

from config.terminals import AdmsSettings
from terminals.errors import MalformedUpload
from terminals.punch import RawPunch, check_pin, is_number, parse_device_time

SERVER_VERSION = "2.4.1"
SECURITY_PUSH_VERSION = "3.1.2"
# Only the tables we use: no fingerprint or face templates, no user photos (data minimisation).
TRANS_FLAG = "TransData AttLog\tOpLog\tAttPhoto\tEnrollUser\tChgUser"
# rtlog event codes of a verified person (ZK access-control list; unverified per firmware).
RTLOG_PASS_EVENTS = frozenset({0, 1, 2, 3, 14, 15, 16, 17, 18, 19})
ROW_KINDS = frozenset(
    {
        "OPLOG", "USER", "FP", "FACE", "USERPIC", "BIOPHOTO", "BIODATA", "IDCARD",
        "ERRORLOG", "WORKCODE", "SMS", "USER_SMS", "USERVF",
    }
)  # fmt: skip
INFO_FIELDS = (
    "firmware", "users", "fingerprints", "attlogs", "ip", "fp_algorithm", "face_algorithm",
    "faces_per_enroll", "faces", "functions",
)  # fmt: skip
TEMPLATE_VALUE = re.compile(rb"(?i)(^|[\t ])(tmp|content)=[^\t\r\n]*", re.MULTILINE)
PHOTO_NAME = re.compile(r"(\d{14})(?:-([^.\s]+))?\.jpe?g", re.IGNORECASE | re.ASCII)
RETURN_CODE = re.compile(r"-?[0-9]{1,9}")
PUSH_VERSION = re.compile(r"[0-9]{1,3}(\.[0-9]{1,3}){0,3}")
MAX_PAIRS = 80
MAX_VALUE = 120

T = TypeVar("T")


class Table(StrEnum):
    """What a ``cdata`` post carries (the ``table`` query value)."""

    ATTLOG = "ATTLOG"
    OPERLOG = "OPERLOG"
    ATTPHOTO = "ATTPHOTO"
    BIODATA = "BIODATA"
    IDCARD = "IDCARD"
    ERRORLOG = "ERRORLOG"
    OPTIONS = "options"
    RTLOG = "rtlog"
    RTSTATE = "rtstate"
    TABLEDATA = "tabledata"
    OTHER = "other"

    @classmethod
    def of(cls, value: str) -> Table:
        """Return the table named by a query value, whatever its case, or OTHER."""
        return _TABLES.get(value.strip().lower(), cls.OTHER)


_TABLES = {table.value.lower(): table for table in Table}
ROW_TABLES = frozenset({Table.OPERLOG, Table.BIODATA, Table.IDCARD, Table.ERRORLOG})


@dataclass(frozen=True, slots=True)
class LineError:
    """A line that could not be read: its number (from 1) and why."""

    number: int
    reason: str


@dataclass(frozen=True, slots=True)
class Parsed(Generic[T]):
    """The records read from a body, and the lines that could not be read."""

    records: tuple[T, ...]
    errors: tuple[LineError, ...] = ()

    @property
    def lines(self) -> int:
        """Return how many non-blank lines the body had."""
        return len(self.records) + len(self.errors)


@dataclass(frozen=True, slots=True)
class Row:
    """One OPERLOG/BIODATA row: its kind (``OPLOG``, ``USER``, ``FP``...) and its fields."""

    kind: str
    fields: Mapping[str, str] = field(default_factory=dict)


@dataclass(frozen=True, slots=True)
class RtlogRecord:
    """One Security-PUSH ``rtlog`` event; ``punch`` is None unless a person was verified."""

    event: int
    punch: RawPunch | None


@dataclass(frozen=True, slots=True)
class Photo:
    """An ATTPHOTO upload: the punch it shows (when the file name says) and the picture."""

    pin: str | None
    time: dt.datetime | None
    image: bytes
    declared_size: int | None

    @property
    def size_matches(self) -> bool:
        """Tell whether the picture has the size its header declared."""
        return self.declared_size is None or self.declared_size == len(self.image)


@dataclass(frozen=True, slots=True)
class CommandResult:
    """A terminal's answer to one command: its id, return code, and the whole text."""

    command_id: str
    return_code: int
    text: str


@dataclass(frozen=True, slots=True)
class OutgoingCommand:
    """A queued command as the terminal receives it."""

    command_id: str
    command: str


def body_lines(body: bytes) -> list[tuple[int, str]]:
    """Split a body into numbered non-blank lines, without CR, decoded as UTF-8 (lenient).

    A UTF-8 byte order mark before the first line is dropped.
    """
    text = body.decode("utf-8-sig", errors="replace").replace("\x00", "")
    numbered = enumerate(text.split("\n"), start=1)
    return [(number, line.rstrip("\r")) for number, line in numbered if line.strip()]


def parse_attlog(body: bytes) -> Parsed[RawPunch]:
    """Read ATTLOG lines: ``PIN<TAB>Time<TAB>Status<TAB>Verify<TAB>Workcode...``."""
    return _parse_lines(body, _attlog_line)


def _attlog_line(line: str) -> RawPunch:
    fields = [part.strip() for part in line.split("\t")]
    if len(fields) < 2:
        msg = "An ATTLOG line needs at least a PIN and a time, separated by a tab."
        raise MalformedUpload(msg)

    pin = check_pin(fields[0])
    time = parse_device_time(fields[1])
    names = ("status", "verify", "workcode", "reserved1", "reserved2", "mask", "temperature")
    details = {name: value[:20] for name, value in zip(names, fields[2:], strict=False) if value}
    return RawPunch(pin, time, details)


def parse_rows(body: bytes) -> Parsed[Row]:
    """Read OPERLOG, BIODATA, IDCARD or ERRORLOG rows (``KIND key=value<TAB>...``)."""
    return _parse_lines(body, _row_line)


def _row_line(line: str) -> Row:
    kind, _, rest = line.strip().partition(" ")
    if kind not in ROW_KINDS:
        msg = f"Row kind {kind[:20]!r} is not one of {', '.join(sorted(ROW_KINDS))}."
        raise MalformedUpload(msg)

    if kind == "OPLOG":
        fields = [part.strip() for part in rest.split("\t")]
        if len(fields) < 3 or not is_number(fields[0]):
            msg = "An OPLOG row needs an operation number, who and a time."
            raise MalformedUpload(msg)
        parse_device_time(fields[2])
        return Row(kind, {"op": fields[0], "who": fields[1][:32], "time": fields[2]})

    pairs = _pairs(rest.split("\t"))
    if kind == "USER" and "PIN" not in pairs:
        msg = "A USER row needs PIN=."
        raise MalformedUpload(msg)
    return Row(kind, {key: value for key, value in pairs.items() if key.lower() != "tmp"})


def parse_rtlog(body: bytes) -> Parsed[RtlogRecord]:
    """Read Security-PUSH rtlog lines (``time=..<TAB>pin=..<TAB>event=..<TAB>...``)."""
    return _parse_lines(body, _rtlog_line)


def _rtlog_line(line: str) -> RtlogRecord:
    pairs = _pairs(line.split("\t"))
    event_text = pairs.get("event", "")
    if not is_number(event_text) or "time" not in pairs:
        msg = "An rtlog line needs time= and a numeric event=."
        raise MalformedUpload(msg)

    event = int(event_text)
    time = parse_device_time(pairs["time"])
    pin = pairs.get("pin", "").strip()
    if event not in RTLOG_PASS_EVENTS or pin in ("", "0"):
        return RtlogRecord(event, None)

    details = {
        "event": event_text,
        "status": pairs.get("inoutstatus", ""),
        "verify": pairs.get("verifytype", ""),
        "index": pairs.get("index", ""),
    }
    present = {key: value[:20] for key, value in details.items() if value}
    return RtlogRecord(event, RawPunch(check_pin(pin), time, present))


def parse_photo(body: bytes) -> Photo:
    """Read an ATTPHOTO upload: ``PIN=<name>.jpg\\nSN=..\\nsize=..\\nCMD=uploadphoto\\0<JPEG>``."""
    header, separator, image = body.partition(b"\x00")
    if not separator or not image:
        msg = "An ATTPHOTO body needs a header, a NUL byte and the picture after it."
        raise MalformedUpload(msg)

    pairs = _pairs(header.decode("utf-8-sig", errors="replace").split("\n"))
    size_text = pairs.get("size", "")
    declared = int(size_text) if is_number(size_text) and len(size_text) < 10 else None
    match = PHOTO_NAME.fullmatch(pairs.get("PIN", "").strip())
    if match is None:
        return Photo(None, None, image, declared)

    stamp, pin_text = match.groups()
    try:
        time = dt.datetime.strptime(stamp, "%Y%m%d%H%M%S")
    except ValueError:
        return Photo(None, None, image, declared)
    pin = check_pin(pin_text) if pin_text else None
    return Photo(pin, time, image, declared)


def photo_header(body: bytes) -> bytes:
    """Return the text header of an ATTPHOTO body, without the picture."""
    return body.partition(b"\x00")[0][:1024]


def redact_templates(body: bytes) -> bytes:
    """Blank biometric templates and pictures (``TMP=``, ``Content=``) before a body is kept."""
    return TEMPLATE_VALUE.sub(rb"\1\2=", body)


def parse_command_results(body: bytes) -> Parsed[CommandResult]:
    """Read ``devicecmd`` replies: ``ID=..&Return=..&CMD=..``, one per line or multi-line."""
    results: list[CommandResult] = []
    errors: list[LineError] = []
    current: tuple[int, list[str]] | None = None
    for number, line in body_lines(body):
        if line.startswith("ID="):
            if current is not None:
                _close_result(current, results, errors)
            current = (number, [line])
        elif current is not None:
            current[1].append(line)
        else:
            errors.append(LineError(number, "A command result must start with ID=."))
    if current is not None:
        _close_result(current, results, errors)
    return Parsed(tuple(results), tuple(errors))


def _close_result(
    current: tuple[int, list[str]], results: list[CommandResult], errors: list[LineError]
) -> None:
    number, lines = current
    first = _pairs(lines[0].split("&"))
    extra = _pairs(lines[1:])
    command_id = first.get("ID", "")
    code_text = first.get("Return", extra.get("Return", ""))
    if not command_id or len(command_id) > 16 or not RETURN_CODE.fullmatch(code_text):
        reason = "A command result needs ID= (16 characters at most) and Return=<number>."
        errors.append(LineError(number, reason))
        return
    text = "\n".join(lines)[:4000]
    results.append(CommandResult(command_id, int(code_text), text))


def parse_pairs(body: bytes | str) -> dict[str, str]:
    """Read ``key=value`` pairs separated by commas or lines (options, registry), ``~`` dropped."""
    text = body.decode("utf-8-sig", errors="replace") if isinstance(body, bytes) else body
    return _pairs(re.split(r"[,\n]", text.replace("\r", "")))


def parse_info(text: str) -> dict[str, str]:
    """Read the ``INFO=`` value of a ``getrequest`` (firmware, counts, IP, function bits)."""
    values = [value.strip()[:MAX_VALUE] for value in text.split(",")]
    return {name: value for name, value in zip(INFO_FIELDS, values, strict=False) if value}


def push_version(text: str | None) -> tuple[int, ...]:
    """Return the ``pushver`` as numbers; an absent or odd value counts as 2.2.14."""
    if not text or not PUSH_VERSION.fullmatch(text.strip()):
        return (2, 2, 14)
    return tuple(int(part) for part in text.strip().split("."))


def zk_timezone(zone: ZoneInfo, at: dt.datetime) -> int:
    """Return the ``TimeZone`` value of `zone`: hours when whole (WIB 7), else minutes."""
    offset = at.astimezone(zone).utcoffset() or dt.timedelta()
    minutes = int(offset.total_seconds() // 60)
    return minutes // 60 if minutes % 60 == 0 else minutes


def options_reply(serial: str, settings: AdmsSettings, timezone: int) -> str:
    """Return the handshake block of an attendance (PUSH 2.x) terminal."""
    lines = [
        f"GET OPTION FROM: {serial}",
        "ATTLOGStamp=None",
        "OPERLOGStamp=9999",
        "ATTPHOTOStamp=None",
        f"ErrorDelay={settings.error_delay_s}",
        f"Delay={settings.delay_s}",
        f"TransTimes={settings.trans_times}",
        f"TransInterval={settings.trans_interval_min}",
        f"TransFlag={TRANS_FLAG}",
        f"TimeZone={timezone}",
        f"Realtime={int(settings.realtime)}",
        "Encrypt=None",
        f"ServerVer={SERVER_VERSION}",
        f"PushProtVer={SERVER_VERSION}",
        "PushOptionsFlag=1",
    ]
    return "\n".join(lines) + "\n"


def push_config_reply(settings: AdmsSettings, timezone: int, session_id: str) -> str:
    """Return the configuration block of a registered Security-PUSH (3.x) terminal."""
    lines = [
        f"ServerVersion={SECURITY_PUSH_VERSION}",
        "ServerName=ADMS",
        f"PushProtVer={SECURITY_PUSH_VERSION}",
        f"ErrorDelay={settings.error_delay_s}",
        f"RequestDelay={settings.delay_s}",
        f"TransTimes={settings.trans_times}",
        f"TransInterval={settings.trans_interval_min}",
        "TransTables=User Transaction",
        f"Realtime={int(settings.realtime)}",
        f"TimeZone={timezone}",
        f"SessionID={session_id}",
        "TimeoutSec=10",
    ]
    return "\n".join(lines) + "\n"


def registry_handshake_reply(
    registry_code: str, settings: AdmsSettings, timezone: int, session_id: str
) -> str:
    """Return the handshake of a registered Security-PUSH terminal (``registry=ok`` first)."""
    head = f"registry=ok\nRegistryCode={registry_code}\n"
    return head + push_config_reply(settings, timezone, session_id)


def commands_reply(commands: Sequence[OutgoingCommand]) -> str:
    """Return a ``getrequest`` reply: ``OK`` when idle, else one ``C:<id>:<command>`` a line."""
    if not commands:
        return "OK"
    return "".join(f"C:{item.command_id}:{item.command}\n" for item in commands)


def user_info_command(pin: str, name: str) -> str:
    """Return ``DATA UPDATE USERINFO`` for a person (name without tabs, 24 characters at most)."""
    clean = " ".join(name.split())[:24].rstrip()
    return (
        f"DATA UPDATE USERINFO PIN={pin}\tName={clean}\tPri=0\tPasswd=\tCard=\tGrp=1"
        "\tTZ=0000000000000000\tVerify=-1"
    )


def delete_user_command(pin: str) -> str:
    """Return ``DATA DELETE USERINFO`` for a PIN (the terminal drops its templates too)."""
    return f"DATA DELETE USERINFO PIN={pin}"


def _pairs(parts: Iterable[str]) -> dict[str, str]:
    pairs: dict[str, str] = {}
    for part in parts:
        key, separator, value = part.strip().partition("=")
        key = key.strip().lstrip("~")
        if separator and key and len(pairs) < MAX_PAIRS:
            pairs[key[:40]] = value.strip()[:MAX_VALUE]
    return pairs


def _parse_lines(body: bytes, read: Callable[[str], T]) -> Parsed[T]:
    records: list[T] = []
    errors: list[LineError] = []
    for number, line in body_lines(body):
        try:
            records.append(read(line))
        except MalformedUpload as err:
            errors.append(LineError(number, str(err)))
    return Parsed(tuple(records), tuple(errors))
