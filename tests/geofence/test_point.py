"""Tests for geofence.point: coordinate validation, accuracy validation, geodesic distance."""

from __future__ import annotations

import math

import pytest
from hypothesis import given
from hypothesis import strategies as st
from pyproj import Geod

from geofence import Coordinate, InvalidAccuracy, InvalidCoordinate, check_accuracy

latitudes = st.floats(min_value=-90, max_value=90, allow_nan=False)
longitudes = st.floats(min_value=-180, max_value=180, allow_nan=False)
outside_latitudes = st.floats(min_value=90, exclude_min=True) | st.floats(
    max_value=-90, exclude_max=True
)
outside_longitudes = st.floats(min_value=180, exclude_min=True) | st.floats(
    max_value=-180, exclude_max=True
)


@given(lat=latitudes, lng=longitudes)
def test_coordinate_in_range_is_accepted(lat: float, lng: float) -> None:
    """Every finite latitude in [-90, 90] and longitude in [-180, 180] is a coordinate."""
    point = Coordinate(lat=lat, lng=lng)

    assert (point.lat, point.lng) == (lat, lng)


@given(lat=outside_latitudes, lng=longitudes)
def test_coordinate_latitude_out_of_range_is_rejected(lat: float, lng: float) -> None:
    """A latitude beyond ±90 (or infinite) is rejected, and the message states the rule."""
    with pytest.raises(InvalidCoordinate, match="Latitude must be between -90 and 90"):
        Coordinate(lat=lat, lng=lng)


@given(lat=latitudes, lng=outside_longitudes)
def test_coordinate_longitude_out_of_range_is_rejected(lat: float, lng: float) -> None:
    """A longitude beyond ±180 (or infinite) is rejected, and the message states the rule."""
    with pytest.raises(InvalidCoordinate, match="Longitude must be between -180 and 180"):
        Coordinate(lat=lat, lng=lng)


def test_coordinate_nan_latitude_names_value_and_rule() -> None:
    """A NaN latitude is refused with the value and the rule in one sentence each."""
    with pytest.raises(InvalidCoordinate) as caught:
        Coordinate(lat=math.nan, lng=111.615907)

    assert str(caught.value) == (
        "Latitude nan is not a number. Latitude must be between -90 and 90."
    )


def test_coordinate_infinite_longitude_is_not_finite() -> None:
    """An infinite longitude is called not finite."""
    with pytest.raises(InvalidCoordinate, match=r"^Longitude inf is not finite\."):
        Coordinate(lat=-6.698888, lng=math.inf)


def test_coordinate_latitude_91_is_out_of_range() -> None:
    """Latitude 91 names the value and says it is out of range."""
    with pytest.raises(InvalidCoordinate, match=r"^Latitude 91 is out of range\."):
        Coordinate(lat=91, lng=111.615907)


@pytest.mark.parametrize("value", [True, "-6.7", None])
def test_coordinate_non_number_is_rejected(value: object) -> None:
    """Booleans, strings and None are not latitudes."""
    with pytest.raises(InvalidCoordinate, match="is not a number"):
        Coordinate(lat=value, lng=111.615907)  # type: ignore[arg-type]


def test_coordinate_swapped_kragan_point_is_rejected() -> None:
    """Kragan with latitude and longitude swapped has latitude 111.6, which is refused."""
    with pytest.raises(InvalidCoordinate, match=r"Latitude 111\.615907 is out of range"):
        Coordinate(lat=111.615907, lng=-6.698888)


def test_coordinate_distance_matches_known_geodesic(
    centroids: dict[str, Coordinate],
) -> None:
    """Kragan to Sumbersari centroids: 7,771.8 m by pyproj's Geod (independent of geopy)."""
    kragan, sumbersari = centroids["Kragan"], centroids["Sumbersari"]
    _, _, expected = Geod(ellps="WGS84").inv(
        kragan.lng, kragan.lat, sumbersari.lng, sumbersari.lat
    )

    assert kragan.distance_m(sumbersari) == pytest.approx(expected, abs=0.01)
    assert expected == pytest.approx(7771.8, abs=0.1)


def test_coordinate_rounded_compares_at_decimals() -> None:
    """Two points 0.04 m apart are the same at 6 decimals and differ at 7."""
    first = Coordinate(lat=-6.6988880, lng=111.6159070)
    second = Coordinate(lat=-6.6988884, lng=111.6159070)

    assert first.rounded(6) == second.rounded(6)
    assert first.rounded(7) != second.rounded(7)


@pytest.mark.parametrize("value", [0, 0.0, 1, 35.5, 1500, 100_000])
def test_check_accuracy_accepts_non_negative(value: float) -> None:
    """Zero and positive finite accuracies are returned as floats."""
    assert check_accuracy(value) == float(value)


def test_check_accuracy_keeps_none() -> None:
    """A missing accuracy stays missing."""
    assert check_accuracy(None) is None


@pytest.mark.parametrize(
    ("value", "words"),
    [(math.nan, "is not a number"), (-1.0, "is out of range"), (math.inf, "is out of range")],
)
def test_check_accuracy_rejects_bad_values(value: float, words: str) -> None:
    """NaN, negative and infinite accuracies are refused with the rule."""
    with pytest.raises(InvalidAccuracy, match=words) as caught:
        check_accuracy(value)

    assert "Accuracy must be a finite number of metres, 0 or more." in str(caught.value)
