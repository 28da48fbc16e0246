"""The `sregep` sub-commands that work on the database."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from service.cli import app

runner = CliRunner()


@pytest.fixture
def environment(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> dict[str, str]:
    """Point the CLI at a fresh SQLite file and vault key."""
    monkeypatch.setenv("DATABASE_URL", f"sqlite://{tmp_path / 'cli.sqlite3'}")
    monkeypatch.setenv("SREGEP_DATA_DIR", str(tmp_path))
    return {}


def test_report_day_json_prints_computed_sample_day(environment: dict[str, str]) -> None:
    """After `demo seed`, the JSON report shows each sample person's computed day."""
    seeded = runner.invoke(app, ["demo", "seed", "--date", "2026-12-07"])
    again = runner.invoke(app, ["demo", "seed", "--date", "2026-12-07"])
    result = runner.invoke(app, ["report", "day", "--date", "2026-12-07", "--format", "json"])

    assert seeded.exit_code == 0, seeded.output
    assert "0 new events" in again.output
    assert result.exit_code == 0, result.output
    report = json.loads(result.stdout)
    rows = {row["name"]: row for row in report["rows"]}
    assert rows["Contoh Kades A"]["status"] == "on_time"
    assert rows["Contoh Kades A"]["first_in"] == "06:55"
    sekdes = rows["Contoh Sekdes A"]
    assert (sekdes["status"], sekdes["late_minutes"], sekdes["early_minutes"]) == ("late", 12, 20)
    assert sekdes["last_out"] == "13:40"


def test_report_day_table_for_one_village(environment: dict[str, str]) -> None:
    """The table report can be limited to one village."""
    runner.invoke(app, ["demo", "seed", "--date", "2026-12-07"])

    result = runner.invoke(
        app, ["report", "day", "--date", "2026-12-07", "--village", "33.17.12.2002"]
    )

    assert result.exit_code == 0, result.output
    assert "Contoh Kaur B" in result.stdout
    assert "Contoh Kades A" not in result.stdout


@pytest.mark.parametrize(
    ("arguments", "message"),
    [
        (["report", "day", "--date", "07-12-2026"], "YYYY-MM-DD"),
        (["report", "day", "--date", "2026-12-07", "--village", "33.17.12.9999"], "9999"),
    ],
)
def test_report_day_bad_input_exits_2(
    environment: dict[str, str], arguments: list[str], message: str
) -> None:
    """A malformed date or unknown village gives exit 2 and says what is wrong."""
    result = runner.invoke(app, arguments)

    assert result.exit_code == 2
    assert message in result.stderr


def test_admin_create_and_refuse_duplicate(
    environment: dict[str, str], monkeypatch: pytest.MonkeyPatch
) -> None:
    """The first admin is created from the command line; the same name twice is refused."""
    monkeypatch.setenv("SREGEP_ADMIN_PASSWORD", "rahasia-camat-2026")
    arguments = ["admin", "create", "--username", "camat", "--role", "camat"]

    first = runner.invoke(app, arguments)
    second = runner.invoke(app, arguments)

    assert first.exit_code == 0, first.output
    assert "created" in first.stdout
    assert second.exit_code == 2
    assert "taken" in second.stderr


def test_db_upgrade_is_repeatable(environment: dict[str, str]) -> None:
    """Upgrading an up-to-date database does nothing and succeeds."""
    assert runner.invoke(app, ["db", "upgrade"]).exit_code == 0
    result = runner.invoke(app, ["db", "upgrade"])

    assert result.exit_code == 0
    assert "up to date" in result.stdout
