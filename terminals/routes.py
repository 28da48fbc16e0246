"""The HTTP routes terminals call: ZKTeco ADMS under ``/iclock``, three webhooks under ``/hooks``.

Each handler identifies the terminal, keeps the raw upload, records it (or holds it while the
terminal waits for approval) and answers the way the terminal's protocol expects. Bodies are read
by :func:`terminals.bodies.read_body` only. Errors become clear answers: 400 malformed, 401
unauthenticated, 403 refused terminal, 413 too large, 503 nothing more is kept for terminals
waiting for approval (sent again later). Any other failure is a 500, so the terminal sends again.
Logs name the route by its pattern (``/hooks/fingerspot/{token}``, never the token) and
terminals by serial, and give counts and decisions: never names, photos or what a body says.

| route | protocol |
|---|---|
| ``GET /iclock/cdata`` (``options=all``) | ADMS handshake; 3.x answers ``registry=ok`` |
| ``POST /iclock/cdata``, ``/iclock/fdata`` | ADMS uploads (ATTLOG, OPERLOG, ATTPHOTO, ...) |
| ``GET /iclock/getrequest``, ``POST /iclock/devicecmd`` | ADMS command poll and answers |
| ``GET /iclock/ping``, ``GET /iclock/querydata`` | ADMS heartbeat |
| ``POST /iclock/registry``, ``GET|POST /iclock/push`` | ADMS Security PUSH 3.x |
| ``POST /hooks/fingerspot/{token}`` | developer.fingerspot.io webhook |
| ``POST /hooks/hikvision/{serial}`` | Hikvision ISAPI HTTP listening |
| ``POST /hooks/signed/{serial}`` | signed JSON webhook |
"""

from __future__ import annotations

import base64
import binascii
import datetime as dt
import functools
import hmac
import logging
import secrets
from collections.abc import Awaitable, Callable
from email.utils import format_datetime
from typing import Any

from aiohttp import web

from attendance.enums import DeviceStatus
from attendance.models import Device
from config.terminals import TerminalSettings
from service.web import LEDGER_KEY, SETTINGS_KEY, VAULT_KEY
from terminals import adms
from terminals.bodies import quiet_answered_payload_errors, read_body
from terminals.commands import hand_out
from terminals.context import TerminalContext
from terminals.errors import (
    BodyTooLarge,
    DeviceRefused,
    HoldingFull,
    MalformedUpload,
    TerminalError,
    Unauthorized,
)
from terminals.fingerspot import read_envelope
from terminals.hikvision import notification_parts
from terminals.punch import SERIAL_PATTERN, check_serial
from terminals.registry import TerminalProtocol, device_secret, identify, zone_of
from terminals.signed import SIGNATURE_HEADER, TIMESTAMP_HEADER, verify
from terminals.uploads import DEVICECMD, Reading, accept_upload, keep_upload

logger = logging.getLogger(__name__)

TERMINAL_SETTINGS_KEY = web.AppKey("terminal_settings", TerminalSettings)
Handler = Callable[[web.Request], Awaitable[web.Response]]
COUNTED_TABLES = frozenset({adms.Table.ATTLOG, *adms.ROW_TABLES})
ERROR_STATUS: dict[type[TerminalError], int] = {
    MalformedUpload: 400,
    Unauthorized: 401,
    DeviceRefused: 403,
    BodyTooLarge: 413,
    HoldingFull: 503,
}


def add_terminal_routes(app: web.Application, settings: TerminalSettings | None = None) -> None:
    """Add the terminal routes; `settings` default to the service settings' ``terminals``."""
    app[TERMINAL_SETTINGS_KEY] = settings or app[SETTINGS_KEY].terminals
    quiet_answered_payload_errors()
    router = app.router
    router.add_get("/iclock/cdata", adms_handshake)
    router.add_post("/iclock/cdata", adms_upload)
    router.add_post("/iclock/fdata", adms_upload)
    router.add_get("/iclock/getrequest", adms_poll)
    router.add_post("/iclock/devicecmd", adms_command_results)
    router.add_get("/iclock/ping", adms_ping)
    router.add_get("/iclock/querydata", adms_ping)
    router.add_post("/iclock/registry", adms_registry)
    router.add_route("GET", "/iclock/push", adms_push_config)
    router.add_route("POST", "/iclock/push", adms_push_config)
    router.add_post("/hooks/fingerspot/{token}", fingerspot_post)
    router.add_post("/hooks/hikvision/{serial}", hikvision_post)
    router.add_post("/hooks/signed/{serial}", signed_post)


