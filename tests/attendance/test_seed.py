"""Syncing the configured district into the database."""

from __future__ import annotations

from attendance.enums import LocationSource, ZoneKind
from attendance.models import Village, WorkRuleVersion, Zone
from attendance.seed import sync_district
from config.settings import Settings


async def test_sync_district_creates_villages_and_office_zones(db: str) -> None:
    """Every configured village gets a row and one office circle from its centroid."""
    assert await Village.all().count() == 27
    zone = await Zone.get(village__code="33.17.12.2012", kind=ZoneKind.OFFICE)
    assert zone.source is LocationSource.CENTROID
    assert (round(zone.lat or 0, 5), round(zone.lng or 0, 5), zone.radius_m) == (
        -6.69889,
        111.61591,
        75.0,
    )


async def test_sync_district_twice_changes_nothing(db: str, settings: Settings) -> None:
    """Running the sync again adds no rows."""
    await sync_district(settings.district)

    assert await Village.all().count() == 27
    assert await Zone.all().count() == 27
    assert await WorkRuleVersion.all().count() == 1


async def test_sync_district_keeps_surveyed_office(db: str, settings: Settings) -> None:
    """An office point set by an operator survives a restart with the centroid config."""
    await Zone.filter(village__code="33.17.12.2001").update(
        lat=-6.7, lng=111.55, source=LocationSource.SURVEYED
    )

    await sync_district(settings.district)

    zone = await Zone.get(village__code="33.17.12.2001")
    assert (zone.lat, zone.lng, zone.source) == (-6.7, 111.55, LocationSource.SURVEYED)
