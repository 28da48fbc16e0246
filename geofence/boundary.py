"""Village boundaries read from a GeoJSON FeatureCollection (one feature per desa).

Properties may use the Indonesian keys of the bundled file (``kode``, ``nama``) or English ones
(``code``, ``name``). A feature whose geometry is not a valid polygon is set aside with the
reason, so one broken village does not stop the rest; a file that is not a FeatureCollection at
all raises :class:`BoundaryFileError`. The bundled ``config/kragan_desa.geojson`` is an extract
of the MIT-licensed wilayah_boundaries dataset; its ``license`` field is kept on the collection.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass
from importlib import resources
from pathlib import Path
from typing import Any

from attendance.enums import ZoneKind
from geofence.errors import BoundaryFileError, InvalidPolygon
from geofence.point import Coordinate
from geofence.zone import PolygonZone

CODE_KEYS = ("kode", "code")
NAME_KEYS = ("nama", "name")


@dataclass(frozen=True, slots=True)
class VillageBoundary:
    """One desa's boundary polygon, validated and ready for point queries."""

    code: str
    name: str
    zone: PolygonZone

    @property
    def centroid(self) -> Coordinate:
        """Return the polygon's area centroid (not the office's position)."""
        return self.zone.centre

    @property
    def geometry(self) -> dict[str, Any]:
        """Return the boundary as a GeoJSON geometry object."""
        return self.zone.to_geojson()


@dataclass(frozen=True, slots=True)
class RejectedFeature:
    """A feature that could not be used, with the reason why."""

    index: int
    code: str | None
    problem: str


@dataclass(frozen=True, slots=True)
class BoundaryCollection:
    """The usable boundaries of a file, the features set aside, and the file's licence."""

    boundaries: tuple[VillageBoundary, ...]
    rejected: tuple[RejectedFeature, ...]
    license: str | None = None

    def find(self, code: str) -> VillageBoundary | None:
        """Return the boundary of village `code`, or None when the file has no usable one."""
        return next((item for item in self.boundaries if item.code == code), None)


def bundled_boundaries_path() -> Path:
    """Return the path of the bundled Kecamatan Kragan boundary file."""
    return Path(str(resources.files("config") / "kragan_desa.geojson"))


def read_boundaries(path: Path) -> BoundaryCollection:
    """Read a GeoJSON FeatureCollection of village boundaries from `path`."""
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as err:
        msg = f"Boundary file {str(path)!r} cannot be read: {err}."
        raise BoundaryFileError(msg) from err

    try:
        document = json.loads(text)
    except json.JSONDecodeError as err:
        msg = (
            f"Boundary file {str(path)!r} is not valid JSON: {err.msg} "
            f"at line {err.lineno}, column {err.colno}."
        )
        raise BoundaryFileError(msg) from err

    return parse_boundaries(document, source=f"Boundary file {str(path)!r}")


def parse_boundaries(document: Any, *, source: str = "Boundary document") -> BoundaryCollection:
    """Turn a parsed GeoJSON FeatureCollection into village boundaries."""
    kind = document.get("type") if isinstance(document, Mapping) else type(document).__name__
    if kind != "FeatureCollection":
        msg = f"{source} is a {kind!r}. Village boundaries must be a GeoJSON FeatureCollection."
        raise BoundaryFileError(msg)
    features = document.get("features")
    if not isinstance(features, list):
        msg = f"{source} has no 'features' list. A FeatureCollection lists its features."
        raise BoundaryFileError(msg)

    boundaries: list[VillageBoundary] = []
    rejected: list[RejectedFeature] = []
    seen: set[str] = set()
    for index, feature in enumerate(features):
        outcome = _read_feature(index, feature, seen)
        if isinstance(outcome, VillageBoundary):
            seen.add(outcome.code)
            boundaries.append(outcome)
        else:
            rejected.append(outcome)

    license_text = document.get("license")
    return BoundaryCollection(
        boundaries=tuple(boundaries),
        rejected=tuple(rejected),
        license=license_text if isinstance(license_text, str) else None,
    )


def _read_feature(index: int, feature: Any, seen: set[str]) -> VillageBoundary | RejectedFeature:
    """Return the boundary of one feature, or why it was set aside."""
    properties = feature.get("properties") if isinstance(feature, Mapping) else None
    if not isinstance(properties, Mapping):
        return RejectedFeature(index, None, f"Feature {index} has no properties object.")
    code = _first_text(properties, CODE_KEYS)
    if code is None:
        problem = f"Feature {index} has no village code ('kode' or 'code')."
        return RejectedFeature(index, None, problem)
    if code in seen:
        problem = f"Feature {index} repeats village code {code}. Each village appears once."
        return RejectedFeature(index, code, problem)

    name = _first_text(properties, NAME_KEYS) or code
    geometry = feature.get("geometry")
    if not isinstance(geometry, Mapping):
        return RejectedFeature(index, code, f"Village {code} has no geometry object.")
    try:
        zone = PolygonZone.from_geojson(geometry, kind=ZoneKind.OTHER, name=name)
    except InvalidPolygon as err:
        return RejectedFeature(index, code, f"Village {code}: {err}")

    return VillageBoundary(code=code, name=name, zone=zone)


def _first_text(properties: Mapping[str, Any], keys: tuple[str, ...]) -> str | None:
    for key in keys:
        value = properties.get(key)
        if isinstance(value, str) and value.strip():
            return value.strip()
    return None
