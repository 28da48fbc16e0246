"""A validated point on the WGS84 ellipsoid, and the accuracy a fix reports with it."""

from __future__ import annotations

import math
from dataclasses import dataclass

from geopy.distance import geodesic

from geofence.errors import InvalidAccuracy, InvalidCoordinate

LATITUDE_RULE = "Latitude must be between -90 and 90."
LONGITUDE_RULE = "Longitude must be between -180 and 180."
ACCURACY_RULE = "Accuracy must be a finite number of metres, 0 or more."


@dataclass(frozen=True, slots=True)
class Coordinate:
    """A latitude and longitude in degrees (WGS84), checked on creation."""

    lat: float
    lng: float

    def __post_init__(self) -> None:
        _check_axis("Latitude", self.lat, 90.0, LATITUDE_RULE)
        _check_axis("Longitude", self.lng, 180.0, LONGITUDE_RULE)

    def distance_m(self, other: Coordinate) -> float:
        """Return the geodesic distance to `other` in metres."""
        return float(geodesic((self.lat, self.lng), (other.lat, other.lng)).meters)

    def rounded(self, decimals: int) -> tuple[float, float]:
        """Return (lat, lng) rounded to `decimals` places, for comparing reported points."""
        return (round(self.lat, decimals), round(self.lng, decimals))


def check_accuracy(accuracy_m: float | None) -> float | None:
    """Return a horizontal accuracy in metres if it is usable; None stays None."""
    if accuracy_m is None:
        return None
    if isinstance(accuracy_m, bool) or not isinstance(accuracy_m, int | float):
        msg = f"Accuracy {accuracy_m!r} is not a number. {ACCURACY_RULE}"
        raise InvalidAccuracy(msg)
    if math.isnan(accuracy_m):
        msg = f"Accuracy {accuracy_m} is not a number. {ACCURACY_RULE}"
        raise InvalidAccuracy(msg)
    if math.isinf(accuracy_m) or accuracy_m < 0:
        msg = f"Accuracy {accuracy_m} is out of range. {ACCURACY_RULE}"
        raise InvalidAccuracy(msg)
    return float(accuracy_m)


def _check_axis(name: str, value: float, limit: float, rule: str) -> None:
    if isinstance(value, bool) or not isinstance(value, int | float):
        msg = f"{name} {value!r} is not a number. {rule}"
        raise InvalidCoordinate(msg)
    if math.isnan(value):
        msg = f"{name} {value} is not a number. {rule}"
        raise InvalidCoordinate(msg)
    if math.isinf(value):
        msg = f"{name} {value} is not finite. {rule}"
        raise InvalidCoordinate(msg)
    if not -limit <= value <= limit:
        msg = f"{name} {value} is out of range. {rule}"
        raise InvalidCoordinate(msg)
