"""Tests for geofence.decision: the accuracy-aware inside / outside / uncertain rule."""

from __future__ import annotations

import json
import math

import pytest

from config.geofence import GeofenceSettings
from geofence import (
    BoundaryCollection,
    CircleZone,
    Coordinate,
    InvalidAccuracy,
    InvalidZone,
    Reason,
    ZoneDecision,
    ZoneKind,
    decide_zone,
    decide_zones,
)
from tests.geofence.places import NearEdge, move


@pytest.fixture
def office(centroids: dict[str, Coordinate]) -> CircleZone:
    """Return a 75 m office circle on Kragan's configured point."""
    return CircleZone(
        kind=ZoneKind.OFFICE, centre=centroids["Kragan"], radius_m=75, name="Kantor", zone_id=1
    )


@pytest.mark.parametrize(
    ("metres", "accuracy", "expected"),
    [
        (0, 10, ZoneDecision.INSIDE),
        (50, 20, ZoneDecision.INSIDE),
        (50, 24.9, ZoneDecision.INSIDE),
        (50, 30, ZoneDecision.UNCERTAIN),
        (100, 20, ZoneDecision.OUTSIDE),
        (100, 30, ZoneDecision.UNCERTAIN),
        (425, 20, ZoneDecision.OUTSIDE),
        (74, 0, ZoneDecision.INSIDE),
        (76, 0, ZoneDecision.OUTSIDE),
    ],
)
def test_decide_zone_circle_uses_whole_uncertainty_circle(
    office: CircleZone, metres: float, accuracy: float, expected: ZoneDecision
) -> None:
    """Inside only when centre distance + accuracy ≤ 75 m, outside only when − accuracy > 75 m."""
    point = move(office.centre, 30, metres)

    result = decide_zone(office, point, accuracy_m=accuracy)

    assert result.decision is expected
    assert result.distance_m == pytest.approx(max(0, metres - 75), abs=0.01)
    assert result.accuracy_m == accuracy


def test_decide_zone_outside_reports_distance_and_reason(office: CircleZone) -> None:
    """A point 425 m from the office centre is outside, 350 m from the zone."""
    result = decide_zone(office, move(office.centre, 200, 425), accuracy_m=15)

    assert result.reasons == (Reason.OUTSIDE_ZONE,)
    assert result.distance_m == pytest.approx(350, abs=0.01)
    assert (result.zone_id, result.zone_kind, result.zone_name) == (1, ZoneKind.OFFICE, "Kantor")


def test_decide_zone_accuracy_zero_is_an_exact_point(office: CircleZone) -> None:
    """Accuracy 0 decides by the point alone, with no uncertain band."""
    inside = decide_zone(office, move(office.centre, 90, 74.9), accuracy_m=0)
    outside = decide_zone(office, move(office.centre, 90, 75.1), accuracy_m=0)

    assert (inside.decision, outside.decision) == (ZoneDecision.INSIDE, ZoneDecision.OUTSIDE)


def test_decide_zone_accuracy_1500_is_uncertain_even_at_centre(office: CircleZone) -> None:
    """Telegram's coarsest accuracy (1500 m) is uncertain even on the office point itself."""
    result = decide_zone(office, office.centre, accuracy_m=1500)

    assert result.decision is ZoneDecision.UNCERTAIN
    assert result.reasons == (Reason.ACCURACY_TOO_COARSE,)


def test_decide_zone_accuracy_too_coarse_even_far_away(office: CircleZone) -> None:
    """A coarse fix 20 km away is uncertain, not outside: it says nothing reliable."""
    result = decide_zone(office, move(office.centre, 0, 20_000), accuracy_m=900)

    assert result.decision is ZoneDecision.UNCERTAIN


def test_decide_zone_accuracy_at_limit_is_used(office: CircleZone) -> None:
    """An accuracy equal to the limit is still judged by geometry; just above is not."""
    settings = GeofenceSettings(max_accuracy_m=200)
    point = move(office.centre, 0, 500)

    at_limit = decide_zone(office, point, accuracy_m=200, settings=settings)
    above = decide_zone(office, point, accuracy_m=200.5, settings=settings)

    assert at_limit.decision is ZoneDecision.OUTSIDE
    assert above.decision is ZoneDecision.UNCERTAIN


