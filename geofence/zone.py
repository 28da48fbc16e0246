"""Zones a check-in can be made in: a circle around a point, or a polygon such as a desa boundary.

Both kinds answer one question, `edge_distance_m(point)`: how far the point is from the zone's
edge, negative inside. A circle measures the geodesic distance to its centre (geopy, WGS84). A
polygon is projected once into an azimuthal equidistant frame centred on itself, where metres are
true near the zone, and shapely answers containment and distance to the boundary there.
"""

from __future__ import annotations

import json
import math
from collections.abc import Mapping
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any, TypeAlias, TypeGuard

import numpy as np
import shapely
from pyproj import Transformer
from shapely.errors import ShapelyError
from shapely.geometry import MultiPolygon, Polygon, mapping, shape
from shapely.validation import explain_validity

from attendance.enums import ZoneKind
from geofence.errors import InvalidPolygon, InvalidZone
from geofence.point import LATITUDE_RULE, LONGITUDE_RULE, Coordinate

__all__ = ["CircleZone", "PolygonZone", "Zone", "ZoneKind"]

RADIUS_RULE = "Radius must be a finite number of metres above 0."
POLYGON_RULE = (
    "A polygon is a list of closed rings of [longitude, latitude] positions, "
    "each with at least 4 positions, whose edges do not cross."
)
POLYGON_TYPES = ("Polygon", "MultiPolygon")

Area: TypeAlias = Polygon | MultiPolygon


@dataclass(frozen=True, slots=True)
class CircleZone:
    """A circle of `radius_m` metres around `centre`."""

    kind: ZoneKind
    centre: Coordinate
    radius_m: float
    name: str = ""
    zone_id: int | None = None

    def __post_init__(self) -> None:
        radius = self.radius_m
        usable = isinstance(radius, int | float) and not isinstance(radius, bool)
        if not usable or not math.isfinite(radius) or radius <= 0:
            msg = f"Zone {_describe_zone(self)} has radius {radius!r}. {RADIUS_RULE}"
            raise InvalidZone(msg)

    def edge_distance_m(self, point: Coordinate) -> float:
        """Return the distance from `point` to the circle's edge in metres, negative inside."""
        return self.centre.distance_m(point) - float(self.radius_m)


@dataclass(frozen=True, slots=True)
class PolygonZone:
    """An area bounded by rings of [longitude, latitude] positions (GeoJSON order)."""

    kind: ZoneKind
    area: Area
    name: str = ""
    zone_id: int | None = None
    centre: Coordinate = field(init=False, compare=False)
    _frame: _LocalFrame = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        _check_area(self.area, _describe_zone(self))
        frame = _LocalFrame.around(self.area)
        object.__setattr__(self, "_frame", frame)
        object.__setattr__(self, "centre", frame.centroid())

    @classmethod
    def from_geojson(
        cls,
        geometry: Mapping[str, Any],
        *,
        kind: ZoneKind,
        name: str = "",
        zone_id: int | None = None,
    ) -> PolygonZone:
        """Build a zone from a GeoJSON Polygon or MultiPolygon geometry object."""
        label = _label(name, zone_id, kind)
        geometry_type = geometry.get("type") if isinstance(geometry, Mapping) else None
        if geometry_type not in POLYGON_TYPES:
            msg = (
                f"Polygon {label} has geometry type {geometry_type!r}. "
                "A zone needs a GeoJSON Polygon or MultiPolygon."
            )
            raise InvalidPolygon(msg)

        problem = _structure_problem(geometry_type, geometry.get("coordinates"))
        if problem:
            msg = f"Polygon {label} {problem}"
            raise InvalidPolygon(msg)

        try:
            area = shape(geometry)
        except (ShapelyError, ValueError, TypeError) as err:
            msg = f"Polygon {label} cannot be built from its GeoJSON ({err}). {POLYGON_RULE}"
            raise InvalidPolygon(msg) from err

        return cls(kind=kind, area=area, name=name, zone_id=zone_id)

    def to_geojson(self) -> dict[str, Any]:
        """Return the zone's area as a GeoJSON geometry object of plain lists."""
        geometry: dict[str, Any] = json.loads(json.dumps(mapping(self.area)))
        return geometry

    def edge_distance_m(self, point: Coordinate) -> float:
        """Return the distance from `point` to the boundary in metres, negative inside."""
        return self._frame.edge_distance_m(point)


Zone = CircleZone | PolygonZone


def _describe_zone(zone: Zone) -> str:
    """Return a short label for messages: the name, else the id, else the kind."""
    return _label(zone.name, zone.zone_id, zone.kind)


def _label(name: str, zone_id: int | None, kind: ZoneKind) -> str:
    if name:
        return repr(name)
    if zone_id is not None:
        return f"#{zone_id}"
    return repr(str(kind))


