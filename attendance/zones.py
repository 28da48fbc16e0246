"""Stored geofence zones: load them as `geofence` objects, and change them with an audit entry.

The ``zone`` table holds circles and polygons per village; ``village.boundary`` holds the desa
polygon imported from GeoJSON. A trip destination is a zone of kind ``trip_destination`` tied to
its leave by the zone name ``leave:<id>``, until the table has a column for that link.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Collection, Iterable
from dataclasses import dataclass, replace

from tortoise.transactions import in_transaction

from attendance.audit import record_audit
from attendance.enums import LeaveStatus, LeaveType, LocationSource, ZoneKind, ZoneShape
from attendance.errors import NotFound, RuleError
from attendance.models import Leave, Village
from attendance.models import Zone as ZoneRow
from attendance.people import village_by_code
from config.geofence import DEFAULT_GEOFENCE, GeofenceSettings
from geofence import (
    CircleZone,
    Coordinate,
    InvalidZone,
    OfficialTrip,
    PolygonZone,
    VillageBoundary,
    Zone,
)

CHECK_IN_KINDS = frozenset(
    {ZoneKind.OFFICE, ZoneKind.HALL, ZoneKind.DISTRICT_OFFICE, ZoneKind.OTHER}
)
"""Zone kinds a daily check-in may be made in; trip destinations count only for their trip."""

TRIP_ZONE_PREFIX = "Tujuan dinas luar #"
OPEN_TRIP_STATUSES = (LeaveStatus.PENDING, LeaveStatus.APPROVED)


@dataclass(frozen=True, slots=True)
class BoundaryImport:
    """What an import stored: village codes updated, and codes with no village in storage."""

    stored: tuple[str, ...]
    unknown: tuple[str, ...]


async def load_zones(
    village_code: str, *, kinds: Collection[ZoneKind] = CHECK_IN_KINDS
) -> tuple[Zone, ...]:
    """Return the active zones of village `village_code` of the given kinds, oldest first."""
    village = await village_by_code(village_code)
    rows = await ZoneRow.filter(village=village, active=True, kind__in=list(kinds)).order_by("id")
    return tuple(zone_from_row(row) for row in rows)


async def load_boundary(village_code: str) -> PolygonZone | None:
    """Return the imported desa polygon of `village_code`, or None when none was imported."""
    village = await village_by_code(village_code)
    if village.boundary is None:
        return None
    return PolygonZone.from_geojson(
        village.boundary, kind=ZoneKind.OTHER, name=f"batas desa {village.name}"
    )


def zone_from_row(row: ZoneRow) -> Zone:
    """Turn a stored zone into a geofence zone; raise InvalidZone when the row is incomplete."""
    if row.shape is ZoneShape.POLYGON:
        if row.polygon is None:
            msg = f"Zone #{row.id} is a polygon without a polygon. Store its GeoJSON geometry."
            raise InvalidZone(msg)
        return PolygonZone.from_geojson(row.polygon, kind=row.kind, name=row.name, zone_id=row.id)

    if row.lat is None or row.lng is None or row.radius_m is None:
        msg = (
            f"Zone #{row.id} is a circle without a centre or radius. "
            "A circle needs lat, lng and radius_m."
        )
        raise InvalidZone(msg)
    return CircleZone(
        kind=row.kind,
        centre=Coordinate(lat=row.lat, lng=row.lng),
        radius_m=row.radius_m,
        name=row.name,
        zone_id=row.id,
    )


async def set_office(
    code: str,
    lat: float,
    lng: float,
    radius_m: float,
    actor: str,
    *,
    settings: GeofenceSettings = DEFAULT_GEOFENCE,
) -> CircleZone:
    """Set the office circle of village `code` to a surveyed point, creating it if needed."""
    office = _circle(ZoneKind.OFFICE, lat, lng, radius_m, settings)
    village = await village_by_code(code)

    async with in_transaction():
        row = (
            await ZoneRow.filter(village=village, kind=ZoneKind.OFFICE, shape=ZoneShape.CIRCLE)
            .order_by("id")
            .first()
        )
        previous = _circle_details(row) if row else None
        if row is None:
            row = ZoneRow(village=village, kind=ZoneKind.OFFICE, shape=ZoneShape.CIRCLE)
            row.name = f"Kantor Desa {village.name}"
        _store_circle(row, office)
        await row.save()
        await record_audit(
            actor,
            "zone.set_office",
            "zone",
            row.id,
            details={"village": code, "new": _circle_details(row), "previous": previous},
        )

    return replace(office, name=row.name, zone_id=row.id)


async def import_boundaries(boundaries: Iterable[VillageBoundary], actor: str) -> BoundaryImport:
    """Store each boundary on its village; codes with no village are reported, not created."""
    stored: list[str] = []
    unknown: list[str] = []
    async with in_transaction():
        for boundary in boundaries:
            village = await Village.get_or_none(code=boundary.code)
            if village is None:
                unknown.append(boundary.code)
                continue
            replaced = village.boundary is not None
            village.boundary = boundary.geometry
            await village.save(update_fields=["boundary"])
            await record_audit(
                actor,
                "village.import_boundary",
                "village",
                village.code,
                details={"replaced": replaced},
            )
            stored.append(boundary.code)

    return BoundaryImport(stored=tuple(stored), unknown=tuple(unknown))


async def add_trip_destination(
    leave_id: int,
    lat: float,
    lng: float,
    radius_m: float,
    actor: str,
    *,
    settings: GeofenceSettings = DEFAULT_GEOFENCE,
) -> CircleZone:
    """Set the destination circle of official-trip leave `leave_id`, replacing an earlier one."""
    destination = _circle(ZoneKind.TRIP_DESTINATION, lat, lng, radius_m, settings)
    leave = await Leave.get_or_none(id=leave_id).prefetch_related("village", "person__village")
    if leave is None:
        msg = f"Leave #{leave_id} does not exist."
        raise NotFound(msg)
    if leave.leave_type is not LeaveType.OFFICIAL_TRIP:
        msg = (
            f"Leave #{leave_id} is a {leave.leave_type.value} leave. "
            "Only an official trip (dinas luar) has a destination."
        )
        raise RuleError(msg)
    village = _trip_village(leave)

    async with in_transaction():
        name = trip_zone_name(leave_id)
        row = await ZoneRow.get_or_none(kind=ZoneKind.TRIP_DESTINATION, leave_id=leave_id)
        if row is None:
            row = ZoneRow(
                kind=ZoneKind.TRIP_DESTINATION, shape=ZoneShape.CIRCLE, name=name, leave=leave
            )
        row.village = village
        _store_circle(row, destination)
        await row.save()
        await record_audit(
            actor,
            "zone.set_trip_destination",
            "leave",
            leave_id,
            details={"zone": row.id, "new": _circle_details(row)},
        )

    return replace(destination, name=name, zone_id=row.id)


async def load_official_trips(person_id: int, on_date: dt.date) -> tuple[OfficialTrip, ...]:
    """Return the pending or approved official trips of a person covering `on_date`."""
    leaves = await Leave.filter(
        person_id=person_id,
        leave_type=LeaveType.OFFICIAL_TRIP,
        status__in=list(OPEN_TRIP_STATUSES),
        start_date__lte=on_date,
        end_date__gte=on_date,
    ).order_by("id")
    rows = await ZoneRow.filter(
        kind=ZoneKind.TRIP_DESTINATION, leave_id__in=[leave.id for leave in leaves], active=True
    ).order_by("id")
    destinations = {row.leave_id: zone_from_row(row) for row in rows}

    return tuple(
        OfficialTrip(
            trip_id=leave.id,
            approved=leave.status is LeaveStatus.APPROVED,
            first_day=leave.start_date,
            last_day=leave.end_date,
            destination=destinations.get(leave.id),
        )
        for leave in leaves
    )


def trip_zone_name(leave_id: int) -> str:
    """Return the display name of the destination zone of a trip."""
    return f"{TRIP_ZONE_PREFIX}{leave_id}"


def _trip_village(leave: Leave) -> Village:
    """Return the village a trip destination belongs to: the leave's, else its person's."""
    if leave.village is not None:
        return leave.village
    if leave.person is not None:
        return leave.person.village
    msg = f"Leave #{leave.id} has neither a person nor a village. A destination needs a village."
    raise RuleError(msg)


def _circle(
    kind: ZoneKind, lat: float, lng: float, radius_m: float, settings: GeofenceSettings
) -> CircleZone:
    """Return a validated circle, refusing a radius above the configured limit."""
    circle = CircleZone(kind=kind, centre=Coordinate(lat=lat, lng=lng), radius_m=radius_m)
    if circle.radius_m > settings.max_radius_m:
        msg = (
            f"Zone radius {radius_m} m is above the limit. "
            f"Radius must be at most {settings.max_radius_m} m (geofence.max_radius_m)."
        )
        raise InvalidZone(msg)
    return circle


def _store_circle(row: ZoneRow, circle: CircleZone) -> None:
    """Copy a circle onto a zone row as a surveyed, active circle."""
    row.shape = ZoneShape.CIRCLE
    row.lat, row.lng = circle.centre.lat, circle.centre.lng
    row.radius_m = float(circle.radius_m)
    row.polygon = None
    row.source = LocationSource.SURVEYED
    row.active = True


def _circle_details(row: ZoneRow) -> dict[str, float | str | None]:
    return {
        "lat": row.lat,
        "lng": row.lng,
        "radius_m": row.radius_m,
        "source": row.source.value,
    }
