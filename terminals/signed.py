"""The signed JSON webhook, for any other terminal or integration.

The sender signs each post with the secret it shares with us:
``X-Sregep-Timestamp: <unix seconds>`` and
``X-Sregep-Signature: sha256=<hex HMAC-SHA256(secret, "<timestamp>." + raw body)>``.
The timestamp is part of what is signed, so it cannot be changed; a post whose timestamp is
further than the window from the server clock is refused, and a replay inside the window stores
nothing new because punches are idempotent. The body is
``{"punches": [{"pin": "1001", "time": "2025-09-02T07:31:05+07:00", "status": "0"}]}``; a time
without an offset is the terminal's local time.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import hmac

from pydantic import BaseModel, ConfigDict, Field, ValidationError

from terminals.bodies import parse_json
from terminals.errors import Unauthorized, malformed
from terminals.punch import RawPunch, check_pin, is_number, parse_iso_time

TIMESTAMP_HEADER = "X-Sregep-Timestamp"
SIGNATURE_HEADER = "X-Sregep-Signature"
SIGNATURE_PREFIX = "sha256="
MAX_PUNCHES = 1000


class _Punch(BaseModel):
    model_config = ConfigDict(extra="forbid", coerce_numbers_to_str=True)

    pin: str
    time: str = Field(max_length=40)
    status: str | None = Field(default=None, max_length=20)
    verify: str | None = Field(default=None, max_length=20)


class _Body(BaseModel):
    model_config = ConfigDict(extra="forbid")

    punches: list[_Punch] = Field(min_length=1, max_length=MAX_PUNCHES)


def sign(secret: bytes, timestamp: int, body: bytes) -> str:
    """Return the signature header value of `body` sent at `timestamp`."""
    digest = hmac.new(secret, f"{timestamp}.".encode() + body, hashlib.sha256).hexdigest()
    return SIGNATURE_PREFIX + digest


def verify(
    secret: bytes,
    timestamp: str | None,
    signature: str | None,
    body: bytes,
    now: dt.datetime,
    window_s: int,
) -> None:
    """Raise Unauthorized unless the signature matches and the timestamp is inside the window."""
    if not timestamp or not signature:
        msg = f"Headers {TIMESTAMP_HEADER} and {SIGNATURE_HEADER} are both required."
        raise Unauthorized(msg)
    if not is_number(timestamp.strip()) or len(timestamp.strip()) > 12:
        msg = f"{TIMESTAMP_HEADER} {timestamp[:20]!r} is not Unix seconds."
        raise Unauthorized(msg)

    sent = int(timestamp.strip())
    skew = abs(now.timestamp() - sent)
    if skew > window_s:
        msg = (
            f"{TIMESTAMP_HEADER} is {skew:.0f} s off the server clock. The window is {window_s} s."
        )
        raise Unauthorized(msg)

    expected = sign(secret, sent, body)
    if not hmac.compare_digest(expected.encode(), signature.strip().encode()):
        msg = f"{SIGNATURE_HEADER} does not match the body. Sign '<timestamp>.<body>'."
        raise Unauthorized(msg)


def parse_body(body: bytes) -> tuple[RawPunch, ...]:
    """Read the punches of a signed post (strict JSON: no NaN or Infinity)."""
    document = parse_json(body, "Signed post")
    try:
        parsed = _Body.model_validate(document)
    except ValidationError as err:
        raise malformed(err, "Signed post") from err
    return tuple(_punch(item) for item in parsed.punches)


def _punch(item: _Punch) -> RawPunch:
    details = {"status": item.status or "", "verify": item.verify or ""}
    present = {key: value for key, value in details.items() if value}
    return RawPunch(check_pin(item.pin), parse_iso_time(item.time), present)