def _structure_problem(geometry_type: str, coordinates: object) -> str | None:
    """Return what is wrong with GeoJSON polygon coordinates (a sentence and rule), or None."""
    if not _is_list(coordinates) or not coordinates:
        return f"has no list of coordinates. {POLYGON_RULE}"

    polygons = coordinates if geometry_type == "MultiPolygon" else [coordinates]
    for polygon_index, rings in enumerate(polygons):
        where = f"polygon {polygon_index} " if geometry_type == "MultiPolygon" else ""
        if not _is_list(rings) or not rings:
            return f"{where}has no list of rings. {POLYGON_RULE}"
        for ring_index, ring in enumerate(rings):
            if not _is_list(ring):
                return f"{where}ring {ring_index} is not a list of positions. {POLYGON_RULE}"
            for position_index, position in enumerate(ring):
                here = f"{where}ring {ring_index} position {position_index}"
                if not _is_position(position):
                    shown = json.dumps(position)
                    shown = shown if len(shown) <= 60 else shown[:57] + "..."
                    return f"{here} is {shown}, not a [longitude, latitude] pair. {POLYGON_RULE}"
                problem = _position_problem(here, position[0], position[1])
                if problem:
                    return problem
    return None


def _is_list(value: object) -> TypeGuard[list[Any] | tuple[Any, ...]]:
    return isinstance(value, list | tuple)


def _is_position(value: object) -> bool:
    return (
        isinstance(value, list | tuple)
        and len(value) >= 2
        and all(isinstance(part, int | float) and not isinstance(part, bool) for part in value)
    )


def _position_problem(here: str, lng: float, lat: float) -> str | None:
    """Return why [lng, lat] is not a place on Earth, or None when it is one."""
    if _within(lat, 90.0) and _within(lng, 180.0):
        return None
    rule = LATITUDE_RULE if not _within(lat, 90.0) else LONGITUDE_RULE
    return (
        f"{here} [{lng}, {lat}] is not a place on Earth. "
        f"{rule} GeoJSON positions are [longitude, latitude]."
    )


def _check_area(area: object, label: str) -> None:
    """Raise InvalidPolygon unless `area` is a non-empty, valid polygon on the globe."""
    if not isinstance(area, Polygon | MultiPolygon):
        kind = type(area).__name__
        msg = f"Polygon {label} is a {kind}. A zone needs a Polygon or MultiPolygon."
        raise InvalidPolygon(msg)
    if area.is_empty:
        msg = f"Polygon {label} is empty. {POLYGON_RULE}"
        raise InvalidPolygon(msg)

    for index, (lng, lat) in enumerate(shapely.get_coordinates(area).tolist()):
        problem = _position_problem(f"position {index}", lng, lat)
        if problem:
            msg = f"Polygon {label} {problem}"
            raise InvalidPolygon(msg)

    if not area.is_valid:
        msg = f"Polygon {label} is not a valid area: {explain_validity(area)}. {POLYGON_RULE}"
        raise InvalidPolygon(msg)


def _within(value: float, limit: float) -> bool:
    return math.isfinite(value) and -limit <= value <= limit


@dataclass(frozen=True, slots=True)
class _LocalFrame:
    """A polygon projected into metres around its own centre, ready for point queries."""

    to_local: Transformer
    local_area: Area
    local_boundary: shapely.Geometry

    @classmethod
    def around(cls, area: Area) -> _LocalFrame:
        """Project `area` into an azimuthal equidistant frame centred on it."""
        middle = area.centroid
        to_local = _transformer(float(middle.y), float(middle.x))
        local_area = shapely.transform(area, lambda xy: _project(to_local, xy))
        local_boundary = local_area.boundary
        shapely.prepare(local_area)
        shapely.prepare(local_boundary)
        return cls(to_local=to_local, local_area=local_area, local_boundary=local_boundary)

    def centroid(self) -> Coordinate:
        """Return the area centroid (computed in metres, not degrees) as a coordinate."""
        middle = self.local_area.centroid
        lng, lat = self.to_local.transform(middle.x, middle.y, direction="INVERSE")
        return Coordinate(lat=float(lat), lng=float(lng))

    def edge_distance_m(self, point: Coordinate) -> float:
        """Return the signed distance from `point` to the boundary, negative inside."""
        x, y = self.to_local.transform(point.lng, point.lat)
        distance = float(shapely.distance(self.local_boundary, shapely.Point(x, y)))
        inside = bool(shapely.contains_xy(self.local_area, x, y))
        return -distance if inside else distance


def _project(to_local: Transformer, xy: np.ndarray[Any, Any]) -> np.ndarray[Any, Any]:
    x, y = to_local.transform(xy[:, 0], xy[:, 1])
    return np.column_stack([x, y])


@lru_cache(maxsize=1024)
def _transformer(lat: float, lng: float) -> Transformer:
    """Return a WGS84 degrees → azimuthal equidistant metres transformer centred on (lat, lng)."""
    return Transformer.from_pipeline(
        "+proj=pipeline +step +proj=unitconvert +xy_in=deg +xy_out=rad "
        f"+step +proj=aeqd +lat_0={lat!r} +lon_0={lng!r} +ellps=WGS84"
    )
