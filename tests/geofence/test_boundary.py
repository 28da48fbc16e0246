"""Tests for geofence.boundary: the bundled Kragan file, the shared Rembang file, bad files."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from geofence import BoundaryCollection, BoundaryFileError, parse_boundaries, read_boundaries
from geofence.boundary import bundled_boundaries_path

LICENSE = (
    "MIT, (c) 2024 cahya dsn, from the wilayah_boundaries dataset "
    "(github.com/cahyadsn/wilayah_boundaries)"
)
BROKEN_IN_SOURCE = (
    "33.17.12.2007",
    "33.17.12.2008",
    "33.17.12.2011",
    "33.17.12.2013",
    "33.17.12.2020",
    "33.17.12.2025",
)


def square_feature(code: str, name: str = "Desa") -> dict[str, Any]:
    """Return a feature with a small valid square near Kragan."""
    ring = [[111.61, -6.70], [111.62, -6.70], [111.62, -6.69], [111.61, -6.69], [111.61, -6.70]]
    return {
        "type": "Feature",
        "properties": {"kode": code, "nama": name},
        "geometry": {"type": "Polygon", "coordinates": [ring]},
    }


def test_read_boundaries_bundled_kragan(kragan: BoundaryCollection) -> None:
    """The bundled file has 27 villages: 21 usable polygons, 6 broken in the source data."""
    assert len(kragan.boundaries) == 21
    assert tuple(feature.code for feature in kragan.rejected) == BROKEN_IN_SOURCE
    assert all(code.startswith("33.17.12.") for code in (b.code for b in kragan.boundaries))


def test_read_boundaries_keeps_license(kragan: BoundaryCollection) -> None:
    """The MIT attribution of the source dataset travels with the collection."""
    assert kragan.license == LICENSE


def test_read_boundaries_broken_feature_is_explained(kragan: BoundaryCollection) -> None:
    """A set-aside village names its code and what is wrong with its geometry."""
    tanjungan = kragan.rejected[0]

    assert tanjungan.problem.startswith("Village 33.17.12.2007: Polygon 'Tanjungan' ring 0 ")
    assert "not a [longitude, latitude] pair" in tanjungan.problem


def test_boundary_find_returns_record(kragan: BoundaryCollection) -> None:
    """A record has code, name, GeoJSON geometry and a centroid."""
    kragan_desa = kragan.find("33.17.12.2012")

    assert kragan_desa is not None
    assert kragan_desa.name == "Kragan"
    assert kragan_desa.geometry["type"] == "Polygon"
    assert kragan_desa.centroid.lat == pytest.approx(-6.6989, abs=0.001)
    assert kragan.find("33.17.12.2007") is None


@pytest.mark.shared
def test_read_boundaries_shared_rembang(shared_dir: Path) -> None:
    """All 294 Rembang villages are read: 271 usable, 23 with the source's broken geometry."""
    collection = read_boundaries(shared_dir / "geo" / "rembang_desa.geojson")

    assert (len(collection.boundaries), len(collection.rejected)) == (271, 23)
    assert collection.license == LICENSE


@pytest.mark.shared
def test_bundled_file_is_the_kragan_extract_of_shared(shared_dir: Path) -> None:
    """The bundled file holds exactly the 33.17.12 features of the shared file, unchanged."""
    source = json.loads((shared_dir / "geo" / "rembang_desa.geojson").read_text("utf-8"))
    bundled = json.loads(bundled_boundaries_path().read_text("utf-8"))
    expected = [f for f in source["features"] if f["properties"]["kode"].startswith("33.17.12.")]

    assert bundled["features"] == expected
    assert bundled["license"] == source["license"]


def test_parse_boundaries_english_keys_and_duplicates() -> None:
    """`code`/`name` keys work; a repeated code is set aside, not silently overwritten."""
    first = square_feature("33.17.12.2012", "Kragan")
    first["properties"] = {"code": "33.17.12.2012", "name": "Kragan"}
    document = {"type": "FeatureCollection", "features": [first, square_feature("33.17.12.2012")]}

    collection = parse_boundaries(document)

    assert [b.name for b in collection.boundaries] == ["Kragan"]
    assert "repeats village code 33.17.12.2012" in collection.rejected[0].problem


@pytest.mark.parametrize(
    ("feature", "words"),
    [
        ({"type": "Feature", "geometry": None}, "has no properties object"),
        ({"type": "Feature", "properties": {"nama": "X"}}, "has no village code"),
        ({"type": "Feature", "properties": {"kode": "33.17.12.2001"}}, "has no geometry object"),
    ],
)
def test_parse_boundaries_sets_aside_bad_features(feature: dict[str, Any], words: str) -> None:
    """Features without properties, code or geometry are set aside with a reason."""
    document = {
        "type": "FeatureCollection",
        "features": [feature, square_feature("33.17.12.2012")],
    }

    collection = parse_boundaries(document)

    assert len(collection.boundaries) == 1
    assert words in collection.rejected[0].problem


def test_read_boundaries_missing_file(tmp_path: Path) -> None:
    """A missing file names the path."""
    with pytest.raises(BoundaryFileError, match="cannot be read"):
        read_boundaries(tmp_path / "nope.geojson")


def test_read_boundaries_not_json(tmp_path: Path) -> None:
    """A file that is not JSON names the line and column."""
    path = tmp_path / "bad.geojson"
    path.write_text('{"type": "FeatureCollection",\n "features": [,]}', encoding="utf-8")

    with pytest.raises(BoundaryFileError, match=r"is not valid JSON: .* at line 2, column"):
        read_boundaries(path)


@pytest.mark.parametrize(
    ("document", "words"),
    [
        ({"type": "Feature"}, "is a 'Feature'. Village boundaries must be a GeoJSON Feature"),
        ([1, 2], "is a 'list'"),
        ({"type": "FeatureCollection", "features": {}}, "has no 'features' list"),
    ],
)
def test_parse_boundaries_rejects_non_collections(document: object, words: str) -> None:
    """Anything but a FeatureCollection with a features list is a file error."""
    with pytest.raises(BoundaryFileError, match=words):
        parse_boundaries(document)
