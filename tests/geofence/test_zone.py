"""Tests for geofence.zone: circles and polygons on real Kragan places, and invalid shapes."""

from __future__ import annotations

import math
from typing import Any

import pytest

from geofence import (
    BoundaryCollection,
    CircleZone,
    Coordinate,
    InvalidPolygon,
    InvalidZone,
    PolygonZone,
    ZoneKind,
)
from tests.geofence.places import NearEdge, move, square


@pytest.fixture
def kragan_office(centroids: dict[str, Coordinate]) -> CircleZone:
    """Return a 75 m office circle on the Kragan village centroid (as seeded from config)."""
    return CircleZone(
        kind=ZoneKind.OFFICE, centre=centroids["Kragan"], radius_m=75, name="Kantor Desa Kragan"
    )


@pytest.mark.parametrize(
    ("metres", "azimuth"), [(0, 0), (30, 45), (74, 180), (120, 270), (350, 10)]
)
def test_circle_edge_distance_is_distance_minus_radius(
    kragan_office: CircleZone, metres: float, azimuth: float
) -> None:
    """A point a known distance from the centre is that distance minus 75 m from the edge."""
    point = move(kragan_office.centre, azimuth, metres)

    assert kragan_office.edge_distance_m(point) == pytest.approx(metres - 75, abs=0.01)


@pytest.mark.parametrize("radius", [0, -5, math.nan, math.inf, True])
def test_circle_bad_radius_is_rejected(centroids: dict[str, Coordinate], radius: float) -> None:
    """A radius that is not a positive finite number names the zone, the value and the rule."""
    with pytest.raises(InvalidZone, match="Radius must be a finite number of metres above 0"):
        CircleZone(kind=ZoneKind.OFFICE, centre=centroids["Sudan"], radius_m=radius, name="x")


def test_circle_error_names_zone_and_value(centroids: dict[str, Coordinate]) -> None:
    """The radius message reads like `Zone 'Kantor' has radius -5.`."""
    with pytest.raises(InvalidZone, match=r"^Zone 'Kantor' has radius -5\. "):
        CircleZone(kind=ZoneKind.OFFICE, centre=centroids["Sudan"], radius_m=-5, name="Kantor")


def test_polygon_own_centroid_is_inside(kragan: BoundaryCollection) -> None:
    """Kragan's centroid lies inside the Kragan desa polygon."""
    zone = kragan.find("33.17.12.2012")
    assert zone is not None

    assert zone.zone.edge_distance_m(zone.centroid) < 0


def test_polygon_centroid_matches_file_centroid(
    kragan: BoundaryCollection, centroids: dict[str, Coordinate]
) -> None:
    """Each computed area centroid is within 5 m of the centroid published with the data."""
    for boundary in kragan.boundaries:
        assert boundary.centroid.distance_m(centroids[boundary.name]) < 5


def test_polygon_other_village_centroid_is_outside(
    kragan: BoundaryCollection, centroids: dict[str, Coordinate]
) -> None:
    """Sumbersari's centroid is outside Tanjungsari, and nearer than the centroids' distance."""
    tanjungsari = kragan.find("33.17.12.2001")
    assert tanjungsari is not None
    sumbersari = centroids["Sumbersari"]

    distance = tanjungsari.zone.edge_distance_m(sumbersari)

    assert 0 < distance < sumbersari.distance_m(tanjungsari.centroid)


@pytest.mark.parametrize("metres", [2.0, 10.0, 25.0])
def test_polygon_edge_distance_near_real_edge(
    near_tanjungsari_edge: NearEdge, kragan: BoundaryCollection, metres: float
) -> None:
    """Points a known distance inside and outside Tanjungsari's longest edge measure ∓ that."""
    tanjungsari = kragan.find("33.17.12.2001")
    assert tanjungsari is not None
    inside, outside = near_tanjungsari_edge(metres)

    assert tanjungsari.zone.edge_distance_m(inside) == pytest.approx(-metres, abs=0.05)
    assert tanjungsari.zone.edge_distance_m(outside) == pytest.approx(metres, abs=0.05)


def test_polygon_point_in_hole_is_outside(kragan: BoundaryCollection) -> None:
    """A point in one of the holes of Kendalagung's polygon is outside Kendalagung."""
    kendalagung = kragan.find("33.17.12.2005")
    assert kendalagung is not None
    hole = kendalagung.geometry["coordinates"][1]
    corners = hole[:-1]
    middle = Coordinate(
        lat=sum(lat for _, lat in corners) / len(corners),
        lng=sum(lng for lng, _ in corners) / len(corners),
    )

    assert kendalagung.zone.edge_distance_m(middle) > 0


