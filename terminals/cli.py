"""Command line for terminals, mounted as ``sregep device ...``.

Bad input (an unknown serial, village or person, a PIN taken by someone else, a refused command)
ends with exit code 2 and one sentence on stderr; settings or storage problems with exit code 1.
Every change is audited with ``--actor`` (default ``cli``).
"""

from __future__ import annotations

import asyncio
import dataclasses
import datetime as dt
import json
from collections.abc import Awaitable, Callable, Coroutine
from enum import StrEnum
from typing import Annotated, Any, NoReturn, TypeVar

import typer
from rich.console import Console
from rich.table import Table

from attendance.database import open_database
from attendance.enums import DeviceStatus
from attendance.errors import AttendanceError, NotFound, StorageError
from attendance.ledger import Ledger
from attendance.seed import sync_district
from attendance.vault import load_vault
from config.settings import Settings, SettingsError, load_settings
from terminals.admin import add_device, approve_device, block_device, map_pin
from terminals.commands import queue_command, queue_person_sync
from terminals.context import TerminalContext
from terminals.errors import RegistryError, TerminalError
from terminals.health import device_health, silent_devices
from terminals.registry import TerminalProtocol, find_device
from terminals.uploads import process_waiting_uploads

T = TypeVar("T")

BAD_INPUT = 2
BROKEN_SERVICE = 1

device_app = typer.Typer(help="Attendance terminals: register, approve, map PINs.")

Actor = Annotated[str, typer.Option(help="Who makes the change, for the audit log.")]
Serial = Annotated[str, typer.Argument(help="Serial (ADMS SN, Fingerspot Cloud ID, ...).")]


class OutputFormat(StrEnum):
    """How a listing is printed."""

    JSON = "json"
    TABLE = "table"


@device_app.command("list")
def list_devices(
    output: Annotated[OutputFormat, typer.Option("--format")] = OutputFormat.TABLE,
) -> None:
    """List terminals: protocol, state, village, last contact, uploads waiting for approval."""

    async def work(context: TerminalContext) -> list[Any]:
        return await device_health(context.ledger.now(), context.settings)

    rows = _run(work)
    if output is OutputFormat.JSON:
        typer.echo(json.dumps([dataclasses.asdict(row) for row in rows], default=str, indent=2))
        return
    table = Table(title="Terminals")
    for column in ("Serial", "Protocol", "Status", "Village", "Last seen", "Online", "Waiting"):
        table.add_column(column)
    for row in rows:
        seen = row.last_seen_at.isoformat(timespec="seconds") if row.last_seen_at else "-"
        online = "yes" if row.online else "no"
        cells = (row.serial, row.protocol, row.status, row.village_code or "-", seen, online)
        table.add_row(*cells, str(row.waiting_uploads))
    Console(width=120).print(table)


@device_app.command("add")
def add(
    serial: Serial,
    protocol: Annotated[
        TerminalProtocol, typer.Option(help="adms, fingerspot, hikvision, signed.")
    ],
    village: Annotated[str, typer.Option(help="Village code, e.g. 33.17.12.2012.")],
    timezone: Annotated[str | None, typer.Option(help="IANA zone if not the village's.")] = None,
    name: Annotated[str, typer.Option(help="A name for the terminal.")] = "",
    secret: Annotated[
        str | None, typer.Option(help="Shared secret (signed, hikvision); made when absent.")
    ] = None,
    actor: Actor = "cli",
) -> None:
    """Register a known terminal as approved (a secret is made for signed and hikvision)."""

    async def work(context: TerminalContext) -> str | None:
        _, made = await add_device(
            serial,
            protocol,
            village,
            actor,
            context.vault,
            timezone=timezone,
            name=name,
            secret=secret,
        )
        return made

    made = _run(work)
    typer.echo(f"Terminal {serial} added for village {village} ({protocol.value}).")
    if made:
        typer.echo(f"Its secret (shown once, configure it on the terminal): {made}")


@device_app.command("approve")
def approve(
    serial: Serial,
    village: Annotated[str, typer.Option(help="Village code, e.g. 33.17.12.2012.")],
    timezone: Annotated[str | None, typer.Option(help="IANA zone if not the village's.")] = None,
    actor: Actor = "cli",
) -> None:
    """Approve a pending terminal and process what it sent while it waited."""

    async def work(context: TerminalContext) -> tuple[int, str | None]:
        approval = await approve_device(context, serial, village, actor, timezone=timezone)
        return approval.processed, approval.new_secret

    processed, made = _run(work)
    typer.echo(f"Terminal {serial} approved for village {village}; {processed} uploads processed.")
    if made:
        typer.echo(f"Its secret (shown once, configure it on the terminal): {made}")


