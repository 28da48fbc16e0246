"""The `sregep` command: run the service, manage the database, admins, keys and reports.

Every command reads the settings once (``--config`` or ``SREGEP_CONFIG``, else the bundled
Kecamatan Kragan file, plus ``SREGEP_*`` environment variables) and exits with status 2 and a
message naming the key when they are invalid.
"""

from __future__ import annotations

import asyncio
import dataclasses
import datetime as dt
import json
from collections.abc import Coroutine
from enum import StrEnum
from pathlib import Path
from typing import Annotated, Any, NoReturn, TypeVar

import typer
from rich.console import Console
from rich.table import Table

from attendance.admins import create_admin
from attendance.clock import check_date
from attendance.database import open_database, upgrade_schema
from attendance.enums import AdminRole, DayStatus, Role
from attendance.errors import AttendanceError
from attendance.ledger import Ledger
from attendance.report import day_report
from attendance.sample import seed_sample
from attendance.sealed import rotate_keys
from attendance.seed import sync_district
from attendance.vault import load_vault
from attendance.vocabulary import ROLE_NAMES, STATUS_NAMES
from config.settings import Settings, SettingsError, load_settings
from geofence.cli import geo_app, village_app
from recognition.cli import face_app, models_app
from scheduler.cli import schedule_app
from service.logging import configure_logging
from terminals.cli import device_app

T = TypeVar("T")

app = typer.Typer(
    help="Si-Sregep: attendance and discipline for village governments.",
    no_args_is_help=True,
    pretty_exceptions_enable=False,
)
db_app = typer.Typer(help="Database schema.", no_args_is_help=True)
admin_app = typer.Typer(help="Web-admin accounts.", no_args_is_help=True)
report_app = typer.Typer(help="Attendance reports.", no_args_is_help=True)
demo_app = typer.Typer(help="Sample data for trying the service.", no_args_is_help=True)
keys_app = typer.Typer(help="Encryption keys of the vault.", no_args_is_help=True)
sandbox_app = typer.Typer(
    help="Try the bot against a built-in fake Telegram.", no_args_is_help=True
)

app.add_typer(db_app, name="db")
app.add_typer(admin_app, name="admin")
app.add_typer(report_app, name="report")
app.add_typer(demo_app, name="demo")
app.add_typer(keys_app, name="keys")
app.add_typer(sandbox_app, name="sandbox")
app.add_typer(face_app, name="face", help="Face verification checks.")
app.add_typer(models_app, name="models", help="Optional model files.")
app.add_typer(geo_app, name="geo", help="Location checks against village zones.")
app.add_typer(village_app, name="village", help="Village offices and boundaries.")
app.add_typer(device_app, name="device", help="Attendance terminals at the village offices.")
app.add_typer(schedule_app, name="schedule")

ConfigOption = Annotated[
    Path | None,
    typer.Option("--config", "-c", help="TOML settings file (default: SREGEP_CONFIG or bundled)."),
]


class OutputFormat(StrEnum):
    """How a report is printed."""

    JSON = "json"
    TABLE = "table"


def fail(message: str) -> NoReturn:
    """Print `message` to stderr and exit with status 2."""
    typer.echo(f"Error: {message}", err=True)
    raise typer.Exit(code=2)


def settings_or_exit(config: Path | None, **overrides: Any) -> Settings:
    """Load the settings, or exit 2 with the message naming every bad key."""
    try:
        settings = load_settings(config, **overrides)
    except SettingsError as err:
        fail(str(err))
    configure_logging(settings.logging)
    return settings


def run_async(coroutine: Coroutine[Any, Any, T]) -> T:
    """Run `coroutine`, turning domain errors into a clear exit."""
    try:
        return asyncio.run(coroutine)
    except AttendanceError as err:
        fail(str(err))


def parse_date(value: str | None, settings: Settings) -> dt.date:
    """Parse YYYY-MM-DD, or return today's date in the district's zone."""
    if value is None:
        from zoneinfo import ZoneInfo

        return dt.datetime.now(ZoneInfo(settings.district.timezone)).date()
    try:
        return check_date(dt.date.fromisoformat(value))
    except ValueError as err:
        fail(f"Date {value!r} is not a date of the form YYYY-MM-DD in 2000-2100 ({err}).")


@app.command()
def serve(
    config: ConfigOption = None,
    host: Annotated[str | None, typer.Option(envvar="SREGEP_HOST", help="Listen address.")] = None,
    port: Annotated[int | None, typer.Option(envvar="SREGEP_PORT", help="Listen port.")] = None,
) -> None:
    """Run the service: web server, Telegram bot (when configured) and scheduler."""
    from service.process import run

    base = settings_or_exit(config)
    server = base.server.model_copy(
        update={k: v for k, v in {"host": host, "port": port}.items() if v is not None}
    )
    settings = settings_or_exit(config, server=server.model_dump())
    run_async(run(settings))


@db_app.command("upgrade")
def db_upgrade(config: ConfigOption = None) -> None:
    """Apply pending database migrations and sync the configured villages."""
    settings = settings_or_exit(config)

    async def upgrade() -> None:
        await upgrade_schema(settings.database_url)
        async with open_database(settings.database_url, upgrade=False):
            await sync_district(settings.district)

    run_async(upgrade())
    typer.echo("Database is up to date.")


