"""Geofence and location trust: coordinates and facts in, zone decisions and trust scores out.

Pure: no storage, no chat, no network, no logging of positions. Thresholds come from
:class:`config.geofence.GeofenceSettings`. The command line (`geofence.cli`) is the one part that
opens storage, and is not imported here.
"""

from attendance.enums import ZoneKind
from geofence.boundary import (
    BoundaryCollection,
    RejectedFeature,
    VillageBoundary,
    bundled_boundaries_path,
    parse_boundaries,
    read_boundaries,
)
from geofence.decision import ZoneDecision, ZoneResult, decide_zone, decide_zones
from geofence.errors import (
    BoundaryFileError,
    GeofenceError,
    InvalidAccuracy,
    InvalidCoordinate,
    InvalidLocationFix,
    InvalidPolygon,
    InvalidZone,
)
from geofence.messages import reason_text, trip_message, trust_message, zone_message
from geofence.point import Coordinate, check_accuracy
from geofence.reason import Reason
from geofence.trip import OfficialTrip, TripResult, decide_trip, decide_trips
from geofence.trust import (
    LocationFix,
    PreviousFix,
    TrustContext,
    TrustResult,
    TrustVerdict,
    assess_trust,
)
from geofence.zone import CircleZone, PolygonZone, Zone

__all__ = [
    "BoundaryCollection",
    "BoundaryFileError",
    "CircleZone",
    "Coordinate",
    "GeofenceError",
    "InvalidAccuracy",
    "InvalidCoordinate",
    "InvalidLocationFix",
    "InvalidPolygon",
    "InvalidZone",
    "LocationFix",
    "OfficialTrip",
    "PolygonZone",
    "PreviousFix",
    "Reason",
    "RejectedFeature",
    "TripResult",
    "TrustContext",
    "TrustResult",
    "TrustVerdict",
    "VillageBoundary",
    "Zone",
    "ZoneDecision",
    "ZoneKind",
    "ZoneResult",
    "assess_trust",
    "bundled_boundaries_path",
    "check_accuracy",
    "decide_trip",
    "decide_trips",
    "decide_zone",
    "decide_zones",
    "parse_boundaries",
    "read_boundaries",
    "reason_text",
    "trip_message",
    "trust_message",
    "zone_message",
]
