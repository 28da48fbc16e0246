"""Terminal commands: queued here, handed out on the terminal's next poll, closed by its answer.

Only ADMS terminals take commands (``C:<id>:<command>`` in the ``getrequest`` reply). Commands
that delete data on a terminal (``CLEAR ...``) or run a shell are refused: a terminal keeps its
records until they are acknowledged, and nothing here may remove them.

People and terminals are kept in step by :func:`queue_person_sync`, which the admin web and the
bot call after adding, renaming or deactivating a person: it queues ``DATA UPDATE USERINFO`` (or
``DATA DELETE USERINFO``) for every approved ADMS terminal of the person's village.
"""

from __future__ import annotations

import datetime as dt
import logging
import secrets
from collections.abc import Sequence
from dataclasses import dataclass

from tortoise.expressions import Q

from attendance.audit import record_audit
from attendance.enums import CommandStatus, DeviceStatus
from attendance.errors import NotFound
from attendance.models import AttendanceEvent, Device, DeviceCommand, DevicePin, Person
from attendance.people import check_id
from config.terminals import AdmsSettings
from terminals.adms import CommandResult, OutgoingCommand, delete_user_command, user_info_command
from terminals.errors import CommandRefused, DeviceRefused
from terminals.registry import TerminalProtocol

logger = logging.getLogger(__name__)

ALLOWED_COMMANDS = (
    "DATA UPDATE USERINFO ",
    "DATA DELETE USERINFO ",
    "DATA QUERY ",
    "GET OPTION FROM ",
    "SET OPTION ",
    "VERIFY SUM ",
    "CHECK",
    "LOG",
    "INFO",
    "RELOAD OPTIONS",
    "REBOOT",
)
# The longest command we make is a USERINFO update (about 120 characters).
MAX_COMMAND_LENGTH = 500


@dataclass(frozen=True, slots=True)
class SyncResult:
    """What syncing a person did: commands queued, and terminals skipped for a PIN conflict."""

    person_id: int
    queued: tuple[int, ...]
    conflicts: tuple[str, ...] = ()


def check_command(text: str) -> str:
    """Return `text` if it is a command terminals may be sent, else raise CommandRefused."""
    command = text.strip()
    if len(command) > MAX_COMMAND_LENGTH:
        msg = f"A command is at most {MAX_COMMAND_LENGTH} characters; this one has {len(command)}."
        hint = f"Perintah paling panjang {MAX_COMMAND_LENGTH} karakter."
        raise CommandRefused(msg, hint=hint)
    if "\n" in command or "\r" in command:
        msg = "A command is one line. Queue several commands one by one."
        raise CommandRefused(msg, hint="Perintah hanya satu baris. Kirim perintah satu per satu.")
    if not any(command == item.strip() or command.startswith(item) for item in ALLOWED_COMMANDS):
        allowed = ", ".join(item.strip() for item in ALLOWED_COMMANDS)
        msg = f"Command {command[:40]!r} is not allowed. Allowed: {allowed}."
        raise CommandRefused(msg, hint=f"Perintah itu tidak diizinkan. Yang boleh: {allowed}.")
    return command


async def queue_command(device: Device, text: str, actor: str, reason: str = "") -> DeviceCommand:
    """Queue an admin's command for a terminal and audit it."""
    _check_takes_commands(device)
    command = await _enqueue(device, check_command(text))
    await record_audit(
        actor,
        "device.command.queue",
        "device",
        device.serial,
        reason=reason,
        details={"command_id": command.command_id, "verb": command.command.split(" ")[0]},
    )
    return command


def _check_takes_commands(device: Device) -> None:
    """Raise DeviceRefused, saying why, unless `device` is an approved ADMS terminal."""
    serial = device.serial
    if device.protocol != TerminalProtocol.ADMS:
        msg = f"Terminal {serial} speaks {device.protocol}; only ADMS terminals take commands."
        hint = "Mesin ini tidak menerima perintah: hanya mesin ADMS yang bisa."
    elif device.status is DeviceStatus.BLOCKED:
        msg = f"Terminal {serial} is blocked and takes no commands. Approve it again first."
        hint = "Mesin ini diblokir sehingga tidak menerima perintah. Setujui lagi dulu."
    elif device.status is not DeviceStatus.APPROVED:
        msg = f"Terminal {serial} waits for approval and takes no commands until approved."
        hint = "Mesin ini belum disetujui sehingga belum menerima perintah."
    else:
        return
    raise DeviceRefused(msg, hint=hint)


