"""Terminal commands: what may be queued, handing out, and keeping people and terminals in step."""

from __future__ import annotations

import pytest

from attendance.enums import CommandStatus, DeviceStatus
from attendance.models import AuditEntry, Device, DeviceCommand, DevicePin, Person
from attendance.vault import Vault
from config.terminals import AdmsSettings
from terminals.admin import block_device
from terminals.adms import user_info_command
from terminals.commands import check_command, hand_out, queue_command, queue_person_sync
from terminals.errors import CommandRefused, DeviceRefused
from terminals.registry import TerminalProtocol, find_device
from tests.terminals.conftest import SARANG, approved, person
from tests.timetravel import TravellingClock


async def device(
    serial: str, vault: Vault, protocol: TerminalProtocol = TerminalProtocol.ADMS
) -> Device:
    """Register an approved Kragan terminal and return it."""
    await approved(serial, vault, protocol)
    found = await find_device(serial)
    assert found is not None
    return found


@pytest.mark.parametrize(
    "text", ["CLEAR LOG", "CLEAR DATA", "SHELL rm -rf /", "DATA DEL USER", "INFO\nCLEAR LOG"]
)
def test_check_command_refuses_deleting_and_shell_commands(text: str) -> None:
    """Nothing may delete records on a terminal or run a shell there."""
    with pytest.raises(CommandRefused):
        check_command(text)


@pytest.mark.parametrize(
    "text",
    [
        "INFO",
        "CHECK",
        "DATA QUERY ATTLOG StartTime=2026-11-30 00:00:00\tEndTime=2026-11-30 23:59:59",
        "GET OPTION FROM UserCount",
    ],
)
def test_check_command_allows_queries_and_userinfo(text: str) -> None:
    """Queries, checks and USERINFO changes may be queued."""
    assert check_command(f" {text} ") == text


async def test_queue_command_is_audited_and_refused_for_other_protocols(
    vault: Vault, clock: TravellingClock, db: str
) -> None:
    """An admin's command is audited; a Hikvision terminal takes no commands."""
    zk = await device("SIM0001", vault)
    hik = await device("DS-1", vault, TerminalProtocol.HIKVISION)

    command = await queue_command(zk, "INFO", "camat", "check firmware")

    assert command.command_id == str(command.id)
    entry = await AuditEntry.get(action="device.command.queue")
    assert (entry.actor, entry.target_id, entry.details["verb"]) == ("camat", "SIM0001", "INFO")
    with pytest.raises(DeviceRefused, match="DS-1"):
        await queue_command(hik, "INFO", "camat")


async def test_hand_out_limits_commands_per_poll(
    vault: Vault, clock: TravellingClock, db: str
) -> None:
    """At most commands_per_poll go out at once, oldest first."""
    zk = await device("SIM0001", vault)
    for number in range(3):
        await queue_command(zk, f"DATA QUERY USERINFO PIN={number}", "camat")

    first = await hand_out(zk, clock(), AdmsSettings(commands_per_poll=2))
    second = await hand_out(zk, clock(), AdmsSettings(commands_per_poll=2))

    assert [item.command for item in first] == [
        "DATA QUERY USERINFO PIN=0",
        "DATA QUERY USERINFO PIN=1",
    ]
    assert [item.command for item in second] == ["DATA QUERY USERINFO PIN=2"]
    assert await DeviceCommand.filter(status=CommandStatus.SENT).count() == 3


async def test_person_sync_uses_existing_pins_and_skips_taken_ones(
    vault: Vault, clock: TravellingClock, db: str
) -> None:
    """A mapped person keeps their PIN; a new one gets their id, unless another person has it."""
    first, second = await device("SIM0001", vault), await device("SIM0002", vault)
    siti = await person("Siti Aminah")
    budi = await person("Budi")
    await DevicePin.create(device_id=first.id, pin="0042", person_id=siti)
    await DevicePin.create(device_id=second.id, pin=str(siti), person_id=budi)

    result = await queue_person_sync(siti, "operator")

    commands = {c.device_id: c.command for c in await DeviceCommand.all()}
    assert commands == {first.id: user_info_command("0042", "Siti Aminah")}
    assert result.conflicts == ("SIM0002",)
    assert (await AuditEntry.get(action="person.sync_devices")).details["conflicts"] == ["SIM0002"]


async def test_person_sync_queues_once_and_only_for_their_village(
    vault: Vault, clock: TravellingClock, db: str
) -> None:
    """Syncing twice before the poll queues one command; other villages' terminals get none."""
    await device("SIM0001", vault)
    outsider = await person("Orang Sarang", SARANG)
    siti = await person("Siti Aminah")

    await queue_person_sync(siti, "operator")
    await queue_person_sync(siti, "operator")
    nothing = await queue_person_sync(outsider, "operator")

    assert await DeviceCommand.all().count() == 1
    assert nothing.queued == ()
    assert await DevicePin.get(pin=str(siti)) is not None


async def test_person_sync_of_renamed_and_removed_person(
    vault: Vault, clock: TravellingClock, db: str
) -> None:
    """A rename sends the new name; a deactivated person is deleted where they have a PIN."""
    await device("SIM0001", vault)
    siti = await person("Siti Aminah")
    await queue_person_sync(siti, "operator")

    await Person.filter(id=siti).update(name="Siti Aminah Rahayu")
    await queue_person_sync(siti, "operator")
    await Person.filter(id=siti).update(active=False)
    await queue_person_sync(siti, "operator")

    commands = [command.command for command in await DeviceCommand.all().order_by("id")]
    assert commands[1].startswith(f"DATA UPDATE USERINFO PIN={siti}\tName=Siti Aminah Rahayu\t")
    assert commands[2] == f"DATA DELETE USERINFO PIN={siti}"


def test_check_command_bounds_its_length() -> None:
    """A 100,000-character command is not queued."""
    with pytest.raises(CommandRefused, match="at most 500 characters"):
        check_command("CHECK " + "x" * 100_000)


async def test_blocked_and_pending_terminals_are_told_why_they_take_no_commands(
    vault: Vault, clock: TravellingClock, db: str
) -> None:
    """A blocked terminal is said to be blocked, a pending one to wait for approval."""
    blocked = await device("ZK01", vault)
    await block_device("ZK01", "camat", "stolen")
    blocked.status = DeviceStatus.BLOCKED
    pending = await Device.create(serial="NEW1", protocol="adms")

    with pytest.raises(DeviceRefused, match="ZK01 is blocked"):
        await queue_command(blocked, "INFO", "camat")
    with pytest.raises(DeviceRefused, match="NEW1 waits for approval"):
        await queue_command(pending, "INFO", "camat")
    assert await DeviceCommand.all().count() == 0
