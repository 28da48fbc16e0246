"""Tests for geofence.trip: dinas luar check-ins at an approved trip's destination."""

from __future__ import annotations

import dataclasses
import datetime as dt

import pytest

from geofence import (
    CircleZone,
    Coordinate,
    OfficialTrip,
    Reason,
    ZoneDecision,
    ZoneKind,
    decide_trip,
    decide_trips,
)
from tests.geofence.places import move

TODAY = dt.date(2026, 3, 2)
# Tegalmulyo's centroid (the kecamatan office's desa), standing in for a meeting venue.
CAMAT = Coordinate(lat=-6.693502, lng=111.605516)


@pytest.fixture
def trip() -> OfficialTrip:
    """Return an approved one-day trip to a 100 m circle at the kecamatan."""
    destination = CircleZone(
        kind=ZoneKind.TRIP_DESTINATION, centre=CAMAT, radius_m=100, name="leave:7", zone_id=9
    )
    return OfficialTrip(
        trip_id=7, approved=True, first_day=TODAY, last_day=TODAY, destination=destination
    )


def test_decide_trip_inside_destination_is_allowed_and_marked(trip: OfficialTrip) -> None:
    """Inside the destination on the trip's day: allowed and marked official_trip."""
    result = decide_trip(trip, move(CAMAT, 45, 40), on_date=TODAY, accuracy_m=20)

    assert result.allowed and result.is_official_trip
    assert result.reasons == (Reason.OFFICIAL_TRIP, Reason.INSIDE_ZONE)
    assert result.zone is not None and result.zone.zone_kind is ZoneKind.TRIP_DESTINATION


def test_decide_trip_outside_destination_is_refused(trip: OfficialTrip) -> None:
    """2 km from the destination is not a dinas-luar check-in."""
    result = decide_trip(trip, move(CAMAT, 0, 2000), on_date=TODAY, accuracy_m=20)

    assert not result.allowed
    assert result.zone is not None and result.zone.decision is ZoneDecision.OUTSIDE
    assert result.zone.distance_m == pytest.approx(1900, abs=0.01)


def test_decide_trip_uncertain_is_refused(trip: OfficialTrip) -> None:
    """A fix whose uncertainty crosses the destination edge is not allowed."""
    result = decide_trip(trip, move(CAMAT, 0, 90), on_date=TODAY, accuracy_m=30)

    assert not result.allowed
    assert result.reasons == (Reason.UNCERTAIN_EDGE,)


@pytest.mark.parametrize(
    ("changes", "reason"),
    [
        ({"approved": False}, Reason.TRIP_NOT_APPROVED),
        (
            {"first_day": TODAY + dt.timedelta(days=1), "last_day": TODAY + dt.timedelta(days=2)},
            Reason.TRIP_NOT_TODAY,
        ),
        ({"destination": None}, Reason.TRIP_WITHOUT_DESTINATION),
    ],
)
def test_decide_trip_refusals(
    trip: OfficialTrip, changes: dict[str, object], reason: Reason
) -> None:
    """An unapproved trip, another day or a missing destination refuses even at the spot."""
    changed = dataclasses.replace(trip, **changes)  # type: ignore[arg-type]

    result = decide_trip(changed, CAMAT, on_date=TODAY, accuracy_m=10)

    assert (result.allowed, result.reasons, result.zone) == (False, (reason,), None)


def test_decide_trips_without_trips() -> None:
    """With no trip at all the answer is no_official_trip."""
    result = decide_trips([], CAMAT, on_date=TODAY)

    assert (result.allowed, result.reasons) == (False, (Reason.NO_OFFICIAL_TRIP,))


def test_decide_trips_picks_the_allowing_trip(trip: OfficialTrip) -> None:
    """Of a pending trip and an approved one, the approved one at the spot allows."""
    pending = dataclasses.replace(trip, trip_id=6, approved=False)

    result = decide_trips([pending, trip], CAMAT, on_date=TODAY, accuracy_m=10)

    assert (result.allowed, result.trip_id) == (True, 7)
    assert result.to_dict()["official_trip"] is True