def terminal_context(request: web.Request) -> TerminalContext:
    """Return what handling a terminal request needs, from the application."""
    app = request.config_dict
    retention = dt.timedelta(days=app[SETTINGS_KEY].privacy.selfie_retention_days)
    return TerminalContext(app[LEDGER_KEY], app[VAULT_KEY], app[TERMINAL_SETTINGS_KEY], retention)


def _adms_errors(handler: Handler) -> Handler:
    """Answer a terminal error with its status and the message as plain text."""
    return _answering_errors(handler, json=False)


def _hook_errors(handler: Handler) -> Handler:
    """Answer a terminal error with its status and ``{"error": message}``."""
    return _answering_errors(handler, json=True)


def _answering_errors(handler: Handler, *, json: bool) -> Handler:
    """Answer terminal errors, and unexpected ones with 500, logging the route, not the path.

    The service's own 500 handler logs the request path, which holds the Fingerspot token.
    """

    @functools.wraps(handler)
    async def wrapped(request: web.Request) -> web.Response:
        try:
            return await handler(request)
        except TerminalError as err:
            return _refusal(request, err, json=json)
        except web.HTTPException:
            raise
        except Exception:
            logger.exception("Terminal request %s failed; answered 500", _where(request))
            if json:
                return web.json_response({"error": "internal error"}, status=500)
            return web.Response(text="FAIL: internal error", status=500)

    return wrapped


def _refusal(request: web.Request, err: TerminalError, *, json: bool) -> web.Response:
    status = next((code for kind, code in ERROR_STATUS.items() if isinstance(err, kind)), 400)
    # A malformed request's reason quotes what was sent: it goes to the sender, not to the log.
    malformed = isinstance(err, MalformedUpload)
    reason = "malformed (the reason went to the sender)" if malformed else str(err)
    logger.warning("Terminal request %s refused with %s: %s", _where(request), status, reason)
    headers = {"WWW-Authenticate": 'Basic realm="sregep"'} if status == 401 else None
    if json:
        return web.json_response({"error": str(err)}, status=status, headers=headers)
    return web.Response(text=f"FAIL: {err}", status=status, headers=headers)


def _where(request: web.Request) -> str:
    """Name a request for the log: method, route pattern and the serial, if it names one."""
    resource = request.match_info.route.resource
    route = resource.canonical if resource is not None else "?"
    serial = request.match_info.get("serial") or request.query.get("SN", "")
    known = f" from {serial}" if SERIAL_PATTERN.fullmatch(serial) else ""
    return f"{request.method} {route}{known}"


def _text(body: str, now: dt.datetime, status: int = 200) -> web.Response:
    """Answer a terminal in plain text with a GMT Date header from the service clock."""
    headers = {"Date": format_datetime(now.astimezone(dt.UTC), usegmt=True)}
    return web.Response(text=body, status=status, content_type="text/plain", headers=headers)


async def _read_body(request: web.Request, context: TerminalContext) -> bytes:
    return (await read_body(request, context.settings.max_body_bytes)).data


async def _identify(serial: str, protocol: TerminalProtocol, context: TerminalContext) -> Device:
    now = context.ledger.now()
    return await identify(
        serial, protocol, now, max_pending=context.settings.pending_max_terminals
    )


async def _adms_device(request: web.Request, context: TerminalContext) -> Device:
    serial = check_serial(request.query.get("SN", ""))
    return await _identify(serial, TerminalProtocol.ADMS, context)


def _timezone(device: Device, context: TerminalContext) -> int:
    return adms.zk_timezone(zone_of(device, context.district_timezone), context.ledger.now())


async def _remember(device: Device, key: str, values: object) -> None:
    """Store what a terminal says about itself under `key` of its info, when it changed."""
    if not values or device.info.get(key) == values:
        return
    device.info = {**device.info, key: values}
    await Device.filter(id=device.id).update(info=device.info)