def test_polygon_to_geojson_round_trips(kragan_features: dict[str, dict[str, Any]]) -> None:
    """A zone's GeoJSON builds an equal zone."""
    geometry = kragan_features["33.17.12.2001"]["geometry"]
    zone = PolygonZone.from_geojson(geometry, kind=ZoneKind.OTHER, name="Tanjungsari")

    again = PolygonZone.from_geojson(zone.to_geojson(), kind=ZoneKind.OTHER, name="Tanjungsari")

    assert again == zone


def test_polygon_multipolygon_is_accepted(centroids: dict[str, Coordinate]) -> None:
    """A MultiPolygon of two squares contains points in either square."""
    squares = [square(centroids[name], 100) for name in ("Kragan", "Sudan")]
    geometry = {"type": "MultiPolygon", "coordinates": [[ring] for ring in squares]}

    zone = PolygonZone.from_geojson(geometry, kind=ZoneKind.HALL, name="Dua balai")

    assert zone.edge_distance_m(centroids["Kragan"]) < 0
    assert zone.edge_distance_m(centroids["Sudan"]) < 0
    assert zone.edge_distance_m(centroids["Narukan"]) > 0


def test_polygon_self_intersecting_is_explained(centroids: dict[str, Coordinate]) -> None:
    """A bow-tie ring is refused with shapely's explanation (self-intersection)."""
    a, b, c, d = square(centroids["Kragan"], 100)[:4]
    bowtie = {"type": "Polygon", "coordinates": [[a, c, b, d, a]]}

    with pytest.raises(InvalidPolygon, match=r"^Polygon 'Balai' is not a valid area: Self-inters"):
        PolygonZone.from_geojson(bowtie, kind=ZoneKind.HALL, name="Balai")


def test_polygon_swapped_positions_are_explained() -> None:
    """[latitude, longitude] positions name the position and remind of GeoJSON order."""
    swapped = {
        "type": "Polygon",
        "coordinates": [[[-6.70, 111.61], [-6.70, 111.62], [-6.69, 111.62], [-6.70, 111.61]]],
    }

    with pytest.raises(InvalidPolygon) as caught:
        PolygonZone.from_geojson(swapped, kind=ZoneKind.OTHER, name="Terbalik")

    assert "ring 0 position 0 [-6.7, 111.61] is not a place on Earth" in str(caught.value)
    assert "GeoJSON positions are [longitude, latitude]" in str(caught.value)


def test_polygon_real_broken_feature_is_explained(
    kragan_features: dict[str, dict[str, Any]],
) -> None:
    """Tanjungan's source geometry (2-point lines nested as a Polygon) is refused clearly."""
    with pytest.raises(
        InvalidPolygon, match=r"ring 0 position 0 is .* not a \[longitude, latitude\] pair"
    ):
        PolygonZone.from_geojson(
            kragan_features["33.17.12.2007"]["geometry"], kind=ZoneKind.OTHER, name="Tanjungan"
        )


@pytest.mark.parametrize(
    ("geometry", "words"),
    [
        ({"type": "Point", "coordinates": [111.6, -6.7]}, "has geometry type 'Point'"),
        ({"type": "Polygon", "coordinates": []}, "has no list of coordinates"),
        ({"type": "Polygon", "coordinates": [[[111.6, -6.7], [111.61, -6.7]]]}, "cannot be built"),
        (
            {
                "type": "Polygon",
                "coordinates": [[[111.6, -6.7], [111.6, -6.7], [111.6, -6.7], [111.6, -6.7]]],
            },
            "is not a valid area",
        ),
        ({"type": "MultiPolygon", "coordinates": [[]]}, "polygon 0 has no list of rings"),
        (
            {"type": "Polygon", "coordinates": [[[111.6, "x"]]]},
            "not a \\[longitude, latitude\\] pair",
        ),
        (
            {
                "type": "Polygon",
                "coordinates": [
                    [[111.6, math.nan], [111.61, -6.7], [111.6, -6.71], [111.6, math.nan]]
                ],
            },
            "is not a place on Earth",
        ),
    ],
)
def test_polygon_invalid_geometry_is_rejected(geometry: dict[str, Any], words: str) -> None:
    """Wrong types, empty, too short, degenerate or non-numeric polygons are refused."""
    with pytest.raises(InvalidPolygon, match=words):
        PolygonZone.from_geojson(geometry, kind=ZoneKind.OTHER, zone_id=7)