@device_app.command("block")
def block(
    serial: Serial,
    reason: Annotated[str, typer.Option(help="Why, for the audit log.")],
    actor: Actor = "cli",
) -> None:
    """Refuse everything a terminal sends from now on."""

    async def work(context: TerminalContext) -> None:
        await block_device(serial, actor, reason)

    _run(work)
    typer.echo(f"Terminal {serial} blocked.")


@device_app.command("reprocess")
def reprocess(serial: Serial) -> None:
    """Process again the uploads of an approved terminal left unprocessed by a failure."""

    async def work(context: TerminalContext) -> int:
        device = await find_device(serial)
        if device is None or device.status is not DeviceStatus.APPROVED:
            msg = f"Terminal {serial!r} is not an approved terminal. See `sregep device list`."
            raise RegistryError(msg)
        return await process_waiting_uploads(context, device)

    count = _run(work)
    typer.echo(f"{count} uploads of {serial} processed.")


@device_app.command("map-pin")
def map_pin_command(
    serial: Serial,
    pin: Annotated[str, typer.Argument(help="The person's number on the terminal.")],
    person_id: Annotated[int, typer.Argument(help="The person's id.")],
    actor: Actor = "cli",
) -> None:
    """Map a terminal PIN to a person; punches kept for the PIN are attached to them."""

    async def work(context: TerminalContext) -> int:
        return await map_pin(context, serial, pin, person_id, actor)

    attached = _run(work)
    typer.echo(f"PIN {pin} on {serial} is person {person_id}; {attached} kept punches attached.")


@device_app.command("command")
def command(
    serial: Serial,
    text: Annotated[str, typer.Argument(help="e.g. 'INFO' or 'DATA QUERY USERINFO PIN=1001'.")],
    reason: Annotated[str, typer.Option(help="Why, for the audit log.")] = "",
    actor: Actor = "cli",
) -> None:
    """Queue a command for an ADMS terminal; it is handed out on the terminal's next poll."""

    async def work(context: TerminalContext) -> str:
        device = await find_device(serial)
        if device is None:
            msg = f"Terminal {serial!r} is not registered. See `sregep device list`."
            raise RegistryError(msg)
        return (await queue_command(device, text, actor, reason)).command_id

    command_id = _run(work)
    typer.echo(f"Command {command_id} queued for {serial}.")


@device_app.command("sync-person")
def sync_person(
    person_id: Annotated[int, typer.Argument(help="The person's id.")],
    actor: Actor = "cli",
) -> None:
    """Queue USERINFO updates (or deletes, for an inactive person) on their village's terminals."""

    async def work(context: TerminalContext) -> tuple[int, tuple[str, ...]]:
        result = await queue_person_sync(person_id, actor)
        return len(result.queued), result.conflicts

    queued, conflicts = _run(work)
    typer.echo(f"{queued} commands queued for person {person_id}.")
    if conflicts:
        typer.echo(f"PIN {person_id} is taken on {', '.join(conflicts)}: map a PIN by hand.")


@device_app.command("silent")
def silent() -> None:
    """List approved terminals silent since this working day's shift started."""

    async def work(context: TerminalContext) -> list[Any]:
        return await silent_devices(context.ledger, context.settings)

    rows = _run(work)
    for row in rows:
        seen = row.last_seen_at.isoformat(timespec="seconds") if row.last_seen_at else "never"
        typer.echo(f"{row.serial}\t{row.village_code}\tlast seen {seen}")
    typer.echo(f"{len(rows)} silent terminals.")


def _run(work: Callable[[TerminalContext], Awaitable[T]]) -> T:
    """Open the database and vault, run `work`, and turn known errors into exit codes."""
    settings = _settings()

    async def main() -> T:
        async with open_database(settings.database_url):
            await sync_district(settings.district)
            vault, _ = load_vault(settings.privacy.key_file or settings.data_dir / "vault.key")
            retention = dt.timedelta(days=settings.privacy.selfie_retention_days)
            context = TerminalContext(
                Ledger(settings.district), vault, settings.terminals, retention
            )
            return await work(context)

    return _guarded(main())


def _guarded(work: Coroutine[Any, Any, T]) -> T:
    try:
        return asyncio.run(work)
    except (TerminalError, NotFound) as err:
        _fail(str(err), BAD_INPUT)
    except (StorageError, AttendanceError) as err:
        _fail(str(err), BROKEN_SERVICE)


def _settings() -> Settings:
    try:
        return load_settings()
    except SettingsError as err:
        _fail(str(err), BROKEN_SERVICE)


def _fail(message: str, code: int) -> NoReturn:
    typer.echo(f"Error: {message}", err=True)
    raise typer.Exit(code)
