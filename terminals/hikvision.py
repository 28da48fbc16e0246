"""Hikvision ISAPI "HTTP listening" event notifications from face terminals (DS-K1T series).

The terminal posts ``multipart/form-data`` with the event JSON in the ``event_log`` part and, when
it took one, a ``Picture`` part (JPEG); some firmware posts the bare JSON. Only access events of a
verified person count as punches (major type 5 with a "passed" minor code and an employee
number); heartbeats, failed verifications and door events are acknowledged and ignored. The event
time carries its offset and is used as it is.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from pydantic import BaseModel, ConfigDict, Field, ValidationError

from terminals.bodies import Part, parse_json
from terminals.errors import MalformedUpload, malformed
from terminals.punch import RawPunch, check_pin, parse_iso_time

EVENT_PART = "event_log"
PICTURE_PART = "Picture"
ACCESS_EVENT = "AccessControllerEvent"
MAJOR_EVENT = 5
# Minor codes of a passed verification: card, fingerprint, face, employee no. + face or
# password, QR code (Hikvision SDK constants, e.g. MINOR_FACE_VERIFY_PASS = 0x4b).
PASS_MINORS = frozenset({1, 38, 75, 77, 104, 156})


class _AccessEvent(BaseModel):
    model_config = ConfigDict(extra="ignore", coerce_numbers_to_str=True)

    majorEventType: int | None = None
    subEventType: int | None = None
    employeeNoString: str | None = Field(default=None, max_length=64)
    employeeNo: str | None = Field(default=None, max_length=64)
    serialNo: str | None = Field(default=None, max_length=20)
    currentVerifyMode: str | None = Field(default=None, max_length=40)
    attendanceStatus: str | None = Field(default=None, max_length=40)


class _Event(BaseModel):
    model_config = ConfigDict(extra="ignore", coerce_numbers_to_str=True)

    eventType: str = Field(max_length=60)
    dateTime: str | None = Field(default=None, max_length=40)
    macAddress: str | None = Field(default=None, max_length=40)
    activePostCount: int | None = None
    AccessControllerEvent: _AccessEvent | None = None


@dataclass(frozen=True, slots=True)
class HikvisionEvent:
    """An event notification: its type, and the punch it records, if it records one."""

    event_type: str
    punch: RawPunch | None
    ignored_because: str = ""


def notification_parts(parts: Sequence[Part]) -> tuple[bytes, bytes | None]:
    """Return the event JSON and the picture (if any) of a multipart notification."""
    event: bytes | None = None
    picture: bytes | None = None
    for part in parts:
        if part.name == PICTURE_PART or part.content_type.startswith("image/"):
            picture = part.data or None
        elif part.name == EVENT_PART or event is None:
            event = part.data
    if event is None:
        msg = f"The multipart post has no {EVENT_PART!r} part with the event JSON."
        raise MalformedUpload(msg)
    return event, picture


def parse_event(payload: bytes) -> HikvisionEvent:
    """Read the event JSON of a notification."""
    if payload.lstrip().startswith(b"<"):
        msg = "XML event notifications are not read. Set the terminal's format to JSON."
        raise MalformedUpload(msg)
    document = parse_json(payload, "Hikvision event")
    try:
        event = _Event.model_validate(document)
    except ValidationError as err:
        raise malformed(err, "Hikvision event") from err

    access = event.AccessControllerEvent
    if event.eventType != ACCESS_EVENT or access is None:
        return HikvisionEvent(event.eventType, None, "not an access event")
    employee = (access.employeeNoString or access.employeeNo or "").strip()
    if access.majorEventType != MAJOR_EVENT or access.subEventType not in PASS_MINORS:
        return HikvisionEvent(event.eventType, None, "not a passed verification")
    if not employee:
        return HikvisionEvent(event.eventType, None, "no employee number")
    if not event.dateTime:
        msg = "Hikvision event field 'dateTime' is missing on an access event."
        raise MalformedUpload(msg)

    details = {
        "minor": str(access.subEventType),
        "serial_no": access.serialNo or "",
        "verify": access.currentVerifyMode or "",
        "status": access.attendanceStatus or "",
        "mac": event.macAddress or "",
    }
    present = {key: value for key, value in details.items() if value}
    punch = RawPunch(check_pin(employee), parse_iso_time(event.dateTime), present)
    return HikvisionEvent(event.eventType, punch)
