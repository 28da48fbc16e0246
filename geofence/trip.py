"""Official trips (dinas luar): a check-in away from the office, allowed only at the destination.

A check-in outside every office zone is allowed only against an official-trip leave that is
approved, covers the office-local date, and has a destination zone; the point must then be
inside that zone by the same rule as an office (`geofence.decision`). An allowed result carries
the reason `official_trip`, which marks the check-in as dinas luar.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from config.geofence import DEFAULT_GEOFENCE, GeofenceSettings
from geofence.decision import (
    ZoneDecision,
    ZoneResult,
    decide_zone,
    result_order,
)
from geofence.point import Coordinate
from geofence.reason import Reason
from geofence.zone import Zone


@dataclass(frozen=True, slots=True)
class OfficialTrip:
    """An official-trip leave: its id, whether it is approved, its dates and destination."""

    trip_id: int | None
    approved: bool
    first_day: dt.date
    last_day: dt.date
    destination: Zone | None = None


@dataclass(frozen=True, slots=True)
class TripResult:
    """Whether a check-in is allowed as dinas luar, and against which trip and zone."""

    allowed: bool
    trip_id: int | None
    zone: ZoneResult | None
    reasons: tuple[Reason, ...]

    @property
    def is_official_trip(self) -> bool:
        """Return True when the check-in counts as dinas luar."""
        return self.allowed

    def to_dict(self) -> dict[str, Any]:
        """Return the result as JSON-ready values."""
        return {
            "allowed": self.allowed,
            "official_trip": self.is_official_trip,
            "trip_id": self.trip_id,
            "zone": self.zone.to_dict() if self.zone else None,
            "reasons": [reason.value for reason in self.reasons],
        }


def decide_trip(
    trip: OfficialTrip,
    point: Coordinate,
    *,
    on_date: dt.date,
    accuracy_m: float | None = None,
    settings: GeofenceSettings = DEFAULT_GEOFENCE,
) -> TripResult:
    """Decide whether `point` on office-local `on_date` is a check-in at `trip`'s destination."""
    refusals: list[Reason] = []
    if not trip.approved:
        refusals.append(Reason.TRIP_NOT_APPROVED)
    if not trip.first_day <= on_date <= trip.last_day:
        refusals.append(Reason.TRIP_NOT_TODAY)
    if trip.destination is None:
        refusals.append(Reason.TRIP_WITHOUT_DESTINATION)
    if refusals or trip.destination is None:
        return TripResult(allowed=False, trip_id=trip.trip_id, zone=None, reasons=tuple(refusals))

    zone = decide_zone(trip.destination, point, accuracy_m=accuracy_m, settings=settings)
    allowed = zone.decision is ZoneDecision.INSIDE
    marks = (Reason.OFFICIAL_TRIP,) if allowed else ()
    return TripResult(
        allowed=allowed, trip_id=trip.trip_id, zone=zone, reasons=(*marks, *zone.reasons)
    )


def decide_trips(
    trips: Iterable[OfficialTrip],
    point: Coordinate,
    *,
    on_date: dt.date,
    accuracy_m: float | None = None,
    settings: GeofenceSettings = DEFAULT_GEOFENCE,
) -> TripResult:
    """Return the first trip that allows the check-in, else the most informative refusal."""
    results = [
        decide_trip(trip, point, on_date=on_date, accuracy_m=accuracy_m, settings=settings)
        for trip in trips
    ]
    if not results:
        return TripResult(
            allowed=False, trip_id=None, zone=None, reasons=(Reason.NO_OFFICIAL_TRIP,)
        )

    return min(results, key=_preference)


def _preference(result: TripResult) -> tuple[int, int, float]:
    """Order results: those judged against a destination first, in zone-decision order."""
    if result.zone is None:
        return (1, 0, 0.0)
    return (0, *result_order(result.zone))