async def _registry_code(device: Device) -> str:
    code = device.info.get("registry_code")
    if not isinstance(code, str):
        code = secrets.token_hex(16)
        await _remember(device, "registry_code", code)
    return code


@_adms_errors
async def adms_handshake(request: web.Request) -> web.Response:
    """Answer a terminal's start-up: its options, or ``OK`` while it is not approved."""
    context = terminal_context(request)
    device = await _adms_device(request, context)
    now = context.ledger.now()
    if request.query.get("table", "").lower() == "remoteatt":
        return _text("", now)

    query = request.query
    pushed = {"pushver": query.get("pushver", ""), "language": query.get("language", "")}
    pushed["device_type"] = query.get("DeviceType", "")
    await _remember(device, "push", {key: value[:40] for key, value in pushed.items() if value})
    if device.status is not DeviceStatus.APPROVED:
        return _text("OK", now)

    timezone = _timezone(device, context)
    if adms.push_version(query.get("pushver")) >= (3,):
        code = await _registry_code(device)
        session = secrets.token_hex(8)
        reply = adms.registry_handshake_reply(code, context.settings.adms, timezone, session)
        return _text(reply, now)
    return _text(adms.options_reply(device.serial, context.settings.adms, timezone), now)


@_adms_errors
async def adms_upload(request: web.Request) -> web.Response:
    """Keep and record a data upload (``cdata``/``fdata``) and acknowledge it as expected."""
    context = terminal_context(request)
    body = await _read_body(request, context)
    device = await _adms_device(request, context)
    table = request.query.get("table", "")

    upload = await keep_upload(device, table, request.query_string, body, context)
    reading = await accept_upload(context, device, upload, body)
    now = context.ledger.now()
    kind = adms.Table.of(table)
    if kind in COUNTED_TABLES:
        return _text(f"OK: {reading.count}", now)
    if kind is adms.Table.TABLEDATA:
        name = request.query.get("tablename", "data")[:40]
        return _text(f"{name}={request.query.get('count', '0')[:10]}", now)
    return _text("OK", now)


@_adms_errors
async def adms_poll(request: web.Request) -> web.Response:
    """Answer a ``getrequest`` poll with the queued commands, or ``OK``."""
    context = terminal_context(request)
    device = await _adms_device(request, context)
    await _remember(device, "device_info", adms.parse_info(request.query.get("INFO", "")))
    now = context.ledger.now()
    if device.status is not DeviceStatus.APPROVED:
        return _text("OK", now)
    commands = await hand_out(device, now, context.settings.adms)
    return _text(adms.commands_reply(commands), now)


@_adms_errors
async def adms_command_results(request: web.Request) -> web.Response:
    """Keep and record a terminal's answers to its commands."""
    context = terminal_context(request)
    body = await _read_body(request, context)
    device = await _adms_device(request, context)
    upload = await keep_upload(device, DEVICECMD, request.query_string, body, context)
    await accept_upload(context, device, upload, body)
    return _text("OK", context.ledger.now())


@_adms_errors
async def adms_ping(request: web.Request) -> web.Response:
    """Answer a heartbeat; the terminal is marked seen."""
    context = terminal_context(request)
    await _adms_device(request, context)
    return _text("OK", context.ledger.now())


@_adms_errors
async def adms_registry(request: web.Request) -> web.Response:
    """Register a Security-PUSH terminal: its code once approved, else 406 until it is."""
    context = terminal_context(request)
    body = await _read_body(request, context)
    device = await _adms_device(request, context)
    await _remember(device, "registry", adms.parse_pairs(body))
    now = context.ledger.now()
    if device.status is not DeviceStatus.APPROVED:
        return _text("", now, status=406)
    return _text(f"RegistryCode={await _registry_code(device)}", now)


@_adms_errors
async def adms_push_config(request: web.Request) -> web.Response:
    """Give a registered Security-PUSH terminal its configuration."""
    context = terminal_context(request)
    device = await _adms_device(request, context)
    now = context.ledger.now()
    if device.status is not DeviceStatus.APPROVED:
        return _text("", now, status=406)
    session = secrets.token_hex(8)
    reply = adms.push_config_reply(context.settings.adms, _timezone(device, context), session)
    return _text(reply, now)


