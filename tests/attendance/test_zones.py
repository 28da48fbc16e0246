"""Tests for attendance.zones: stored zones as geofence objects, office, boundaries, trips."""

from __future__ import annotations

import datetime as dt
from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

import pytest

from attendance.database import open_database
from attendance.enums import LeaveStatus, LeaveType, LocationSource, Role, ZoneKind, ZoneShape
from attendance.errors import NotFound, RuleError
from attendance.models import AuditEntry, District, Leave, Person, Village, Zone
from attendance.zones import (
    add_trip_destination,
    import_boundaries,
    load_boundary,
    load_official_trips,
    load_zones,
    set_office,
    zone_from_row,
)
from config.geofence import GeofenceSettings
from geofence import (
    CircleZone,
    Coordinate,
    InvalidCoordinate,
    InvalidPolygon,
    InvalidZone,
    PolygonZone,
    ZoneDecision,
    decide_trips,
    decide_zones,
    read_boundaries,
)
from geofence.boundary import bundled_boundaries_path

KRAGAN = Coordinate(lat=-6.698888, lng=111.615907)
TEGALMULYO = Coordinate(lat=-6.693502, lng=111.605516)
TODAY = dt.date(2026, 3, 2)


@pytest.fixture
async def kragan(tmp_path: Path) -> AsyncIterator[Village]:
    """Open a fresh database holding the Kragan district and the Kragan village."""
    async with open_database("sqlite://" + str(tmp_path / "t.sqlite3")):
        district = await District.create(
            code="33.17.12", name="Kragan", regency="Rembang", timezone="Asia/Jakarta"
        )
        yield await Village.create(
            code="33.17.12.2012", name="Kragan", district=district, timezone="Asia/Jakarta"
        )


async def office_row(village: Village, **changes: Any) -> Zone:
    """Create the seeded office circle (config centroid, 75 m)."""
    values: dict[str, Any] = {
        "village": village,
        "kind": ZoneKind.OFFICE,
        "name": "Kantor Desa Kragan",
        "lat": KRAGAN.lat,
        "lng": KRAGAN.lng,
        "radius_m": 75.0,
        "source": LocationSource.CENTROID,
    }
    return await Zone.create(**{**values, **changes})


async def test_load_zones_converts_rows(kragan: Village) -> None:
    """An office circle and a hall polygon come back as geofence zones with their ids."""
    office = await office_row(kragan)
    hall_polygon = {
        "type": "Polygon",
        "coordinates": [[[111.61, -6.70], [111.62, -6.70], [111.62, -6.69], [111.61, -6.70]]],
    }
    hall = await Zone.create(
        village=kragan, kind=ZoneKind.HALL, name="Balai", shape=ZoneShape.POLYGON,
        polygon=hall_polygon,
    )  # fmt: skip

    zones = await load_zones("33.17.12.2012")

    assert [type(zone) for zone in zones] == [CircleZone, PolygonZone]
    assert [zone.zone_id for zone in zones] == [office.id, hall.id]
    assert zones[0] == CircleZone(
        kind=ZoneKind.OFFICE, centre=KRAGAN, radius_m=75, name="Kantor Desa Kragan",
        zone_id=office.id,
    )  # fmt: skip


async def test_load_zones_skips_inactive_and_trip_zones(kragan: Village) -> None:
    """Inactive zones and trip destinations are not daily check-in zones."""
    await office_row(kragan, active=False)
    await office_row(kragan, kind=ZoneKind.TRIP_DESTINATION, name="leave:1")

    assert await load_zones("33.17.12.2012") == ()


async def test_load_zones_unknown_village(kragan: Village) -> None:
    """An unknown code raises NotFound naming it."""
    with pytest.raises(NotFound, match=r"Village '33\.17\.12\.2099' is not configured"):
        await load_zones("33.17.12.2099")


async def test_zone_from_row_incomplete_circle(kragan: Village) -> None:
    """A circle row without radius is an error naming the zone."""
    row = await office_row(kragan, radius_m=None)

    with pytest.raises(InvalidZone, match=f"Zone #{row.id} is a circle without a centre"):
        zone_from_row(row)


