"""Command line for zones: `sregep geo check` and `sregep village set-office|import-boundaries`.

Bad input (a coordinate that is not a number, an unknown village, a broken file) ends with exit
code 2 and one sentence on stderr naming the value and the rule; storage or settings problems
end with exit code 1.
"""

from __future__ import annotations

import asyncio
import json
from collections.abc import Coroutine
from enum import StrEnum
from pathlib import Path
from typing import Annotated, Any, NoReturn, TypeVar

import typer

from attendance.database import open_database
from attendance.errors import AttendanceError, NotFound, StorageError
from attendance.zones import import_boundaries, load_boundary, load_zones, set_office
from config import Settings, SettingsError, load_settings
from geofence.boundary import read_boundaries
from geofence.decision import decide_zone, decide_zones
from geofence.errors import GeofenceError, InvalidZone
from geofence.messages import format_distance, zone_message
from geofence.point import Coordinate, check_accuracy

T = TypeVar("T")

BAD_INPUT = 2
BROKEN_SERVICE = 1
# Latitudes south of the equator are negative: let "-6.7" be an argument, not an option.
NEGATIVE_NUMBERS = {"ignore_unknown_options": True}

geo_app = typer.Typer(help="Check locations against village zones.", no_args_is_help=True)
village_app = typer.Typer(help="Set village offices and boundaries.", no_args_is_help=True)


class OutputFormat(StrEnum):
    """How `geo check` prints its answer."""

    JSON = "json"
    TABLE = "table"


@geo_app.command("check")
def check(
    village: Annotated[str, typer.Option(help="Village code, e.g. 33.17.12.2012.")],
    lat: Annotated[float, typer.Option(help="Latitude in degrees (WGS84).")],
    lng: Annotated[float, typer.Option(help="Longitude in degrees (WGS84).")],
    accuracy: Annotated[float | None, typer.Option(help="Horizontal accuracy in metres.")] = None,
    output: Annotated[OutputFormat, typer.Option("--format", help="json or table.")] = (
        OutputFormat.TABLE
    ),
) -> None:
    """Decide whether a point is inside the village's zones and print distance and reasons."""
    settings = _settings()
    report = _run(_check(settings, village, lat, lng, accuracy))
    if output is OutputFormat.JSON:
        typer.echo(json.dumps(report, ensure_ascii=False, indent=2))
    else:
        typer.echo(_table(report))


@village_app.command("set-office", context_settings=NEGATIVE_NUMBERS)
def set_office_command(
    code: Annotated[str, typer.Argument(help="Village code, e.g. 33.17.12.2012.")],
    lat: Annotated[float, typer.Argument(help="Latitude of the office in degrees.")],
    lng: Annotated[float, typer.Argument(help="Longitude of the office in degrees.")],
    radius: Annotated[
        float | None, typer.Option(help="Radius in metres (default: geofence.default_radius_m).")
    ] = None,
    actor: Annotated[str, typer.Option(help="Who makes the change, for the audit log.")] = "cli",
) -> None:
    """Set a village's office circle to a surveyed point."""
    settings = _settings()
    radius_m = settings.geofence.default_radius_m if radius is None else radius

    async def run() -> str:
        async with open_database(settings.database_url):
            office = await set_office(code, lat, lng, radius_m, actor, settings=settings.geofence)
        return f"Office of village {code} set: zone #{office.zone_id}, radius {radius_m:g} m."

    typer.echo(_run(run()))


@village_app.command("import-boundaries")
def import_boundaries_command(
    path: Annotated[Path, typer.Argument(help="GeoJSON FeatureCollection of desa polygons.")],
    actor: Annotated[str, typer.Option(help="Who makes the change, for the audit log.")] = "cli",
) -> None:
    """Store village boundary polygons from a GeoJSON file on the matching villages."""
    settings = _settings()
    try:
        collection = read_boundaries(path)
    except GeofenceError as err:
        _fail(str(err), BAD_INPUT)

    async def run() -> str:
        async with open_database(settings.database_url):
            result = await import_boundaries(collection.boundaries, actor)
        lines = [f"Stored {len(result.stored)} village boundaries."]
        if result.unknown:
            lines.append(f"Skipped {len(result.unknown)} codes with no village in storage.")
        lines.extend(f"Set aside: {feature.problem}" for feature in collection.rejected)
        return "\n".join(lines)

    typer.echo(_run(run()))


async def _check(
    settings: Settings, code: str, lat: float, lng: float, accuracy: float | None
) -> dict[str, Any]:
    """Load the village's zones and boundary, decide, and return the JSON-ready report."""
    point = Coordinate(lat=lat, lng=lng)
    accuracy_m = check_accuracy(accuracy)

    async with open_database(settings.database_url):
        zones = await load_zones(code)
        boundary = await load_boundary(code)
    if not zones:
        msg = (
            f"Village {code} has no active zone. Set its office with `sregep village set-office`."
        )
        raise InvalidZone(msg)

    result = decide_zones(zones, point, accuracy_m=accuracy_m, settings=settings.geofence)
    in_boundary = (
        decide_zone(boundary, point, accuracy_m=accuracy_m, settings=settings.geofence)
        if boundary
        else None
    )
    return {
        "village": code,
        **result.to_dict(),
        "message": zone_message(result),
        "village_boundary": in_boundary.to_dict() if in_boundary else None,
    }


def _table(report: dict[str, Any]) -> str:
    """Return the report as aligned lines for people."""
    rows = [
        ("village", report["village"]),
        ("decision", report["decision"]),
        ("zone", f"{report['zone']['kind']} {report['zone']['name']}".strip()),
        ("distance", format_distance(report["distance_m"]).lstrip("±")),
        ("accuracy", "-" if report["accuracy_m"] is None else f"{report['accuracy_m']:g} m"),
        ("reasons", ", ".join(report["reasons"])),
    ]
    boundary = report["village_boundary"]
    if boundary is not None:
        rows.append(("desa polygon", boundary["decision"]))
    rows.append(("message", report["message"]))
    width = max(len(label) for label, _ in rows)
    return "\n".join(f"{label.ljust(width)}  {value}" for label, value in rows)


def _run(work: Coroutine[Any, Any, T]) -> T:
    """Run a coroutine that talks to storage, turning known errors into exit codes."""
    try:
        return asyncio.run(work)
    except (GeofenceError, NotFound) as err:
        _fail(str(err), BAD_INPUT)
    except (StorageError, AttendanceError) as err:
        _fail(str(err), BROKEN_SERVICE)


def _settings() -> Settings:
    try:
        return load_settings()
    except SettingsError as err:
        _fail(str(err), BROKEN_SERVICE)


def _fail(message: str, code: int) -> NoReturn:
    typer.echo(message, err=True)
    raise typer.Exit(code)
