"""Helpers shared by the geofence tests: known geodesic offsets, computed with pyproj's Geod.

Expected distances come from `pyproj.Geod` (the direct geodesic problem), independent of the
geopy inverse and the shapely projection the package uses.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from pyproj import Geod

from geofence import Coordinate

SHARED = Path(__file__).resolve().parents[2].parent / "shared"
WGS84 = Geod(ellps="WGS84")

Offset = Callable[[Coordinate, float, float], Coordinate]
NearEdge = Callable[[float], tuple[Coordinate, Coordinate]]


def move(point: Coordinate, azimuth_deg: float, metres: float) -> Coordinate:
    """Return the point `metres` from `point` along `azimuth_deg` (clockwise from north)."""
    lng, lat, _ = WGS84.fwd(point.lng, point.lat, azimuth_deg, metres)
    return Coordinate(lat=lat, lng=lng)


def square(centre: Coordinate, half_side: float) -> list[list[float]]:
    """Return a closed counter-clockwise square ring of [lng, lat] around `centre`."""
    corner = half_side * 2**0.5
    points = [move(centre, azimuth, corner) for azimuth in (225, 135, 45, 315, 225)]
    return [[point.lng, point.lat] for point in points]