async def test_zone_from_row_broken_polygon(kragan: Village) -> None:
    """A stored self-intersecting polygon is refused with the reason."""
    bowtie = {
        "type": "Polygon",
        "coordinates": [[[111.61, -6.70], [111.62, -6.69], [111.62, -6.70], [111.61, -6.69],
                         [111.61, -6.70]]],
    }  # fmt: skip
    row = await Zone.create(
        village=kragan, kind=ZoneKind.HALL, name="Balai", shape=ZoneShape.POLYGON, polygon=bowtie
    )

    with pytest.raises(InvalidPolygon, match="Self-intersection"):
        zone_from_row(row)


async def test_set_office_updates_seeded_circle(kragan: Village) -> None:
    """set_office moves the seeded centroid circle to the surveyed point and audits it."""
    seeded = await office_row(kragan)
    surveyed = Coordinate(lat=-6.6993, lng=111.6152)

    office = await set_office("33.17.12.2012", surveyed.lat, surveyed.lng, 60, "camat")

    row = await Zone.get(id=seeded.id)
    assert (row.lat, row.lng, row.radius_m, row.source) == (
        surveyed.lat, surveyed.lng, 60, LocationSource.SURVEYED,
    )  # fmt: skip
    assert office == CircleZone(
        kind=ZoneKind.OFFICE, centre=surveyed, radius_m=60, name=row.name, zone_id=row.id
    )
    audit = await AuditEntry.get(action="zone.set_office")
    assert (audit.actor, audit.target_id) == ("camat", str(row.id))
    assert audit.details["previous"]["source"] == "centroid"


async def test_set_office_creates_missing_circle(kragan: Village) -> None:
    """Without an office zone one is created, named after the village."""
    office = await set_office("33.17.12.2012", KRAGAN.lat, KRAGAN.lng, 75, "cli")

    assert office.name == "Kantor Desa Kragan"
    assert await Zone.filter(village=kragan).count() == 1


@pytest.mark.parametrize(
    ("lat", "radius", "error"),
    [(float("nan"), 75, InvalidCoordinate), (-6.7, 0, InvalidZone), (-6.7, 6000, InvalidZone)],
)
async def test_set_office_refuses_bad_input_before_writing(
    kragan: Village, lat: float, radius: float, error: type[Exception]
) -> None:
    """NaN latitude, zero radius or a radius above max_radius_m write nothing."""
    with pytest.raises(error):
        await set_office("33.17.12.2012", lat, 111.6, radius, "cli")

    assert await Zone.all().count() == 0
    assert await AuditEntry.all().count() == 0


async def test_set_office_radius_limit_from_settings(kragan: Village) -> None:
    """The radius limit comes from the settings passed in."""
    settings = GeofenceSettings(default_radius_m=50, max_radius_m=100)

    with pytest.raises(InvalidZone, match=r"Radius must be at most 100\.0 m"):
        await set_office("33.17.12.2012", -6.7, 111.6, 150, "cli", settings=settings)


async def test_import_boundaries_stores_matching_villages(kragan: Village) -> None:
    """Only villages in storage get a boundary; load_boundary returns it as a polygon zone."""
    collection = read_boundaries(bundled_boundaries_path())

    result = await import_boundaries(collection.boundaries, "operator")

    assert result.stored == ("33.17.12.2012",)
    assert len(result.unknown) == 20
    boundary = await load_boundary("33.17.12.2012")
    assert boundary is not None
    assert boundary.edge_distance_m(KRAGAN) < 0
    assert await AuditEntry.filter(action="village.import_boundary").count() == 1


async def test_load_boundary_none_before_import(kragan: Village) -> None:
    """A village without an imported boundary has none."""
    assert await load_boundary("33.17.12.2012") is None


