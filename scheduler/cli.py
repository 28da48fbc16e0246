"""``sregep schedule …``: see what the scheduler would send at a moment, and build reports.

``preview --at 2026-12-07T07:45+07:00 --format json`` plans that moment exactly as the running
job would and prints each message (kind, recipient chat and person id, why, dedupe key, whether
it is queued already) and each action (day closes, warning steps, reports). It writes nothing.
"""

from __future__ import annotations

import asyncio
import datetime as dt
import json
from enum import StrEnum
from pathlib import Path
from typing import Annotated, Any

import typer

from attendance.database import open_database
from attendance.enums import WarningLevel
from attendance.ledger import Ledger
from attendance.vocabulary import LEVEL_NAMES
from config import load_settings
from config.settings import SettingsError
from scheduler.monthly_report import build_report
from scheduler.outbox import queued_keys
from scheduler.plan import Plan, plan_at
from scheduler.runner import job_context

schedule_app = typer.Typer(help="Scheduled reminders, notices and reports.", no_args_is_help=True)
report_app = typer.Typer(help="Scheduler reports.", no_args_is_help=True)
schedule_app.add_typer(report_app, name="report")


class PreviewFormat(StrEnum):
    """How the preview is printed."""

    JSON = "json"
    TABLE = "table"


def _fail(message: str) -> None:
    typer.echo(f"Error: {message}", err=True)
    raise typer.Exit(code=2)


def _instant(value: str) -> dt.datetime:
    try:
        instant = dt.datetime.fromisoformat(value)
    except ValueError:
        _fail(f"--at {value!r} is not an ISO time such as 2026-12-07T07:45+07:00.")
        raise
    if instant.tzinfo is None:
        _fail(f"--at {value!r} has no UTC offset. Add one, such as +07:00 for WIB.")
    return instant


async def preview_plan(database_url: str, at: dt.datetime, config: Path | None) -> dict[str, Any]:
    """Plan `at` against the database at `database_url` and describe it; write nothing."""
    settings = load_settings(config)
    async with open_database(database_url):
        ledger = Ledger(settings.district, clock=lambda: at)
        plan = await plan_at(job_context(ledger, settings), at)
        queued = await queued_keys([item.dedupe_key for item in plan.messages])
    return describe(plan, queued)


def describe(plan: Plan, queued: set[str]) -> dict[str, Any]:
    """Return the preview of a plan as plain JSON data."""
    return {
        "at": plan.at.isoformat(),
        "messages": [
            {
                "kind": item.kind,
                "chat_id": item.chat_id,
                "person_id": item.person_id,
                "why": item.why,
                "dedupe_key": item.dedupe_key,
                "already_queued": item.dedupe_key in queued,
            }
            for item in plan.messages
        ],
        "closes": [
            {
                "date": close.date.isoformat(),
                "villages": list(close.village_codes),
                "people": close.people,
                "absent": close.absent,
                "missing_check_out": close.missing_check_out,
            }
            for close in plan.closes
        ],
        "warnings": [
            {
                "person_id": step.person_id,
                "level": step.level.value,
                "date": step.date.isoformat(),
                "facts_key": step.facts_key,
                "why": step.reason,
            }
            for step in plan.steps
        ],
        "reports": [f"{item.year:04d}-{item.month:02d}" for item in plan.reports],
        "notes": plan.notes,
    }


@schedule_app.command("preview")
def preview(
    at: Annotated[str, typer.Option(help="ISO time with offset, e.g. 2026-12-07T07:45+07:00.")],
    output: Annotated[PreviewFormat, typer.Option("--format")] = PreviewFormat.TABLE,
    config: Annotated[Path | None, typer.Option("--config", "-c")] = None,
) -> None:
    """List what would be sent at a moment, to whom and why, without sending or storing."""
    instant = _instant(at)
    try:
        settings = load_settings(config)
    except SettingsError as err:
        _fail(str(err))
        return
    data = asyncio.run(preview_plan(settings.database_url, instant, config))
    if output is PreviewFormat.JSON:
        typer.echo(json.dumps(data, indent=2, ensure_ascii=False))
        return
    typer.echo(f"Rencana pada {data['at']}: {len(data['messages'])} pesan")
    for item in data["messages"]:
        mark = " (sudah antre)" if item["already_queued"] else ""
        person = item["person_id"] if item["person_id"] is not None else "-"
        typer.echo(f"  {item['kind']:<28} chat {item['chat_id']:<16} orang {person}{mark}")
        typer.echo(f"      {item['why']}")
    for close in data["closes"]:
        typer.echo(
            f"Tutup hari {close['date']}: {len(close['villages'])} desa, {close['people']} orang, "
            f"{close['absent']} tidak hadir, {close['missing_check_out']} lupa absen pulang"
        )
    for step in data["warnings"]:
        level = LEVEL_NAMES[WarningLevel(step["level"])]
        typer.echo(f"{level.capitalize()} untuk orang {step['person_id']}: {step['why']}")
    for month in data["reports"]:
        typer.echo(f"Laporan potongan bulan {month}")
    for note in data["notes"]:
        typer.echo(f"Catatan: {note}")


@report_app.command("month")
def report_month(
    month: Annotated[str, typer.Option(help="YYYY-MM")],
    out: Annotated[Path, typer.Option(help="Where to write the XLSX file.")],
    config: Annotated[Path | None, typer.Option("--config", "-c")] = None,
) -> None:
    """Write a month's allowance-deduction report (stored days only) to an XLSX file."""
    try:
        year, number = (int(part) for part in month.split("-"))
        dt.date(year, number, 1)
    except ValueError:
        _fail(f"--month {month!r} is not of the form YYYY-MM.")
        return
    try:
        settings = load_settings(config)
    except SettingsError as err:
        _fail(str(err))
        return

    async def build() -> int:
        async with open_database(settings.database_url):
            ledger = Ledger(settings.district)
            staging = out.parent.resolve()
            relative, people = await build_report(ledger, staging, year, number)
            (staging / relative).replace(out)
            return people

    people = asyncio.run(build())
    typer.echo(f"Laporan {month} ditulis ke {out} ({people} orang).")
