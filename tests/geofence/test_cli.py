"""Tests for geofence.cli: `geo check`, `village set-office` and `village import-boundaries`."""

from __future__ import annotations

import asyncio
import json
from pathlib import Path

import pytest
from typer.testing import CliRunner, Result

from attendance.database import open_database
from attendance.enums import LocationSource, ZoneKind
from attendance.models import AuditEntry, District, Village, Zone
from geofence.boundary import bundled_boundaries_path
from geofence.cli import geo_app, village_app
from geofence.point import Coordinate
from tests.geofence.places import move

KRAGAN = Coordinate(lat=-6.698888, lng=111.615907)
VILLAGES = (("33.17.12.2012", "Kragan", KRAGAN), ("33.17.12.2027", "Sumbersari", None))


@pytest.fixture
def database_url(tmp_path: Path) -> str:
    """Return a migrated SQLite database with Kragan (office zone) and Sumbersari (none)."""
    url = "sqlite://" + str(tmp_path / "x.sqlite3")
    asyncio.run(_seed(url))
    return url


async def _seed(url: str) -> None:
    async with open_database(url):
        district = await District.create(
            code="33.17.12", name="Kragan", regency="Rembang", timezone="Asia/Jakarta"
        )
        for code, name, office in VILLAGES:
            village = await Village.create(
                code=code, name=name, district=district, timezone="Asia/Jakarta"
            )
            if office is not None:
                await Zone.create(
                    village=village,
                    kind=ZoneKind.OFFICE,
                    name=f"Kantor Desa {name}",
                    lat=office.lat,
                    lng=office.lng,
                    radius_m=75,
                    source=LocationSource.CENTROID,
                )


def run(app: object, database_url: str, *args: str) -> Result:
    """Invoke a command with DATABASE_URL pointing at the test database."""
    env = {"DATABASE_URL": database_url, "SREGEP_CONFIG": None}
    return CliRunner().invoke(app, list(args), env=env)  # type: ignore[arg-type]


def check(database_url: str, point: Coordinate, *extra: str) -> Result:
    """Run `geo check` for Kragan at `point`."""
    return run(
        geo_app,
        database_url,
        "--village", "33.17.12.2012",
        "--lat", repr(point.lat),
        "--lng", repr(point.lng),
        *extra,
    )  # fmt: skip


def test_check_inside_office_prints_json(database_url: str) -> None:
    """30 m from the office point with accuracy 10 is inside, 0 m away."""
    result = check(database_url, move(KRAGAN, 60, 30), "--accuracy", "10", "--format", "json")

    assert result.exit_code == 0, result.output
    report = json.loads(result.stdout)
    assert (report["decision"], report["distance_m"], report["accuracy_m"]) == ("inside", 0, 10)
    assert report["reasons"] == ["inside_zone"]
    assert report["zone"]["kind"] == "office"
    assert report["village_boundary"] is None


def test_check_outside_office_reports_distance(database_url: str) -> None:
    """425 m away is outside, 350 m from the office circle, with the Indonesian message."""
    result = check(database_url, move(KRAGAN, 200, 425), "--accuracy", "20", "--format", "json")

    report = json.loads(result.stdout)
    assert (report["decision"], report["distance_m"]) == ("outside", 350.0)
    assert report["message"].startswith("Lokasi Anda di luar area kantor desa (±350 m).")


def test_check_without_accuracy_says_so(database_url: str) -> None:
    """No --accuracy: judged as an exact point, with accuracy_missing."""
    result = check(database_url, KRAGAN, "--format", "json")

    assert json.loads(result.stdout)["reasons"] == ["accuracy_missing", "inside_zone"]


def test_check_table_format(database_url: str) -> None:
    """The table lists decision, distance and reasons one per line."""
    result = check(database_url, move(KRAGAN, 0, 100), "--accuracy", "50")

    assert result.exit_code == 0
    assert "decision  uncertain" in result.stdout
    assert "reasons   uncertain_edge" in result.stdout