async def official_trip(village: Village, **changes: Any) -> Leave:
    """Create a Kades and an approved one-day official trip for today."""
    person = await Person.create(name="Kades", role=Role.KADES, village=village)
    values: dict[str, Any] = {
        "person": person,
        "leave_type": LeaveType.OFFICIAL_TRIP,
        "start_date": TODAY,
        "end_date": TODAY,
        "destination": "Rapat di kecamatan",
        "status": LeaveStatus.APPROVED,
    }
    return await Leave.create(**{**values, **changes})


def person_of(leave: Leave) -> int:
    """Return the id of the leave's person (the helper above always sets one)."""
    assert leave.person_id is not None
    return leave.person_id


async def test_trip_destination_allows_check_in_there(kragan: Village) -> None:
    """An approved trip with a destination allows a check-in there, marked as dinas luar."""
    leave = await official_trip(kragan)
    await add_trip_destination(leave.id, TEGALMULYO.lat, TEGALMULYO.lng, 100, "camat")

    trips = await load_official_trips(person_of(leave), TODAY)
    result = decide_trips(trips, TEGALMULYO, on_date=TODAY, accuracy_m=15)

    assert result.allowed and result.is_official_trip
    assert result.trip_id == leave.id
    assert await load_zones("33.17.12.2012") == ()


async def test_trip_destination_replaced_not_duplicated(kragan: Village) -> None:
    """Setting a destination twice moves the one zone."""
    leave = await official_trip(kragan)
    await add_trip_destination(leave.id, TEGALMULYO.lat, TEGALMULYO.lng, 100, "camat")

    await add_trip_destination(leave.id, KRAGAN.lat, KRAGAN.lng, 80, "camat")

    rows = await Zone.filter(kind=ZoneKind.TRIP_DESTINATION)
    assert [(row.lat, row.radius_m) for row in rows] == [(KRAGAN.lat, 80)]


async def test_load_official_trips_pending_without_destination(kragan: Village) -> None:
    """A pending trip without destination is loaded so the refusal can say why."""
    leave = await official_trip(kragan, status=LeaveStatus.PENDING)

    (trip,) = await load_official_trips(person_of(leave), TODAY)

    assert (trip.approved, trip.destination) == (False, None)


async def test_load_official_trips_ignores_other_days_and_types(kragan: Village) -> None:
    """Trips on other days, cancelled trips and sick leave are not loaded."""
    leave = await official_trip(kragan, start_date=TODAY + dt.timedelta(days=1),
                                end_date=TODAY + dt.timedelta(days=1))  # fmt: skip
    person_id = person_of(leave)
    await Leave.create(person_id=person_id, leave_type=LeaveType.SICK, start_date=TODAY,
                       end_date=TODAY, status=LeaveStatus.APPROVED)  # fmt: skip
    await Leave.create(person_id=person_id, leave_type=LeaveType.OFFICIAL_TRIP, start_date=TODAY,
                       end_date=TODAY, status=LeaveStatus.CANCELLED)  # fmt: skip

    assert await load_official_trips(person_id, TODAY) == ()


async def test_add_trip_destination_refuses_other_leave(kragan: Village) -> None:
    """Only an official trip can have a destination; an unknown leave is NotFound."""
    sick = await official_trip(kragan, leave_type=LeaveType.SICK)

    with pytest.raises(RuleError, match=f"Leave #{sick.id} is a sick leave"):
        await add_trip_destination(sick.id, TEGALMULYO.lat, TEGALMULYO.lng, 100, "camat")
    with pytest.raises(NotFound, match="Leave #999 does not exist"):
        await add_trip_destination(999, TEGALMULYO.lat, TEGALMULYO.lng, 100, "camat")


async def test_stored_zones_decide_check_in(kragan: Village) -> None:
    """End to end: the seeded office zone decides a point 19 m north of it as inside."""
    await office_row(kragan)
    zones = await load_zones("33.17.12.2012")

    result = decide_zones(zones, Coordinate(lat=-6.69872, lng=111.615907), accuracy_m=10)

    assert result.decision is ZoneDecision.INSIDE
