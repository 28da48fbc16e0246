"""The reason codes: stable snake_case words that explain every decision and trust verdict.

The codes are stored with attendance events and shown to reviewers, so a value never changes
meaning; `geofence.messages` turns each into a sentence for the person.
"""

from __future__ import annotations

from enum import StrEnum


class Reason(StrEnum):
    """Why a location was judged as it was."""

    # Zone decision.
    INSIDE_ZONE = "inside_zone"
    OUTSIDE_ZONE = "outside_zone"
    UNCERTAIN_EDGE = "uncertain_edge"

    # Accuracy (used by both the zone decision and the trust score).
    ACCURACY_MISSING = "accuracy_missing"
    ACCURACY_TOO_COARSE = "accuracy_too_coarse"
    ACCURACY_IMPLAUSIBLE = "accuracy_implausible"

    # What kind of message carried the location.
    STATIC_LOCATION = "static_location"
    FORWARDED = "forwarded"
    VENUE = "venue"
    SCHEDULED_MESSAGE = "scheduled_message"
    LIVE_PERIOD_TOO_SHORT = "live_period_too_short"
    NO_FRESH_UPDATE = "no_fresh_update"

    # Time of the message against the server clock.
    STALE_MESSAGE = "stale_message"
    FUTURE_MESSAGE = "future_message"

    # The position against history and the office.
    IMPOSSIBLE_TRAVEL = "impossible_travel"
    COORDINATES_REUSED = "coordinates_reused"
    COORDINATES_SHARED_WITH_OTHER_PERSON = "coordinates_shared_with_other_person"
    EXACT_OFFICE_POINT = "exact_office_point"

    # Official trip (dinas luar).
    OFFICIAL_TRIP = "official_trip"
    NO_OFFICIAL_TRIP = "no_official_trip"
    TRIP_NOT_APPROVED = "trip_not_approved"
    TRIP_NOT_TODAY = "trip_not_today"
    TRIP_WITHOUT_DESTINATION = "trip_without_destination"
