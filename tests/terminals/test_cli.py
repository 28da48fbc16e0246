"""The `sregep device` commands on a fresh SQLite database."""

from __future__ import annotations

import asyncio
import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from attendance.database import open_database
from attendance.enums import Role
from attendance.models import Device, DevicePin
from attendance.people import create_person
from attendance.seed import sync_district
from config.settings import load_settings
from service.cli import app
from terminals.cli import device_app
from tests.terminals.conftest import KRAGAN

runner = CliRunner()


@pytest.fixture
def database(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> str:
    """Point the CLI at a fresh SQLite file and vault key; return the database URL."""
    url = f"sqlite://{tmp_path / 'cli.sqlite3'}"
    monkeypatch.setenv("DATABASE_URL", url)
    monkeypatch.setenv("SREGEP_DATA_DIR", str(tmp_path))
    return url


def run_sql(url: str, work: str) -> object:
    """Run one small piece of database work outside the CLI."""

    async def main() -> object:
        async with open_database(url):
            await sync_district(load_settings().district)
            if work == "person":
                return (await create_person("Siti Aminah", Role.STAF, KRAGAN, "test")).id
            if work == "pending":
                return (await Device.create(serial="NEW0042", protocol="adms")).id
            return await DevicePin.all().values_list("pin", "person_id")

    return asyncio.run(main())


def test_add_signed_device_prints_its_secret_once_and_lists_it(database: str) -> None:
    """Adding a signed terminal shows its new secret; the listing shows it approved."""
    added = runner.invoke(
        device_app, ["add", "GATE-01", "--protocol", "signed", "--village", KRAGAN]
    )
    again = runner.invoke(
        device_app, ["add", "GATE-01", "--protocol", "signed", "--village", KRAGAN]
    )
    listed = runner.invoke(device_app, ["list", "--format", "json"])

    assert added.exit_code == 0, added.output
    assert "Its secret (shown once" in added.stdout
    assert again.exit_code == 2
    assert "already registered" in again.stderr
    rows = json.loads(listed.stdout)
    assert [(row["serial"], row["status"], row["village_code"]) for row in rows] == [
        ("GATE-01", "approved", KRAGAN)
    ]


def test_approve_map_pin_and_sync_person(database: str) -> None:
    """A pending terminal is approved, a PIN mapped, and a person's sync queued."""
    run_sql(database, "pending")
    siti = run_sql(database, "person")

    approved = runner.invoke(device_app, ["approve", "NEW0042", "--village", KRAGAN])
    mapped = runner.invoke(device_app, ["map-pin", "NEW0042", "0042", str(siti)])
    synced = runner.invoke(device_app, ["sync-person", str(siti)])
    queued = runner.invoke(device_app, ["command", "NEW0042", "INFO", "--actor", "camat"])
    reprocessed = runner.invoke(device_app, ["reprocess", "NEW0042"])

    assert approved.exit_code == 0, approved.output
    assert "0 uploads processed" in approved.stdout
    assert "0 kept punches attached" in mapped.stdout
    assert "1 commands queued" in synced.stdout
    assert queued.exit_code == 0 and "queued for NEW0042" in queued.stdout
    assert "0 uploads of NEW0042 processed" in reprocessed.stdout
    assert run_sql(database, "pins") == [("0042", siti)]


@pytest.mark.parametrize(
    ("arguments", "message"),
    [
        (["approve", "NOPE", "--village", KRAGAN], "NOPE"),
        (["add", "SIM1", "--protocol", "adms", "--village", "33.17.12.9999"], "9999"),
        (["map-pin", "NOPE", "1", "1"], "not registered"),
        (["command", "NOPE", "INFO"], "not registered"),
        (["sync-person", "999"], "999"),
        (["reprocess", "NOPE"], "not an approved terminal"),
    ],
)
def test_bad_input_exits_2_naming_the_value(
    database: str, arguments: list[str], message: str
) -> None:
    """Unknown serials, villages and people end with exit 2 and a sentence naming them."""
    result = runner.invoke(device_app, arguments)

    assert result.exit_code == 2
    assert message in result.stderr


def test_refused_command_exits_2(database: str) -> None:
    """A command that would clear the terminal's log is refused."""
    runner.invoke(device_app, ["add", "SIM1", "--protocol", "adms", "--village", KRAGAN])

    result = runner.invoke(device_app, ["command", "SIM1", "CLEAR LOG"])

    assert result.exit_code == 2
    assert "not allowed" in result.stderr


def test_block_without_a_reason_exits_2(database: str) -> None:
    """`device block ZK01 --reason ""` is refused: a block is audited with its reason."""
    runner.invoke(device_app, ["add", "ZK01", "--protocol", "adms", "--village", KRAGAN])

    result = runner.invoke(device_app, ["block", "ZK01", "--reason", ""])

    assert result.exit_code == 2
    assert "needs a reason" in result.stderr


def test_sregep_mounts_the_device_commands(database: str) -> None:
    """`sregep device ...` reaches the same commands."""
    added = runner.invoke(
        app, ["device", "add", "SIM1", "--protocol", "adms", "--village", KRAGAN]
    )
    listed = runner.invoke(app, ["device", "list", "--format", "json"])

    assert added.exit_code == 0, added.output
    assert [row["serial"] for row in json.loads(listed.stdout)] == ["SIM1"]
