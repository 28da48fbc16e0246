"""Admin actions on terminals: add, approve, block, and map a PIN to a person. All are audited.

Approving a terminal processes, oldest first, everything it sent while it waited. Mapping a PIN
gives the punches kept for it to the person and recomputes their days. The CLI
(``sregep device ...``) and the admin web call these.
"""

from __future__ import annotations

import logging
import secrets
from dataclasses import dataclass

from attendance.audit import record_audit
from attendance.enums import DeviceStatus
from attendance.errors import NotFound
from attendance.models import Device, DevicePin, Person
from attendance.people import check_id, village_by_code
from attendance.vault import Vault
from terminals.context import TerminalContext
from terminals.errors import MappingError, RegistryError, UnknownDevice
from terminals.punch import check_pin, check_serial
from terminals.registry import TerminalProtocol, check_timezone, find_device, seal_secret
from terminals.uploads import process_waiting_uploads

logger = logging.getLogger(__name__)

SECRET_PROTOCOLS = frozenset({TerminalProtocol.HIKVISION, TerminalProtocol.SIGNED})
MAX_REASON = 500


@dataclass(frozen=True, slots=True)
class Approval:
    """An approved terminal, the waiting uploads processed, and a new secret to show once."""

    device: Device
    processed: int
    new_secret: str | None = None


async def add_device(
    serial: str,
    protocol: TerminalProtocol,
    village_code: str,
    actor: str,
    vault: Vault,
    *,
    timezone: str | None = None,
    name: str = "",
    secret: str | None = None,
) -> tuple[Device, str | None]:
    """Register a known terminal as approved; return it and its new secret, if one was made."""
    serial = check_serial(serial)
    if await Device.exists(serial=serial):
        msg = f"Terminal {serial} is already registered. Approve or block it instead."
        raise RegistryError(msg, hint=f"Mesin {serial} sudah terdaftar. Setujui atau blokir saja.")
    village = await village_by_code(village_code)
    made = _new_secret(protocol, secret)
    chosen = secret or made

    await Device.create(
        serial=serial,
        protocol=protocol.value,
        name=name[:100],
        village=village,
        timezone=check_timezone(timezone) if timezone else None,
        sealed_secret=seal_secret(serial, chosen, vault) if chosen else None,
        status=DeviceStatus.APPROVED,
    )
    await record_audit(
        actor,
        "device.add",
        "device",
        serial,
        details={"protocol": protocol.value, "village": village_code, "timezone": timezone},
    )
    device = await find_device(serial)
    assert device is not None
    return device, made


async def approve_device(
    context: TerminalContext,
    serial: str,
    village_code: str,
    actor: str,
    *,
    timezone: str | None = None,
) -> Approval:
    """Approve a pending terminal for a village and process what it sent while it waited."""
    device = await _device(serial)
    village = await village_by_code(village_code)
    protocol = TerminalProtocol(device.protocol)
    made = _new_secret(protocol, None) if device.sealed_secret is None else None

    timezone = check_timezone(timezone) if timezone else device.timezone
    sealed = seal_secret(device.serial, made, context.vault) if made else device.sealed_secret
    await Device.filter(id=device.id).update(
        village_id=village.id,
        status=DeviceStatus.APPROVED,
        timezone=timezone,
        sealed_secret=sealed,
    )
    await record_audit(
        actor,
        "device.approve",
        "device",
        device.serial,
        details={"village": village_code, "timezone": timezone},
    )

    approved = await _device(serial)
    processed = await process_waiting_uploads(context, approved)
    logger.info("Terminal %s approved; %s waiting uploads processed", serial, processed)
    return Approval(approved, processed, made)


async def block_device(serial: str, actor: str, reason: str) -> Device:
    """Refuse everything a terminal sends from now on; the reason (required) is audited."""
    reason = reason.strip()
    if not reason or len(reason) > MAX_REASON:
        msg = f"Blocking terminal {serial} needs a reason of 1 to {MAX_REASON} characters."
        hint = f"Tulis alasan memblokir mesin (1-{MAX_REASON} karakter)."
        raise RegistryError(msg, hint=hint)
    device = await _device(serial)
    await Device.filter(id=device.id).update(status=DeviceStatus.BLOCKED)
    await record_audit(actor, "device.block", "device", device.serial, reason=reason)
    device.status = DeviceStatus.BLOCKED
    return device


async def map_pin(
    context: TerminalContext, serial: str, pin: str, person_id: int, actor: str
) -> int:
    """Map a terminal PIN to a person and give them its kept punches; return how many."""
    device = await _device(serial)
    pin = check_pin(pin)
    person = await Person.get_or_none(id=check_id(person_id))
    if person is None:
        msg = f"Person {person_id} does not exist."
        raise NotFound(msg, hint=f"Orang nomor {person_id} tidak ada.")
    if device.village_id is not None and person.village_id != device.village_id:
        msg = (
            f"Person {person_id} belongs to another village than terminal {serial}. "
            "Map PINs to people of the terminal's village."
        )
        raise MappingError(msg, hint="Orang ini dari desa lain: pilih perangkat desa mesin ini.")

    current = await DevicePin.get_or_none(device_id=device.id, pin=pin)
    if current is not None and current.person_id != person_id:
        msg = f"PIN {pin} on terminal {serial} is mapped to person {current.person_id} already."
        raise MappingError(msg, hint=f"PIN {pin} di mesin {serial} sudah dipakai orang lain.")
    if current is None:
        await DevicePin.create(device_id=device.id, pin=pin, person_id=person_id)
        await record_audit(
            actor, "device.map_pin", "device", serial, details={"pin": pin, "person": person_id}
        )
    return await context.ledger.attach_unmapped(device.id, pin, person_id)


async def _device(serial: str) -> Device:
    device = await find_device(serial)
    if device is None:
        msg = f"Terminal {serial!r} is not registered. See `sregep device list`."
        raise UnknownDevice(msg, hint=f"Mesin {serial} tidak terdaftar.")
    return device


def _new_secret(protocol: TerminalProtocol, given: str | None) -> str | None:
    """Return a fresh secret for a protocol that needs one and was given none."""
    if given is not None and len(given) < 16:
        msg = "A terminal secret must be at least 16 characters long."
        raise RegistryError(msg, hint="Kunci rahasia mesin paling sedikit 16 karakter.")
    if protocol in SECRET_PROTOCOLS and given is None:
        return secrets.token_urlsafe(24)
    return None
