"""Fixtures for the geofence tests: real Kragan places from the bundled configuration."""

from __future__ import annotations

import itertools
import json
import tomllib
from pathlib import Path
from typing import Any

import pytest

from config.settings import bundled_config_path
from geofence import BoundaryCollection, Coordinate, read_boundaries
from geofence.boundary import bundled_boundaries_path
from tests.geofence.places import SHARED, WGS84, NearEdge, move


@pytest.fixture(scope="session")
def centroids() -> dict[str, Coordinate]:
    """Return the configured centroids of the 27 Kragan villages by village name."""
    with bundled_config_path().open("rb") as handle:
        config = tomllib.load(handle)
    return {
        village["name"]: Coordinate(lat=village["lat"], lng=village["lng"])
        for village in config["district"]["villages"]
    }


@pytest.fixture(scope="session")
def kragan() -> BoundaryCollection:
    """Return the bundled Kragan village boundaries."""
    return read_boundaries(bundled_boundaries_path())


@pytest.fixture(scope="session")
def kragan_features() -> dict[str, dict[str, Any]]:
    """Return the raw GeoJSON features of the bundled file by village code."""
    document = json.loads(bundled_boundaries_path().read_text(encoding="utf-8"))
    return {feature["properties"]["kode"]: feature for feature in document["features"]}


@pytest.fixture(scope="session")
def near_tanjungsari_edge(kragan_features: dict[str, dict[str, Any]]) -> NearEdge:
    """Return a function giving points `d` metres inside and outside Tanjungsari's longest edge.

    Worked out from the raw ring alone: the edge's midpoint, moved square to the edge towards
    the interior (left of travel on a counter-clockwise ring, right on a clockwise one).
    """
    ring = kragan_features["33.17.12.2001"]["geometry"]["coordinates"][0]
    segments = list(itertools.pairwise(ring))
    counter_clockwise = sum(x1 * y2 - x2 * y1 for (x1, y1), (x2, y2) in segments) > 0
    (x1, y1), (x2, y2) = max(segments, key=lambda s: WGS84.inv(*s[0], *s[1])[2])
    azimuth, _, length = WGS84.inv(x1, y1, x2, y2)
    mid_lng, mid_lat, back_azimuth = WGS84.fwd(x1, y1, azimuth, length / 2)
    heading = back_azimuth + 180
    inward = heading - 90 if counter_clockwise else heading + 90
    middle = Coordinate(lat=mid_lat, lng=mid_lng)

    def near(metres: float) -> tuple[Coordinate, Coordinate]:
        return move(middle, inward, metres), move(middle, inward + 180, metres)

    return near


@pytest.fixture
def shared_dir() -> Path:
    """Return ../shared, or skip when this checkout has none beside it."""
    if not SHARED.is_dir():
        pytest.skip(f"{SHARED} is absent: the shared test data sits beside the project checkout.")
    shared: Path = SHARED
    return shared