@admin_app.command("create")
def admin_create(
    username: Annotated[str, typer.Option(help="Login name (a-z, 0-9, . _ -).")],
    role: Annotated[AdminRole, typer.Option(help="camat, operator, kades or viewer.")],
    village: Annotated[str | None, typer.Option(help="Village code, for a kades.")] = None,
    password: Annotated[
        str,
        typer.Option(
            prompt=True,
            hide_input=True,
            confirmation_prompt=True,
            envvar="SREGEP_ADMIN_PASSWORD",
            help="At least 10 characters.",
        ),
    ] = "",
    config: ConfigOption = None,
) -> None:
    """Create a web-admin account (the first one is made here)."""
    settings = settings_or_exit(config)

    async def create() -> int:
        async with open_database(settings.database_url):
            await sync_district(settings.district)
            user = await create_admin(username, password, role, "cli", village)
            return user.id

    user_id = run_async(create())
    typer.echo(f"Admin account {username!r} created (id {user_id}).")


@report_app.command("day")
def report_day(
    date: Annotated[str | None, typer.Option(help="YYYY-MM-DD, default today.")] = None,
    village: Annotated[str | None, typer.Option(help="Village code, default all.")] = None,
    output: Annotated[OutputFormat, typer.Option("--format")] = OutputFormat.TABLE,
    config: ConfigOption = None,
) -> None:
    """Print each person's status on a date: first in, last out, minutes late or early."""
    settings = settings_or_exit(config)
    day = parse_date(date, settings)

    async def build() -> list[Any]:
        async with open_database(settings.database_url):
            await sync_district(settings.district)
            return await day_report(Ledger(settings.district), day, village)

    rows = run_async(build())
    if output is OutputFormat.JSON:
        payload = {"date": day.isoformat(), "rows": [dataclasses.asdict(row) for row in rows]}
        typer.echo(json.dumps(payload, indent=2, ensure_ascii=False))
        return

    table = Table(title=f"Absensi {day.isoformat()}")
    for column in ("Desa", "Nama", "Jabatan", "Status", "Masuk", "Pulang", "Telat", "Cepat"):
        table.add_column(column)
    for row in rows:
        table.add_row(
            row.village,
            row.name,
            ROLE_NAMES[Role(row.role)],
            STATUS_NAMES[DayStatus(row.status)],
            row.first_in or "-",
            row.last_out or "-",
            str(row.late_minutes),
            str(row.early_minutes),
        )
    Console(width=120).print(table)


@demo_app.command("seed")
def demo_seed(
    date: Annotated[str | None, typer.Option(help="YYYY-MM-DD, default today.")] = None,
    config: ConfigOption = None,
) -> None:
    """Create sample people and events on a date (safe to run twice)."""
    settings = settings_or_exit(config)
    day = parse_date(date, settings)

    async def seed() -> int:
        async with open_database(settings.database_url):
            await sync_district(settings.district)
            return await seed_sample(Ledger(settings.district), day)

    created = run_async(seed())
    typer.echo(f"Sample data ready for {day.isoformat()}: {created} new events.")


@keys_app.command("rotate")
def keys_rotate(config: ConfigOption = None) -> None:
    """Add a fresh vault key and re-seal every stored item with it."""
    settings = settings_or_exit(config)
    path = settings.privacy.key_file or settings.data_dir / "vault.key"

    async def rotate() -> int:
        async with open_database(settings.database_url):
            load_vault(path)
            return await rotate_keys(path)

    count = run_async(rotate())
    typer.echo(f"New key active; {count} items re-sealed. Old keys in {path} may now be removed.")


TelegramPort = Annotated[
    int, typer.Option("--telegram-port", help="Port of the fake Telegram Bot API.")
]


@sandbox_app.command("serve")
def sandbox_serve(
    config: ConfigOption = None,
    port: Annotated[int, typer.Option(help="Service port (web admin, terminals).")] = 8082,
    telegram_port: TelegramPort = 8081,
) -> None:
    """Run the service with its bot talking to a fake Telegram on localhost.

    It keeps its own database and vault key under ``<data_dir>/sandbox/``.
    """
    from service.sandbox import run_sandbox

    base = settings_or_exit(config)
    server = base.server.model_copy(update={"port": port})
    settings = settings_or_exit(config, server=server.model_dump())
    run_async(run_sandbox(settings, telegram_port))


@sandbox_app.command("send")
def sandbox_send(
    user: Annotated[int, typer.Option(help="Telegram user id to act as (500 = camat admin).")],
    text: Annotated[str | None, typer.Option(help="A text or command to send.")] = None,
    photo: Annotated[
        Path | None, typer.Option(exists=True, dir_okay=False, help="A photo file to send.")
    ] = None,
    lat: Annotated[float | None, typer.Option(help="Latitude of a location to share.")] = None,
    lng: Annotated[float | None, typer.Option(help="Longitude of a location to share.")] = None,
    accuracy: Annotated[float, typer.Option(help="Accuracy of the live update, metres.")] = 10.0,
    static: Annotated[bool, typer.Option(help="Share a static pin instead of live.")] = False,
    group: Annotated[bool, typer.Option(help="Send in the camat group.")] = False,
    telegram_port: TelegramPort = 8081,
) -> None:
    """Send a text, a photo file or a location as a user, and print the bot's replies."""
    from service.sandbox import send_as_user

    location = None
    if (lat is None) != (lng is None):
        fail("Give both --lat and --lng, or neither.")
    if lat is not None and lng is not None:
        location = {"lat": lat, "lng": lng, "live": not static, "accuracy": accuracy}
    try:
        replies = asyncio.run(
            send_as_user(
                telegram_port,
                user,
                group=group,
                text=text,
                photo=photo.read_bytes() if photo else None,
                location=location,
            )
        )
    except (OSError, ValueError) as err:
        fail(f"The sandbox did not answer on port {telegram_port}: {err}")
    for reply in replies or ["(tidak ada balasan)"]:
        typer.echo(reply)
        typer.echo("---")


def main() -> None:
    """Run the `sregep` command."""
    app()
