"""Settings: the bundled config, environment overrides and clear errors for bad values."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from config.settings import SettingsError, bundled_config_path, load_settings

KRAGAN_CODES = [f"33.17.12.{2000 + n}" for n in range(1, 28)]


def test_load_settings_bundled_kragan_has_27_villages_as_centroids() -> None:
    """With no file and no environment, the bundled Kragan config is used."""
    settings = load_settings()

    district = settings.district
    assert (district.code, district.name, district.timezone) == (
        "33.17.12",
        "Kragan",
        "Asia/Jakarta",
    )
    assert [v.code for v in district.villages] == KRAGAN_CODES
    assert {v.location_source for v in district.villages} == {"centroid"}
    tegalmulyo = next(v for v in district.villages if v.code == "33.17.12.2013")
    assert (tegalmulyo.name, round(tegalmulyo.lat, 4), round(tegalmulyo.lng, 4)) == (
        "Tegalmulyo",
        -6.6935,
        111.6055,
    )
    assert settings.database_url == "sqlite://data/sregep.sqlite3"


def test_load_settings_environment_overrides_file(monkeypatch: pytest.MonkeyPatch) -> None:
    """DATABASE_URL and SREGEP_SERVER__PORT win over the file."""
    monkeypatch.setenv("DATABASE_URL", "postgres://postgres@127.0.0.1:5432/test")
    monkeypatch.setenv("SREGEP_SERVER__PORT", "9000")

    settings = load_settings()

    assert settings.database_url.startswith("postgres://")
    assert settings.server.port == 9000


def test_load_settings_bad_value_names_key_and_rule(monkeypatch: pytest.MonkeyPatch) -> None:
    """A non-numeric port stops start-up with the key, the rule and the value."""
    monkeypatch.setenv("SREGEP_SERVER__PORT", "delapan")

    with pytest.raises(SettingsError) as caught:
        load_settings()

    message = str(caught.value)
    assert "server.port" in message
    assert "valid integer" in message
    assert "'delapan'" in message


def test_load_settings_bad_json_in_environment_names_the_variable(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """A list given in the environment that is not JSON is blamed on the variable, not the file."""
    monkeypatch.setenv("SREGEP_TELEGRAM__ADMIN_USER_IDS", "111, 222")

    with pytest.raises(SettingsError) as refused:
        load_settings()

    assert "SREGEP_TELEGRAM__ADMIN_USER_IDS" in str(refused.value)
    assert "TOML" not in str(refused.value)


def test_load_settings_missing_file_is_named(tmp_path: Path) -> None:
    """A config path that does not exist is reported by name."""
    missing = tmp_path / "nope.toml"

    with pytest.raises(SettingsError, match=r"nope\.toml"):
        load_settings(missing)


def test_load_settings_unknown_key_is_refused(tmp_path: Path) -> None:
    """A misspelt key is an error, not silently ignored."""
    text = bundled_config_path().read_text().replace("day_boundary_hour", "day_boundry_hour")
    path = tmp_path / "typo.toml"
    path.write_text(text)

    with pytest.raises(SettingsError, match="day_boundry_hour"):
        load_settings(path)


def test_load_settings_other_district_in_wita(tmp_path: Path) -> None:
    """Another kecamatan in WITA needs only a different file."""
    path = tmp_path / "wita.toml"
    path.write_text(
        bundled_config_path()
        .read_text()
        .split("# The 27 desa")[0]
        .replace('code = "33.17.12"', 'code = "73.71.01"')
        .replace('timezone = "Asia/Jakarta"', 'timezone = "Asia/Makassar"')
        + '\n[[district.villages]]\ncode = "73.71.01.1001"\nname = "Uji"\n'
        "lat = -5.14\nlng = 119.42\n"
    )

    settings = load_settings(path)

    assert settings.district.timezone == "Asia/Makassar"
    assert settings.district.villages[0].code == "73.71.01.1001"


@pytest.mark.parametrize(
    ("old", "new", "expected"),
    [
        ('timezone = "Asia/Jakarta"', 'timezone = "Asia/Rembang"', "not an IANA zone"),
        ('code = "33.17.12.2001"', 'code = "33.17.12.2002"', "more than once"),
        ('code = "33.17.12.2001"', 'code = "33.17.11.2001"', "do not belong to district"),
        ("lat = -6.706", "lat = -96.706", r"villages\.0\.lat: Input should be greater than"),
        (
            "mon = { start = 07:00:00, end = 14:00:00 }",
            "mon = { start = 14:00:00, end = 07:00:00 }",
            "before it starts",
        ),
    ],
)
def test_load_settings_rejects_broken_district(
    tmp_path: Path, old: str, new: str, expected: str
) -> None:
    """Each broken rule of the district section is reported with its rule."""
    text = bundled_config_path().read_text()
    assert old in text
    path = tmp_path / "broken.toml"
    path.write_text(text.replace(old, new, 1))

    with pytest.raises(SettingsError, match=expected):
        load_settings(path)


def test_load_settings_webhook_mode_needs_url_and_secret(monkeypatch: pytest.MonkeyPatch) -> None:
    """Webhook mode with a token but no public URL stops start-up naming what is missing."""
    monkeypatch.setenv("SREGEP_TELEGRAM__TOKEN", "123:abc")
    monkeypatch.setenv("SREGEP_TELEGRAM__MODE", "webhook")

    with pytest.raises(SettingsError) as caught:
        load_settings()

    assert "server.public_url" in str(caught.value)
    assert "123:abc" not in str(caught.value)


def test_settings_are_frozen() -> None:
    """Settings cannot be changed after start-up."""
    settings = load_settings()

    with pytest.raises(ValueError, match="frozen"):
        settings.server.port = 1
    assert settings.district.work_rules[0].effective_from == dt.date(2025, 1, 1)
