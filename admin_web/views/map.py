"""The map of village offices and their zones (Leaflet), with the list of offices beside it.

Tiles load from OpenStreetMap in the browser at run time. The list of offices below the map is
plain HTML, so the page still works when the tiles (or the script) do not load. Camat and
operators can set a village's office point from here after surveying it.
"""

from __future__ import annotations

from typing import Any

from aiohttp import web

from admin_web import forms
from admin_web.access import Capability, require, scoped, village_for, visible_villages
from admin_web.keys import ADMIN_SETTINGS_KEY
from admin_web.render import flash, page, redirect
from attendance.enums import ZoneKind
from attendance.models import Zone
from attendance.zones import set_office
from geofence.errors import GeofenceError
from geofence.messages import error_text
from service.web import LEDGER_KEY, SETTINGS_KEY

ZONE_KIND_LABELS = {
    ZoneKind.OFFICE: "Kantor desa",
    ZoneKind.HALL: "Balai desa",
    ZoneKind.DISTRICT_OFFICE: "Kantor kecamatan",
    ZoneKind.OTHER: "Lokasi lain",
    ZoneKind.TRIP_DESTINATION: "Tujuan dinas luar",
}
SOURCE_LABELS = {"centroid": "perkiraan (titik tengah desa)", "surveyed": "disurvei"}
SOURCE_LABELS |= {"imported": "impor"}


def zone_data(zone: Zone, village_name: str) -> dict[str, Any]:
    """Return what the map script needs to draw one zone."""
    return {
        "village": village_name,
        "name": zone.name,
        "kind": ZONE_KIND_LABELS.get(zone.kind, zone.kind.value),
        "shape": zone.shape.value,
        "lat": zone.lat,
        "lng": zone.lng,
        "radius": zone.radius_m,
        "polygon": zone.polygon,
        "office": zone.kind is ZoneKind.OFFICE,
    }


async def office_map(request: web.Request) -> web.Response:
    """Show the map and the list of offices and zones the admin may see."""
    me = require(request, Capability.SEE_ATTENDANCE)
    ledger = request.config_dict[LEDGER_KEY]
    villages = await visible_villages(me, ledger.district.code)
    names = {village.id: village.name for village in villages}
    zones = await scoped(
        Zone.filter(active=True, village_id__in=list(names)).exclude(
            kind=ZoneKind.TRIP_DESTINATION
        ),
        me,
    ).order_by("village_id", "id")
    zones.sort(key=lambda zone: (names[zone.village_id], zone.id))
    settings = request.config_dict[ADMIN_SETTINGS_KEY]
    return await page(
        request,
        "map.html",
        {
            "zones": zones,
            "names": names,
            "villages": villages,
            "kind_labels": ZONE_KIND_LABELS,
            "source_labels": SOURCE_LABELS,
            "map_data": {
                "tiles": settings.tile_url,
                "attribution": settings.tile_attribution,
                "zones": [zone_data(zone, names[zone.village_id]) for zone in zones],
            },
        },
    )


async def set_office_point(request: web.Request) -> web.Response:
    """Set a village's office circle to a surveyed point."""
    me = require(request, Capability.CHANGE_ZONES)
    form = await request.post()
    village = await village_for(me, forms.village_code(form))
    lat, lng = forms.number(form, "lat"), forms.number(form, "lng")
    radius = forms.number(form, "radius_m")
    geofence = request.config_dict[SETTINGS_KEY].geofence
    try:
        await set_office(village.code, lat, lng, radius, me.actor, settings=geofence)
    except GeofenceError as err:
        flash(request, f"Titik kantor tidak disimpan: {error_text(err)}", "error")
    else:
        flash(request, f"Titik kantor {village.name} disimpan.")
    redirect(request, "map")


def add_routes(router: web.UrlDispatcher) -> None:
    """Add the map routes."""
    router.add_get("/peta", office_map, name="map")
    router.add_post("/peta/kantor", set_office_point, name="map_set_office")
