"""Fake terminals that talk real HTTP to the server, one per protocol, as the devices would.

Each simulator sends what the research notes (``/work/shared/research/terminals.md``) show real
devices sending, including their quirks: CRLF line ends, trailing tabs, empty fields.
"""

from __future__ import annotations

import datetime as dt
import io
import json
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

import aiohttp
from aiohttp.test_utils import TestClient

from terminals.signed import SIGNATURE_HEADER, TIMESTAMP_HEADER, sign

USER_AGENT = "iClock Proxy/1.09"


@dataclass(frozen=True, slots=True)
class Reply:
    """What the server answered: status, body text and headers."""

    status: int
    text: str
    headers: Mapping[str, str] = field(default_factory=dict)

    def json(self) -> Any:
        """Return the body read as JSON."""
        return json.loads(self.text)


async def _reply(response: aiohttp.ClientResponse) -> Reply:
    return Reply(response.status, await response.text(), dict(response.headers))


@dataclass
class AdmsTerminal:
    """A ZKTeco attendance terminal speaking ADMS / PUSH 2.4.1 (or 3.x for Security PUSH)."""

    client: TestClient[Any, Any]
    serial: str
    pushver: str = "2.4.1"

    async def get(self, path: str, **query: str) -> Reply:
        """Send a GET with the serial and `query`."""
        params = {"SN": self.serial, **query}
        headers = {"User-Agent": USER_AGENT}
        async with self.client.get(path, params=params, headers=headers) as response:
            return await _reply(response)

    async def post(self, path: str, body: bytes, **query: str) -> Reply:
        """Send a POST of `body` with the serial and `query`."""
        params = {"SN": self.serial, **query}
        headers = {"User-Agent": USER_AGENT, "Content-Type": "text/plain"}
        data = io.BytesIO(body)
        async with self.client.post(path, params=params, data=data, headers=headers) as response:
            return await _reply(response)

    async def handshake(self) -> Reply:
        """Start up: ask for the options block."""
        query = {"options": "all", "pushver": self.pushver, "language": "73"}
        return await self.get("/iclock/cdata", **query, PushOptionsFlag="1")

    async def push_options(self, text: str) -> Reply:
        """Send the terminal's own parameters."""
        return await self.post("/iclock/cdata", text.encode(), table="options")

    async def poll(self, info: str | None = None) -> Reply:
        """Poll for commands (``getrequest``), optionally with device info."""
        return await self.get("/iclock/getrequest", **({"INFO": info} if info else {}))

    async def ping(self) -> Reply:
        """Send a heartbeat."""
        return await self.get("/iclock/ping")

    async def push_attlog(
        self, punches: Iterable[tuple[str, str]], *, verify: str = "15"
    ) -> Reply:
        """Upload punches (PIN, local time) the way a face terminal does: CRLF, trailing tab."""
        lines = "".join(f"{pin}\t{time}\t0\t{verify}\t\t0\t0\t\r\n" for pin, time in punches)
        return await self.push_raw("ATTLOG", lines.encode())

    async def push_raw(self, table: str, body: bytes) -> Reply:
        """Upload any table with any body."""
        return await self.post("/iclock/cdata", body, table=table, Stamp="9999")

    async def push_photo(self, pin: str, local_time: dt.datetime, image: bytes) -> Reply:
        """Upload the photo taken at a punch (binary after a NUL byte)."""
        name = f"{local_time:%Y%m%d%H%M%S}-{pin}.jpg"
        header = f"PIN={name}\nSN={self.serial}\nsize={len(image)}\nCMD=uploadphoto"
        return await self.push_raw("ATTPHOTO", header.encode() + b"\x00" + image)

    async def answer(self, lines: Iterable[str]) -> Reply:
        """Report the results of commands it ran (``devicecmd``)."""
        return await self.post("/iclock/devicecmd", "\n".join(lines).encode())

    async def register(self, capabilities: str) -> Reply:
        """Security PUSH: register with its capabilities."""
        return await self.post("/iclock/registry", capabilities.encode())

    async def push_config(self) -> Reply:
        """Security PUSH: ask for the configuration after registering."""
        return await self.get("/iclock/push")


