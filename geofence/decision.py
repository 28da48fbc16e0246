"""The zone decision: is a reported point, with its uncertainty circle, inside a zone?

The rule (field lessons §4-A, 8–12): a fix is a circle of radius `accuracy` around the reported
point, and the person is somewhere in it. With `d` the signed distance from the point to the
zone's edge (negative inside):

* accuracy worse than ``settings.max_accuracy_m`` → `uncertain`, whatever `d` is;
* ``d + accuracy <= 0`` → `inside`: the whole circle lies in the zone;
* ``d - accuracy > 0`` → `outside`: the whole circle lies beyond the edge;
* otherwise `uncertain`: the circle crosses the edge.

A missing accuracy is judged as an exact point and says so with `accuracy_missing`; whether such
a fix can be trusted is the trust score's question, not this one's.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from enum import StrEnum
from typing import Any

from attendance.enums import ZoneKind
from config.geofence import DEFAULT_GEOFENCE, GeofenceSettings
from geofence.errors import InvalidZone
from geofence.point import Coordinate, check_accuracy
from geofence.reason import Reason
from geofence.zone import Zone


class ZoneDecision(StrEnum):
    """Where a fix lies with respect to a zone."""

    INSIDE = "inside"
    OUTSIDE = "outside"
    UNCERTAIN = "uncertain"


_RANK = {ZoneDecision.INSIDE: 0, ZoneDecision.UNCERTAIN: 1, ZoneDecision.OUTSIDE: 2}


@dataclass(frozen=True, slots=True)
class ZoneResult:
    """A decision against one zone, with the numbers and reasons behind it."""

    decision: ZoneDecision
    zone_kind: ZoneKind
    zone_name: str
    zone_id: int | None
    edge_distance_m: float
    """Signed distance from the reported point to the zone's edge, negative inside."""
    accuracy_m: float | None
    reasons: tuple[Reason, ...]

    @property
    def distance_m(self) -> float:
        """Return the distance from the reported point to the zone, 0 when it lies inside."""
        return max(0.0, self.edge_distance_m)

    def to_dict(self) -> dict[str, Any]:
        """Return the result as JSON-ready values (distances rounded to 0.1 m)."""
        return {
            "decision": self.decision.value,
            "zone": {"id": self.zone_id, "kind": self.zone_kind.value, "name": self.zone_name},
            "distance_m": round(self.distance_m, 1),
            "edge_distance_m": round(self.edge_distance_m, 1),
            "accuracy_m": self.accuracy_m,
            "reasons": [reason.value for reason in self.reasons],
        }


def decide_zone(
    zone: Zone,
    point: Coordinate,
    *,
    accuracy_m: float | None = None,
    settings: GeofenceSettings = DEFAULT_GEOFENCE,
) -> ZoneResult:
    """Decide whether `point`, uncertain by `accuracy_m` metres, lies inside `zone`."""
    accuracy = check_accuracy(accuracy_m)
    edge = zone.edge_distance_m(point)
    reasons: list[Reason] = []
    if accuracy is None:
        reasons.append(Reason.ACCURACY_MISSING)
    spread = accuracy or 0.0

    if accuracy is not None and accuracy > settings.max_accuracy_m:
        decision = ZoneDecision.UNCERTAIN
        reasons.append(Reason.ACCURACY_TOO_COARSE)
    elif edge + spread <= 0:
        decision = ZoneDecision.INSIDE
        reasons.append(Reason.INSIDE_ZONE)
    elif edge - spread > 0:
        decision = ZoneDecision.OUTSIDE
        reasons.append(Reason.OUTSIDE_ZONE)
    else:
        decision = ZoneDecision.UNCERTAIN
        reasons.append(Reason.UNCERTAIN_EDGE)

    return ZoneResult(
        decision=decision,
        zone_kind=zone.kind,
        zone_name=zone.name,
        zone_id=zone.zone_id,
        edge_distance_m=edge,
        accuracy_m=accuracy,
        reasons=tuple(reasons),
    )


def decide_zones(
    zones: Iterable[Zone],
    point: Coordinate,
    *,
    accuracy_m: float | None = None,
    settings: GeofenceSettings = DEFAULT_GEOFENCE,
) -> ZoneResult:
    """Decide against each zone and return the best: inside, else uncertain, else the nearest."""
    results = [
        decide_zone(zone, point, accuracy_m=accuracy_m, settings=settings) for zone in zones
    ]
    if not results:
        msg = "No zone was given to check the location against. At least one zone is needed."
        raise InvalidZone(msg)

    return min(results, key=result_order)


def result_order(result: ZoneResult) -> tuple[int, float]:
    """Return a sort key: inside before uncertain before outside, nearest first within each."""
    return (_RANK[result.decision], result.edge_distance_m)