@pytest.mark.parametrize(
    ("lat", "words"),
    [
        ("nan", "Latitude nan is not a number. Latitude must be between -90 and 90."),
        ("-91", "Latitude -91.0 is out of range."),
    ],
)
def test_check_bad_latitude_exits_2(database_url: str, lat: str, words: str) -> None:
    """NaN or out-of-range latitude: exit code 2 and the rule on stderr."""
    result = run(
        geo_app, database_url, "--village", "33.17.12.2012", "--lat", lat, "--lng", "111.6"
    )

    assert result.exit_code == 2
    assert words in result.stderr


def test_check_nan_accuracy_exits_2(database_url: str) -> None:
    """A NaN accuracy is bad input."""
    result = check(database_url, KRAGAN, "--accuracy", "nan")

    assert (result.exit_code, "Accuracy nan is not a number" in result.stderr) == (2, True)


def test_check_unknown_village_exits_2(database_url: str) -> None:
    """An unknown village code is named on stderr."""
    result = run(
        geo_app, database_url, "--village", "33.17.12.2099", "--lat", "-6.7", "--lng", "111.6"
    )

    assert result.exit_code == 2
    assert "Village '33.17.12.2099' is not configured." in result.stderr


def test_check_village_without_zone_exits_2(database_url: str) -> None:
    """A village with no active zone says how to set one."""
    result = run(
        geo_app, database_url, "--village", "33.17.12.2027", "--lat", "-6.65", "--lng", "111.56"
    )

    assert result.exit_code == 2
    assert "sregep village set-office" in result.stderr


def test_set_office_accepts_negative_latitude(database_url: str) -> None:
    """`set-office KODE -6.65 111.56 --radius 60` creates the office circle, surveyed, audited."""
    result = run(
        village_app, database_url, "set-office", "33.17.12.2027", "-6.652762", "111.562877",
        "--radius", "60",
    )  # fmt: skip

    assert result.exit_code == 0, result.output
    assert "radius 60 m" in result.stdout
    zone, actions = asyncio.run(_office_and_audit(database_url, "33.17.12.2027"))
    assert (zone.lat, zone.lng, zone.radius_m) == (-6.652762, 111.562877, 60)
    assert zone.source is LocationSource.SURVEYED
    assert actions == ["zone.set_office"]


def test_set_office_default_radius_from_settings(database_url: str) -> None:
    """Without --radius the configured default (75 m) is used."""
    result = run(village_app, database_url, "set-office", "33.17.12.2027", "-6.65", "111.56")

    assert result.exit_code == 0, result.output
    assert "radius 75 m" in result.stdout


def test_set_office_bad_radius_exits_2(database_url: str) -> None:
    """A negative radius is refused with the rule."""
    result = run(
        village_app, database_url, "set-office", "33.17.12.2012", "-6.7", "111.6", "--radius", "-5"
    )

    assert result.exit_code == 2
    assert "Radius must be a finite number of metres above 0." in result.stderr


def test_import_boundaries_bundled_file(database_url: str) -> None:
    """The bundled file stores Kragan's polygon; Sumbersari too; the rest have no village."""
    result = run(village_app, database_url, "import-boundaries", str(bundled_boundaries_path()))

    assert result.exit_code == 0, result.output
    assert "Stored 2 village boundaries." in result.stdout
    assert "Skipped 19 codes with no village in storage." in result.stdout
    assert result.stdout.count("Set aside: Village 33.17.12.20") == 6

    report = json.loads(check(database_url, KRAGAN, "--accuracy", "10", "--format", "json").stdout)
    assert report["village_boundary"]["decision"] == "inside"


def test_import_boundaries_bad_file_exits_2(database_url: str, tmp_path: Path) -> None:
    """A file that is not GeoJSON is refused before the database is touched."""
    path = tmp_path / "x.geojson"
    path.write_text("[]", encoding="utf-8")

    result = run(village_app, database_url, "import-boundaries", str(path))

    assert result.exit_code == 2
    assert "must be a GeoJSON FeatureCollection" in result.stderr


async def _office_and_audit(url: str, code: str) -> tuple[Zone, list[str]]:
    async with open_database(url):
        zone = await Zone.get(village__code=code, kind=ZoneKind.OFFICE)
        actions = await AuditEntry.filter(target_type="zone").values_list("action", flat=True)
    return zone, [str(action) for action in actions]