def test_decide_zone_missing_accuracy_is_exact_with_reason(office: CircleZone) -> None:
    """Without an accuracy the point is judged exactly and the result says accuracy_missing."""
    result = decide_zone(office, move(office.centre, 0, 10))

    assert result.decision is ZoneDecision.INSIDE
    assert result.reasons == (Reason.ACCURACY_MISSING, Reason.INSIDE_ZONE)
    assert result.accuracy_m is None


@pytest.mark.parametrize("accuracy", [math.nan, -3.0, math.inf])
def test_decide_zone_bad_accuracy_raises(office: CircleZone, accuracy: float) -> None:
    """NaN, negative or infinite accuracies are an input error, not a decision."""
    with pytest.raises(InvalidAccuracy):
        decide_zone(office, office.centre, accuracy_m=accuracy)


@pytest.mark.parametrize(
    ("metres", "accuracy", "inner", "outer"),
    [
        (10, 5, ZoneDecision.INSIDE, ZoneDecision.OUTSIDE),
        (10, 9.9, ZoneDecision.INSIDE, ZoneDecision.OUTSIDE),
        (10, 30, ZoneDecision.UNCERTAIN, ZoneDecision.UNCERTAIN),
        (25, 80, ZoneDecision.UNCERTAIN, ZoneDecision.UNCERTAIN),
        (60, 50, ZoneDecision.INSIDE, ZoneDecision.OUTSIDE),
    ],
)
def test_decide_zone_near_real_desa_edge(
    near_tanjungsari_edge: NearEdge,
    kragan: BoundaryCollection,
    metres: float,
    accuracy: float,
    inner: ZoneDecision,
    outer: ZoneDecision,
) -> None:
    """Near Tanjungsari's edge a small accuracy decides; a large one is uncertain."""
    desa = kragan.find("33.17.12.2001")
    assert desa is not None
    inside, outside = near_tanjungsari_edge(metres)

    assert decide_zone(desa.zone, inside, accuracy_m=accuracy).decision is inner
    assert decide_zone(desa.zone, outside, accuracy_m=accuracy).decision is outer


def test_decide_zone_real_desa_polygons(
    kragan: BoundaryCollection, centroids: dict[str, Coordinate]
) -> None:
    """Each desa contains its own centroid and not Sumbersari's (except Sumbersari itself)."""
    sumbersari = centroids["Sumbersari"]
    for desa in kragan.boundaries:
        own = decide_zone(desa.zone, centroids[desa.name], accuracy_m=20)
        other = decide_zone(desa.zone, sumbersari, accuracy_m=20)

        assert own.decision is ZoneDecision.INSIDE, desa.name
        expected = ZoneDecision.INSIDE if desa.name == "Sumbersari" else ZoneDecision.OUTSIDE
        assert other.decision is expected, desa.name


def test_decide_zones_prefers_inside(office: CircleZone, centroids: dict[str, Coordinate]) -> None:
    """Inside the hall but outside the office gives the hall's inside decision."""
    hall = CircleZone(kind=ZoneKind.HALL, centre=centroids["Sudan"], radius_m=60, zone_id=2)

    result = decide_zones([office, hall], move(hall.centre, 0, 20), accuracy_m=10)

    assert (result.decision, result.zone_id) == (ZoneDecision.INSIDE, 2)


def test_decide_zones_outside_reports_nearest(
    office: CircleZone, centroids: dict[str, Coordinate]
) -> None:
    """Outside every zone, the nearest zone is reported."""
    camat = CircleZone(
        kind=ZoneKind.DISTRICT_OFFICE, centre=centroids["Sudan"], radius_m=60, zone_id=3
    )

    result = decide_zones([camat, office], move(office.centre, 0, 300), accuracy_m=10)

    assert (result.decision, result.zone_id) == (ZoneDecision.OUTSIDE, 1)


def test_decide_zones_without_zones_raises(centroids: dict[str, Coordinate]) -> None:
    """No zone at all is an error, not an outside decision."""
    with pytest.raises(InvalidZone, match="At least one zone is needed"):
        decide_zones([], centroids["Kragan"])


def test_zone_result_to_dict_is_json(office: CircleZone) -> None:
    """The result serialises with rounded distances and reason codes."""
    result = decide_zone(office, move(office.centre, 0, 425), accuracy_m=12)

    data = json.loads(json.dumps(result.to_dict()))

    assert data == {
        "decision": "outside",
        "zone": {"id": 1, "kind": "office", "name": "Kantor"},
        "distance_m": 350.0,
        "edge_distance_m": 350.0,
        "accuracy_m": 12.0,
        "reasons": ["outside_zone"],
    }
