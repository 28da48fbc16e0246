"""Bring the database in line with the configured district: villages, office zones, work rules.

Runs at every start and is idempotent. The configuration creates what is missing; it never
overwrites what an operator changed in the database (a surveyed office point, a stored work-rule
version), and says so in the log when the two disagree.
"""

from __future__ import annotations

import logging
from typing import Any

from attendance.enums import LocationSource, ZoneKind, ZoneShape
from attendance.models import District, Village, WorkRuleVersion, Zone
from config.district import DistrictSettings, VillageSettings

logger = logging.getLogger(__name__)

CONFIG_ACTOR = "config"


async def sync_district(district: DistrictSettings) -> None:
    """Create or update the district, its villages, office zones and work-rule versions."""
    await District.update_or_create(
        code=district.code,
        defaults={
            "name": district.name,
            "regency": district.regency,
            "timezone": district.timezone,
        },
    )
    for village in district.villages:
        await _sync_village(district, village)
    await _sync_work_rules(district)


async def _sync_village(district: DistrictSettings, settings: VillageSettings) -> None:
    village, _ = await Village.update_or_create(
        code=settings.code,
        defaults={
            "name": settings.name,
            "district_id": district.code,
            "timezone": settings.timezone or district.timezone,
        },
    )
    office = await Zone.filter(village=village, kind=ZoneKind.OFFICE).first()
    wanted: dict[str, Any] = {
        "lat": settings.lat,
        "lng": settings.lng,
        "radius_m": settings.radius_m,
        "source": LocationSource(settings.location_source),
    }
    if office is None:
        await Zone.create(
            village=village,
            kind=ZoneKind.OFFICE,
            name=f"Kantor Desa {settings.name}",
            shape=ZoneShape.CIRCLE,
            **wanted,
        )
        return

    if office.source is LocationSource.CENTROID:
        await Zone.filter(id=office.id).update(**wanted)
    elif (office.lat, office.lng) != (settings.lat, settings.lng):
        logger.info(
            "Office zone %s of village %s was set by an operator; config point not applied",
            office.id,
            settings.code,
        )


async def _sync_work_rules(district: DistrictSettings) -> None:
    stored = {
        row.effective_from: row for row in await WorkRuleVersion.filter(district_id=district.code)
    }
    for rule in district.work_rules:
        row = stored.get(rule.effective_from)
        wanted = rule.model_dump(mode="json")
        if row is None:
            await WorkRuleVersion.create(
                district_id=district.code,
                name=rule.name,
                effective_from=rule.effective_from,
                rule=wanted,
                created_by=CONFIG_ACTOR,
            )
        elif row.rule != wanted:
            logger.warning(
                "Work rule starting %s differs between config and database; the stored "
                "version stays. Add a new version with a later date to change hours.",
                rule.effective_from,
            )