async def hand_out(
    device: Device, now: dt.datetime, settings: AdmsSettings
) -> list[OutgoingCommand]:
    """Return the commands to send on this poll and mark them sent.

    A command sent but not answered within ``command_resend_s`` is sent again with the same id.
    """
    stale = now - dt.timedelta(seconds=settings.command_resend_s)
    due = (
        await DeviceCommand.filter(
            Q(status=CommandStatus.QUEUED) | Q(status=CommandStatus.SENT, sent_at__lt=stale),
            device_id=device.id,
        )
        .order_by("id")
        .limit(settings.commands_per_poll)
    )
    if not due:
        return []
    await DeviceCommand.filter(id__in=[command.id for command in due]).update(
        status=CommandStatus.SENT, sent_at=now
    )
    logger.info("Terminal %s: %s commands handed out", device.serial, len(due))
    return [OutgoingCommand(command.command_id, command.command) for command in due]


async def close_commands(
    device: Device, results: Sequence[CommandResult], now: dt.datetime
) -> tuple[int, int]:
    """Store a terminal's answers; return how many commands were closed and how many unknown."""
    closed = 0
    for result in results:
        status = CommandStatus.DONE if result.return_code == 0 else CommandStatus.FAILED
        closed += await DeviceCommand.filter(
            device_id=device.id, command_id=result.command_id
        ).update(status=status, return_code=result.return_code, result=result.text, done_at=now)
    unknown = len(results) - closed
    if unknown:
        logger.warning("Terminal %s answered %s unknown command ids", device.serial, unknown)
    return closed, unknown


async def queue_person_sync(person_id: int, actor: str) -> SyncResult:
    """Bring the terminals of a person's village in line with the person, and audit it.

    An active person gets ``DATA UPDATE USERINFO`` (their PIN there, or their id as a new PIN);
    an inactive one gets ``DATA DELETE USERINFO`` on terminals where they have a PIN.
    """
    person = await Person.get_or_none(id=check_id(person_id))
    if person is None:
        msg = f"Person {person_id} does not exist."
        raise NotFound(msg, hint=f"Orang nomor {person_id} tidak ada.")

    devices = await Device.filter(
        village_id=person.village_id,
        status=DeviceStatus.APPROVED,
        protocol=TerminalProtocol.ADMS.value,
    ).order_by("id")
    queued: list[int] = []
    conflicts: list[str] = []
    for device in devices:
        pin = await _pin_for(device, person)
        if pin is None:
            if person.active:
                conflicts.append(device.serial)
            continue
        text = user_info_command(pin, person.name) if person.active else delete_user_command(pin)
        queued.append((await _enqueue(device, text)).id)

    await record_audit(
        actor,
        "person.sync_devices",
        "person",
        person.id,
        details={"active": person.active, "commands": queued, "conflicts": conflicts},
    )
    return SyncResult(person.id, tuple(queued), tuple(conflicts))


async def _pin_for(device: Device, person: Person) -> str | None:
    """Return the person's PIN on `device`, giving an active person their id as a new PIN.

    None when the person has no PIN there, or the new PIN is taken or was used by someone the
    terminal already knows (punches kept for it unmapped).
    """
    existing = await DevicePin.filter(device_id=device.id, person_id=person.id).first()
    if existing is not None:
        return existing.pin
    if not person.active:
        return None

    candidate = str(person.id)
    taken = await DevicePin.exists(device_id=device.id, pin=candidate)
    used = await AttendanceEvent.exists(device_id=device.id, device_pin=candidate)
    if taken or used:
        logger.warning("Terminal %s: PIN %s is taken, person not synced", device.serial, candidate)
        return None
    await DevicePin.create(device_id=device.id, pin=candidate, person_id=person.id)
    return candidate


async def _enqueue(device: Device, text: str) -> DeviceCommand:
    """Queue `text` unless the same command still waits; ids are the row number, as text."""
    waiting = await DeviceCommand.filter(
        device_id=device.id, command=text, status=CommandStatus.QUEUED
    ).first()
    if waiting is not None:
        return waiting
    command = await DeviceCommand.create(
        device_id=device.id, command_id=secrets.token_hex(8), command=text
    )
    command.command_id = str(command.id)
    await DeviceCommand.filter(id=command.id).update(command_id=command.command_id)
    return command
