"""The developer.fingerspot.io webhook: JSON ``attlog`` posts from Fingerspot (Revo, Flexcode).

A post names its terminal by Cloud ID and carries one scan in device-local time without an
offset (``2025-09-02 07:31`` or with seconds); every value arrives as a string. A post carrying
a list of scans is read whole: every scan is recorded, however many (the body size limit bounds
them), because a refused post would be lost after the cloud's retries. Posts of other types
(answers to ``set_userinfo``, ``get_attlog``...) are kept and acknowledged, not read.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from pydantic import BaseModel, ConfigDict, Field, ValidationError

from terminals.bodies import parse_json
from terminals.errors import malformed
from terminals.punch import RawPunch, check_pin, check_serial, parse_device_time

ATTLOG = "attlog"


class _Envelope(BaseModel):
    model_config = ConfigDict(extra="ignore", coerce_numbers_to_str=True)

    type: str = Field(max_length=40)
    cloud_id: str = Field(max_length=64)
    trans_id: str | None = Field(default=None, max_length=64)
    data: Any = None


class _Scan(BaseModel):
    model_config = ConfigDict(extra="ignore", coerce_numbers_to_str=True)

    pin: str
    scan: str
    verify: str = ""
    status_scan: str = ""
    photo_url: str | None = Field(default=None, max_length=500)


@dataclass(frozen=True, slots=True)
class FingerspotPost:
    """A webhook post: its type, the Cloud ID that sent it, and its scans (attlog only)."""

    kind: str
    cloud_id: str
    punches: tuple[RawPunch, ...] = ()


def read_envelope(body: bytes) -> FingerspotPost:
    """Read the type and Cloud ID of a post, without its scans."""
    envelope = _envelope(body)
    return FingerspotPost(envelope.type.strip().lower(), check_serial(envelope.cloud_id))


def parse_post(body: bytes) -> FingerspotPost:
    """Read a whole post; an ``attlog`` post carries one scan or a list of scans, all read."""
    envelope = _envelope(body)
    head = FingerspotPost(envelope.type.strip().lower(), check_serial(envelope.cloud_id))
    if head.kind != ATTLOG:
        return head

    items = envelope.data if isinstance(envelope.data, list) else [envelope.data]
    try:
        scans = [_Scan.model_validate(item) for item in items]
    except ValidationError as err:
        raise malformed(err, "Fingerspot attlog data") from err
    return FingerspotPost(head.kind, head.cloud_id, tuple(_punch(scan) for scan in scans))


def _envelope(body: bytes) -> _Envelope:
    try:
        return _Envelope.model_validate(parse_json(body, "Fingerspot post"))
    except ValidationError as err:
        raise malformed(err, "Fingerspot post") from err


def _punch(scan: _Scan) -> RawPunch:
    details = {"verify": scan.verify[:20], "status": scan.status_scan[:20]}
    if scan.photo_url:
        details["photo_url"] = scan.photo_url
    present = {key: value for key, value in details.items() if value}
    return RawPunch(check_pin(scan.pin), parse_device_time(scan.scan), present)