@dataclass
class FingerspotCloud:
    """developer.fingerspot.io forwarding a terminal's scans to our webhook."""

    client: TestClient[Any, Any]
    token: str
    cloud_id: str

    async def post(self, payload: Mapping[str, Any] | bytes) -> Reply:
        """Post a webhook body (a mapping is sent as JSON)."""
        body = payload if isinstance(payload, bytes) else json.dumps(payload).encode()
        headers = {"Content-Type": "application/json"}
        url = f"/hooks/fingerspot/{self.token}"
        async with self.client.post(url, data=body, headers=headers) as response:
            return await _reply(response)

    async def scan(self, pin: str, scan: str, **extra: str) -> Reply:
        """Post one attlog scan (local time, with or without seconds)."""
        data = {"pin": pin, "scan": scan, "verify": "4", "status_scan": "0", **extra}
        return await self.post({"type": "attlog", "cloud_id": self.cloud_id, "data": data})


@dataclass
class HikvisionTerminal:
    """A Hikvision face terminal with HTTP listening pointed at our server."""

    client: TestClient[Any, Any]
    serial: str
    secret: str | None = None
    serial_no: int = 1000

    def event(self, employee: str, when: str, minor: int = 75) -> dict[str, Any]:
        """Return an access event like a DS-K1T sends for a verified face."""
        self.serial_no += 1
        return {
            "ipAddress": "192.168.100.55",
            "macAddress": "e0:ca:3c:fc:a7:ce",
            "dateTime": when,
            "activePostCount": 1,
            "eventType": "AccessControllerEvent",
            "AccessControllerEvent": {
                "majorEventType": 5,
                "subEventType": minor,
                "employeeNoString": employee,
                "serialNo": self.serial_no,
                "currentVerifyMode": "face",
                "attendanceStatus": "checkIn",
                "picturesNumber": 1,
            },
        }

    async def notify(
        self, event: Mapping[str, Any] | bytes, picture: bytes | None = None
    ) -> Reply:
        """Post the event as multipart ``event_log`` (plus a ``Picture`` part when given)."""
        body = event if isinstance(event, bytes) else json.dumps(event).encode()
        form = aiohttp.FormData()
        form.add_field("event_log", io.BytesIO(body), content_type="application/json")
        if picture is not None:
            form.add_field(
                "Picture", io.BytesIO(picture), filename="face.jpg", content_type="image/jpeg"
            )
        url = f"/hooks/hikvision/{self.serial}"
        async with self.client.post(url, data=form, headers=self.credentials()) as response:
            return await _reply(response)

    def credentials(self) -> dict[str, str]:
        """Return the Basic Authorization header the terminal is configured with, if any."""
        if self.secret is None:
            return {}
        return {"Authorization": aiohttp.encode_basic_auth(self.serial, self.secret)}


@dataclass
class SignedSender:
    """Any other terminal or integration posting signed JSON."""

    client: TestClient[Any, Any]
    serial: str
    secret: str

    async def post(self, body: bytes, timestamp: int, signature: str | None = None) -> Reply:
        """Post `body` signed at `timestamp` (or with the given signature)."""
        headers = {
            "Content-Type": "application/json",
            TIMESTAMP_HEADER: str(timestamp),
            SIGNATURE_HEADER: signature or sign(self.secret.encode(), timestamp, body),
        }
        url = f"/hooks/signed/{self.serial}"
        async with self.client.post(url, data=body, headers=headers) as response:
            return await _reply(response)

    async def punches(self, items: Iterable[Mapping[str, str]], now: dt.datetime) -> Reply:
        """Post punches signed now."""
        body = json.dumps({"punches": list(items)}).encode()
        return await self.post(body, int(now.timestamp()))
