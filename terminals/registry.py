"""The terminal registry: which serial is which terminal, its protocol, zone, secret and state.

A terminal that calls in with an unknown serial is registered as *pending*: it is answered the way
its protocol expects, what it sends is kept unprocessed, and nothing counts until an admin
approves it (see :mod:`terminals.admin`). At most ``terminals.pending_max_terminals`` wait at
once; a new serial beyond them is refused (503) without being registered. A *blocked* terminal
is refused.
"""

from __future__ import annotations

import datetime as dt
import logging
from enum import StrEnum
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from tortoise.exceptions import IntegrityError

from attendance.enums import DeviceStatus
from attendance.models import Device
from attendance.sealed import device_secret_context
from attendance.vault import Vault
from terminals.errors import DeviceRefused, HoldingFull, MalformedUpload

logger = logging.getLogger(__name__)

# A terminal polls every few seconds; its last contact is written at most once a minute.
SEEN_PRECISION = dt.timedelta(seconds=60)


class TerminalProtocol(StrEnum):
    """How a terminal talks to us; stored in ``Device.protocol``."""

    ADMS = "adms"
    FINGERSPOT = "fingerspot"
    HIKVISION = "hikvision"
    SIGNED = "signed"


async def find_device(serial: str) -> Device | None:
    """Return the terminal with `serial` and its village, or None."""
    return await Device.filter(serial=serial).select_related("village").first()


async def identify(
    serial: str, protocol: TerminalProtocol, now: dt.datetime, *, max_pending: int
) -> Device:
    """Return the terminal calling in as `serial`, registering it as pending if new.

    Marks it seen now (to the minute). Raises DeviceRefused for a blocked terminal or one
    registered for another protocol, and HoldingFull for a new serial when `max_pending`
    terminals wait for approval already.
    """
    device = await find_device(serial)
    if device is None:
        device = await _register_pending(serial, protocol, max_pending)

    if device.status is DeviceStatus.BLOCKED:
        msg = f"Terminal {serial} is blocked. An admin blocked it."
        raise DeviceRefused(msg, hint="Mesin ini diblokir oleh admin.")
    if device.protocol != protocol:
        msg = f"Terminal {serial} is registered for {device.protocol}, not {protocol}."
        raise DeviceRefused(msg, hint="Mesin ini terdaftar dengan protokol lain.")

    seen = device.last_seen_at
    if seen is None or not dt.timedelta(0) <= now - seen < SEEN_PRECISION:
        await Device.filter(id=device.id).update(last_seen_at=now)
        device.last_seen_at = now
    return device


async def _register_pending(serial: str, protocol: TerminalProtocol, max_pending: int) -> Device:
    if await Device.filter(status=DeviceStatus.PENDING).count() >= max_pending:
        logger.warning(
            "Unknown terminal %s not registered: %s terminals wait for approval already",
            serial,
            max_pending,
        )
        msg = (
            f"Terminal {serial} is unknown and {max_pending} terminals wait for approval "
            "already (terminals.pending_max_terminals). Approve or block them, then it is "
            "registered on its next call."
        )
        hint = "Terlalu banyak mesin menunggu persetujuan. Setujui atau blokir mesin yang ada."
        raise HoldingFull(msg, hint=hint)
    try:
        await Device.create(serial=serial, protocol=protocol.value, status=DeviceStatus.PENDING)
    except IntegrityError:
        pass  # Registered by a concurrent request of the same terminal.
    else:
        logger.warning(
            "Unknown terminal %s (%s) registered as pending; approve it with "
            "`sregep device approve`",
            serial,
            protocol.value,
        )
    device = await find_device(serial)
    assert device is not None
    return device


def zone_of(device: Device, district_timezone: str) -> ZoneInfo:
    """Return the zone of the terminal's naive times: its own, its village's, the district's."""
    village = device.village if device.village_id is not None else None
    name = device.timezone or (village.timezone if village is not None else None)
    return ZoneInfo(name or district_timezone)


def check_timezone(name: str) -> str:
    """Return `name` if it is an IANA zone (Asia/Jakarta, Asia/Makassar, Asia/Jayapura)."""
    try:
        ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError) as err:
        msg = f"Time zone {name!r} is not an IANA zone. Use e.g. Asia/Jakarta (WIB)."
        hint = "Zona waktu tidak dikenal. Pakai misalnya Asia/Jakarta (WIB)."
        raise MalformedUpload(msg, hint=hint) from err
    return name


def device_secret(device: Device, vault: Vault) -> bytes | None:
    """Return the terminal's shared secret, opened from the vault, or None if it has none."""
    if device.sealed_secret is None:
        return None
    return vault.open(device.sealed_secret, device_secret_context(device.serial))


def seal_secret(serial: str, secret: str, vault: Vault) -> bytes:
    """Seal a terminal's shared secret for storage."""
    return vault.seal(secret.encode(), device_secret_context(serial))