@_hook_errors
async def fingerspot_post(request: web.Request) -> web.Response:
    """Take a developer.fingerspot.io webhook post behind its secret path."""
    context = terminal_context(request)
    wanted = context.settings.fingerspot.path_token
    given = request.match_info["token"].encode()
    if wanted is None or not hmac.compare_digest(given, wanted.get_secret_value().encode()):
        raise web.HTTPNotFound

    body = await _read_body(request, context)
    head = read_envelope(body)
    if head.cloud_id not in context.settings.fingerspot.cloud_ids:
        msg = f"Cloud ID {head.cloud_id} is not in terminals.fingerspot.cloud_ids."
        raise DeviceRefused(msg)

    device = await _identify(head.cloud_id, TerminalProtocol.FINGERSPOT, context)
    upload = await keep_upload(device, head.kind, "", body, context)
    reading = await accept_upload(context, device, upload, body)
    return web.json_response({"status": "ok", "received": reading.count})


@_hook_errors
async def hikvision_post(request: web.Request) -> web.Response:
    """Take a Hikvision event notification (multipart event JSON and picture, or bare JSON)."""
    context = terminal_context(request)
    serial = check_serial(request.match_info["serial"])
    device = await _identify(serial, TerminalProtocol.HIKVISION, context)
    secret = device_secret(device, context.vault)
    if secret is not None:
        _check_basic_auth(request, device.serial, secret)
    if device.status is DeviceStatus.APPROVED and secret is None:
        msg = f"Terminal {serial} has no secret; give it one with `sregep device add`."
        raise Unauthorized(msg)

    body = await read_body(request, context.settings.max_body_bytes, multipart=True)
    event, picture = (body.data, None) if body.parts is None else notification_parts(body.parts)
    upload = await keep_upload(device, "event", "", event, context)
    await accept_upload(context, device, upload, event, picture)
    return _text("OK", context.ledger.now())


def _check_basic_auth(request: web.Request, serial: str, secret: bytes) -> None:
    """Require HTTP Basic credentials: the terminal's serial and its secret."""
    scheme, _, encoded = request.headers.get("Authorization", "").partition(" ")
    try:
        decoded = base64.b64decode(encoded, validate=True)
    except (binascii.Error, ValueError):
        decoded = b""
    user, _, password = decoded.partition(b":")
    good_user = hmac.compare_digest(user, serial.encode())
    if scheme.lower() != "basic" or not (hmac.compare_digest(password, secret) and good_user):
        msg = f"Terminal {serial} must send Basic credentials: its serial and its secret."
        raise Unauthorized(msg)


@_hook_errors
async def signed_post(request: web.Request) -> web.Response:
    """Take a signed JSON post: 200 when recorded, 202 while the terminal waits for approval."""
    context = terminal_context(request)
    serial = check_serial(request.match_info["serial"])
    body = await _read_body(request, context)
    now = context.ledger.now()
    device = await _identify(serial, TerminalProtocol.SIGNED, context)
    secret = device_secret(device, context.vault)
    if secret is None:
        msg = f"Terminal {serial} has no shared secret. An admin adds it with `sregep device add`."
        raise Unauthorized(msg)
    headers = request.headers
    verify(
        secret,
        headers.get(TIMESTAMP_HEADER),
        headers.get(SIGNATURE_HEADER),
        body,
        now,
        context.settings.signed_window_s,
    )

    upload = await keep_upload(device, "punches", "", body, context)
    reading = await accept_upload(context, device, upload, body)
    if device.status is not DeviceStatus.APPROVED:
        return web.json_response({"status": "quarantined", "received": reading.count}, status=202)
    return web.json_response({"status": "ok", **_counts(reading, upload.outcome)})


def _counts(reading: Reading, outcome: dict[str, Any]) -> dict[str, int]:
    names = ("new", "duplicates", "repeats", "flagged", "unmapped")
    return {"received": reading.count, **{name: int(outcome.get(name, 0)) for name in names}}
